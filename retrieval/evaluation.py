"""Measuring ask: Recall@1, Recall@3 and MRR over the sources a question should find, and
the share of answers that contain the strings they must contain.

A QA file is JSON Lines, one item per line::

    {"q": "依申请公开最晚多少个工作日内要答复？", "articles": [33], "must_contain": ["20个工作日"]}
    {"q": "平安镇2021年新收了几件政府信息公开申请？", "report": "004_bd5d810af7c26391", …}
    {"q": "借申请投诉填哪？", "row": "（五）不予处理 1.信访举报投诉类申请", "articles": [39]}
    {"q": "镇食堂的菜谱需要主动公开吗？", "no_basis": true}
    {"q": "你好", "smalltalk": true}

``articles`` are 条例 article numbers, ``report`` (or ``reports``) report ids. A source is
ranked once, at its best chunk: several chunks of the same article or report count once.

A filling item (``row``) is scored on the answer, not on the ranking: it must name the row by
its exact label and carry 填报指引, and cite each of its ``articles`` (第X条 in the answer);
``format: "2019"`` also wants the 2019 format named. A ``no_basis`` item must be answered
没有找到依据, a ``smalltalk`` item with the help reply (it mentions /help).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from base.errors import InputError
from retrieval.articles import article_label

NO_BASIS_TEXT = "没有找到依据"
"""How an honest refusal starts (``retrieval.evidence.NO_BASIS``; not imported: evidence
imports the search, evaluation must stay light)."""


@dataclass(frozen=True, slots=True)
class QAItem:
    question: str
    articles: tuple[int, ...] = ()
    reports: tuple[str, ...] = ()
    must_contain: tuple[str, ...] = ()
    row: str | None = None
    format: str | None = None
    no_basis: bool = False
    smalltalk: bool = False

    @property
    def is_fill(self) -> bool:
        return self.row is not None

    @property
    def gold(self) -> tuple[str, ...]:
        """Sources the ranking should find (filling items are judged on the answer)."""
        if self.is_fill:
            return ()
        return tuple(f"article:{n}" for n in self.articles) + tuple(
            f"report:{r}" for r in self.reports
        )


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: QAItem
    ranked: tuple[str, ...]
    answer: str
    rank: int | None
    """1-based rank of the first gold source; None when not retrieved."""

    def recall_at(self, k: int) -> float:
        if not self.item.gold:
            return 1.0
        top = set(self.ranked[:k])
        return sum(g in top for g in self.item.gold) / len(self.item.gold)

    @property
    def contains(self) -> bool:
        return all(s in self.answer for s in self.item.must_contain)

    @property
    def row_named(self) -> bool:
        """A filling answer from the guide whose heading names the gold row (and format)
        verbatim: a label mentioned further down (「不计入（二）部分公开」) does not count."""
        item = self.item
        if item.row is None:
            return False
        head = self.answer.split("\n", 1)[0]
        ok = "填报指引" in head and item.row in head
        return ok and (item.format is None or f"{item.format}年" in head)

    @property
    def articles_cited(self) -> bool:
        return all(article_label(n) in self.answer for n in self.item.articles)

    @property
    def an_article_cited(self) -> bool:
        """At least one of the gold articles cited (or none listed): the issue asks for "the
        article where one applies", and writers often list two or three for one case."""
        arts = self.item.articles
        return not arts or any(article_label(n) in self.answer for n in arts)

    @property
    def refused(self) -> bool:
        return self.answer.startswith(NO_BASIS_TEXT)

    @property
    def helped(self) -> bool:
        return "/help" in self.answer and not self.refused


