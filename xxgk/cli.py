"""The one CLI, ``xxgk``. Each command lives in ``xxgk/commands/<name>.py`` and registers
itself on the app; this module only assembles them and maps errors to exit codes."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="xxgk",
    help="信息公开助手：政府信息公开工作年度报告的问答、检查、起草与提醒。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

COMMAND_MODULES: tuple[str, ...] = (
    "xxgk.commands.parse",
    "xxgk.commands.check",
    "xxgk.commands.draft",
    "xxgk.commands.ingest",
    "xxgk.commands.config",
    "xxgk.commands.deadline",
    "xxgk.commands.bot",
    "xxgk.commands.wecom",
    "xxgk.commands.chat",
    "xxgk.commands.organs",
    "xxgk.commands.remind",
    "xxgk.commands.ask",
    "xxgk.commands.eval",
    "xxgk.commands.doctor",
)
"""Modules with a ``register(app)`` function; add a line here to add a command."""

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
