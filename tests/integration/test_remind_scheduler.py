"""The scheduler inside the real bot: ``attach_scheduler`` on ``build_application``, its jobs
fired by APScheduler and sent through ``application.bot`` to the
Bot API emulator; a restart of the bot sends nothing twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent

from base.settings import Settings
from bot.app import build_application
from bot.dependencies import BotServices
from scheduler import jobs
from scheduler.setup import NIGHTLY_JOB_ID, REMIND_JOB_ID, SCHEDULER_KEY, attach_scheduler
from storage import Store
from tests.auxil.bot_api_emulator import BotApiEmulator
from tests.integration.test_remind import CHAT, FAR, FAR_SUPERVISOR, STREET, SUPERVISOR, TOWN, seed

TOKEN = "123456:scheduler-test"
TZ_NOW = datetime.fromisoformat("2027-01-24T09:00+08:00")


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator(TOKEN)
    await emu.start()
    yield emu
    await emu.stop()


@pytest.fixture
def settings(tmp_path: Path, emulator: BotApiEmulator) -> Settings:
    return Settings(
        home=tmp_path / "home",
        telegram_bot_token=TOKEN,
        telegram_base_url=emulator.base_url,
        telegram_base_file_url=emulator.base_file_url,
        supervisor_chats=f"另一区:{FAR_SUPERVISOR}",
        remind_on_rest_days=True,  # the dates below fall on weekends
    )


@pytest.fixture
def store(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    store = Store(settings.database)
    store.upgrade()
    seed(store)
    # The jobs read the clock through this function: freeze it at 2027-01-24 09:00.
    monkeypatch.setattr(jobs, "now_in", lambda _settings: TZ_NOW)
    yield store
    store.close()


async def start_bot(settings: Settings, store: Store) -> tuple[Any, asyncio.Event]:
    """The bot as ``run_polling`` starts it, up to its ``post_init``; the event is set when
    the reminder job (run at start-up) has finished."""
    application = build_application(settings, BotServices(settings, store))
    attach_scheduler(application, settings, store=store)
    await application.initialize()
    await application.post_init(application)
    done = asyncio.Event()

    def listener(event: JobExecutionEvent) -> None:
        if event.job_id == REMIND_JOB_ID:
            done.set()

    application.bot_data[SCHEDULER_KEY].add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    return application, done


async def stop_bot(application: Any) -> None:
    await application.post_shutdown(application)
    await application.shutdown()


def reminders(emu: BotApiEmulator) -> list[tuple[int, str]]:
    return [
        (c.params["chat_id"], c.params["text"])
        for c in emu.calls_to("sendMessage")
        if c.error is None
    ]


async def test_the_bot_sends_due_reminders_at_start_up_and_not_again_after_a_restart(
    settings: Settings, store: Store, emulator: BotApiEmulator
) -> None:
    application, done = await start_bot(settings, store)
    try:
        await asyncio.wait_for(done.wait(), 30)
        scheduler = application.bot_data[SCHEDULER_KEY]
        assert {j.id for j in scheduler.get_jobs()} == {REMIND_JOB_ID, NIGHTLY_JOB_ID}
    finally:
        await stop_bot(application)
    assert SCHEDULER_KEY not in application.bot_data
    sent = reminders(emulator)
    assert sorted(chat for chat, _ in sent) == sorted(
        [CHAT[TOWN], CHAT[STREET], CHAT[FAR], SUPERVISOR, FAR_SUPERVISOR]
    )
    assert any(chat == CHAT[TOWN] and "还有7天" in text for chat, text in sent)
    assert emulator.calls_to("setMyCommands")  # the bot's own post_init still ran

    application, done = await start_bot(settings, store)  # restart at the same moment
    try:
        await asyncio.wait_for(done.wait(), 30)
    finally:
        await stop_bot(application)
    assert reminders(emulator) == sent
