"""The configured chat model, built in one place for every use case (ask, draft).

``Settings`` already guarantees that ``llm_model`` is set whenever ``llm_base_url`` is, so the
only choice left to a caller is how long an answer may be.

    model = chat_model(settings, max_tokens=512)   # None when no LLM is configured
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import SecretStr

from base.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def chat_model(settings: Settings, *, max_tokens: int | None = None) -> BaseChatModel | None:
    """ChatOpenAI for the configured OpenAI-compatible server at temperature 0, with one retry
    and the configured timeout; None when no LLM is configured (template or excerpt mode)."""
    if not (settings.llm_base_url and settings.llm_model):
        return None
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or SecretStr("none"),
        temperature=0,
        timeout=settings.llm_timeout,
        max_retries=1,
        max_tokens=max_tokens,
    )
