"""Reminders end to end below the CLI: storage, the planner, claims and a recording sender,
driven by a fake clock through a restart, a missed day, a failed send and racing runs."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import URL

from base.settings import Settings
from ingest.model import AnnualReport, report_to_json
from services.checking import run_report_checks
from services.remind import RunResult, plan_messages, run_reminders
from services.roster import import_organs, parse_organs_csv
from storage import Store
from tests.auxil.make_report import make_report, refresh, set_t3

TZ = ZoneInfo("Asia/Shanghai")
TOWN, STREET, BUREAU, FAR = "甲镇人民政府", "乙街道办事处", "丙县教育局", "丁区民政局"
CHAT = {TOWN: 1001, STREET: 1002, BUREAU: 1003, FAR: 1004}
SUPERVISOR = -900  # 某县's, registered by the CSV
FAR_SUPERVISOR = -901  # 另一区's, from XXGK_SUPERVISOR_CHATS
ROSTER_CSV = f"""name,kind,region,chat_ids
{TOWN},乡镇,某县,{CHAT[TOWN]}
{STREET},街道,某县,{CHAT[STREET]}
{BUREAU},部门,某县,{CHAT[BUREAU]}
{FAR},部门,另一区,{CHAT[FAR]}
某县政务公开办,督导,某县,{SUPERVISOR}
"""


def at(month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2027) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


class RecordingSender:
    """A ``Sender`` that keeps what it was asked to send; chats in ``failing`` raise."""

    def __init__(self, failing: set[int] | None = None) -> None:
        self.sent: list[tuple[int, str]] = []
        self.failing = failing if failing is not None else set()
        self._lock = threading.Lock()

    async def send_message(self, chat_id: int, text: str) -> object:
        if chat_id in self.failing:
            raise ConnectionError("网络中断")
        with self._lock:
            self.sent.append((chat_id, text))
        return None

    def to(self, chat_id: int) -> list[str]:
        return [text for chat, text in self.sent if chat == chat_id]

    def take(self) -> list[tuple[int, str]]:
        """What was sent since the last ``take``."""
        with self._lock:
            sent, self.sent = self.sent, []
        return sent


def report_2026(organ: str, *, errors: bool = False) -> AnnualReport:
    """A consistent 2026 report of ``organ`` (no errors), or one with two 表三 errors (two
    mistyped cells, one T3-CELL each)."""
    report = make_report(organ=organ, year=2026, title=f"{organ}2026年政府信息公开工作年度报告")
    sections = tuple(
        dataclasses.replace(s, text=s.text.replace("2023", "2026").replace("2022", "2025"))
        for s in report.sections
    )
    report = refresh(dataclasses.replace(report, sections=sections))
    if not errors:
        return report
    return set_t3(set_t3(report, "新收", "自然人", 9), "予以公开", "商业企业", 3)


def add_draft(
    store: Store,
    organ: str,
    *,
    errors: bool = False,
    checked_at: datetime | None = None,
    findings: list[dict[str, str]] | None = None,
) -> int:
    """Store a checked draft as an upload would (``findings`` replaces the real ones)."""
    report = report_2026(organ, errors=errors)
    payload = report_to_json(report)
    digest = hashlib.sha256(repr(payload).encode()).hexdigest()
    record, _ = store.add_report(report, source_name=f"{organ}.docx", content_hash=digest)
    real, _ = run_report_checks(report)
    store.replace_findings(
        record.id, findings if findings is not None else real, now=checked_at or at(1, 10)
    )
    return record.id


def seed(store: Store) -> None:
    """Four organs of two regions and 某县's supervisor; 乙 has errors, 丙 passed."""
    import_organs(store, parse_organs_csv(ROSTER_CSV))
    add_draft(store, STREET, errors=True)
    add_draft(store, BUREAU)


def make_settings(tmp_path: Path, url: str | URL) -> Settings:
    url = url.render_as_string(hide_password=False) if isinstance(url, URL) else url
    return Settings(
        home=tmp_path / "home",
        database_url=url,
        supervisor_chats=f"另一区:{FAR_SUPERVISOR}",
        remind_on_rest_days=True,  # these tests are about exactly once, on any day
    )


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'xxgk.sqlite3'}"


