"""``xxgk bot [--webhook]``: run the Telegram bot."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from xxgk.commands._common import load_settings, user_errors


def bot(
    webhook: Annotated[
        bool,
        typer.Option(
            "--webhook",
            help="以 webhook 模式运行（需设置 XXGK_WEBHOOK_URL，部署在反向代理之后）；"
            "默认长轮询，设置了 XXGK_WEBHOOK_URL 时也使用 webhook",
        ),
    ] = False,
) -> None:
    """运行 Telegram 机器人：问答、检查草稿、登记机关、督导查看进度。

    需要环境变量 TELEGRAM_BOT_TOKEN；自建 Bot API 服务器时设置 TELEGRAM_BASE_URL 和
    TELEGRAM_BASE_FILE_URL。允许使用的会话见 XXGK_ALLOWED_CHATS、XXGK_SUPERVISOR_CHATS。

    示例：TELEGRAM_BOT_TOKEN=123:abc xxgk bot
    """
    from bot.serve import run_bot

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for handler in logging.getLogger().handlers:
        handler.addFilter(_quiet_network_errors)
    settings = load_settings()
    with user_errors():
        run_bot(settings, webhook=webhook)


def _quiet_network_errors(record: logging.LogRecord) -> bool:
    """A Bot API that cannot be reached is one Chinese line (``run_bot`` says it), not
    python-telegram-bot's traceback: its start-up failure is dropped, later retries keep one
    line without the traceback."""
    exc = record.exc_info[1] if record.exc_info else None
    if exc is None or not record.name.startswith("telegram"):
        return True
    from telegram.error import NetworkError

    if not isinstance(exc, NetworkError):
        return True
    if "Bootstrap" in record.getMessage():
        return False
    record.exc_info, record.exc_text = None, None
    record.msg = f"{record.getMessage()} ({exc})"
    record.args = ()
    return True


def register(app: typer.Typer) -> None:
    app.command("bot")(bot)
