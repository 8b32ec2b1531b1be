"""``xxgk config``: every setting, its environment variable, current value and meaning."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from pydantic import SecretStr

from base.settings import Settings, env_name
from xxgk.commands._common import load_settings


def shown(value: object) -> str:
    """A value as it would be written in its environment variable."""
    if isinstance(value, SecretStr):
        return "（已设置）" if value.get_secret_value() else ""
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    if isinstance(value, dict):
        return ",".join(
            str(chat) if region == "*" else f"{region}:{chat}"
            for region, chats in value.items()
            for chat in chats
        )
    return "" if value is None else str(value)


def config(as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False) -> None:
    """显示全部配置项：环境变量名、当前值和说明（密钥只显示是否已设置）。"""
    settings = load_settings()
    rows = []
    for name, field in Settings.model_fields.items():
        value = shown(getattr(settings, name))
        rows.append({"env": env_name(name), "value": value, "description": field.description})
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for row in rows:
        typer.echo(f"{row['env']} = {row['value'] or '（未设置）'}\n    {row['description']}")


def register(app: typer.Typer) -> None:
    app.command("config")(config)
