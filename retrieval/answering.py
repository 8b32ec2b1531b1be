"""From question to answer: search, decide whether the evidence supports an answer, then
quote it (extractive) or let the LLM write it from the evidence (verified citations)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from retrieval.answer import Answer, extractive_answer, no_basis_answer
from retrieval.evidence import EvidencePolicy, assess
from retrieval.filters import SearchFilter
from retrieval.hybrid import search
from retrieval.index import SearchIndex

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

SEARCH_K = 8


def answer_question(
    index: SearchIndex,
    question: str,
    search_filter: SearchFilter | None = None,
    *,
    llm: BaseChatModel | None = None,
    policy: EvidencePolicy | None = None,
) -> Answer:
    """The answer to ``question`` from the visible part of ``index``."""
    policy = policy or EvidencePolicy.for_provider(index.settings.embedding_provider)
    result = search(index, question, search_filter, k=SEARCH_K)
    evidence = assess(question, result, index.organs(), policy)
    if not evidence.supported:
        return no_basis_answer(evidence.reason, result.hits)
    extractive = extractive_answer(evidence.hits, policy, result.hits)
    if llm is None:
        return extractive
    from retrieval.generate import llm_answer  # LangChain's prompt machinery: LLM path only

    return llm_answer(llm, question, evidence.hits, fallback=extractive)
