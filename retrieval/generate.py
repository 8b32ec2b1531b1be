"""The LLM answer: a concise answer written from the retrieved sources only, its citations
verified, and the extractive answer whenever the model cannot be used.

Any OpenAI-compatible server works (``XXGK_LLM_BASE_URL``/``_MODEL``/``_API_KEY``): the model
gets the sources with their citation tags (prompt: ``prompts/ask.md``), temperature 0, a
timeout and one retry. A model that is down or slow must never cost the user the answer,
so failures fall back to quoting the sources, with a note.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from retrieval.answer import Answer, citation
from retrieval.citations import ContextSource, tag_sources, verify_citations
from retrieval.hybrid import Hit
from xxgk.errors import ConfigError
from xxgk.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)

PROMPT_PATH = PROJECT_ROOT / "prompts" / "ask.md"
MAX_CONTEXT_CHARS = 3000
"""Sources beyond this length are left out: a concise answer needs the best few, and small
local models have small context windows."""
CONTEXT_HITS = 5


def load_prompt(path: Path = PROMPT_PATH) -> ChatPromptTemplate:
    """The ask prompt: the text after ``## system`` and after ``## human``."""
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^##\s+(system|human)\s*$", text, flags=re.MULTILINE)
    sections = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    if "system" not in sections or "human" not in sections:
        raise ConfigError(f"提示词文件 {path} 缺少“## system”或“## human”部分。")
    return ChatPromptTemplate.from_messages(
        [("system", sections["system"]), ("human", sections["human"])]
    )


def chat_model(settings: Settings) -> BaseChatModel | None:
    """ChatOpenAI for the configured server, or None when no LLM is configured."""
    if not settings.llm_base_url:
        return None
    if not settings.llm_model:
        raise ConfigError("设置了 XXGK_LLM_BASE_URL，还需要设置 XXGK_LLM_MODEL（模型名称）。")
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or SecretStr("none"),
        temperature=0,
        timeout=settings.llm_timeout,
        max_retries=1,
        max_tokens=512,
    )


def build_context(hits: list[Hit], max_chars: int | None = None) -> list[ContextSource]:
    """The best hits with their tags, within ``max_chars`` (default ``MAX_CONTEXT_CHARS``;
    the first hit is always kept)."""
    max_chars = MAX_CONTEXT_CHARS if max_chars is None else max_chars
    chosen: list[Hit] = []
    size = 0
    for hit in hits[:CONTEXT_HITS]:
        if chosen and size + len(hit.text) > max_chars:
            break
        chosen.append(hit)
        size += len(hit.text)
    return tag_sources(chosen)


def render_context(sources: list[ContextSource]) -> str:
    lines: list[str] = []
    for source in sources:
        meta = source.hit.metadata
        if meta.get("kind") == "report":
            year = f"{meta.get('year')}年" if meta.get("year") is not None else ""
            where = f"（{meta.get('organ', '')}{year}年度报告，{meta.get('section_title', '')}）"
            lines.append(f"{source.tag}{where}{source.hit.text}")
        elif meta.get("kind") == "guide":
            label = f"{meta.get('table', '')}「{meta.get('label', '')}」"
            where = f"（填报指引（非法规原文），{label}）"
            lines.append(f"{source.tag}{where}{source.hit.text}")
        elif meta.get("kind") == "format":
            lines.append(f"{source.tag}（年报格式：{meta.get('heading', '')}）{source.hit.text}")
        else:
            lines.append(f"[{source.tag}] {source.hit.text}")
    return "\n\n".join(lines)


def _failure(exc: Exception) -> str:
    name = type(exc).__name__
    if "Timeout" in name or isinstance(exc, TimeoutError):
        return "请求超时"
    if "Connection" in name or isinstance(exc, ConnectionError):
        return "无法连接"
    return name


def llm_answer(
    llm: BaseChatModel,
    question: str,
    hits: list[Hit],
    *,
    fallback: Answer,
    prompt: ChatPromptTemplate | None = None,
) -> Answer:
    """Ask the model; verify its citations; on any failure return ``fallback`` with a note."""
    sources = build_context(hits)
    chain = (prompt or load_prompt()) | llm | StrOutputParser()
    try:
        raw = chain.invoke({"context": render_context(sources), "question": question})
    except Exception as exc:  # connection refused, timeout, HTTP 5xx, bad payload: degrade
        logger.warning("LLM failed, falling back to the extractive answer: %r", exc)
        fallback.warnings.append(f"大模型暂时不可用（{_failure(exc)}），以下为依据原文摘录。")
        return fallback
    if not raw.strip():
        fallback.warnings.append("大模型没有给出回答，以下为依据原文摘录。")
        return fallback
    checked = verify_citations(raw, sources, question)
    warnings: list[str] = []
    if checked.removed:
        warnings.append(
            f"回答引用了检索结果之外的{'、'.join(checked.removed)}，无法核实，已删除该引用。"
        )
    if checked.unsupported_numbers:
        warnings.append(
            f"回答中的数字 {'、'.join(checked.unsupported_numbers)} 在依据原文中找不到，请核对。"
        )
    cited = checked.cited
    if not cited:
        warnings.append("回答没有标注依据，下面列出检索到的依据供核对。")
        cited = [s.hit for s in sources]
    return Answer(
        text=checked.text or fallback.text,
        mode="llm",
        citations=[citation(h) for h in cited],
        warnings=warnings,
        sources=fallback.sources,
    )