@dataclass
class EvalReport:
    results: list[ItemResult] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Chinese remarks for the user (e.g. reports the file names that are not indexed)."""

    def _mean(self, values: Iterable[float]) -> float:
        vals = list(values)
        return sum(vals) / len(vals) if vals else 0.0

    @property
    def recall_at_1(self) -> float:
        return self._mean(r.recall_at(1) for r in self.results if r.item.gold)

    @property
    def recall_at_3(self) -> float:
        return self._mean(r.recall_at(3) for r in self.results if r.item.gold)

    @property
    def mrr(self) -> float:
        return self._mean(1 / r.rank if r.rank else 0.0 for r in self.results if r.item.gold)

    @property
    def contains_share(self) -> float:
        return self._mean(float(r.contains) for r in self.results if r.item.must_contain)

    @property
    def fill(self) -> list[ItemResult]:
        return [r for r in self.results if r.item.is_fill]

    @property
    def row_accuracy(self) -> float:
        """Share of filling questions whose answer names the right row."""
        return self._mean(float(r.row_named) for r in self.fill)

    @property
    def row_and_article_accuracy(self) -> float:
        """Share naming the right row and citing every article it rests on."""
        return self._mean(float(r.row_named and r.articles_cited) for r in self.fill)

    @property
    def row_and_an_article_accuracy(self) -> float:
        """Share naming the right row and citing at least one article it rests on."""
        return self._mean(float(r.row_named and r.an_article_cited) for r in self.fill)

    @property
    def no_basis_share(self) -> float:
        return self._mean(float(r.refused) for r in self.results if r.item.no_basis)

    @property
    def smalltalk_share(self) -> float:
        return self._mean(float(r.helped) for r in self.results if r.item.smalltalk)

    def summary(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "items": len(self.results),
            "recall@1": round(self.recall_at_1, 4),
            "recall@3": round(self.recall_at_3, 4),
            "mrr": round(self.mrr, 4),
            "must_contain": round(self.contains_share, 4),
        }
        if self.fill:
            out["fill_items"] = len(self.fill)
            out["row_accuracy"] = round(self.row_accuracy, 4)
            out["row_and_article"] = round(self.row_and_article_accuracy, 4)
            out["row_and_an_article"] = round(self.row_and_an_article_accuracy, 4)
        if any(r.item.no_basis for r in self.results):
            out["no_basis_refused"] = round(self.no_basis_share, 4)
        if any(r.item.smalltalk for r in self.results):
            out["smalltalk_helped"] = round(self.smalltalk_share, 4)
        return out


def source_key(meta: dict[str, Any]) -> str:
    """One key per citable source: an article, a report, or a part of a format."""
    kind = meta.get("kind")
    if kind == "regulation":
        return f"article:{meta.get('article')}"
    if kind == "report":
        return f"report:{meta.get('report_id')}"
    if kind == "guide":
        return f"guide:{meta.get('guide_id')}"
    return f"format:{meta.get('source')}:{meta.get('heading')}"


def ranked_sources(metas: Iterable[dict[str, Any]]) -> list[str]:
    """Source keys in rank order, each at its best position."""
    return list(dict.fromkeys(source_key(m) for m in metas))


def load_qa(path: Path) -> list[QAItem]:
    """Read a QA file; a Chinese InputError names the line that is wrong."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"无法读取问答评测文件「{path.name}」：{exc.__class__.__name__}。"
        ) from exc
    items: list[QAItem] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            question = str(row["q"]).strip()
            articles = tuple(int(a) for a in row.get("articles", []))
            reports = row.get("reports") or ([row["report"]] if row.get("report") else [])
            must = tuple(str(s) for s in row.get("must_contain", []))
            gold_row = str(row["row"]).strip() if row.get("row") else None
            fmt = str(row["format"]).strip() if row.get("format") else None
            flags = {"no_basis": bool(row.get("no_basis")), "smalltalk": bool(row.get("smalltalk"))}
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"问答评测文件「{path.name}」第 {number} 行格式不对：需要 JSON 对象，含 q 字段。"
            ) from exc
        if question:
            items.append(
                QAItem(
                    question, articles, tuple(str(r) for r in reports), must, gold_row, fmt,
                    **flags,
                )
            )  # fmt: skip
    if not items:
        raise InputError(f"问答评测文件「{path.name}」中没有问题。")
    return items


def resolve_reports(
    items: Sequence[QAItem], aliases: dict[str, str]
) -> tuple[list[QAItem], list[str]]:
    """Map the report ids an eval file uses (often the file name, ``000_bae…``) to index
    report ids; return the items and the ids that are not indexed at all."""
    out: list[QAItem] = []
    missing: list[str] = []
    for item in items:
        resolved = []
        for rid in item.reports:
            if rid in aliases:
                resolved.append(aliases[rid])
            else:
                resolved.append(rid)
                missing.append(rid)
        out.append(replace(item, reports=tuple(resolved)))
    return out, list(dict.fromkeys(missing))


def evaluate(
    items: Sequence[QAItem], run: Callable[[str], tuple[Sequence[str], str]]
) -> EvalReport:
    """Run every question through ``run`` (→ ranked source keys, answer text) and score it."""
    report = EvalReport()
    for item in items:
        ranked, answer = run(item.question)
        ranked = tuple(ranked)
        rank = next((i for i, key in enumerate(ranked, 1) if key in item.gold), None)
        report.results.append(ItemResult(item, ranked, answer, rank))
    return report
