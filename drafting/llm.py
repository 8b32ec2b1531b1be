"""Let an LLM rewrite a narrative part in the style of the precedents, and keep the result
only when it adds nothing that is not in the data.

The template text is always correct but reads like a form; an LLM (temperature 0) can write
it the way comparable organs write. It may also copy a precedent's figures or make some up,
and a published report with an invented number is worse than a stiff one. So the LLM text is
checked before it is used, and the template text is kept, with the reason, whenever:

* it drops a 【待补充】 slot (it must not fill in facts it was not given);
* it states a number the data does not hold (``numbers.unsupported_numbers``);
* it drops one of the items the template covered (依申请公开, 工作考核, 信息处理费 …);
* it is empty, or the model could not be reached.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from drafting.numbers import unsupported_numbers
from drafting.precedent import Precedent
from drafting.sections import TODO_RE
from drafting.templates import render
from ingest.model import SECTION_TITLES

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


logger = logging.getLogger(__name__)

KEY_PHRASES: tuple[str, ...] = (
    "主动公开",
    "依申请公开",
    "政府信息管理",
    "平台建设",
    "监督保障",
    "工作考核",
    "社会评议",
    "责任追究",
    "存在的主要问题",
    "改进",
    "信息处理费",
    "工作要点",
)
"""Items of the format: one the template covers must still be covered by the LLM text."""


@dataclass(frozen=True, slots=True)
class LlmOutcome:
    """The text to use, whether it is the LLM's, and why not when it is not (Chinese)."""

    text: str
    used: bool
    reason: str | None = None


def clean_output(text: str, heading: str) -> str:
    """Drop code fences, a repeated heading and Markdown marks; one blank line between
    paragraphs."""
    text = re.sub(r"^```\w*\s*|\s*```$", "", text.strip())
    lines = [ln.strip().lstrip("#").strip().replace("**", "") for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    title = heading.split("、", 1)[-1]
    while lines and lines[0].rstrip("：:") in (heading, title):
        lines.pop(0)
    return "\n\n".join(lines)


def rejection(text: str, template_text: str, allowed: frozenset[Decimal]) -> str | None:
    """Why the LLM text may not be used (Chinese), or None when it is acceptable."""
    if len(text) < 20:
        return "大模型未返回有效正文"
    dropped = [slot for slot in TODO_RE.findall(template_text) if slot not in text]
    if dropped:
        return f"大模型文本删除或改写了待补充标记：{'、'.join(dropped)}"
    invented = unsupported_numbers(text, allowed)
    if invented:
        return f"大模型文本含有数据中没有的数字：{'、'.join(invented)}"
    flat_template, flat_text = re.sub(r"\s+", "", template_text), re.sub(r"\s+", "", text)
    lost = [p for p in KEY_PHRASES if p in flat_template and p not in flat_text]
    if lost:
        return f"大模型文本遗漏了初稿中的内容：{'、'.join(lost)}"
    return None


def facts_text(organ: str, year: int, facts: dict[str, Any]) -> str:
    """The facts as the prompt shows them: one line per given fact."""
    lines = [f"机关：{organ}", f"年度：{year}年"]
    for key, value in facts.items():
        if value is None:
            continue
        shown = "；".join(value) if isinstance(value, list) else str(value)
        lines.append(f"{key}：{shown}")
    return "\n".join(lines)


def write_section(
    model: BaseChatModel,
    *,
    key: str,
    organ: str,
    year: int,
    template_text: str,
    facts: dict[str, Any],
    precedents: Sequence[Precedent],
    allowed: frozenset[Decimal],
) -> LlmOutcome:
    """Part ``key`` rewritten by ``model``; the template text when the result fails a check."""
    from langchain_core.messages import HumanMessage, SystemMessage
    from langchain_core.output_parsers import StrOutputParser

    heading = f"{key}、{SECTION_TITLES[key]}"
    messages = [
        SystemMessage(render("draft_system.md.j2", organ=organ, year=year, heading=heading)),
        HumanMessage(
            render(
                "draft_section.md.j2",
                heading=heading,
                facts=facts_text(organ, year, facts),
                template_text=template_text,
                precedents=list(precedents),
            )
        ),
    ]
    try:
        raw = (model | StrOutputParser()).invoke(messages)
    except Exception as exc:  # network, authentication, rate limit: the draft goes on
        logger.warning("LLM call for section %s failed", key, exc_info=True)
        return LlmOutcome(template_text, False, f"大模型调用失败（{type(exc).__name__}）")
    text = clean_output(raw, heading)
    reason = rejection(text, template_text, allowed)
    if reason:
        logger.info("LLM text for section %s rejected: %s", key, reason)
        return LlmOutcome(template_text, False, reason)
    return LlmOutcome(text, True)
