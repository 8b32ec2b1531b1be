"""The scheduler's wiring (the two jobs, restart, the jobs' context) and the pure helpers of
the reminder service: the digest text, the season window, the nightly slot, ``--now``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import inspect

from base.errors import InputError, ServiceUnavailable
from base.settings import Settings
from deadlines.reminders import MESSAGE_LIMIT, Organ, ReminderPolicy, digest_text
from scheduler import jobs
from scheduler.setup import (
    NIGHTLY_JOB_ID,
    REMIND_JOB_ID,
    start_scheduler,
    stop_scheduler,
)
from services.remind import (
    last_nightly_slot,
    parse_moment,
    season_start,
)
from storage import Store

TZ = ZoneInfo("Asia/Shanghai")


class Recorder:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send_message(self, chat_id: int, text: str) -> object:
        self.sent.append((chat_id, text))
        return None


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # on any day: these tests are about when the jobs run, not about rest days
    return Settings(home=tmp_path / "home", supervisor_chats="某县:-900", remind_on_rest_days=True)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = Store(settings.database)
    store.upgrade()
    yield store
    store.close()


# -- the scheduler --------------------------------------------------------------------------


async def test_the_two_jobs_run_with_this_process_context(settings: Settings, store: Store) -> None:
    sender = Recorder()
    scheduler = await start_scheduler(settings, store, sender, paused=True)
    try:
        assert str(scheduler.timezone) == "Asia/Shanghai"
        found = {job.id: job for job in scheduler.get_jobs()}
        assert set(found) == {REMIND_JOB_ID, NIGHTLY_JOB_ID}
        remind, nightly = found[REMIND_JOB_ID], found[NIGHTLY_JOB_ID]
        assert remind.func is jobs.run_due_reminders
        assert nightly.func is jobs.nightly_recheck
        assert isinstance(remind.trigger, IntervalTrigger)
        assert isinstance(nightly.trigger, CronTrigger)
        assert str(nightly.trigger) == "cron[hour='20', minute='0']"
        for job in found.values():
            (context,) = job.args
            assert context.store is store and context.sender is sender
            assert job.coalesce and job.misfire_grace_time
    finally:
        await stop_scheduler(scheduler)
    assert not scheduler.running


async def test_a_restart_adds_the_jobs_again_instead_of_adding_more(
    settings: Settings, store: Store
) -> None:
    for _ in range(2):
        scheduler = await start_scheduler(settings, store, Recorder(), paused=True)
        assert {job.id for job in scheduler.get_jobs()} == {REMIND_JOB_ID, NIGHTLY_JOB_ID}
        await stop_scheduler(scheduler)
    assert not inspect(store.engine).has_table("apscheduler_jobs")  # nothing persisted


async def test_the_job_sends_through_the_configured_sender(
    settings: Settings, store: Store
) -> None:
    store.upsert_organ("甲镇人民政府", kind="乡镇", region="某县")
    store.register_chat(1001, "甲镇人民政府")
    store.approve_chat(1001)
    sender = Recorder()
    context = jobs.JobContext(settings, store, sender)
    result = await jobs.run_due_reminders(context, "2027-01-24T09:00+08:00")
    assert result is not None
    assert [chat for chat, _ in sender.sent] == [-900, 1001]  # 01-23's digest late, then D-7
    assert "还有7天" in sender.sent[1][1]
    assert await jobs.nightly_recheck(context, "2027-01-24T09:00+08:00") is not None
    assert len(sender.sent) == 2  # nothing twice


async def test_a_job_that_cannot_reach_the_database_logs_and_waits_for_the_next_run(
    settings: Settings,
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def down(*_: object, **__: object) -> None:
        raise ServiceUnavailable("数据库暂时无法访问")

    monkeypatch.setattr(store, "organ_status", down)
    context = jobs.JobContext(settings, store, Recorder())
    assert await jobs.run_due_reminders(context, "2027-01-24T09:00+08:00") is None
    assert "did not run" in caplog.text


# -- pure helpers ---------------------------------------------------------------------------


def organ(name: str, state: str = "none", errors: int = 0) -> Organ:
    return Organ(name, "乡镇", "某县", state=state, error_count=errors)  # type: ignore[arg-type]


def test_digest_lists_no_draft_errors_and_passed() -> None:
    deadline = date(2027, 1, 31)
    text = digest_text(
        2026,
        date(2027, 1, 24),
        [
            (organ("甲镇"), deadline),
            (organ("乙镇", "errors", 2), deadline),
            (organ("丙镇", "passed"), deadline),
        ],
    )
    assert text.split("\n") == [
        "【年报进度日报】2027年1月24日　2026年度政府信息公开工作年度报告：共3个单位，"
        "未上传1个，有错误待修改1个，已通过检查1个。",
        "一、未上传年报（1个）：",
        "· 甲镇〔某县〕：距截止日（1月31日）还有7天",
        "二、有错误待修改（1个）：",
        "· 乙镇〔某县〕：还有2处错误未修改，距截止日（1月31日）还有7天",
        "三、已通过检查（1个）：",
        "· 丙镇〔某县〕",
    ]


def test_digest_of_hundreds_of_organs_fits_one_telegram_message() -> None:
    many = [(organ(f"第{i}个很长很长名字的乡镇人民政府"), date(2027, 1, 31)) for i in range(300)]
    text = digest_text(2026, date(2027, 2, 2), many, limit=200)
    assert len(text.encode("utf-16-le")) // 2 <= MESSAGE_LIMIT
    assert "已逾期2天" in text and "……另有" in text and "个单位" in text


def test_season_starts_before_the_first_reminder_of_the_longest_offset() -> None:
    policy = ReminderPolicy(offsets=(45, 7, 0))
    assert season_start(2026, policy) == datetime(2026, 11, 16, tzinfo=TZ)


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        (datetime(2027, 1, 24, 19, 59, tzinfo=TZ), datetime(2027, 1, 23, 20, 0, tzinfo=TZ)),
        (datetime(2027, 1, 24, 20, 0, tzinfo=TZ), datetime(2027, 1, 24, 20, 0, tzinfo=TZ)),
        (
            datetime(2027, 1, 24, 12, 0, tzinfo=ZoneInfo("UTC")),
            datetime(2027, 1, 24, 20, 0, tzinfo=TZ),
        ),
    ],
)
def test_last_nightly_slot(settings: Settings, now: datetime, slot: datetime) -> None:
    assert last_nightly_slot(now, settings) == slot


def test_now_without_a_zone_is_beijing_time(settings: Settings) -> None:
    assert parse_moment("2027-01-24 09:00", settings) == datetime(2027, 1, 24, 9, tzinfo=TZ)
    assert parse_moment("2027-01-24T01:00+00:00", settings).astimezone(TZ).time() == time(9)
    with pytest.raises(InputError, match="无法识别时间"):
        parse_moment("明天早上", settings)
