"""``xxgk check FILE``: every inconsistency in a draft, located and explained."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from base.settings import Settings
from services.checking import check_file
from services.rendering import findings_text
from xxgk.commands._common import load_settings, user_errors


def _has_database(settings: Settings) -> bool:
    """A server database, or a SQLite file that exists: a check never creates one."""
    url = settings.database
    return not url.startswith("sqlite:///") or Path(url.removeprefix("sqlite:///")).exists()


def check(
    file: Annotated[Path, typer.Argument(help="年报草稿（DOCX、PDF、TXT、MD、HTML）")],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    organ: Annotated[
        str | None, typer.Option("--organ", help="发布机关名称（报告中识别不出或需要更正时）")
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="报告年度")] = None,
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate",
            help="另存一份带批注的检查意见副本（仅 DOCX）：每条问题作为批注标在原文对应位置",
        ),
    ] = None,
) -> None:
    """检查年报草稿：表格勾稽关系、空白单元格、格式、必报内容，并与本机关上年报告比对。

    有错误时退出码为 1，没有错误为 0，文件无法读取为 2。

    示例：xxgk check 2023年报草稿.docx --organ 东城镇人民政府

    示例：xxgk check 草稿.docx --annotate 草稿（检查意见）.docx
    """
    from checks.registry import finding_to_dict

    settings = load_settings()
    written: Path | None = None
    with user_errors():
        if annotate is not None:
            from services.reviewing import check_target

            check_target(annotate, file)  # a bad target is refused before the work
        review = annotate is not None
        if _has_database(settings):
            # the organ's stored reports are the history the H-* rules compare with
            from services.storage import open_store

            store = open_store(settings)
            try:
                outcome = check_file(
                    settings,
                    file,
                    store=store,
                    organ=organ,
                    year=year,
                    review=review,
                    isolated=True,
                )
            finally:
                store.close()
        else:  # nothing stored yet: no history, and no database created by a check
            outcome = check_file(
                settings, file, organ=organ, year=year, review=review, isolated=True
            )
        if annotate is not None and outcome.reviewed_docx is not None:
            from services.reviewing import write_reviewed

            written = write_reviewed(annotate, outcome.reviewed_docx, file)
    if as_json:
        r = outcome.report
        payload = {
            "report": {"organ": r.organ, "year": r.year, "format": r.format},
            "findings": [finding_to_dict(f) for f in outcome.findings],
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        typer.echo(findings_text(outcome))
    if written is not None:
        typer.echo(f"检查意见副本（批注）已保存：{written}", err=as_json)
    raise typer.Exit(1 if outcome.errors else 0)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
