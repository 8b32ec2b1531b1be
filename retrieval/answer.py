"""The answer a user gets, and the extractive answer: the best sources quoted verbatim.

Without an LLM (and whenever the LLM fails) ask answers by quoting: the article(s) with
their number ("依据《政府信息公开条例》第三十三条：……"), or the report passages with organ,
year and section. Quoting cannot misstate the law; the user reads the basis itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from retrieval.articles import article_label
from retrieval.chunking import REGULATION_TITLE
from retrieval.evaluation import ranked_sources
from retrieval.evidence import EvidencePolicy, supports
from retrieval.hybrid import Hit

Citation = dict[str, Any]
Mode = Literal["extractive", "llm"]

SECOND_ARTICLE_RATIO = 0.97
"""A second article is quoted when its fused score is this close to the first one's: the
question then sits between two articles (征求第三方意见: 第三十二条 and 第三十三条)."""
REPORT_PASSAGES = 3
REPORT_RATIO = 0.75
"""Further table rows of the same report are quoted when their BM25 score is this close to
the first row's (rows are single facts; a prose passage is quoted alone)."""


@dataclass
class Answer:
    """What ask returns to every channel."""

    text: str
    mode: Mode = "extractive"
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    """Every retrieved source, best first (``article:33``, ``report:<id>``), for evaluation."""

    def to_json(self) -> dict[str, Any]:
        """The ``xxgk ask --json`` shape."""
        return {
            "answer": self.text,
            "mode": self.mode,
            "citations": self.citations,
            "warnings": self.warnings,
        }


def citation(hit: Hit) -> Citation:
    """The citation record of a hit, as ``--json`` prints it."""
    meta = hit.metadata
    kind = meta.get("kind")
    if kind == "regulation":
        return {"kind": "regulation", "article": int(meta["article"]), "text": hit.text}
    if kind == "report":
        return {
            "kind": "report",
            "report_id": meta.get("report_id"),
            "organ": meta.get("organ"),
            "year": meta.get("year"),
            "section": meta.get("section_title") or meta.get("section"),
            "text": hit.text,
        }
    if kind == "guide":
        return {
            "kind": "guide",
            "label": meta.get("label"),
            "table": meta.get("table"),
            "line": meta.get("line"),
            "text": hit.text,
        }
    return {
        "kind": "format",
        "format_version": meta.get("format_version"),
        "heading": meta.get("heading"),
        "text": hit.text,
    }


def describe(cite: Citation) -> str:
    """A one-line label for a citation, for plain-text output."""
    if cite["kind"] == "regulation":
        return f"《{REGULATION_TITLE}》{article_label(cite['article'])}"
    if cite["kind"] == "report":
        year = f"{cite['year']}年" if cite.get("year") else ""
        return f"{cite['organ']}{year}政府信息公开工作年度报告 · {cite['section']}"
    if cite["kind"] == "guide":
        table = cite.get("table") if cite.get("table") != "综合" else ""
        version = f"（{cite['format_version']}年格式）" if cite.get("format_version") else ""
        return f"填报指引（非法规原文）{version} · {table}「{cite['label']}」"
    version = f"（{cite['format_version']}年）" if cite.get("format_version") else ""
    return f"《政府信息公开工作年度报告格式》{version} · {cite['heading']}"


def select(hits: list[Hit], policy: EvidencePolicy) -> list[Hit]:
    """The hits an extractive answer quotes: every article the question names; otherwise the
    best supported hit, plus a near-tie article or a few passages of the same report."""
    named = [h for h in hits if h.match == "article"]
    if named:
        return named[:3]
    supported = [h for h in hits if supports(h, policy)]
    if not supported:
        return []
    first = supported[0]
    chosen = [first]
    kind = first.metadata.get("kind")
    for hit in supported[1:]:
        if kind == "report":
            same = hit.metadata.get("report_id") == first.metadata.get("report_id")
            rows = hit.metadata.get("part") == first.metadata.get("part") == "table"
            close = (hit.bm25_score or 0.0) >= REPORT_RATIO * (first.bm25_score or float("inf"))
            if same and rows and close:
                chosen.append(hit)
            if len(chosen) >= REPORT_PASSAGES:
                break
        elif hit.metadata.get("kind") == "regulation" and kind == "regulation":
            if hit.score >= SECOND_ARTICLE_RATIO * first.score:
                chosen.append(hit)
            break
    return chosen


def quote(hit: Hit) -> str:
    """One source quoted with where it comes from."""
    meta = hit.metadata
    kind = meta.get("kind")
    if kind == "regulation":
        label = article_label(int(meta["article"]))
        body = hit.text[len(label) :].lstrip("\u3000 ") if hit.text.startswith(label) else hit.text
        return f"依据《{REGULATION_TITLE}》{label}：{body}"
    if kind == "report":
        year = f"{meta['year']}年" if meta.get("year") is not None else ""
        section = meta.get("section_title") or meta.get("section") or ""
        return f"据{meta.get('organ', '')}{year}政府信息公开工作年度报告（{section}）：{hit.text}"
    version = f"（{meta['format_version']}年）" if meta.get("format_version") else ""
    return f"据《政府信息公开工作年度报告格式》{version}「{meta.get('heading', '')}」：{hit.text}"


def extractive_answer(
    hits: list[Hit], policy: EvidencePolicy, all_hits: list[Hit] | None = None
) -> Answer:
    """Quote the selected hits verbatim; their citations follow the same order."""
    chosen = select(hits, policy)
    return Answer(
        text="\n\n".join(quote(h) for h in chosen),
        mode="extractive",
        citations=[citation(h) for h in chosen],
        sources=ranked_sources(h.metadata for h in (all_hits or hits)),
    )


def no_basis_answer(reason: str, all_hits: list[Hit]) -> Answer:
    """The honest answer when nothing supports one."""
    return Answer(
        text=reason,
        mode="extractive",
        sources=ranked_sources(h.metadata for h in all_hits),
    )
