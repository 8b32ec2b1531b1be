"""What the retriever reads from a question: a year asks for reports' figures only when some
report in view is of that year."""

from __future__ import annotations

from retrieval.filters import SearchFilter
from retrieval.hybrid import QueryAnalysis


def _analysis(organs: set[str], years: set[int], flt: SearchFilter) -> QueryAnalysis:
    return QueryAnalysis((), (), (), frozenset(organs), frozenset(years), flt)


def test_a_year_in_a_legal_story_is_not_a_question_about_figures() -> None:
    """「2020年有人申请…当时方案还在研究」: no report of 2020 is in view, so the 条例's
    classifier and typical questions still read the question."""
    no_reports = SearchFilter(kinds=("regulation", "format", "guide"))
    assert not _analysis(set(), {2020}, no_reports).about_figures
    # reports in view, but none of that year: the filter was not narrowed
    assert not _analysis(set(), {2018}, SearchFilter()).about_figures


def test_an_organ_or_a_year_of_a_report_in_view_asks_for_figures() -> None:
    assert _analysis({"平安镇"}, set(), SearchFilter()).about_figures
    assert _analysis(set(), {2021}, SearchFilter().narrowed(years={2021})).about_figures
