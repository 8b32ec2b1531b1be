"""``xxgk eval qa FILE.jsonl``: how well ask finds and answers a set of questions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from xxgk.commands._common import load_settings, user_errors

eval_app = typer.Typer(help="评测：用一组问答检验问答功能。", no_args_is_help=True)


@eval_app.command("qa")
def qa(
    file: Annotated[
        Path, typer.Argument(help="问答评测文件（JSON Lines：q、articles 或 report、must_contain）")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出各项指标和每题结果")] = False,
) -> None:
    """计算 Recall@1、Recall@3、MRR（按应引用的条文或年报）和答案包含 must_contain 的比例。

    填报题（row）计算答案写出正确行名（并引用应引条款）的比例；
    no_basis 题计算回答“没有找到依据”的比例；smalltalk 题计算给出帮助的比例。

    示例：xxgk eval qa corpus/eval/qa_dev.jsonl
    """
    from services.ask import ensure_index, evaluate_qa

    settings = load_settings()
    with user_errors():
        ensure_index(settings, progress=lambda m: print(m, file=sys.stderr, flush=True))
        report = evaluate_qa(settings, file)
    summary = report.summary()
    if as_json:
        payload = {
            **summary,
            "notes": report.notes,
            "items": [
                {"q": r.item.question, "gold": list(r.item.gold), "rank": r.rank,
                 "contains": r.contains, "top": list(r.ranked[:3]), "row": r.item.row,
                 "row_named": r.row_named if r.item.is_fill else None,
                 "articles_cited": r.articles_cited if r.item.is_fill else None,
                 "an_article_cited": r.an_article_cited if r.item.is_fill else None,
                 "head": r.answer.split("\n", 1)[0]}
                for r in report.results
            ],
        }  # fmt: skip
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    typer.echo(f"问答评测：{summary['items']} 题")
    if any(r.item.gold for r in report.results):
        typer.echo(f"  Recall@1  {summary['recall@1']:.3f}")
        typer.echo(f"  Recall@3  {summary['recall@3']:.3f}")
        typer.echo(f"  MRR       {summary['mrr']:.3f}")
    if any(r.item.must_contain for r in report.results):
        typer.echo(f"  答案包含应含内容的比例  {summary['must_contain']:.3f}")
    if report.fill:
        typer.echo(f"  填报题 {len(report.fill)} 题：写出正确行名 {report.row_accuracy:.3f}，"
                   f"同时引用全部应引条款 {report.row_and_article_accuracy:.3f}，"
                   f"至少引用一条 {report.row_and_an_article_accuracy:.3f}")  # fmt: skip
    if "no_basis_refused" in summary:
        typer.echo(f"  无依据题回答“没有找到依据”的比例  {summary['no_basis_refused']:.3f}")
    if "smalltalk_helped" in summary:
        typer.echo(f"  寒暄和外文题给出帮助的比例  {summary['smalltalk_helped']:.3f}")
    misses = [r for r in report.results if r.item.gold and (r.rank is None or r.rank > 3)]
    wrong = [r for r in report.results if r.item.must_contain and not r.contains]
    if misses:
        typer.echo("\n前三名没有找到应引用依据的问题：")
        for r in misses:
            typer.echo(f"  - {r.item.question}（应为 {'、'.join(r.item.gold)}）")
    if wrong:
        typer.echo("\n答案缺少应含内容的问题：")
        for r in wrong:
            typer.echo(f"  - {r.item.question}（应含 {'、'.join(r.item.must_contain)}）")
    rows = [r for r in report.fill if not (r.row_named and r.articles_cited)]
    if rows:
        typer.echo("\n填报题没有写出正确行名或没有引用应引条款的：")
        for r in rows:
            typer.echo(f"  - {r.item.question}（应为「{r.item.row}」）")
    refused = [r for r in report.results if r.item.no_basis and not r.refused]
    if refused:
        typer.echo("\n应回答“没有找到依据”却作答的：")
        for r in refused:
            typer.echo(f"  - {r.item.question}")
    for note in report.notes:
        typer.echo(f"\n提示：{note}")


def register(app: typer.Typer) -> None:
    app.add_typer(eval_app, name="eval")
