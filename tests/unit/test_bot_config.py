"""How the bot is configured: builder, handlers, polling/webhook settings, missing token."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
)
from typer.testing import CliRunner

from base.errors import ConfigError
from base.settings import Settings
from bot import conversation as conv
from bot.app import CustomContext, build_application, gate
from bot.dependencies import BotServices
from bot.serve import secret_token, webhook_config
from xxgk.cli import app as cli

TOKEN = "123456:ABC-def"


def settings(tmp_path: Path, **kw: Any) -> Settings:
    return Settings(home=tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, **kw)


def test_builder_uses_the_configured_api_and_handles_updates_concurrently(tmp_path: Path) -> None:
    s = settings(
        tmp_path,
        TELEGRAM_BASE_URL="http://127.0.0.1:9/bot",
        TELEGRAM_BASE_FILE_URL="http://127.0.0.1:9/file/bot",
    )
    application = build_application(s, BotServices(s, store=None))  # type: ignore[arg-type]
    assert application.bot.base_url == f"http://127.0.0.1:9/bot{TOKEN}"
    assert application.bot.base_file_url == f"http://127.0.0.1:9/file/bot{TOKEN}"
    assert application.concurrent_updates > 1
    assert application.context_types.context is CustomContext
    (gate_handler,) = application.handlers[-1]
    assert isinstance(gate_handler, TypeHandler) and gate_handler.callback is gate
    handlers = application.handlers[0]
    commands = {c for h in handlers if isinstance(h, CommandHandler) for c in h.commands}
    assert commands == set(conv.COMMANDS)
    assert "draft" in commands
    assert any(isinstance(h, CallbackQueryHandler) for h in handlers)
    assert sum(isinstance(h, MessageHandler) for h in handlers) == 4
    assert application.error_handlers


def test_default_api_is_telegram(tmp_path: Path) -> None:
    s = settings(tmp_path)
    application = build_application(s, BotServices(s, store=None))  # type: ignore[arg-type]
    assert application.bot.base_url.startswith("https://api.telegram.org/bot")


def test_missing_token_is_a_config_error(tmp_path: Path) -> None:
    s = Settings(home=tmp_path)
    with pytest.raises(ConfigError, match="TELEGRAM_BOT_TOKEN"):
        build_application(s, BotServices(s, store=None))  # type: ignore[arg-type]


def test_cli_bot_without_token_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, ["bot"])
    assert result.exit_code == 1
    assert "未设置 Telegram 机器人令牌" in result.output
    assert not (tmp_path / "xxgk.sqlite3").exists()  # failed before touching anything


def test_cli_webhook_without_url_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_HOME", str(tmp_path))
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    result = CliRunner().invoke(cli, ["bot", "--webhook"])
    assert result.exit_code == 1
    assert "XXGK_WEBHOOK_URL" in result.output


def test_webhook_config_behind_a_proxy(tmp_path: Path) -> None:
    s = settings(
        tmp_path,
        webhook_url="https://gk.example.gov.cn/xxgk/telegram/",
        webhook_listen="0.0.0.0",
        webhook_port=8081,
    )
    config = webhook_config(s)
    assert config.listen == "0.0.0.0" and config.port == 8081
    assert config.url_path == "xxgk/telegram"
    assert config.webhook_url == "https://gk.example.gov.cn/xxgk/telegram/"
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,256}", config.secret_token)
    assert TOKEN not in config.secret_token
    assert config.secret_token == secret_token(TOKEN)
    assert secret_token("other:token") != config.secret_token


def test_webhook_defaults_listen_on_loopback(tmp_path: Path) -> None:
    config = webhook_config(settings(tmp_path, webhook_url="https://gk.example.gov.cn/"))
    assert (config.listen, config.port, config.url_path) == ("127.0.0.1", 8443, "")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "XXGK_WEBHOOK_URL"),
        ("http://gk.example.gov.cn/hook", "必须是 https"),
        ("ftp://gk.example.gov.cn/hook", "必须是 https"),
    ],
)
def test_webhook_config_errors(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        webhook_config(settings(tmp_path, webhook_url=url))


def test_parse_command() -> None:
    assert conv.parse_command("/ask 问题\n第二行") == ("ask", "问题\n第二行")
    assert conv.parse_command("/ASK@xxgk_bot  问题") == ("ask", "问题")
    assert conv.parse_command("/status") == ("status", "")
    assert conv.parse_command("问题 /ask") == (None, "问题 /ask")
    assert conv.parse_command("/问题") == (None, "/问题")
