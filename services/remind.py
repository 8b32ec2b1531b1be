"""Reminders for the annual-report season: who is told what, and sending it exactly once.

The adapter around the pure planner (``deadlines.reminders``): it loads the organs, their
chats and where their report stands from storage, plans the season, and sends what is due
through a ``Sender`` (a ``telegram.Bot`` in production, a recording fake in tests).

    plan = plan_messages(store, settings, start, end)                 # xxgk remind plan
    result = await run_reminders(store, settings, bot, now)           # xxgk remind run, the jobs

Exactly once. Each run re-plans the whole season up to ``now`` from the current states and
hands every period key already claimed to ``due_messages``; with coalescing only the newest
due message of each stream is a candidate. A message is claimed in storage (a unique key)
before it is sent and the claim is given back if the send fails. So a restart, a second bot
process, a missed day and a failed send all converge: nothing is sent twice, and a message
missed while the machine was down goes out when it comes back, marked 【补发】. No "last run"
is stored on purpose: a message whose send failed lies before the next run's window and would
be lost.

The nightly re-check runs the rules again on every draft of the report year (rules and the
previous year's reports change) once an organ's current draft was last checked before the
latest ``NIGHTLY_TIME``: at 20:00, or at the first run after a night the machine was down. It
happens before planning, so the 20:00 digest shows the fresh results.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal, Protocol
from zoneinfo import ZoneInfo

from base.errors import ConfigError, InputError
from base.settings import Settings
from deadlines.reminders import (
    LATE_PREFIX,
    Organ,
    OrganState,
    PlannedMessage,
    ReminderPolicy,
    due_messages,
    plan_reminders,
)
from deadlines.reporting import ANY, current_report_year, report_deadline
from organs import SUPERVISOR_KIND, kind_from_name
from services.deadlines import reminder_policy, report_overrides, supervisors

if TYPE_CHECKING:
    from storage.records import OrganStatus, ReportRecord
    from storage.repository import Store

logger = logging.getLogger(__name__)

SUPERVISOR_ORGAN = "督导通知（系统）"
"""The organ supervisor messages are claimed under: one fixed row, so that the claim key of a
digest or an escalation never depends on how (or whether) the supervisor's chat registered."""
WECOM_CHANNEL = "wecom"
"""``Store.channel_chat_id`` channel of a WeCom member (key: the member's UserID)."""
ROBOT_CHANNEL = "wecom_robot"
"""``Store.channel_chat_id`` channel of a region's WeCom group robot (key: the region)."""
NIGHTLY_TIME = time(20, 0)
"""When the nightly re-check is due (Beijing time), just before the 20:00 digest."""
SEND_LEASE = timedelta(minutes=10)
"""How long a claim without delivery belongs to its sender; after that a crash is assumed and
the reminder is sent again, marked 【补发】 (at least once: a crash after the channel accepted
the message but before it was marked may repeat it, never lose it)."""

KIND_LABELS: Mapping[str, str] = {
    "reminder": "截止前提醒",
    "overdue": "逾期提醒",
    "escalation": "逾期通报（督导）",
    "digest": "进度日报（督导）",
}

_STATES: Mapping[str, OrganState] = {
    "missing": "none",
    "unchecked": "none",
    "errors": "errors",
    "passed": "passed",
    "published": "passed",
}
"""storage's ``OrganState`` → the planner's: an unchecked draft counts as not yet passed."""


class Sender(Protocol):
    """Where messages go: ``telegram.Bot`` satisfies it, so does a test's recorder."""

    async def send_message(self, chat_id: int, text: str) -> object: ...


@dataclass(frozen=True, slots=True)
class Roster:
    """Who is reminded for ``year``: the planner's organs and the supervisors by region."""

    year: int
    organs: tuple[Organ, ...]
    supervisors: Mapping[str, Sequence[int]]
    organ_ids: Mapping[str, int]
    """Organ name (unique in storage) → the organ's row id, which claims reference."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of one due message."""

    message: PlannedMessage
    status: Literal["sent", "failed", "taken", "dry-run"]
    """taken: another run (process, thread) claimed it first and sends it."""
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RunResult:
    """One run: the moment, the report year, drafts re-checked, and every due message."""

    now: datetime
    year: int
    rechecked: int
    recheck_due: bool
    deliveries: tuple[Delivery, ...]
    rest_day: bool = False
    """``now`` is a weekend or public holiday: nothing was sent, it waits for a working day."""

    def of(self, status: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.status == status]


