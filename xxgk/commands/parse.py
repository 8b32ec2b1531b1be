"""``xxgk parse FILE``: show how xxgk reads a report (JSON for tools, tables for people)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ingest.model import (
    APPLICANT_COLUMNS,
    T4_GROUPS,
    T4_RESULTS,
    AnnualReport,
    FormatVersion,
    report_to_json,
    t2_items_for,
    t3_rows_for,
)
from xxgk.commands._common import load_settings, user_errors


def _cell(v: object) -> str:
    return "（空）" if v is None else str(v)


_NUMBER_HEADERS: dict[str, str] = {
    "商业企业": "商业\n企业",
    "科研机构": "科研\n机构",
    "社会公益组织": "社会公\n益组织",
    "法律服务机构": "法律服\n务机构",
}
"""表三's applicant columns in two short lines, so the labels keep room in 80 columns."""


def _t2_value(data: dict[str, Any], fmt: FormatVersion, paragraph: str, item: str) -> Any:
    active = data.get("active") or {}
    if fmt == "2019":
        return (active.get(paragraph) or {}).get(item)
    return active.get(item)


def table2(report: AnnualReport) -> Table:
    """表二 as printed: one row per item and column, under its 条例 paragraph."""
    data = report_to_json(report)
    table = Table(title="表二 主动公开政府信息情况", box=box.SIMPLE_HEAD, show_lines=False)
    table.add_column("条例条款")
    table.add_column("信息内容")
    table.add_column("统计项")
    table.add_column("数值", justify="right")
    last = None
    for item, (paragraph, labels) in t2_items_for(report.format).items():
        value = _t2_value(data, report.format, paragraph, item)
        values = list(value) if isinstance(value, list | tuple) else [value]
        for i, label in enumerate(labels):
            shown = values[i] if i < len(values) else None
            table.add_row(
                paragraph if paragraph != last else "",
                item if i == 0 else "",
                label,
                _cell(shown),
                end_section=False,
            )
            last = paragraph
    return table


def table3(report: AnnualReport) -> Table:
    """表三 with each row's full printed label (wrapped, never cut)."""
    data = report_to_json(report)
    table = Table(title="表三 收到和处理政府信息公开申请情况", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("项目", ratio=1, min_width=16, overflow="fold")
    for col in APPLICANT_COLUMNS:
        table.add_column(_NUMBER_HEADERS.get(col, col), justify="right", no_wrap=True)
    for key, label in t3_rows_for(report.format):
        values = data["applications"].get(key) or [None] * len(APPLICANT_COLUMNS)
        table.add_row(label, *(_cell(v) for v in values))
    return table


def table4(report: AnnualReport) -> Table:
    """表四 as a grid: 行政复议 and the two kinds of 行政诉讼 by result."""
    data = report_to_json(report)
    values = data["review_litigation"]
    table = Table(title="表四 政府信息公开行政复议、行政诉讼情况", box=box.SIMPLE_HEAD)
    table.add_column("类别", overflow="fold", min_width=10)
    for result in T4_RESULTS:
        table.add_column(result, justify="right")
    width = len(T4_RESULTS)
    for g, group in enumerate(T4_GROUPS):
        row = values[g * width : (g + 1) * width]
        label = group if g == 0 else f"行政诉讼：{group}"
        table.add_row(label, *(_cell(v) for v in row))
    return table


def print_summary(report: AnnualReport, console: Console) -> None:
    """A readable summary: who, which year, the sections found and the three tables."""
    console.print(f"[bold]{escape(report.title or '（未识别标题）')}[/bold]")
    console.print(
        f"发布机关：{escape(report.organ or '未识别')}　年度：{report.year or '未识别'}"
        f"　格式：{report.format}年版"
    )
    console.print(
        "章节："
        + "　".join(escape(f"{s.number or '（无序号）'}、{s.title}") for s in report.sections)
    )
    console.print(table2(report))
    console.print(table3(report))
    console.print(table4(report))
    if report.diagnostics:
        console.print("[yellow]读取时发现：[/yellow]")
        for d in report.diagnostics:
            console.print(f"  · {escape(f'{d.section} {d.location}：{d.message}')}")


def parse(
    file: Annotated[Path, typer.Argument(help="报告文件（DOCX、PDF、TXT、MD、HTML）")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """读取一份年报并显示识别结果（机关、年度、章节和三张表）。

    示例：xxgk parse 2023年报.docx --json
    """
    settings = load_settings()
    with user_errors():
        from services.isolation import parse_file_isolated

        parsed = parse_file_isolated(file, settings)  # capped: the file may be hostile
    if as_json:
        typer.echo(json.dumps(report_to_json(parsed.report), ensure_ascii=False, indent=1))
    else:
        print_summary(parsed.report, Console())


def register(app: typer.Typer) -> None:
    app.command("parse")(parse)
