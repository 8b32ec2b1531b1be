"""``xxgk deadline 2026-03-02 [--json]``: the 依申请公开 deadlines for an application."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from xxgk.commands._common import load_settings, user_errors


def deadline(
    received: Annotated[
        str,
        typer.Argument(
            help="收到申请之日，如 2026-03-02（也可写 2026年3月2日）", show_default=False
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（日期为 ISO 格式）")
    ] = False,
) -> None:
    """计算依申请公开的答复、延期答复、补正告知和征求第三方意见的期限（按工作日）。"""
    with user_errors():
        from services.deadlines import application_deadlines_for, parse_date

        result = application_deadlines_for(parse_date(received), load_settings())
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        from services.rendering import deadlines_text

        typer.echo(deadlines_text(result))


def register(app: typer.Typer) -> None:
    app.command("deadline")(deadline)
