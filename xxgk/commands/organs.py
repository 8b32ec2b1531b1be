"""``xxgk organs import organs.csv`` and ``xxgk organs list [--json]``: the reminder roster."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from services.deadlines import supervisors
from services.roster import import_organs, list_roster, read_organs_csv
from services.storage import open_store
from xxgk.commands._common import load_settings, user_errors

organs_app = typer.Typer(
    help="管理需要报送年报的单位及其会话（提醒发给谁）。",
    no_args_is_help=True,
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain-text table whose columns line up with Chinese text in a terminal."""
    widths = [max(_width(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = [str(c) + " " * (w - _width(str(c))) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def import_command(
    file: Annotated[Path, typer.Argument(help="单位名单 CSV：name,kind,region,chat_ids")],
) -> None:
    """从 CSV 批量导入单位和会话（重复导入同一文件不会重复登记）。

    列为 name,kind,region,chat_ids（也可用中文表头 单位名称,类型,地区,会话ID）。
    kind 为 乡镇、街道、县级政府、部门，或 督导（region 为其督导的地区，空为全部地区）；
    多个会话ID用分号分隔。任何一行有误时不导入任何单位，并逐行列出错误（退出码 2）。

    示例：xxgk organs import organs.csv
    """
    settings = load_settings()
    with user_errors():
        rows = read_organs_csv(file)
        store = open_store(settings)
        try:
            summary = import_organs(store, rows)
        finally:
            store.close()
    supervisors_n = sum(r.supervisor for r in rows)
    typer.echo(
        f"已导入「{file.name}」：共{summary.rows}个单位（其中督导{supervisors_n}个）；"
        f"新增单位{summary.organs_created}个，更新{summary.organs_updated}个；"
        f"新登记会话{summary.chats_added}个，更新会话{summary.chats_changed}个；"
        f"未变化{summary.unchanged}个。导入的会话已自动批准，可以收到提醒。"
    )


def list_command(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    region: Annotated[str | None, typer.Option("--region", help="只列出某地区")] = None,
) -> None:
    """列出已登记的单位、类型、地区和会话。

    示例：xxgk organs list --region 某某县
    """
    settings = load_settings()
    with user_errors():
        store = open_store(settings)
        try:
            roster = list_roster(store, region)
        finally:
            store.close()
        from_settings = supervisors(settings)
    if as_json:
        typer.echo(json.dumps([asdict(o) for o in roster], ensure_ascii=False, indent=1))
        return
    if not roster:
        typer.echo("还没有登记任何单位。可用 xxgk organs import organs.csv 批量导入。")
    else:
        rows = [
            (
                o.name,
                o.kind or "未设置",
                o.region or ("全部地区" if o.kind == "督导" else "未设置"),
                "；".join(map(str, o.chat_ids)) or "（无）",
                "；".join(map(str, o.pending_chat_ids)),
            )
            for o in roster
        ]
        typer.echo(text_table(("单位", "类型", "地区", "会话", "待批准会话"), rows))
        typer.echo(f"共{len(roster)}个单位。")
    if from_settings:
        parts = [
            f"{'全部地区' if r == '*' else r}：{'；'.join(map(str, ids))}"
            for r, ids in from_settings.items()
        ]
        typer.echo("环境变量 XXGK_SUPERVISOR_CHATS 中的督导会话：" + "，".join(parts))


def register(app: typer.Typer) -> None:
    organs_app.command("import")(import_command)
    organs_app.command("list")(list_command)
    app.add_typer(organs_app, name="organs")
