"""Drafting a report: where the numbers come from, which precedents and model to use, and
where the result goes. The one path for ``xxgk draft`` and, later, the chat bot.

    result = draft_report(settings, data, out_path=Path("2024年报.docx"), store=store)
    result.missing      # facts still to fill in (【待补充】 in the text)
    result.notes        # warnings, LLM fallbacks, similarity to last year (Chinese)
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from base.errors import InputError
from base.settings import Settings
from drafting.compose import ALL_SECTIONS, Composed, compose
from drafting.data import DraftData, load_data_file, prepare_data
from drafting.drafted_report import section_markdown, to_markdown
from drafting.precedent import Precedent, PrecedentFinder, default_finder
from ingest.model import AnnualReport
from services.llm import chat_model

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from checks.registry import Finding
    from storage import Store

logger = logging.getLogger(__name__)

OUTPUT_SUFFIXES = (".docx", ".md")

_NOT_GIVEN: Any = object()


@dataclass(frozen=True, slots=True)
class DraftResult:
    """What was drafted and what the user still has to do."""

    organ: str
    year: int
    markdown: str
    """The drafted report (or the one part) as Markdown."""
    out_path: Path | None = None
    section: str | None = None
    missing: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    precedents: dict[str, tuple[Precedent, ...]] = field(default_factory=dict)
    findings: tuple[Finding, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    """Per part: ``template`` or ``llm``."""
    compared_with: str | None = None


def stored_draft_data(
    store: Store, organ: str, year: int | None, report_id: int | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """The numbers of an uploaded draft (``report_id``, or the organ's latest for ``year``),
    with the facts it states (``facts``), and the clerk's own text of its narrative parts."""
    from drafting.uploaded import facts_from_report, narrative_from_report

    record = store.get_report(report_id) if report_id is not None else None
    if report_id is None and year is not None:
        record = store.latest_draft(organ, year)
    if record is None or record.organ_name != organ:
        which = f"{year}年度的草稿" if year else "这份草稿"
        raise InputError(f"没有找到「{organ}」{which}，请先上传草稿，或用 --data 指定数据文件。")
    report = record.report
    facts = facts_from_report(report, record.text)
    data = dict(record.parsed)
    data["facts"] = {**facts, **(data.get("facts") or {})}
    return data, narrative_from_report(report, data["facts"])


def _previous(store: Store | None, organ: str, year: int) -> tuple[AnnualReport | None, str | None]:
    if store is None:
        return None, None
    record = store.previous_report(organ, year)
    if record is None:
        return None, None
    label = f"{record.year}年度报告（#{record.id}，{record.source_name}）"
    return record.report, label


def _organ_info(store: Store | None, organ: str) -> tuple[str | None, str | None]:
    record = store.get_organ(organ) if store is not None else None
    return (record.kind, record.region) if record is not None else (None, None)


def _sections(section: str | None) -> Collection[str]:
    if section is None:
        return ALL_SECTIONS
    key = section.strip().strip("、.")
    key = {"1": "一", "2": "二", "3": "三", "4": "四", "5": "五", "6": "六"}.get(key, key)
    if key not in ALL_SECTIONS:
        raise InputError(f"没有第「{section}」部分：年报共六个部分，请用 一 至 六 指定。")
    return (key,)


def _write(composed: Composed, out_path: Path | None, section: str | None) -> str:
    draft = composed.draft
    text = (
        section_markdown(draft.sections[0], draft.tables)
        if section is not None
        else to_markdown(draft)
    )
    if out_path is None:
        return text
    suffix = out_path.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise InputError(f"无法输出为「{out_path.name}」：请使用 .docx 或 .md 文件名。")
    if suffix == ".docx" and section is not None:
        raise InputError("单个部分只能输出为 Markdown（.md），整份报告才能输出为 DOCX。")
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".docx":
        from drafting.docx_writer import write_docx

        write_docx(draft, out_path)
    else:
        out_path.write_text(text, encoding="utf-8")
    return text


def draft_report(
    settings: Settings,
    data: Mapping[str, Any] | None,
    *,
    out_path: Path | None = None,
    store: Store | None = None,
    organ: str | None = None,
    year: int | None = None,
    section: str | None = None,
    model: BaseChatModel | None = _NOT_GIVEN,
    finder: PrecedentFinder | None = _NOT_GIVEN,
    source: str = "数据文件",
    report_id: int | None = None,
) -> DraftResult:
    """Draft the report (or part ``section``) and write it to ``out_path`` (.docx/.md).

    ``data`` is the JSON of ``xxgk parse --json`` plus ``facts``; without it the numbers of
    the organ's stored draft for ``organ``/``year`` (or the draft ``report_id``) are used,
    and its narrative parts start from the clerk's own text. ``model`` defaults to the
    configured LLM (None: template text only); ``finder`` to the search index or storage.
    Raises ``InputError`` for inconsistent data, listing every inconsistency.
    """
    uploaded: dict[str, str] = {}
    if data is None:
        if store is None or not organ or not (year or report_id):
            raise InputError(
                "请用 --data 指定数据文件，或同时用 --organ 和 --year 指定已上传的草稿。"
            )
        data, uploaded = stored_draft_data(store, organ, year, report_id)
        year = year or data.get("year")
        source = f"「{organ}」{year}年度草稿"
    dd: DraftData = prepare_data(data, organ=organ, year=year, source=source)
    sections = _sections(section)
    if model is _NOT_GIVEN:
        model = chat_model(settings)
    if finder is _NOT_GIVEN:
        finder = default_finder(settings, store)
    kind, region = _organ_info(store, dd.organ)
    previous, label = _previous(store, dd.organ, dd.year)
    composed = compose(
        dd,
        sections=sections,
        previous=previous,
        finder=finder,
        model=model,
        organ_kind=kind,
        region=region,
        uploaded=uploaded,
    )
    text = _write(composed, Path(out_path) if out_path else None, section)
    logger.info("drafted %s %s (%s)", dd.organ, dd.year, section or "全文")
    return DraftResult(
        organ=dd.organ,
        year=dd.year,
        markdown=text,
        out_path=Path(out_path) if out_path else None,
        section=next(iter(sections)) if section is not None else None,
        missing=composed.missing,
        notes=composed.notes + _starting_points(composed, sections),
        precedents=composed.precedents,
        findings=composed.findings,
        sources={s.key: s.source for s in composed.draft.sections},
        compared_with=label,
    )


def _starting_points(composed: Composed, sections: Collection[str]) -> tuple[str, ...]:
    """Which parts start from the clerk's own text (so they know what they are reading)."""
    own = [s.key for s in composed.draft.sections if s.source == "draft" and s.key in sections]
    if not own:
        return ()
    parts = "、".join(f"第{k}部分" for k in own)
    return (f"{parts}以上传草稿中的原文为起点（未改写），请结合本年度实际修改完善。",)


def draft_from_file(settings: Settings, path: Path, **kwargs: Any) -> DraftResult:
    """``xxgk draft --data FILE``: load the data file, then :func:`draft_report`."""
    return draft_report(
        settings, load_data_file(path), source=f"数据文件「{Path(path).name}」", **kwargs
    )
