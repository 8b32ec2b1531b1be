"""Reciprocal rank fusion: one ranking out of several (dense, BM25) that disagree in scale.

Cosine similarities (compressed around 0.85–0.93 for e5) and BM25 scores (unbounded) cannot
be added; ranks can. Score of a document = Σ weight / (k + rank), rank starting at 1
(Cormack et al. 2009, k = 60).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[K]],
    *,
    k: int = RRF_K,
    weights: Sequence[float] | None = None,
) -> list[tuple[K, float]]:
    """Fuse rankings (best first) into ``[(key, score), …]`` sorted by score, best first.

    A key repeated within one ranking counts at its best rank only. Ties keep the order in
    which keys first appear (ranking by ranking), so the result is deterministic.

    >>> reciprocal_rank_fusion([["a", "b"], ["b", "c"]])[0][0]
    'b'
    """
    if weights is None:
        weights = [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    if k < 0:
        raise ValueError("k must be >= 0")
    scores: dict[K, float] = {}
    first_seen: dict[K, int] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: set[K] = set()
        for rank, key in enumerate(ranking, start=1):
            if key in seen:
                continue
            seen.add(key)
            first_seen.setdefault(key, len(first_seen))
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], first_seen[item[0]]))


def mean_of_nearest(pairs: Iterable[tuple[K, float]], n: int) -> dict[K, float]:
    """Each source's mean cosine over its ``n`` nearest probes, from (source, cosine) pairs.
    The single nearest of hundreds of short typical questions is a lottery among cosines a
    few hundredths apart; several that agree are a source."""
    near: dict[K, list[float]] = {}
    for source, cosine in pairs:
        near.setdefault(source, []).append(cosine)
    return {s: sum(top := sorted(c, reverse=True)[:n]) / len(top) for s, c in near.items()}
