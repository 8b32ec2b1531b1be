"""``xxgk draft``: draft the annual report (or one part) from a data file or a stored draft."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from xxgk.commands._common import load_settings, user_errors

if TYPE_CHECKING:  # imported when the command runs: `xxgk --help` must not load jinja
    from xxgk.services.draft import DraftResult

PREVIEW_CHARS = 80


def summary_lines(result: DraftResult) -> list[str]:
    """What the clerk must still do: 待补充 facts, notes, precedents, the draft's findings."""
    lines: list[str] = []
    if result.out_path is not None:
        what = f"第{result.section}部分" if result.section else "年度报告"
        lines.append(f"已起草{result.organ}{result.year}年{what}：{result.out_path}")
    if result.missing:
        lines.append(f"以下事实未提供，文中已留出【待补充】：{'、'.join(result.missing)}")
    for key, source in result.sources.items():
        if source == "llm":
            lines.append(f"第{key}部分由大模型按范文风格改写，数字已核对与数据一致。")
    lines += [f"注意：{note}" for note in result.notes]
    if result.compared_with:
        lines.append(f"已与{result.compared_with}比对，避免内容雷同。")
    for key, found in result.precedents.items():
        if not found:
            continue
        lines.append(f"第{key}部分可参考的范文：")
        for i, p in enumerate(found, 1):
            preview = p.text.replace("\n", "")[:PREVIEW_CHARS]
            lines.append(f"  {i}. {p.citation}：{preview}……")
    problems = [f for f in result.findings if f.severity in ("error", "warning")]
    if problems:
        lines.append("检查发现：")
        lines += [f"  · [{f.code}] {f.location}：{f.message}" for f in problems]
    elif result.findings:
        lines.append("检查通过：没有错误和警告。")
    return lines


def draft(
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", help="数据文件：xxgk parse --json 的输出，可加 facts（见 drafting/README.md）"
        ),
    ] = None,
    section: Annotated[
        str | None, typer.Option("--section", help="只起草一个部分（一 至 六），输出 Markdown")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="输出文件：.docx（整份报告）或 .md；不指定时在屏幕上输出 Markdown"
        ),
    ] = None,
    organ: Annotated[
        str | None,
        typer.Option("--organ", help="机关名称；不给 --data 时使用该机关已上传的草稿中的数字"),
    ] = None,
    year: Annotated[int | None, typer.Option("--year", help="报告年度")] = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="不调用大模型，只用模板文字")] = False,
) -> None:
    """按2021年版格式起草政府信息公开工作年度报告：表格来自数据，文字与表格一致。

    数据不一致时列出每一处问题并退出（退出码 2），不会生成错误的报告。

    示例：xxgk draft --data 2024数据.json --out 2024年报.docx
          xxgk draft --data 2024数据.json --section 五
          xxgk draft --organ 东城镇人民政府 --year 2024 --out 2024年报.docx
    """
    from xxgk.services.draft import draft_from_file, draft_report
    from xxgk.services.storage import open_store

    settings = load_settings()
    with user_errors():
        store = open_store(settings)
        try:
            options: dict[str, Any] = {
                "out_path": out,
                "store": store,
                "organ": organ,
                "year": year,
                "section": section,
            }
            if no_llm:
                options["model"] = None
            if data is not None:
                result = draft_from_file(settings, data, **options)
            else:
                result = draft_report(settings, None, **options)
        finally:
            store.close()
    lines = summary_lines(result)
    if out is None:
        typer.echo(result.markdown, nl=False)
        for line in lines:
            typer.echo(line, err=True)
    else:
        typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    app.command("draft")(draft)
