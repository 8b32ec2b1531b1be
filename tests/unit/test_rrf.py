"""Reciprocal rank fusion: a pure function, checked against hand-computed scores."""

from __future__ import annotations

import pytest

from retrieval.fusion import reciprocal_rank_fusion


def test_scores_are_sums_of_one_over_k_plus_rank() -> None:
    fused = dict(reciprocal_rank_fusion([["a", "b", "c"], ["b", "c"]], k=60))
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)
    assert fused["c"] == pytest.approx(1 / 63 + 1 / 62)


def test_agreement_beats_a_single_first_place() -> None:
    assert [key for key, _ in reciprocal_rank_fusion([["a", "b"], ["b", "a"], ["b"]])] == [
        "b",
        "a",
    ]


def test_weights_scale_each_ranking() -> None:
    fused = reciprocal_rank_fusion([["a"], ["b"]], weights=[1.0, 2.0])
    assert fused[0][0] == "b"
    assert fused[0][1] == pytest.approx(2 / 61)


def test_ties_keep_first_appearance_order() -> None:
    fused = reciprocal_rank_fusion([["x", "y"], ["y", "x"]])
    assert [key for key, _ in fused] == ["x", "y"]
    assert fused[0][1] == pytest.approx(fused[1][1])


def test_a_key_repeated_in_one_ranking_counts_at_its_best_rank() -> None:
    assert dict(reciprocal_rank_fusion([["a", "a", "b"]]))["a"] == pytest.approx(1 / 61)


def test_empty_and_invalid_input() -> None:
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], weights=[1.0, 1.0])
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], k=-1)
