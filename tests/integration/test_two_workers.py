"""Two bot workers on one PostgreSQL, as deploy/ runs them: each reminder goes out once and each
update is answered once, although both workers receive it (Telegram redelivers an update whose
reply was slow, and a load balancer may hand the retry to the other worker)."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import URL

from storage import Store
from tests.auxil.bot_api_emulator import BotApiEmulator
from tests.conftest import REPO
from tests.integration.test_remind import CHAT, FAR, FAR_SUPERVISOR, STREET, TOWN, seed

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TOKEN = "123456:two-workers"

WORKER = """
import asyncio, sys
from bot import serve
from bot.app import build_application
from bot.dependencies import BotServices
from services.storage import open_store
from base.settings import Settings

async def main() -> None:
    settings = Settings()
    config = serve.webhook_config(settings)
    store = open_store(settings)
    application = build_application(settings, BotServices(settings, store), shared_updates=True)
    async with application:
        await application.updater.start_webhook(
            listen=config.listen, port=config.port, url_path=config.url_path,
            webhook_url=config.webhook_url, secret_token=config.secret_token)
        await application.start()
        print("ready", flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        await application.updater.stop()
        await application.stop()
    store.close()

asyncio.run(main())
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XXGK_", "TELEGRAM_"))}
    return {**env, "PYTHONPATH": str(REPO), **extra}


@pytest.fixture
def database(postgres_url: URL) -> str:
    """The shared database, migrated once (workers never race to create the schema)."""
    url = postgres_url.render_as_string(hide_password=False)
    store = Store(url)
    store.upgrade()
    store.close()
    return url


@asynccontextmanager
async def two_workers(
    emu: BotApiEmulator, database: str, tmp_path: Path, chats: list[int]
) -> AsyncIterator[Callable[[dict[str, Any], int], Awaitable[int]]]:
    """Two webhook workers on one database; yields ``deliver(update, worker)`` (0 or 1),
    which POSTs an update to that worker as the proxy would."""
    pytest.importorskip("tornado", reason="webhook mode needs python-telegram-bot[webhooks]")
    ports = [free_port(), free_port()]
    workers = []
    for n, port in enumerate(ports):
        env = clean_env(
            XXGK_HOME=str(tmp_path / f"worker{n}"),
            XXGK_DATABASE_URL=database,
            XXGK_ALLOWED_CHATS=",".join(map(str, chats)),
            XXGK_WEBHOOK_URL=f"http://127.0.0.1:{port}/xxgk/hook",
            XXGK_WEBHOOK_PORT=str(port),
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
        )
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", WORKER, env=env, cwd=str(REPO),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        workers.append(proc)
    try:
        for proc in workers:
            assert proc.stdout is not None
            line = await asyncio.wait_for(proc.stdout.readline(), 120)
            assert line.strip() == b"ready", (await proc.stderr.read()).decode()  # type: ignore[union-attr]
        secret = emu.webhook["secret_token"] if emu.webhook else ""
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
        async with httpx.AsyncClient(timeout=30) as client:

            async def deliver(update: dict[str, Any], worker: int) -> int:
                url = f"http://127.0.0.1:{ports[worker]}/xxgk/hook"
                return (await client.post(url, json=update, headers=headers)).status_code

            yield deliver
    finally:
        for proc in workers:
            if proc.stdin is not None:
                proc.stdin.write(b"\n")
                await proc.stdin.drain()
        for proc in workers:
            try:
                await asyncio.wait_for(proc.wait(), 30)
            except TimeoutError:
                proc.kill()


async def test_each_update_is_answered_once_by_two_workers(database: str, tmp_path: Path) -> None:
    chats = [700_001 + i for i in range(6)]
    async with (
        BotApiEmulator(TOKEN) as emu,
        two_workers(emu, database, tmp_path, chats) as deliver,
    ):
        posts = []
        for i, chat in enumerate(chats):
            update = {"update_id": 9000 + i, "message": emu.text_message("/help", chat_id=chat)}
            posts += [deliver(update, 0), deliver(update, 1)]
        assert set(await asyncio.gather(*posts)) == {200}
        await emu.wait_call("sendMessage", len(chats), timeout=60)
        await asyncio.sleep(2)  # a duplicate would arrive within this
    replied = [c.params["chat_id"] for c in emu.calls_to("sendMessage")]
    assert sorted(replied) == chats


async def test_a_flood_spread_over_two_workers_gets_one_limit(
    database: str, tmp_path: Path
) -> None:
    """The proxy hands a chat's messages to the workers in turn: the chat still gets 8
    answers and one 「操作过于频繁」, not 8 and one from each worker."""
    chat = 710_001
    async with (
        BotApiEmulator(TOKEN) as emu,
        two_workers(emu, database, tmp_path, [chat]) as deliver,
    ):
        for i in range(30):
            update = {"update_id": 9500 + i, "message": emu.text_message("/help", chat_id=chat)}
            assert await deliver(update, i % 2) == 200
        await emu.wait_call(
            "sendMessage", where=lambda c: "操作过于频繁" in c.params["text"], timeout=60
        )
        await asyncio.sleep(2)  # a second warning, or more answers, would arrive within this
    texts = [c.params["text"] for c in emu.calls_to("sendMessage")]
    assert sum("操作过于频繁" in t for t in texts) == 1
    assert len(texts) == 8 + 1, texts


async def test_each_reminder_is_sent_once_by_two_processes(database: str, tmp_path: Path) -> None:
    store = Store(database)
    seed(store)
    store.close()
    async with BotApiEmulator(TOKEN) as emu:
        env = clean_env(
            XXGK_HOME=str(tmp_path / "home"),
            XXGK_DATABASE_URL=database,
            XXGK_SUPERVISOR_CHATS=f"另一区:{FAR_SUPERVISOR}",
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=emu.base_url,
        )
        args = [sys.executable, "-m", "xxgk.cli", "remind", "run", "--now",
                "2027-02-01T09:00+08:00"]  # fmt: skip
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
        outputs = [await asyncio.wait_for(p.communicate(), 180) for p in procs]
    for p, (_, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err.decode()
    messages = [
        (c.params["chat_id"], c.params["text"])
        for c in emu.calls_to("sendMessage")
        if c.error is None
    ]
    assert messages and len(messages) == len(set(messages))
    overdue = sorted(chat for chat, text in messages if text.startswith("【年报逾期】"))
    assert overdue == sorted([CHAT[TOWN], CHAT[STREET], CHAT[FAR]])
