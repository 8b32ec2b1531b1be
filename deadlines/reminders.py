"""What to send whom, and when, in the annual-report season: a pure plan, no I/O, no clock.

The plan is a function of its inputs only, so the scheduler can re-plan on every run with the
current organ states and lose nothing on restart. Exactly-once delivery is the sender's job:
it claims ``PlannedMessage.period_key`` in storage (a unique key) before sending.

Kinds of message:

* ``reminder``   to the organ's chats, ``offsets`` days before the deadline (0 = on the day);
* ``overdue``    to the organ's chats, on each of the ``overdue_days`` days after it;
* ``escalation`` to the region's supervisors on the first day after a deadline: **one summary
  per supervisor chat** listing every organ of theirs that missed that deadline (a supervisor
  oversees dozens of organs; one message each would bury the chat);
* ``digest``     to supervisors, daily at ``digest_time`` from ``digest_before`` days before
  to ``digest_after`` days after their organs' deadlines, while any organ is unfinished.

Organs whose report passed the check get nothing. Supervisors are keyed by region; ``"*"``
means every region.

Rest days: given ``workday`` (a 工作日 test), nothing is planned on a weekend or public
holiday. A reminder due on a rest day comes on the working day before it (its text counts the
days from then), an overdue notice or escalation on the working day after, and a digest that
falls on a rest day is skipped (the next one follows). The period key stays the one of the
original day, so switching the option between runs never sends a message twice.

    plan = plan_reminders(organs, {"某某县": [1001]}, 2026, start, end)
    for msg in due_messages(plan, now, last_run, sent_keys=claimed):
        ...
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from deadlines.reporting import ANY, ReportOverrides, report_deadline
from deadlines.workdays import format_cn_date
from organs import OrganKind

OrganState = Literal["none", "errors", "passed"]
"""none: no report uploaded yet; errors: the last check found errors; passed: check passed."""
MessageKind = Literal["reminder", "overdue", "escalation", "digest"]

_KIND_ORDER: Mapping[str, int] = {"reminder": 0, "overdue": 1, "escalation": 2, "digest": 3}
DEFAULT_GRACE = timedelta(hours=2)
LATE_PREFIX = "【补发】"
MESSAGE_LIMIT = 4096
"""The longest chat message, in UTF-16 code units (Telegram's limit, the strictest channel)."""


@dataclass(frozen=True, slots=True)
class Organ:
    """An organ that owes a report, as the planner sees it (storage maps its rows to this)."""

    name: str
    kind: OrganKind | str
    region: str
    chat_ids: tuple[int, ...] = ()
    state: OrganState = "none"
    error_count: int = 0
    id: str | None = None
    """Stable identifier for period keys; defaults to ``region/name``."""

    @property
    def key(self) -> str:
        return self.id or f"{self.region}/{self.name}"


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """When to send. Defaults match ``Settings``: 30,14,7,3,1 days before, on the day, and
    3 overdue days, at 09:00 Beijing time; digests at 20:00."""

    offsets: tuple[int, ...] = (30, 14, 7, 3, 1, 0)
    overdue_days: int = 3
    send_time: time = time(9, 0)
    escalate: bool = True
    digest_time: time | None = time(20, 0)
    """``None`` turns the supervisors' daily digest off."""
    digest_before: int = 30
    digest_after: int = 3
    timezone: str = "Asia/Shanghai"
    max_list_lines: int = 40
    """Organs listed per escalation; the rest are counted (Telegram caps a message)."""
    digest_list_lines: int = 20
    """Organs listed per group of the digest (fewer when the digest would pass
    ``MESSAGE_LIMIT``); the rest are counted."""

    def __post_init__(self) -> None:
        if any(o < 0 for o in self.offsets) or len(set(self.offsets)) != len(self.offsets):
            raise ValueError("offsets must be distinct non-negative day counts")
        if min(self.overdue_days, self.digest_before, self.digest_after) < 0:
            raise ValueError("day counts must be >= 0")


@dataclass(frozen=True, slots=True)
class PlannedMessage:
    """One message to send at ``at``; ``period_key`` is its exactly-once key."""

    at: datetime
    organ: str | None
    """The organ's name; ``None`` for supervisor messages (escalation, digest)."""
    chat_id: int
    kind: MessageKind
    period_key: str
    text: str
    stream: str = ""
    """Messages of one stream supersede each other when catching up (see ``due_messages``)."""
    late: bool = False
    """Set by ``due_messages`` when sent more than ``grace`` after ``at`` (补发)."""


def _status(organ: Organ) -> str:
    if organ.state == "errors":
        return f"还有{organ.error_count}处错误未修改"
    return "尚未上传年报"


def _reminder_text(organ: Organ, year: int, deadline: date, days_left: int) -> str:
    title = f"{year}年度政府信息公开工作年度报告"
    if days_left > 0:
        head = (
            f"【年报提醒】{organ.name}：距离{title}发布截止日"
            f"（{format_cn_date(deadline)}）还有{days_left}天。"
        )
    else:
        head = f"【年报提醒】{organ.name}：今天（{format_cn_date(deadline)}）是{title}发布截止日。"
    if organ.state == "errors":
        tail = (
            f"贵单位的年报还有{organ.error_count}处错误未修改，"
            "请修改后重新上传检查，按时向社会公布。"
        )
    else:
        tail = "系统中尚未收到贵单位的年报，请尽快上传检查，按时向社会公布。"
    return head + tail


def _overdue_text(organ: Organ, year: int, deadline: date, days_over: int) -> str:
    head = (
        f"【年报逾期】{organ.name}：{year}年度政府信息公开工作年度报告发布截止日"
        f"（{format_cn_date(deadline)}）已过{days_over}天。"
    )
    if organ.state == "errors":
        tail = f"贵单位的年报还有{organ.error_count}处错误未修改，请尽快修改并向社会公布。"
    else:
        tail = "系统中仍未收到贵单位的年报，请尽快上传检查并向社会公布。"
    return head + tail


def _listing(lines: list[str], limit: int) -> str:
    shown = lines[:limit]
    rest = len(lines) - len(shown)
    if rest > 0:
        shown.append(f"……另有{rest}个单位")
    return "\n".join(shown)


def _escalation_text(year: int, deadline: date, organs: list[Organ], limit: int) -> str:
    lines = [f"{i}. {o.name}〔{o.region}〕：{_status(o)}" for i, o in enumerate(organs, 1)]
    return (
        f"【年报逾期通报】{year}年度政府信息公开工作年度报告发布截止日"
        f"（{format_cn_date(deadline)}）已过，以下{len(organs)}个单位尚未完成：\n"
        + _listing(lines, limit)
    )


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _when(deadline: date, day: date) -> str:
    delta = (deadline - day).days
    if delta > 0:
        return f"距截止日（{deadline.month}月{deadline.day}日）还有{delta}天"
    return "今天截止" if delta == 0 else f"已逾期{-delta}天"


def digest_text(year: int, day: date, organs: Sequence[tuple[Organ, date]], limit: int = 20) -> str:
    """The supervisors' daily digest: organs with no draft, drafts with errors, passed.

    Each group lists at most ``limit`` organs (fewer if the message would pass
    ``MESSAGE_LIMIT``); the rest are counted.
    """
    ordered = sorted(organs, key=lambda p: (p[1], p[0].region, p[0].name))
    none = [(o, d) for o, d in ordered if o.state == "none"]
    errors = [(o, d) for o, d in ordered if o.state == "errors"]
    passed = [(o, d) for o, d in ordered if o.state == "passed"]
    head = (
        f"【年报进度日报】{format_cn_date(day)}　{year}年度政府信息公开工作年度报告："
        f"共{len(ordered)}个单位，未上传{len(none)}个，有错误待修改{len(errors)}个，"
        f"已通过检查{len(passed)}个。"
    )
    groups = (
        ("一、未上传年报", [f"· {o.name}〔{o.region}〕：{_when(d, day)}" for o, d in none]),
        (
            "二、有错误待修改",
            [
                f"· {o.name}〔{o.region}〕：还有{o.error_count}处错误未修改，{_when(d, day)}"
                for o, d in errors
            ],
        ),
        ("三、已通过检查", [f"· {o.name}〔{o.region}〕" for o, _ in passed]),
    )
    while True:
        parts = [head]
        for title, lines in groups:
            parts.append(f"{title}（{len(lines)}个）：")
            shown = lines[:limit] or ["（无）"]
            if len(lines) > limit:
                shown.append(f"……另有{len(lines) - limit}个单位")
            parts.extend(shown)
        text = "\n".join(parts)
        if _utf16_len(text) <= MESSAGE_LIMIT or limit == 0:
            return text
        limit //= 2


def plan_reminders(
    organs: Iterable[Organ],
    supervisors: Mapping[str, Sequence[int]],
    report_year: int,
    window_start: datetime,
    window_end: datetime,
    policy: ReminderPolicy | None = None,
    overrides: ReportOverrides | None = None,
    workday: Callable[[date], bool] | None = None,
) -> list[PlannedMessage]:
    """Every message due in ``[window_start, window_end]`` (both inclusive, aware datetimes),
    sorted by time, kind, chat and key. Deadlines come from ``report_deadline``. With
    ``workday``, messages keep off rest days (see the module docstring)."""
    if window_start.tzinfo is None or window_end.tzinfo is None:
        raise ValueError("window_start and window_end must be timezone-aware")
    policy = policy or ReminderPolicy()
    tz = ZoneInfo(policy.timezone)
    organs = list(organs)
    out: list[PlannedMessage] = []

    def at(day: date, t: time) -> datetime:
        return datetime.combine(day, t, tzinfo=tz)

    def add(msg: PlannedMessage) -> None:
        if window_start <= msg.at <= window_end:
            out.append(msg)

    def moved(day: date, step: int) -> date:
        """``day``, or the nearest working day in direction ``step`` (-1 before, +1 after)."""
        if workday is None:
            return day
        for _ in range(31):  # the longest run of rest days is about ten
            if workday(day):
                return day
            day += timedelta(days=step)
        return day

    deadlines = {o.key: report_deadline(o.kind, o.region, report_year, overrides) for o in organs}
    y = report_year

    for o in organs:
        if o.state == "passed":
            continue
        dl = deadlines[o.key]
        for chat in o.chat_ids:
            stream = f"organ:{y}:{chat}:{o.key}"
            used: set[date] = set()
            for n in sorted(policy.offsets, reverse=True):
                day = moved(dl - timedelta(days=n), -1)
                if day in used:
                    continue
                used.add(day)
                add(
                    PlannedMessage(
                        at(day, policy.send_time),
                        o.name,
                        chat,
                        "reminder",
                        f"reminder:{y}:D-{n}:{chat}:{o.key}",
                        _reminder_text(o, y, dl, (dl - day).days),
                        stream,
                    )
                )
            for k in range(1, policy.overdue_days + 1):
                day = moved(dl + timedelta(days=k), +1)
                if day in used:
                    continue
                used.add(day)
                add(
                    PlannedMessage(
                        at(day, policy.send_time),
                        o.name,
                        chat,
                        "overdue",
                        f"overdue:{y}:D+{k}:{chat}:{o.key}",
                        _overdue_text(o, y, dl, (day - dl).days),
                        stream,
                    )
                )

    # Supervisor chat -> its organs (a chat may watch several regions, or all of them).
    watched: dict[int, dict[str, Organ]] = defaultdict(dict)
    for region, chats in supervisors.items():
        for chat in chats:
            for o in organs:
                if region == ANY or o.region == region:
                    watched[chat].setdefault(o.key, o)

    for chat, by_key in sorted(watched.items()):
        mine = list(by_key.values())
        if policy.escalate:
            missed: dict[date, list[Organ]] = defaultdict(list)
            for o in mine:
                if o.state != "passed":
                    missed[deadlines[o.key]].append(o)
            for dl, late in sorted(missed.items()):
                day = dl + timedelta(days=1)
                key = f"escalation:{y}:{day.isoformat()}:{chat}"
                text = _escalation_text(y, dl, late, policy.max_list_lines)
                add(
                    PlannedMessage(
                        at(moved(day, +1), policy.send_time),
                        None,
                        chat,
                        "escalation",
                        key,
                        text,
                        key,
                    )
                )
        if policy.digest_time is not None and any(o.state != "passed" for o in mine):
            days: set[date] = set()
            for o in mine:
                dl = deadlines[o.key]
                first = dl - timedelta(days=policy.digest_before)
                days.update(
                    first + timedelta(days=i)
                    for i in range(policy.digest_before + policy.digest_after + 1)
                )
            pairs = [(o, deadlines[o.key]) for o in mine]
            pairs.sort(key=lambda p: (p[1], p[0].region, p[0].name))
            for day in sorted(days):
                if workday is not None and not workday(day):
                    continue
                key = f"digest:{y}:{day.isoformat()}:{chat}"
                text = digest_text(y, day, pairs, policy.digest_list_lines)
                add(
                    PlannedMessage(
                        at(day, policy.digest_time),
                        None,
                        chat,
                        "digest",
                        key,
                        text,
                        f"digest:{y}:{chat}",
                    )
                )

    out.sort(key=lambda m: (m.at, _KIND_ORDER[m.kind], m.chat_id, m.period_key))
    return out


def due_messages(
    plan: Iterable[PlannedMessage],
    now: datetime,
    last_run: datetime | None,
    *,
    sent_keys: Collection[str] = frozenset(),
    grace: timedelta = DEFAULT_GRACE,
    coalesce: bool = True,
) -> list[PlannedMessage]:
    """The messages to send now: ``last_run < at <= now`` and ``period_key`` not in ``sent_keys``.

    ``last_run`` is the ``now`` of the previous completed run (``None``: no lower bound).
    A message more than ``grace`` overdue comes back with ``late=True`` and a 【补发】 prefix.
    With ``coalesce`` (the default), after downtime only the newest due message of each stream
    is sent — "还有7天" and "还有3天" together would contradict each other — and when that
    newest one is already in ``sent_keys`` the older ones stay unsent.
    """
    due = [m for m in plan if m.at <= now and (last_run is None or m.at > last_run)]
    if coalesce:
        newest: dict[str, PlannedMessage] = {}
        for m in due:
            s = m.stream or m.period_key
            if s not in newest or (m.at, m.period_key) > (newest[s].at, newest[s].period_key):
                newest[s] = m
        due = list(newest.values())
    out = []
    for m in due:
        if m.period_key in sent_keys:
            continue
        if m.at < now - grace:
            m = replace(m, late=True, text=LATE_PREFIX + m.text)
        out.append(m)
    out.sort(key=lambda m: (m.at, _KIND_ORDER[m.kind], m.chat_id, m.period_key))
    return out
