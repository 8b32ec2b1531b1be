"""A typical question that is unmistakably the closest names its source, whatever the fused
ranks say (retrieval.hybrid._sure_probe)."""

from __future__ import annotations

from retrieval.hybrid import PROBE_MARGIN, PROBE_SURE, _sure_probe


def test_a_close_and_clear_typical_question_names_its_source() -> None:
    best = {"article:27": PROBE_SURE + 0.02, "article:10": PROBE_SURE - 0.01}
    assert _sure_probe(best) == "article:27"


def test_a_close_call_or_a_far_one_names_nothing() -> None:
    tie = {"article:27": PROBE_SURE + 0.02, "article:10": PROBE_SURE + 0.02 - PROBE_MARGIN / 2}
    assert _sure_probe(tie) is None
    assert _sure_probe({"article:27": PROBE_SURE - 0.001}) is None
    assert _sure_probe({}) is None