@pytest.fixture
def db(sqlite_url: str) -> Iterator[Store]:
    store = Store(sqlite_url)
    store.upgrade()
    seed(store)
    yield store
    store.close()


@pytest.fixture
def settings(tmp_path: Path, sqlite_url: str) -> Settings:
    return make_settings(tmp_path, sqlite_url)


async def run(
    store: Store, settings: Settings, sender: RecordingSender, now: datetime
) -> RunResult:
    return await run_reminders(store, settings, sender, now)


def kinds(result: RunResult) -> list[tuple[str, int, bool]]:
    return sorted(
        (d.message.kind, d.message.chat_id, d.message.late)
        for d in result.deliveries
        if d.status == "sent"
    )


# -- on time, restart, missed day ----------------------------------------------------------


async def test_seven_days_before_each_unfinished_organ_is_reminded_once(
    db: Store, settings: Settings, sqlite_url: str
) -> None:
    sender = RecordingSender()
    first = await run(db, settings, sender, at(1, 24))
    assert ("reminder", CHAT[TOWN], False) in kinds(first)
    (town,) = sender.to(CHAT[TOWN])
    assert town.startswith("【年报提醒】甲镇人民政府：距离2026年度政府信息公开工作年度报告")
    assert "还有7天" in town and "尚未收到" in town
    (street,) = sender.to(CHAT[STREET])
    assert "还有2处错误未修改" in street
    assert sender.to(CHAT[BUREAU]) == []  # its draft passed
    assert len(sender.to(CHAT[FAR])) == 1
    sender.take()

    again = await run(db, settings, sender, at(1, 24))
    assert again.deliveries == () and sender.sent == []

    restarted = Store(sqlite_url)  # a new process: nothing in memory survives
    try:
        later = await run(restarted, settings, sender, at(1, 24, 9, 10))
    finally:
        restarted.close()
    assert later.deliveries == () and sender.sent == []


async def test_down_for_three_days_nothing_duplicated_missed_digest_sent_late(
    db: Store, settings: Settings
) -> None:
    sender = RecordingSender()
    await run(db, settings, sender, at(1, 24))
    sender.take()

    back = await run(db, settings, sender, at(1, 27, 10))  # the machine was down since
    assert kinds(back) == [("digest", FAR_SUPERVISOR, True), ("digest", SUPERVISOR, True)]
    (digest,) = sender.to(SUPERVISOR)
    assert digest.startswith("【补发】【年报进度日报】2027年1月26日")  # only the newest one
    assert all(chat in (SUPERVISOR, FAR_SUPERVISOR) for chat, _ in sender.take())

    on_time = await run(db, settings, sender, at(1, 28))  # no run at 01-27 20:00: its digest
    assert kinds(on_time) == [
        ("digest", FAR_SUPERVISOR, True),
        ("digest", SUPERVISOR, True),
        ("reminder", CHAT[TOWN], False),
        ("reminder", CHAT[STREET], False),
        ("reminder", CHAT[FAR], False),
    ]
    assert "还有3天" in sender.to(CHAT[TOWN])[0]


async def test_a_reminder_missed_while_down_is_sent_once_marked_late(
    db: Store, settings: Settings
) -> None:
    sender = RecordingSender()
    await run(db, settings, sender, at(1, 17))  # D-14 on time
    await run(db, settings, sender, at(1, 24, 8))  # the last run before the machine went down
    sender.take()

    back = await run(db, settings, sender, at(1, 27, 10))
    late = [d.message for d in back.deliveries if d.message.kind == "reminder"]
    assert sorted(m.chat_id for m in late) == [CHAT[TOWN], CHAT[STREET], CHAT[FAR]]
    assert all(m.late and m.at == at(1, 24) for m in late)
    (town,) = sender.to(CHAT[TOWN])
    assert town.startswith("【补发】【年报提醒】甲镇人民政府") and "还有7天" in town
    sent = db.reminders_sent(chat_id=CHAT[TOWN], kind="reminder")
    assert [(r.period_key.split(":")[2], r.late) for r in sent] == [("D-14", False), ("D-7", True)]
    sender.take()

    for now in (at(1, 27, 10), at(1, 27, 10, 30), at(1, 27, 19)):
        assert (await run(db, settings, sender, now)).deliveries == ()
    assert sender.sent == []


