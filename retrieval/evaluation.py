"""Measuring ask: Recall@1, Recall@3 and MRR over the sources a question should find, and
the share of answers that contain the strings they must contain.

A QA file is JSON Lines, one item per line::

    {"q": "依申请公开最晚多少个工作日内要答复？", "articles": [33], "must_contain": ["20个工作日"]}
    {"q": "平安镇2021年新收了几件政府信息公开申请？", "report": "004_bd5d810af7c26391", …}

``articles`` are 条例 article numbers, ``report`` (or ``reports``) report ids. A source is
ranked once, at its best chunk: several chunks of the same article or report count once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xxgk.errors import InputError


@dataclass(frozen=True, slots=True)
class QAItem:
    question: str
    articles: tuple[int, ...] = ()
    reports: tuple[str, ...] = ()
    must_contain: tuple[str, ...] = ()

    @property
    def gold(self) -> tuple[str, ...]:
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

    def summary(self) -> dict[str, float | int]:
        return {
            "items": len(self.results),
            "recall@1": round(self.recall_at_1, 4),
            "recall@3": round(self.recall_at_3, 4),
            "mrr": round(self.mrr, 4),
            "must_contain": round(self.contains_share, 4),
        }


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
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"问答评测文件「{path.name}」第 {number} 行格式不对：需要 JSON 对象，含 q 字段。"
            ) from exc
        if question:
            items.append(QAItem(question, articles, tuple(str(r) for r in reports), must))
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
