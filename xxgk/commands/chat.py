"""``xxgk chat``: the assistant in the terminal, no Telegram needed."""

from __future__ import annotations

import logging
import sys

import typer

from xxgk.commands._common import load_settings, user_errors


def chat() -> None:
    """在终端中使用信息公开助手（与机器人相同的功能，无需 Telegram 令牌）。

    逐行读取输入直到结束（也可用管道输入）：直接输入问题；/check 文件路径 检查草稿；
    /register 机构名称；/status；/help；/quit 退出。

    示例：echo "依申请公开最晚多少个工作日内答复？" | xxgk chat
    """
    from bot.console import CONSOLE_CHAT_ID, run_console
    from bot.services import BotServices
    from xxgk.services.storage import open_store

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = load_settings()
    with user_errors():
        store = open_store(settings)
        try:
            _repair(settings, store)
            services = BotServices(settings, store, local_supervisors=frozenset({CONSOLE_CHAT_ID}))
            run_console(services, sys.stdin, typer.echo)
        finally:
            store.close()


def _repair(settings: object, store: object) -> None:
    """Index what a crash left unindexed (usually nothing: then no model is loaded)."""
    from xxgk.services.ingesting import repair_index

    try:
        summary = repair_index(settings, store)  # type: ignore[arg-type]
    except Exception:
        logging.getLogger(__name__).exception("index repair failed; run xxgk doctor")
        return
    if summary.indexed:
        typer.echo(f"已补建 {len(summary.indexed)} 份上次未完成索引的报告。")


def register(app: typer.Typer) -> None:
    app.command("chat")(chat)
