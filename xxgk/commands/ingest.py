"""``xxgk ingest`` and ``xxgk init``: fill the database and the search index."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from xxgk.commands._common import load_settings, user_errors

if TYPE_CHECKING:  # imported when the command runs, not by `xxgk --help`
    from services.ingesting import IngestItem


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="报告文件或文件夹（可多个）")],
    status: Annotated[
        str, typer.Option("--status", help="published（已发布，可被检索）或 draft（草稿）")
    ] = "published",
    kind: Annotated[
        str | None, typer.Option("--kind", help="机关类型：乡镇、街道、县级政府、部门")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="所属地区（县、区）")] = None,
) -> None:
    """把年报存入数据库并建立检索索引；同一文件重复导入不会重复保存。

    示例：xxgk ingest 往年年报/ --region 大冶市
    """
    if status not in ("published", "draft"):
        print("错误：--status 只能是 published 或 draft。", file=sys.stderr)
        raise typer.Exit(2)
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from services.ingesting import expand_paths, ingest_paths, repair_index
    from services.storage import open_store

    settings = load_settings()
    with user_errors():
        files = expand_paths(paths)
        if not files:
            print(
                "错误：没有找到可导入的报告文件（支持 DOCX、PDF、TXT、MD、HTML）。", file=sys.stderr
            )
            raise typer.Exit(2)
        store = open_store(settings)
        failed: list[IngestItem] = []
        try:
            with Progress(
                TextColumn("导入年报"),
                BarColumn(),
                MofNCompleteColumn(),
                transient=True,
                console=None,
            ) as bar:
                task = bar.add_task("ingest", total=len(files))

                def done(item: IngestItem) -> None:
                    # file names and what files say are text, not rich markup: a file named
                    # "[/bold]年报.txt" ended the batch with a MarkupError
                    bar.advance(task)
                    name = escape(item.path.name)
                    if item.error:
                        failed.append(item)
                        bar.console.print(f"[red]✗[/red] {name}：{escape(item.error)}")
                    elif item.created:
                        bar.console.print(
                            f"✓ {name}：{escape(item.organ or '未识别机关')} "
                            f"{item.year or ''}年度（#{item.report_id}）"
                        )
                    else:
                        bar.console.print(f"· {name}：已导入过（#{item.report_id}），未改动")

                repair_index(settings, store)  # what an earlier, killed run left unindexed
                items = ingest_paths(
                    settings,
                    store,
                    paths,
                    status=status,
                    organ_kind=kind,
                    region=region,
                    on_file=done,
                    isolated=True,
                )
        finally:
            store.close()
            from services.isolation import shutdown

            shutdown()  # the parsing worker, if this run started one
    new = sum(1 for i in items if i.created)
    print(
        f"完成：新增 {new} 份，已存在 {len(items) - new - len(failed)} 份，失败 {len(failed)} 份。"
    )
    raise typer.Exit(2 if failed else 0)


def init() -> None:
    """初始化：建立数据库，导入随项目发布的条例、年报格式和样例年报，建立检索索引。可重复运行。"""
    from services.ingesting import initialize

    settings = load_settings()
    with user_errors():
        summary = initialize(settings, progress=_say)
    new = sum(1 for i in summary.reports if i.created)
    print(
        f"初始化完成：数据库 {summary.database}；"
        f"样例年报 {len(summary.reports)} 份（新增 {new} 份）；索引 {summary.chunks} 段。"
    )


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("init")(init)
