"""Keep a draft from repeating last year's report (H-COPY: "内容雷同").

The checker flags a section whose words (digits, punctuation and the format's fixed wording
removed) share 90% or more of their character 3-grams with last year's. Filling the same
template with this year's numbers would do exactly that, because digits do not count. So a
narrative section is rendered in successive wording variants until one stays clearly below
the threshold (``TARGET``, with a margin for the fixed phrases the checker also strips).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from checks.history import COPY_THRESHOLD, similarity
from drafting.sections import Rendered

TARGET = 0.8
"""Aim below this; the checker's threshold is ``COPY_THRESHOLD`` (0.9)."""
MAX_VARIANTS = 12

_NOT_WORDS = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")


def essence(text: str) -> str:
    """The words of a text, as the copy check compares them: no digits, no punctuation."""
    return _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text))


def text_similarity(a: str, b: str) -> float:
    """The checker's 3-gram Jaccard similarity on the two texts' words."""
    return similarity(essence(a), essence(b))


def least_similar(
    render: Callable[[int], Rendered], previous: str | None
) -> tuple[Rendered, float | None]:
    """The first variant below ``TARGET`` against ``previous`` (or the least similar one);
    variant 0 when there is nothing to compare with."""
    first = render(0)
    if not previous or not previous.strip():
        return first, None
    best, best_score = first, text_similarity(first.body, previous)
    variant = 1
    while best_score >= TARGET and variant < MAX_VARIANTS:
        candidate = render(variant)
        score = text_similarity(candidate.body, previous)
        if score < best_score:
            best, best_score = candidate, score
        variant += 1
    return best, best_score


def is_copy(score: float | None) -> bool:
    """Whether the checker would call this similarity a copy."""
    return score is not None and score >= COPY_THRESHOLD
