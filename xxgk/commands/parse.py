"""``xxgk parse FILE``: show how xxgk reads a report (JSON for tools, tables for people)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ingest.model import APPLICANT_COLUMNS, T4_COLUMNS, AnnualReport, report_to_json, t3_rows_for
from xxgk.commands._common import load_settings, user_errors


def _cell(v: object) -> str:
    return "（空）" if v is None else str(v)


def print_summary(report: AnnualReport, console: Console) -> None:
    """A readable summary: who, which year, the sections found and the three tables."""
    console.print(f"[bold]{report.title or '（未识别标题）'}[/bold]")
    console.print(
        f"发布机关：{report.organ or '未识别'}　年度：{report.year or '未识别'}"
        f"　格式：{report.format}年版"
    )
    console.print(
        "章节：" + "、".join(f"{s.number or '（无序号）'}{s.title}" for s in report.sections)
    )
    data = report_to_json(report)
    t2 = Table(title="表二 主动公开政府信息情况", show_lines=False)
    t2.add_column("信息内容")
    t2.add_column("数值")
    for key, value in data["active"].items():
        if key == "columns_note":
            continue
        t2.add_row(key, json.dumps(value, ensure_ascii=False))
    console.print(t2)
    t3 = Table(title="表三 收到和处理政府信息公开申请情况")
    t3.add_column("项目")
    for col in APPLICANT_COLUMNS:
        t3.add_column(col, justify="right")
    for key, label in t3_rows_for(report.format):
        values = data["applications"][key]
        t3.add_row(label, *(_cell(v) for v in values))
    console.print(t3)
    t4 = Table(title="表四 政府信息公开行政复议、行政诉讼情况")
    t4.add_column("类别")
    t4.add_column("结果", justify="left")
    t4.add_column("数值", justify="right")
    for (group, result), value in zip(T4_COLUMNS, data["review_litigation"], strict=True):
        t4.add_row(group, result, _cell(value))
    console.print(t4)
    if report.diagnostics:
        console.print("[yellow]读取时发现：[/yellow]")
        for d in report.diagnostics:
            console.print(f"  · {d.section} {d.location}：{d.message}")


def parse(
    file: Annotated[Path, typer.Argument(help="报告文件（DOCX、PDF、TXT、MD、HTML）")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """读取一份年报并显示识别结果（机关、年度、章节和三张表）。

    示例：xxgk parse 2023年报.docx --json
    """
    settings = load_settings()
    with user_errors():
        from services.parsing import parse_file

        parsed = parse_file(file, settings)
    if as_json:
        typer.echo(json.dumps(report_to_json(parsed.report), ensure_ascii=False, indent=1))
    else:
        print_summary(parsed.report, Console())


def register(app: typer.Typer) -> None:
    app.command("parse")(parse)
