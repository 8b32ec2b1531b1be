"""``xxgk config``: every setting, its environment variable, current value and meaning."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from xxgk.commands._common import load_settings
from xxgk.masking import shown_value
from xxgk.settings import Settings


def env_name(field: str) -> str:
    """The environment variable that sets a field (Telegram settings keep their usual names)."""
    alias = Settings.model_fields[field].validation_alias
    choices = getattr(alias, "choices", None)
    if choices:
        return str(choices[0])
    return f"XXGK_{field.upper()}"


def config(as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False) -> None:
    """显示全部配置项：环境变量名、当前值和说明（密钥只显示是否已设置，地址中的密码显示为 ***）。"""
    settings = load_settings()
    rows = []
    for name, field in Settings.model_fields.items():
        shown = shown_value(getattr(settings, name))
        rows.append({"env": env_name(name), "value": shown, "description": field.description})
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        typer.echo(f"{row['env']} = {row['value'] or '（未设置）'}\n    {row['description']}")


def register(app: typer.Typer) -> None:
    app.command("config")(config)