async def test_a_failed_send_is_released_and_retried_next_run(
    db: Store, settings: Settings
) -> None:
    sender = RecordingSender(failing={CHAT[TOWN]})
    first = await run(db, settings, sender, at(1, 24))
    (failed,) = first.of("failed")
    assert failed.message.chat_id == CHAT[TOWN] and "ConnectionError" in (failed.error or "")
    assert db.reminders_sent(chat_id=CHAT[TOWN]) == []  # the claim was given back

    sender.failing.clear()
    retry = await run(db, settings, sender, at(1, 24, 9, 10))
    assert kinds(retry) == [("reminder", CHAT[TOWN], False)]
    assert len(db.reminders_sent(chat_id=CHAT[TOWN])) == 1


# -- who gets what -------------------------------------------------------------------------


async def test_a_passing_organ_gets_nothing_all_season(db: Store, settings: Settings) -> None:
    sender = RecordingSender()
    for month, day in ((12, 2), (1, 1), (1, 17), (1, 24), (1, 28), (1, 31), (2, 1), (2, 3)):
        year = 2026 if month == 12 else 2027
        await run(db, settings, sender, at(month, day, 21, year=year))
    assert sender.to(CHAT[BUREAU]) == []
    assert sender.to(CHAT[TOWN])  # the others were reminded meanwhile


async def test_a_draft_that_passes_stops_the_reminders(db: Store, settings: Settings) -> None:
    sender = RecordingSender()
    await run(db, settings, sender, at(1, 24))
    assert len(sender.to(CHAT[TOWN])) == 1
    add_draft(db, TOWN, checked_at=at(1, 25))
    await run(db, settings, sender, at(1, 28))
    assert len(sender.to(CHAT[TOWN])) == 1
    assert len(sender.to(CHAT[STREET])) == 2


async def test_after_the_deadline_overdue_daily_and_escalation_to_the_regions_supervisor(
    db: Store, settings: Settings
) -> None:
    sender = RecordingSender()
    await run(db, settings, sender, at(1, 31))
    sender.take()
    first = await run(db, settings, sender, at(2, 1))
    assert ("escalation", SUPERVISOR, False) in kinds(first)
    (escalation,) = [t for t in sender.to(SUPERVISOR) if t.startswith("【年报逾期通报】")]
    assert "以下2个单位尚未完成" in escalation
    assert "甲镇人民政府〔某县〕：尚未上传年报" in escalation
    assert "乙街道办事处〔某县〕：还有2处错误未修改" in escalation
    assert BUREAU not in escalation and FAR not in escalation
    (far,) = [t for t in sender.to(FAR_SUPERVISOR) if t.startswith("【年报逾期通报】")]
    assert FAR in far and TOWN not in far
    assert "已过1天" in sender.to(CHAT[TOWN])[0]

    for day in (2, 3, 4, 5):
        await run(db, settings, sender, at(2, day))
    overdue = [t for t in sender.to(CHAT[TOWN]) if t.startswith("【年报逾期】")]
    assert [t.split("已过")[1][0] for t in overdue] == ["1", "2", "3"]  # then no more
    assert sum(t.startswith("【年报逾期通报】") for t in sender.to(SUPERVISOR)) == 1


# -- the nightly re-check and the digest ---------------------------------------------------


