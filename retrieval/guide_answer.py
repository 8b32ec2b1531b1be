"""Answering a filling question from the guide: find the row, name it by its exact label,
give the advice labelled 「填报指引（非法规原文）」, and quote the official text it rests on.

Finding the row: a label the question quotes or contains (「结转下年度继续办理」) narrows the
candidates to that row; the hybrid ranking (dense + BM25 over the guide entries, which carry
their labels and staff's words as keywords) orders them. Only entries of the format in force
(2021 unless the question names 2019/2020) and of the table the question names are used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrieval.answer import Answer, citation
from retrieval.articles import article_label
from retrieval.chunking import REGULATION_TITLE
from retrieval.evaluation import ranked_sources
from retrieval.filters import SearchFilter
from retrieval.guide import FORMAT_NAMES, GUIDE_LABEL, applies_to, core_labels, parse_basis
from retrieval.guide import quote_provision as quote_basis
from retrieval.hybrid import Hit, search
from retrieval.index import SearchIndex
from retrieval.routing import Route, named_label

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

GUIDE_FILTER = SearchFilter(kinds=("guide",))
FILL_COVERAGE_MIN = 0.2
"""Share of the question's words (IDF-weighted) the best guide entry must contain when the
question does not name a row: below it the question is not about any row we know.
Calibrated on corpus/eval/fill_dev.jsonl and the dev no-basis questions only."""


def guide_labels(index: SearchIndex) -> list[str]:
    """Every guide label (and its core) in the index, for the router."""
    return [
        core
        for e in index.lexical.entries
        if e.metadata.get("kind") == "guide"
        for core in core_labels(str(e.metadata.get("label", "")))
    ]


def _table_ok(meta: dict[str, Any], table: str | None) -> bool:
    return table is None or meta.get("table") in (table, "综合")


def find_rows(index: SearchIndex, question: str, route: Route, k: int = 5) -> list[Hit]:
    """Guide entries for ``question``, best first, restricted to the format and table."""
    result = search(index, question, GUIDE_FILTER, k=60, candidates=80)
    hits = [
        h
        for h in result.hits
        if applies_to(h.metadata, route.format_version) and _table_ok(h.metadata, route.table)
    ]
    if not hits:  # the table named does not have it (表二 for a 表三 row): ignore the table
        hits = [h for h in result.hits if applies_to(h.metadata, route.format_version)]
    named = route.named_label
    if named:
        wanted = [
            h for h in hits if named in core_labels(str(h.metadata.get("label", "")))
        ] or [
            h
            for h in result.hits
            if named in core_labels(str(h.metadata.get("label", "")))
        ]
        if wanted:
            rest = [h for h in hits if h not in wanted]
            return [*wanted, *rest][:k]
    return hits[:k]


def supported(hit: Hit, route: Route) -> bool:
    """A named row always; otherwise enough of the question's words in the entry."""
    label = str(hit.metadata.get("label", ""))
    if route.named_label and route.named_label in core_labels(label):
        return True
    return (hit.bm25_score or 0.0) > 0 and hit.coverage >= FILL_COVERAGE_MIN


def _version(meta: dict[str, Any], route: Route) -> str:
    if applies_to(meta, route.format_version):
        return route.format_version
    return "2019" if meta.get("fmt2019") else "2021"


def _basis_hits(index: SearchIndex, hit: Hit) -> list[Hit]:
    out: list[Hit] = []
    for number in dict.fromkeys(parse_basis(b).article for b in _bases(hit)):
        entry = index.article(number)
        if entry is not None:
            out.append(Hit(entry.id, entry.text, dict(entry.metadata), hit.score, "referenced"))
    return out


def _bases(hit: Hit) -> list[str]:
    return [b for b in str(hit.metadata.get("basis", "")).split("；") if b.strip()]


def guide_text(index: SearchIndex, hit: Hit, route: Route) -> str:
    """The extractive guide answer: label line, advice, the official text quoted."""
    meta = hit.metadata
    version = _version(meta, route)
    table = str(meta.get("table", ""))
    where = f"{table}「{meta.get('label')}」" if table != "综合" else f"「{meta.get('label')}」"
    advice = hit.text.split("\n", 1)[1] if "\n" in hit.text else hit.text
    lines = [f"【{GUIDE_LABEL}】{where}（{FORMAT_NAMES[version]}）", advice, "", "依据原文："]
    for text in _bases(hit):
        basis = parse_basis(text)
        article = index.article(basis.article)
        if article is None:
            lines.append(f"· 《{REGULATION_TITLE}》{text}")
            continue
        lines.append(f"· 《{REGULATION_TITLE}》{text}：{quote_basis(article.text, basis)}")
    fmt_table = "" if table == "综合" else table
    lines.append(f"· 《政府信息公开工作年度报告格式》（{version}年）{fmt_table}：{meta.get('line')}")
    lines.append("以上为填报参考，以条例和年报格式原文为准。")
    return "\n".join(lines)


def guide_citation(hit: Hit, route: Route) -> dict[str, Any]:
    meta = hit.metadata
    return {
        "kind": "guide",
        "label": meta.get("label"),
        "table": meta.get("table"),
        "format_version": _version(meta, route),
        "line": meta.get("line"),
        "text": hit.text,
    }


def answer_from_guide(
    index: SearchIndex,
    question: str,
    route: Route,
    *,
    llm: BaseChatModel | None = None,
) -> Answer | None:
    """The guide's answer, or None when no row fits (the caller falls back to the 条例)."""
    if route.named_label is None:
        route = Route(
            route.intent, route.format_version, route.table, route.organs,
            named_label(question, guide_labels(index)),
        )  # fmt: skip
    hits = find_rows(index, question, route)
    if not hits or not supported(hits[0], route):
        return None
    best = hits[0]
    basis = _basis_hits(index, best)
    extractive = Answer(
        text=guide_text(index, best, route),
        mode="extractive",
        citations=[guide_citation(best, route), *(citation(h) for h in basis)],
        sources=ranked_sources(h.metadata for h in [best, *basis, *hits[1:]]),
    )
    if llm is None:
        return extractive
    from retrieval.generate import llm_answer

    answer = llm_answer(llm, question, [best, *basis], fallback=extractive)
    if answer.mode != "llm":
        return answer
    return keep_label(answer, best, route)


def keep_label(answer: Answer, hit: Hit, route: Route) -> Answer:
    """An LLM answer from the guide must carry the label 填报指引（非法规原文） and the row's
    exact name; a model that paraphrased the row gets the verbatim name put back."""
    label = str(hit.metadata.get("label", ""))
    table = str(hit.metadata.get("table", ""))
    text = answer.text
    head: list[str] = []
    if GUIDE_LABEL not in text:
        head.append(f"【{GUIDE_LABEL}】")
    if label not in text:
        where = f"{table}「{label}」" if table != "综合" else f"「{label}」"
        head.append(f"应填：{where}（{FORMAT_NAMES[_version(hit.metadata, route)]}）")
        answer.warnings.append("大模型的回答没有原样写出表格行名，已按填报指引补上。")
    if head:
        answer.text = "".join(head) + "\n" + text
    if not any(c.get("kind") == "guide" for c in answer.citations):
        answer.citations.insert(0, guide_citation(hit, route))
    return answer
