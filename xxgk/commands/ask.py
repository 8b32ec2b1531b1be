"""``xxgk ask "问题"``: an answer from the 条例, formats and published reports, with its basis."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from xxgk.commands._common import load_settings, user_errors


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ask(
    question: Annotated[
        str, typer.Argument(help="问题，例如：依申请公开最晚多少个工作日内要答复？")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（answer、mode、citations）")
    ] = False,
    organ: Annotated[
        str | None, typer.Option("--organ", help="只查这个机关的年报（如 平安镇）")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="只查这一年度的年报")] = None,
    region: Annotated[str | None, typer.Option("--region", help="只查这个地区的年报")] = None,
) -> None:
    """回答关于《政府信息公开条例》、年报格式和已发布年报的问题，并列出依据。

    没有足够相关的依据时回答“没有找到依据”。

    配置了大模型（XXGK_LLM_BASE_URL）时由大模型根据依据作答，引用经过核对；否则摘录依据原文。

    示例：xxgk ask "平安镇2021年新收了几件申请？"
    """
    from services.ask import ask as ask_service
    from services.ask import describe, ensure_index

    settings = load_settings()
    with user_errors():
        ensure_index(settings, progress=_progress)
        answer = ask_service(settings, question, organ=organ, region=region, year=year)
    if as_json:
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=1))
        return
    typer.echo(answer.text)
    if answer.citations:
        typer.echo("\n依据：")
        for number, cite in enumerate(answer.citations, 1):
            typer.echo(f"  {number}. {describe(cite)}")
    for warning in answer.warnings:
        typer.echo(f"\n提示：{warning}")


def register(app: typer.Typer) -> None:
    app.command("ask")(ask)