# -- time -----------------------------------------------------------------------------------


def zone(settings: Settings) -> ZoneInfo:
    """The configured time zone (reminder_policy has already validated it)."""
    return ZoneInfo(reminder_policy(settings).timezone)


def parse_moment(text: str, settings: Settings) -> datetime:
    """``2027-01-24T09:00+08:00`` (or ``2027-01-24 09:00``, read in the configured zone)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"无法识别时间「{text}」，请写成 2027-01-24T09:00+08:00 或 2027-01-24 09:00。"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone(settings))
    return moment


def now_in(settings: Settings) -> datetime:
    """The current time in the configured zone (the jobs' clock; tests pass ``now``)."""
    return datetime.now(zone(settings))


def report_year_at(now: datetime, settings: Settings) -> int:
    """The report the season is about at ``now``: last year's until April."""
    return current_report_year(now.astimezone(zone(settings)).date())


def season_start(year: int, policy: ReminderPolicy) -> datetime:
    """Before the first message of ``year``'s season: deadlines fall in 1月1日…3月31日 of
    ``year + 1``, the earliest message is the longest offset (or digest lead) before."""
    lead = max((*policy.offsets, policy.digest_before)) + 1
    first = date(year + 1, 1, 1) - timedelta(days=lead)
    return datetime.combine(first, time(0, 0), tzinfo=ZoneInfo(policy.timezone))


def season_end(year: int, settings: Settings) -> datetime:
    """After the last message of ``year``'s season: the latest deadline of any kind (县级政府
    may have until 3月31日) plus the overdue and digest days that follow it."""
    from deadlines.reporting import OrganKind

    policy = reminder_policy(settings)
    overrides = report_overrides(settings)
    latest = max(report_deadline(kind, None, year, overrides) for kind in OrganKind)
    last = latest + timedelta(days=max(policy.overdue_days, policy.digest_after, 1))
    return datetime.combine(last, time.max, tzinfo=ZoneInfo(policy.timezone))


def rest_day_filter(settings: Settings, weekends: bool | None) -> Callable[[date], bool] | None:
    """The 工作日 test that keeps reminders off weekends and public holidays; None (send every
    day) with ``weekends``, which defaults to ``settings.remind_on_rest_days``."""
    if weekends is None:
        weekends = settings.remind_on_rest_days
    if weekends:
        return None
    from services.deadlines import build_calendar

    return build_calendar(settings).likely_workday


def rest_day_warning(settings: Settings, first: date, last: date) -> str | None:
    """What the plan could not know: the years of ``[first, last]`` without holiday data."""
    from services.deadlines import build_calendar

    calendar = build_calendar(settings)
    years = [y for y in range(first.year, last.year + 1) if not calendar.covers(date(y, 1, 1))]
    if not years:
        return None
    ys = "、".join(f"{y}年" for y in years)
    return (
        f"⚠ 系统尚未收录{ys}的法定节假日安排：计划只避开了周末和元旦、劳动节、国庆节，"
        f"春节等节假日请对照国务院办公厅发布的{ys}部分节假日安排的通知核对。"
    )


def last_nightly_slot(now: datetime, settings: Settings) -> datetime:
    """The latest ``NIGHTLY_TIME`` at or before ``now``."""
    local = now.astimezone(zone(settings))
    slot = datetime.combine(local.date(), NIGHTLY_TIME, tzinfo=local.tzinfo)
    return slot if slot <= local else slot - timedelta(days=1)


# -- who is reminded ------------------------------------------------------------------------


def _kind_of(status: OrganStatus) -> str:
    """The organ's kind; one registered in chat without a kind is guessed from its name."""
    return status.organ.kind or kind_from_name(status.organ.name)


def load_roster(store: Store, settings: Settings, year: int) -> Roster:
    """Organs with an approved chat or a region (imported or registered, not organs known
    only from ingested documents) and their state for ``year``; supervisors from
    ``XXGK_SUPERVISOR_CHATS`` and from approved supervisor chats (no region: every region).
    A region's WeCom group robot (``XXGK_WECOM_ROBOTS``) gets the region's digest and
    escalations, and the reminders of its organs that have no chat of their own."""
    chats: dict[int, list[int]] = defaultdict(list)
    sup: dict[str, list[int]] = {r: list(ids) for r, ids in supervisors(settings).items()}
    for chat in store.list_chats(approved=True):
        if chat.role == "supervisor":
            region = chat.region or ANY
            if chat.chat_id not in sup.setdefault(region, []):
                sup[region].append(chat.chat_id)
        elif chat.organ_id is not None:
            chats[chat.organ_id].append(chat.chat_id)
    for region, user in settings.wecom_supervisor_users:  # XXGK_WECOM_SUPERVISORS
        chat_id = store.channel_chat_id(WECOM_CHANNEL, user)
        if chat_id not in sup.setdefault(region or ANY, []):
            sup[region or ANY].append(chat_id)
    robots: dict[str, int] = {}
    for region in settings.wecom_robot_keys:  # a region's group: told what its supervisors are
        robots[region] = store.channel_chat_id(ROBOT_CHANNEL, region)
        if robots[region] not in sup.setdefault(region, []):
            sup[region].append(robots[region])
    organs: list[Organ] = []
    ids: dict[str, int] = {}
    for status in store.organ_status(year):
        record = status.organ
        if not chats.get(record.id) and not record.region:
            continue
        own = tuple(chats.get(record.id, ()))
        robot = robots.get(record.region or "")
        organ = Organ(
            name=record.name,
            kind=_kind_of(status),
            region=record.region or "",
            # an organ nobody registered in chat is reminded in its region's group
            chat_ids=own or ((robot,) if robot is not None else ()),
            state=_STATES[status.state],
            error_count=status.error_count,
            id=str(record.id),
        )
        organs.append(organ)
        ids[organ.name] = record.id
    return Roster(year, tuple(organs), sup, ids)


# -- planning -------------------------------------------------------------------------------


def plan_for(
    roster: Roster,
    settings: Settings,
    start: datetime,
    end: datetime,
    *,
    weekends: bool | None = None,
) -> list[PlannedMessage]:
    """Every message of ``roster``'s season in ``[start, end]``, digests in their final form;
    none on weekends or public holidays unless ``weekends``."""
    try:
        plan = plan_reminders(
            roster.organs,
            roster.supervisors,
            roster.year,
            start,
            end,
            reminder_policy(settings),
            report_overrides(settings),
            workday=rest_day_filter(settings, weekends),
        )
    except ValueError as exc:  # DeadlineConfigError: an organ kind the planner does not know
        raise ConfigError(str(exc)) from exc
    return plan


def plan_messages(
    store: Store,
    settings: Settings,
    start: datetime,
    end: datetime,
    year: int | None = None,
    *,
    weekends: bool | None = None,
) -> list[PlannedMessage]:
    """``xxgk remind plan``: what would be sent in ``[start, end]`` with today's states, sent
    or not. ``year`` defaults to the report year at ``start``."""
    year = year if year is not None else report_year_at(start, settings)
    roster = load_roster(store, settings, year)
    return plan_for(roster, settings, start, end, weekends=weekends)


# -- the nightly re-check -------------------------------------------------------------------


def recheck_due(store: Store, year: int, since: datetime) -> bool:
    """Whether some organ's current draft was not checked since ``since``. Reads only the
    summary columns, so the run every few minutes stays cheap."""
    return any(
        s.report_id is not None
        and s.state != "published"
        and (s.checked_at is None or s.checked_at < since)
        for s in store.organ_status(year)
    )


def stale_drafts(store: Store, year: int, since: datetime) -> list[ReportRecord]:
    """Drafts of ``year`` not checked since ``since`` (never checked ones included)."""
    return [
        r
        for r in store.list_reports(status="draft", year=year)
        if r.checked_at is None or r.checked_at < since
    ]


def recheck(store: Store, record: ReportRecord, now: datetime) -> int:
    """Run the rules again on a stored draft and keep the findings, dated ``now`` (the fake
    clock in tests, so a re-checked draft is not stale again at the next run); returns the
    error count."""
    from services.checking import recheck_report

    return recheck_report(store, record.id, now=now).errors


def recheck_drafts(store: Store, year: int, now: datetime, since: datetime) -> int:
    """Re-check every draft of ``year`` not checked since ``since``; how many were."""
    count = 0
    for record in stale_drafts(store, year, since):
        try:
            recheck(store, record, now)
        except Exception:  # one unreadable draft must not stop the others or the reminders
            logger.exception("re-check of report %s failed", record.id)
            continue
        count += 1
    logger.info("re-checked %d drafts of %d", count, year)
    return count


# -- sending --------------------------------------------------------------------------------


def _claim_target(m: PlannedMessage, roster: Roster, supervisor_organ: int) -> int:
    """The organ a claim is recorded under: the reminded organ, or the fixed supervisor one."""
    if m.organ is not None and m.kind in ("reminder", "overdue"):
        return roster.organ_ids[m.organ]
    return supervisor_organ


async def run_reminders(
    store: Store,
    settings: Settings,
    sender: Sender | None,
    now: datetime,
    *,
    dry_run: bool = False,
    weekends: bool | None = None,
) -> RunResult:
    """Send everything due at ``now`` that nobody has sent: re-check drafts if the nightly
    re-check is due, plan, then claim → send (→ release on failure) one message at a time.

    ``dry_run`` writes nothing (no re-check, no claims) and sends nothing: the deliveries
    say what would go out. Nothing is planned on weekends or public holidays unless
    ``weekends``.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if sender is None and not dry_run:
        raise ValueError("a sender is needed unless dry_run")
    policy = reminder_policy(settings)
    year = report_year_at(now, settings)
    slot = last_nightly_slot(now, settings)
    due_check = await asyncio.to_thread(recheck_due, store, year, slot)
    rechecked = 0
    if due_check and not dry_run:
        rechecked = await asyncio.to_thread(recheck_drafts, store, year, now, slot)

    workday = rest_day_filter(settings, weekends)
    rest_day = workday is not None and not workday(now.astimezone(zone(settings)).date())

    def prepare() -> tuple[Roster, list[PlannedMessage], int | None]:
        roster = load_roster(store, settings, year)
        if rest_day:  # what is due waits for the next working day (sent then as 【补发】)
            return roster, [], None
        plan = plan_for(roster, settings, season_start(year, policy), now, weekends=weekends)
        # delivered, or claimed so recently that its sender may still be at it; a claim
        # older than the lease with no delivery is a crash mid-send and comes back as due
        sent = {
            r.period_key
            for r in store.reminders_sent()
            if r.delivered_at is not None or r.sent_at > now - SEND_LEASE
        }
        due = due_messages(plan, now, None, sent_keys=sent)
        organ = None
        if due and not dry_run:
            organ = store.upsert_organ(SUPERVISOR_ORGAN, kind=SUPERVISOR_KIND).id
        return roster, due, organ

    roster, due, supervisor_organ = await asyncio.to_thread(prepare)
    deliveries: list[Delivery] = []
    for m in due:
        if dry_run or sender is None:
            deliveries.append(Delivery(m, "dry-run"))
            continue
        assert supervisor_organ is not None
        target = _claim_target(m, roster, supervisor_organ)
        claimed = await asyncio.to_thread(
            store.claim_reminder, target, m.chat_id, m.kind, m.period_key, m.at, now
        )
        if not claimed:
            # a claim exists: taken by a live sender, or left by one that crashed mid-send
            resend = await asyncio.to_thread(
                store.reclaim_reminder, target, m.chat_id, m.kind, m.period_key, now, SEND_LEASE
            )
            if not resend:
                deliveries.append(Delivery(m, "taken"))
                continue
            if not m.text.startswith(LATE_PREFIX):
                m = dataclasses.replace(m, late=True, text=LATE_PREFIX + m.text)
        try:
            await sender.send_message(chat_id=m.chat_id, text=m.text)
        except Exception as exc:
            logger.warning("sending %s to %s failed: %s", m.period_key, m.chat_id, exc)
            await asyncio.to_thread(store.release_reminder, target, m.chat_id, m.kind, m.period_key)
            deliveries.append(Delivery(m, "failed", f"{type(exc).__name__}: {exc}"))
            continue
        await asyncio.to_thread(
            store.mark_reminder_delivered, target, m.chat_id, m.kind, m.period_key, now
        )
        deliveries.append(Delivery(m, "sent"))
    logger.info(
        "reminder run at %s: %d due, %d sent, %d failed",
        now.isoformat(),
        len(due),
        sum(d.status == "sent" for d in deliveries),
        sum(d.status == "failed" for d in deliveries),
    )
    return RunResult(now, year, rechecked, due_check, tuple(deliveries), rest_day)
