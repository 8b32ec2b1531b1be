"""Ask a question about the 条例, the report formats and published annual reports.

Thin on purpose: it turns settings and channel arguments into a search filter and an
optional LLM, makes sure the index exists, and leaves the logic to ``retrieval``. Every
channel (CLI, bot, console chat) calls these functions, so the answer does not depend on
where the question was asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from base.errors import InputError
from base.settings import Settings
from retrieval.answering import answer_question, train_classifiers
from retrieval.evaluation import EvalReport, evaluate, load_qa, resolve_reports
from retrieval.extractive import Answer, Citation, describe
from retrieval.filters import SearchFilter, resolve_organs
from retrieval.indexing import index_regulation, regulation_indexed
from retrieval.mentions import word_tags
from retrieval.search_index import open_index
from services.llm import chat_model

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

__all__ = ["Answer", "Citation", "ask", "describe", "ensure_index", "evaluate_qa", "warm_up"]

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
ANSWER_MAX_TOKENS = 512
"""An answer quotes a few articles; a longer one is a model that rambles."""


def ensure_index(settings: Settings, progress: Callable[[str], None] | None = None) -> bool:
    """Build the 条例 index if it does not exist yet; True when it had to be built."""
    if regulation_indexed(settings):
        return False
    if progress is not None:
        progress("首次使用：正在建立《政府信息公开条例》和年报格式的索引，需要十几秒到一两分钟……")
    index_regulation(settings)
    return True


def warm_up(settings: Settings, progress: Callable[[str], None] | None = None) -> None:
    """Build the index if needed, open it and train its classifiers: a long-running bot
    does it at start so that its first question is answered as fast as the others."""
    ensure_index(settings, progress)
    train_classifiers(open_index(settings))
    word_tags()  # the place names of a question are told from common words by jieba's tags


def _filter(
    settings: Settings,
    organ: str | None,
    region: str | None,
    year: int | None,
    viewer_organ_id: int | None,
) -> SearchFilter:
    known = open_index(settings).organs()
    return SearchFilter(
        organs=resolve_organs(organ, known) if organ else None,
        regions=frozenset({region}) if region else None,
        years=frozenset({year}) if year is not None else None,
        viewer_organ_ids=frozenset({viewer_organ_id})
        if viewer_organ_id is not None
        else frozenset(),
    )


def ask(
    settings: Settings,
    question: str,
    *,
    organ: str | None = None,
    region: str | None = None,
    year: int | None = None,
    llm: BaseChatModel | None = None,
    viewer_organ_id: int | None = None,
) -> Answer:
    """Answer ``question``. ``organ``/``region``/``year`` narrow the reports searched (the
    条例 stays searchable); ``viewer_organ_id`` is the asking chat's approved organ
    (its database id), whose own drafts are visible to it; no name ever grants that.
    ``llm`` overrides the configured model (None: the one in settings, or an extractive
    answer when none is configured)."""
    question = question.strip()
    if not question:
        raise InputError("问题不能为空。")
    if len(question) > MAX_QUESTION_CHARS:
        raise InputError(f"问题太长（{len(question)} 字），请控制在 {MAX_QUESTION_CHARS} 字以内。")
    ensure_index(settings)
    index = open_index(settings)
    search_filter = _filter(settings, organ, region, year, viewer_organ_id)
    model = llm
    if model is None and settings.llm_base_url:
        model = chat_model(settings, max_tokens=ANSWER_MAX_TOKENS)
    return answer_question(index, question, search_filter, llm=model)


def evaluate_qa(settings: Settings, path: Path, *, llm: BaseChatModel | None = None) -> EvalReport:
    """Run a QA file (JSON Lines: q, articles/report, must_contain) through ``ask``."""
    items = load_qa(path)
    ensure_index(settings)
    aliases: dict[str, str] = {}
    for entry in open_index(settings).lexical.entries:
        rid = entry.metadata.get("report_id")
        if rid is not None:
            aliases[str(rid)] = str(rid)
            aliases.setdefault(Path(str(entry.metadata.get("source", ""))).stem, str(rid))
    items, missing = resolve_reports(items, aliases)

    def run(question: str) -> tuple[list[str], str]:
        answer = ask(settings, question, llm=llm)
        return answer.sources, answer.text

    report = evaluate(items, run)
    if missing:
        report.notes.append(
            f"索引中没有评测文件提到的 {len(missing)} 份年报（{'、'.join(missing[:5])}）："
            "请先运行 xxgk init 或 xxgk ingest 导入年报。"
        )
    return report
