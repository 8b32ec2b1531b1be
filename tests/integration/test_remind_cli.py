"""``xxgk remind plan`` and ``xxgk remind run``: the reminders go out through the Bot API
(the local emulator), once, however often and however many times ``run`` is started."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from services.remind import SUPERVISOR_ORGAN
from storage import Store
from tests.auxil.bot_api_emulator import BotApiEmulator
from tests.conftest import REPO
from tests.integration.test_remind import (
    BUREAU,
    CHAT,
    FAR,
    FAR_SUPERVISOR,
    STREET,
    SUPERVISOR,
    TOWN,
    seed,
)
from xxgk.cli import app

TOKEN = "123456:remind-test"
Invoke = Callable[..., Result]


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    """A data directory whose database holds the roster of ``test_remind``."""
    home = tmp_path / "home"
    store = Store(f"sqlite:///{home / 'xxgk.sqlite3'}")
    store.upgrade()
    seed(store)
    store.close()
    yield home


def env_for(home: Path, emulator: BotApiEmulator | None = None) -> dict[str, str]:
    env = {
        "XXGK_HOME": str(home),
        "XXGK_SUPERVISOR_CHATS": f"另一区:{FAR_SUPERVISOR}",
        "XXGK_REMIND_ON_REST_DAYS": "1",  # the dates below fall on weekends
    }
    if emulator is not None:
        env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": emulator.base_url}
    return env


@pytest.fixture
def invoke(home: Path) -> Invoke:
    runner = CliRunner()

    def call(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env or env_for(home))

    return call


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emu = BotApiEmulator(TOKEN)
    await emu.start()
    yield emu
    await emu.stop()


def sent(emu: BotApiEmulator) -> list[tuple[int, str]]:
    return [
        (c.params["chat_id"], c.params["text"])
        for c in emu.calls_to("sendMessage")
        if c.error is None
    ]


# -- plan -----------------------------------------------------------------------------------


def test_plan_json_says_when_what_goes_to_whom(invoke: Invoke) -> None:
    result = invoke("remind", "plan", "--from", "2027-01-01", "--to", "2027-02-05", "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan and all(set(item) == {"at", "organ", "chat_id", "kind", "text"} for item in plan)
    moments = [datetime.fromisoformat(item["at"]) for item in plan]
    assert moments == sorted(moments)
    assert {m.isoformat()[-6:] for m in moments} == {"+08:00"}
    assert {item["kind"] for item in plan} == {"reminder", "overdue", "escalation", "digest"}
    town = [(i["at"], i["kind"]) for i in plan if i["chat_id"] == CHAT[TOWN]]
    assert town == [
        ("2027-01-01T09:00:00+08:00", "reminder"),
        ("2027-01-17T09:00:00+08:00", "reminder"),
        ("2027-01-24T09:00:00+08:00", "reminder"),
        ("2027-01-28T09:00:00+08:00", "reminder"),
        ("2027-01-30T09:00:00+08:00", "reminder"),
        ("2027-01-31T09:00:00+08:00", "reminder"),
        ("2027-02-01T09:00:00+08:00", "overdue"),
        ("2027-02-02T09:00:00+08:00", "overdue"),
        ("2027-02-03T09:00:00+08:00", "overdue"),
    ]
    assert all(i["organ"] == TOWN for i in plan if i["chat_id"] == CHAT[TOWN])
    assert CHAT[BUREAU] not in {i["chat_id"] for i in plan}  # passed: nothing planned
    escalations = [i for i in plan if i["kind"] == "escalation"]
    assert {(i["chat_id"], i["organ"], i["at"]) for i in escalations} == {
        (SUPERVISOR, None, "2027-02-01T09:00:00+08:00"),
        (FAR_SUPERVISOR, None, "2027-02-01T09:00:00+08:00"),
    }


def test_plan_as_a_chinese_table(invoke: Invoke) -> None:
    result = invoke("remind", "plan", "--from", "2027-01-24", "--to", "2027-01-24")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2026年度年报提醒计划：2027-01-24 至 2027-01-24。"
    reminder = lines.index(f"2027-01-24 09:00（星期日）　截止前提醒　→ {TOWN}（会话 {CHAT[TOWN]}）")
    assert lines[reminder + 1].startswith(f"　　【年报提醒】{TOWN}：距离2026年度")  # its text
    assert f"2027-01-24 20:00（星期日）　进度日报（督导）　→ 督导（会话 {SUPERVISOR}）" in lines
    assert lines[-1].startswith("共5条")


def test_plan_refuses_a_backwards_window(invoke: Invoke) -> None:
    result = invoke("remind", "plan", "--from", "2027-02-01", "--to", "2027-01-01")
    assert result.exit_code == 1 and "早于起始日期" in result.stderr


# -- run --------------------------------------------------------------------------------------


def test_run_without_a_token_is_a_clear_error_and_claims_nothing(
    invoke: Invoke, home: Path
) -> None:
    result = invoke("remind", "run", "--now", "2027-01-24T09:00+08:00")
    assert result.exit_code == 1
    assert "未设置 Telegram 机器人令牌" in result.stderr and "--dry-run" in result.stderr
    store = Store(f"sqlite:///{home / 'xxgk.sqlite3'}")
    try:
        assert store.reminders_sent() == []
    finally:
        store.close()


def test_dry_run_prints_what_would_be_sent_and_records_nothing(invoke: Invoke) -> None:
    args = ("remind", "run", "--now", "2027-01-24T09:00+08:00", "--dry-run")
    first = invoke(*args)
    assert first.exit_code == 0, first.output
    assert f"将发送　2027-01-24 09:00　截止前提醒　→ {TOWN}（会话 {CHAT[TOWN]}）" in first.stdout
    assert "还有2处错误未修改" in first.stdout
    assert "今晚的草稿复查未执行（试运行）" in first.stdout
    assert invoke(*args).stdout == first.stdout  # nothing was claimed


async def test_run_sends_through_the_bot_api_once_across_restarts(
    invoke: Invoke, home: Path, emulator: BotApiEmulator
) -> None:
    env = env_for(home, emulator)

    async def run(now: str) -> Result:
        # The CLI runs its own event loop (asyncio.run), so it gets a thread of its own.
        result = await asyncio.to_thread(invoke, "remind", "run", "--now", now, env=env)
        assert result.exit_code == 0, result.output
        return result

    first = await run("2027-01-24T09:00+08:00")
    messages = sent(emulator)
    by_chat = {chat: text for chat, text in messages}
    assert sorted(by_chat) == sorted(
        [CHAT[TOWN], CHAT[STREET], CHAT[FAR], SUPERVISOR, FAR_SUPERVISOR]
    )
    assert len(messages) == 5
    assert by_chat[CHAT[TOWN]] == (
        "【年报提醒】甲镇人民政府：距离2026年度政府信息公开工作年度报告发布截止日"
        "（2027年1月31日）还有7天。系统中尚未收到贵单位的年报，请尽快上传检查，按时向社会公布。"
    )
    assert "贵单位的年报还有2处错误未修改" in by_chat[CHAT[STREET]]
    assert by_chat[SUPERVISOR].startswith("【补发】【年报进度日报】2027年1月23日")
    assert f"已发送　2027-01-24 09:00　截止前提醒　→ {TOWN}（会话 {CHAT[TOWN]}）" in first.stdout
    assert "共5条：已发送5条。" in first.stdout
    listed = await asyncio.to_thread(invoke, "organs", "list", "--json", env=env)
    assert SUPERVISOR_ORGAN not in listed.stdout  # the claims' bookkeeping row stays hidden

    again = await run("2027-01-24T09:00+08:00")  # a restart, or a second run of the minute
    assert "没有到期未发送的提醒。" in again.stdout
    assert len(sent(emulator)) == 5

    back = await run("2027-01-27T10:00+08:00")  # the machine was down for three days
    late = sent(emulator)[5:]
    assert sorted(chat for chat, _ in late) == sorted([SUPERVISOR, FAR_SUPERVISOR])
    assert all(text.startswith("【补发】【年报进度日报】2027年1月26日") for _, text in late)
    assert "【补发】" in back.stdout


@pytest.mark.slow
async def test_two_processes_racing_send_each_message_once(
    home: Path, emulator: BotApiEmulator
) -> None:
    env = {**os.environ, **env_for(home, emulator), "PYTHONPATH": str(REPO)}
    for name in list(env):
        if name.startswith("XXGK_") and name not in env_for(home):
            del env[name]
    args = [sys.executable, "-m", "xxgk.cli", "remind", "run", "--now", "2027-02-01T09:00+08:00"]
    procs = [
        await asyncio.create_subprocess_exec(
            *args,
            env=env,
            cwd=str(REPO),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    outputs = [await asyncio.wait_for(p.communicate(), 120) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err.decode()
    messages = sent(emulator)
    assert messages and len(messages) == len(set(messages))
    kinds = [text.split("】")[0] for _, text in messages]
    assert kinds.count("【年报逾期通报") == 2  # one per supervisor
    assert sorted(chat for chat, text in messages if text.startswith("【年报逾期】")) == sorted(
        [CHAT[TOWN], CHAT[STREET], CHAT[FAR]]
    )
