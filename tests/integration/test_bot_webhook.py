"""Webhook mode: the settings reach ``run_webhook``, and (when tornado is installed) a real
webhook server takes updates on the proxy path and refuses requests without the secret."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.ext import Application

from base.errors import ConfigError
from base.settings import Settings
from bot import serve
from bot.app import build_application
from bot.dependencies import BotServices
from services.storage import open_store
from tests.auxil.bot_api_emulator import BotApiEmulator

TOKEN = "123456:webhook-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def no_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up without the slow or networked steps: no index build, no getMe to Telegram."""
    monkeypatch.setattr(serve, "_build_index", lambda settings: None)
    monkeypatch.setattr(serve, "_reach_api", lambda settings: None)


def test_run_bot_passes_the_webhook_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_index: None
) -> None:
    calls: dict[str, Any] = {}
    monkeypatch.setattr(serve, "_require_webhook_support", lambda: None)
    monkeypatch.setattr(Application, "run_webhook", lambda self, **kw: calls.update(kw))
    settings = Settings(
        home=tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        webhook_url="https://gk.example.gov.cn/bot/hook",
        webhook_port=8088,
    )
    serve.run_bot(settings)  # webhook_url set: webhook mode without --webhook
    assert calls["listen"] == "127.0.0.1" and calls["port"] == 8088
    assert calls["url_path"] == "bot/hook"
    assert calls["webhook_url"] == "https://gk.example.gov.cn/bot/hook"
    assert calls["secret_token"] == serve.secret_token(TOKEN)


def test_run_bot_polls_without_webhook_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_index: None
) -> None:
    calls: dict[str, Any] = {}
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: calls.update(kw))
    serve.run_bot(Settings(home=tmp_path, TELEGRAM_BOT_TOKEN=TOKEN))
    assert "allowed_updates" in calls


async def test_webhook_server_takes_updates_with_the_secret(tmp_path: Path) -> None:
    pytest.importorskip("tornado", reason="webhook mode needs python-telegram-bot[webhooks]")
    port = free_port()
    async with BotApiEmulator(TOKEN) as emu:
        settings = Settings(
            home=tmp_path,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
            webhook_url=f"http://127.0.0.1:{port}/xxgk/hook",
            webhook_port=port,
        )
        config = serve.webhook_config(settings)
        store = open_store(settings)
        application = build_application(settings, BotServices(settings, store))
        try:
            async with application:
                await application.updater.start_webhook(
                    listen=config.listen,
                    port=config.port,
                    url_path=config.url_path,
                    webhook_url=config.webhook_url,
                    secret_token=config.secret_token,
                )
                await application.start()
                assert emu.webhook is not None
                assert emu.webhook["url"] == config.webhook_url
                assert emu.webhook["secret_token"] == config.secret_token
                url = f"http://127.0.0.1:{port}/xxgk/hook"
                update = {"update_id": 1, "message": emu.text_message("/help", chat_id=5)}
                async with httpx.AsyncClient() as client:
                    forged = await client.post(url, json={**update, "update_id": 2})
                    ok = await client.post(
                        url,
                        json=update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": config.secret_token},
                    )
                assert forged.status_code == 403
                assert ok.status_code == 200
                (call,) = await emu.wait_call("sendMessage")
                assert call.params["chat_id"] == 5 and "/register" in call.params["text"]
                await application.updater.stop()
                await application.stop()
        finally:
            store.close()


async def test_start_up_asks_the_api_first_and_a_wrong_token_is_refused(tmp_path: Path) -> None:
    """``xxgk bot`` calls getMe before building the index: the configured API answers it, and a
    token the API does not know stops the bot with the token message, not a traceback."""
    async with BotApiEmulator(TOKEN) as emu:
        urls = {"TELEGRAM_BASE_URL": emu.base_url, "TELEGRAM_BASE_FILE_URL": emu.base_file_url}
        good = Settings(home=tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, **urls)
        await asyncio.to_thread(serve._reach_api, good)
        assert [c.method for c in emu.calls] == ["getMe"]

        wrong = Settings(home=tmp_path, TELEGRAM_BOT_TOKEN="999:not-this-bot", **urls)
        with pytest.raises(ConfigError, match="令牌无效"):
            await asyncio.to_thread(serve.run_bot, wrong)
    assert not (tmp_path / "chroma").exists()