async def test_nightly_recheck_updates_findings_and_the_digest_lists_three_groups(
    db: Store, settings: Settings
) -> None:
    stale = [
        {"code": f"X-OLD{i}", "severity": "error", "section": "表三", "message": "旧规则"}
        for i in range(5)
    ]
    town = add_draft(db, TOWN, errors=True, checked_at=at(1, 24, 10), findings=stale)
    sender = RecordingSender()

    noon = await run(db, settings, sender, at(1, 24, 12))
    assert noon.rechecked == 2  # 乙 and 丙, last checked 01-10: last night's re-check is missing
    assert db.get_report(town).error_count == 5  # type: ignore[union-attr]  # checked today
    sender.take()

    night = await run(db, settings, sender, at(1, 24, 20))
    assert night.rechecked == 3  # every draft: 甲, 乙, 丙
    report = db.get_report(town)
    assert report is not None and report.error_count == 2
    assert report.checked_at == at(1, 24, 20)
    assert [f.code for f in db.findings_for(town) if f.severity == "error"] == ["T3-CELL"] * 2
    assert not any(f.code.startswith("X-OLD") for f in db.findings_for(town))

    (digest,) = sender.to(SUPERVISOR)
    assert digest.startswith("【年报进度日报】2027年1月24日　2026年度政府信息公开工作年度报告")
    assert "共3个单位，未上传0个，有错误待修改2个，已通过检查1个。" in digest
    groups = digest.split("\n")
    assert groups[1] == "一、未上传年报（0个）："
    assert "二、有错误待修改（2个）：" in groups
    assert "· 甲镇人民政府〔某县〕：还有2处错误未修改，距截止日（1月31日）还有7天" in groups
    assert "三、已通过检查（1个）：" in groups and "· 丙县教育局〔某县〕" in groups
    (far,) = sender.to(FAR_SUPERVISOR)
    assert "共1个单位，未上传1个" in far and "· 丁区民政局〔另一区〕" in far

    again = await run(db, settings, sender, at(1, 24, 20, 10))
    assert not again.recheck_due and again.rechecked == 0


async def test_plan_lists_what_would_be_sent_without_sending(db: Store, settings: Settings) -> None:
    plan = plan_messages(db, settings, at(1, 24, 0), at(2, 1, 23))
    assert {m.kind for m in plan} == {"reminder", "overdue", "escalation", "digest"}
    assert CHAT[BUREAU] not in {m.chat_id for m in plan}
    assert db.reminders_sent() == []


# -- racing runs ---------------------------------------------------------------------------


def race(url: str | URL, settings: Settings, now: datetime, n: int = 2) -> RecordingSender:
    """``n`` threads, each with its own store (engine) and event loop, run at the same moment."""
    sender = RecordingSender()
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def worker() -> None:
        store = Store(url)
        try:
            barrier.wait()
            asyncio.run(run_reminders(store, settings, sender, now))
        except BaseException as exc:
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return sender


@pytest.fixture
def seeded_url(database_url: str | URL) -> Iterator[str | URL]:
    """The seeded roster in an empty SQLite file or PostgreSQL schema."""
    store = Store(database_url)
    store.upgrade()
    seed(store)
    store.close()
    yield database_url


def test_two_runs_racing_send_each_message_once(seeded_url: str | URL, tmp_path: Path) -> None:
    """On SQLite and on PostgreSQL: three runs at the same moment, one delivery each."""
    settings = make_settings(tmp_path, seeded_url)
    for now in (at(1, 24), at(1, 27, 10), at(2, 1)):
        sender = race(seeded_url, settings, now, n=3)
        assert sender.sent, now
        assert len(sender.sent) == len(set(sender.sent)), sender.sent
    store = Store(seeded_url)
    try:
        keys = [r.period_key for r in store.reminders_sent()]
    finally:
        store.close()
    assert len(keys) == len(set(keys))


async def test_a_run_that_lost_the_claim_race_sends_nothing(
    seeded_url: str | URL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second process planned before the first one's claims were committed (it saw no
    sent keys): the unique claim alone stops it."""
    settings = make_settings(tmp_path, seeded_url)
    first, second = Store(seeded_url), Store(seeded_url)
    try:
        winner = await run(first, settings, RecordingSender(), at(2, 1))
        monkeypatch.setattr(second, "reminders_sent", lambda **_: [])
        sender = RecordingSender()
        loser = await run(second, settings, sender, at(2, 1))
    finally:
        first.close()
        second.close()
    assert len(winner.of("sent")) == len(loser.deliveries) > 0
    assert {d.status for d in loser.deliveries} == {"taken"}
    assert sender.sent == []
