"""``xxgk deadline 2026-03-02 [--json]``: the 依申请公开 deadlines for an application."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from deadlines.workdays import (
    DEADLINE_RULES,
    NOTES,
    ApplicationDeadlines,
    format_cn_date,
    weekday_cn,
)
from xxgk.commands._common import load_settings, user_errors


def render(result: ApplicationDeadlines) -> str:
    """The Chinese text answer: warnings first, then each deadline with its 条例 article and
    the caveats."""
    r = result.received
    lines: list[str] = []
    if result.warnings:  # before the dates: a clerk who reads only the first lines must see it
        lines += [*result.warnings, ""]
    lines += [f"收到申请之日：{format_cn_date(r)}（{weekday_cn(r)}）", ""]
    for rule in DEADLINE_RULES:
        d = getattr(result, rule.field)
        lines.append(f"{rule.label}：{format_cn_date(d)}（{weekday_cn(d)}）")
        lines.append(f"　依据：《政府信息公开条例》{rule.article}，{rule.basis}。")
    lines.append("　（第三方期限按征求意见书当日送达估算，实际自第三方收到之日起算。）")
    lines += ["", "说明："]
    lines += [f"{i}. {note}" for i, note in enumerate(NOTES, 1)]
    return "\n".join(lines)


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
        from xxgk.services.deadlines import application_deadlines_for, parse_date

        result = application_deadlines_for(parse_date(received), load_settings())
    if as_json:
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(render(result))


def register(app: typer.Typer) -> None:
    app.command("deadline")(deadline)
