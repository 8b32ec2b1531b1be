"""Put a draft together: tables, template text in a wording unlike last year's, precedents,
the optional LLM rewrite, and a final run of the checker on the result.

The order matters. The template text comes first and is always valid; variation keeps it
away from last year's wording; the LLM may only replace it when its text passes the number
guard; and finally the whole draft is checked as the checker would check the published
report: an LLM part that draws a finding the template part does not is replaced by the
template part again. Nothing here touches files, the database or the network itself: the
caller passes in the precedent finder and the chat model.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from drafting.data import DraftData
from drafting.drafted_report import Draft, DraftSection, to_markdown
from drafting.numbers import allowed_numbers
from drafting.precedent import Precedent, PrecedentFinder, Wanted
from drafting.sections import (
    NARRATIVE_SECTIONS,
    SECTION_TEMPLATES,
    Rendered,
    render_preface,
    render_section,
    report_title,
)
from drafting.tables import tables_for
from drafting.variation import TARGET, is_copy, least_similar, text_similarity
from ingest.model import SECTION_TITLES, AnnualReport, report_from_json

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from checks.registry import Finding

ALL_SECTIONS: tuple[str, ...] = tuple(SECTION_TEMPLATES)
PRECEDENTS_PER_SECTION = 3


@dataclass(frozen=True, slots=True)
class Composed:
    """A draft and what the user should know about it (all messages in Chinese)."""

    draft: Draft
    missing: tuple[str, ...] = ()
    """facts keys left as 【待补充】 slots."""
    precedents: dict[str, tuple[Precedent, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    similarity: dict[str, float] = field(default_factory=dict)
    """Per part, the similarity to last year's report (when one was given)."""
    findings: tuple[Finding, ...] = ()
    """The checker's findings on the whole draft (empty when only some parts were drafted)."""


def draft_to_report(draft: Draft, data: dict[str, Any]) -> AnnualReport:
    """The draft as the checker sees a parsed report: tables from the data, sections' prose."""
    sections = [
        {"key": s.key, "number": s.key, "title": SECTION_TITLES[s.key], "text": s.prose}
        for s in draft.sections
    ]
    payload = {**data, "title": draft.title, "sections": sections}
    return report_from_json(payload, full_text=to_markdown(draft))


def _previous_text(previous: AnnualReport | None, key: str) -> str | None:
    section = previous.section(key) if previous is not None else None
    return section.text if section is not None else None


def _llm_text(
    model: BaseChatModel,
    dd: DraftData,
    rendered: Rendered,
    found: tuple[Precedent, ...],
    previous: str | None,
) -> tuple[str | None, str | None, float | None]:
    """(LLM text or None, reason it was refused, its similarity to last year)."""
    from drafting.llm import write_section

    allowed = allowed_numbers(dd.data, dict(dd.facts.values), rendered.body, year=dd.year)
    facts = {k: v for k, v in dd.facts.as_context().items() if v is not None}
    outcome = write_section(
        model,
        key=rendered.key,
        organ=dd.organ,
        year=dd.year,
        template_text=rendered.body,
        facts=facts,
        precedents=found,
        allowed=allowed,
    )
    if not outcome.used:
        return None, outcome.reason, None
    score = text_similarity(outcome.text, previous) if previous else None
    if score is not None and score >= TARGET:
        return None, f"大模型文本与上年报告相似度{score:.0%}，过高", None
    return outcome.text, None, score


@dataclass(frozen=True, slots=True)
class _Part:
    """One part as drafted: the template text (kept to fall back on) and the text chosen."""

    template: DraftSection
    chosen: DraftSection
    missing: tuple[str, ...]
    score: float | None
    precedents: tuple[Precedent, ...] | None
    note: str | None


def _from_uploaded(
    key: str,
    body: str,
    dd: DraftData,
    before: str | None,
    finder: PrecedentFinder | None,
    model: BaseChatModel | None,
    kind: str | None,
    region: str | None,
) -> _Part:
    """A narrative part that starts from the clerk's own text: kept as it is, or rewritten
    by the LLM from it (and kept when the rewrite fails a check)."""
    own = DraftSection(key, body, "draft")
    score = text_similarity(body, before) if before else None
    found = (
        tuple(finder.find(Wanted(key, dd.organ, dd.year, kind, region, body), 3)) if finder else ()
    )
    if model is None:
        return _Part(own, own, (), score, found, None)
    text, reason, llm_score = _llm_text(model, dd, Rendered(key, body, (), 0), found, before)
    if text is None:
        return _Part(own, own, (), score, found, f"第{key}部分：{reason}，保留了上传草稿中的文字。")
    return _Part(own, DraftSection(key, text, "llm"), (), llm_score, found, None)


def _draft_part(
    key: str,
    dd: DraftData,
    before: str | None,
    finder: PrecedentFinder | None,
    model: BaseChatModel | None,
    kind: str | None,
    region: str | None,
    uploaded: str | None = None,
) -> _Part:
    if uploaded and key in NARRATIVE_SECTIONS:
        return _from_uploaded(key, uploaded, dd, before, finder, model, kind, region)
    if key not in NARRATIVE_SECTIONS:
        rendered = render_section(key, dd)
        section = DraftSection(key, rendered.body, "template")
        return _Part(section, section, rendered.missing, None, None, None)
    rendered, score = least_similar(lambda v: render_section(key, dd, v), before)
    template = DraftSection(key, rendered.body, "template")
    wanted = Wanted(key, dd.organ, dd.year, kind, region, rendered.body)
    found = tuple(finder.find(wanted, PRECEDENTS_PER_SECTION)) if finder else ()
    if model is None:
        return _Part(template, template, rendered.missing, score, found, None)
    text, reason, llm_score = _llm_text(model, dd, rendered, found, before)
    if text is None:
        note = f"第{key}部分：{reason}，已改用模板文字。"
        return _Part(template, template, rendered.missing, score, found, note)
    llm = DraftSection(key, text, "llm")
    return _Part(template, llm, rendered.missing, llm_score, found, None)


def compose(
    dd: DraftData,
    *,
    sections: Collection[str] = ALL_SECTIONS,
    previous: AnnualReport | None = None,
    finder: PrecedentFinder | None = None,
    model: BaseChatModel | None = None,
    organ_kind: str | None = None,
    region: str | None = None,
    uploaded: Mapping[str, str] | None = None,
) -> Composed:
    """Draft the parts ``sections`` (default: the whole report) from validated data.
    ``uploaded``: the clerk's own text of narrative parts (``drafting.uploaded``), which
    those parts start from instead of the template."""
    kind = organ_kind or dd.facts.get("机关类型")
    region = region or dd.facts.get("所在地区")
    notes = list(dd.notes)
    missing: list[str] = []
    precedents: dict[str, tuple[Precedent, ...]] = {}
    similarity: dict[str, float] = {}
    parts: dict[str, _Part] = {}
    for key in (k for k in ALL_SECTIONS if k in sections):
        before = _previous_text(previous, key)
        own = (uploaded or {}).get(key)
        part = parts[key] = _draft_part(key, dd, before, finder, model, kind, region, own)
        missing += [m for m in part.missing if m not in missing]
        if part.precedents is not None:
            precedents[key] = part.precedents
        if part.note:
            notes.append(part.note)
        if part.score is not None:
            similarity[key] = round(part.score, 3)
            if is_copy(part.score):
                notes.append(
                    f"第{key}部分与上年报告的相似度为{part.score:.0%}（主要是所填事实与上年相同），"
                    "请结合本年度实际工作改写，以免被认定为内容雷同。"
                )

    draft = Draft(
        organ=dd.organ,
        year=dd.year,
        title=report_title(dd.organ, dd.year),
        preface=render_preface(dd).body,
        sections=tuple(p.chosen for p in parts.values()),
        tables=tables_for(dd.data),
    )
    findings: tuple[Finding, ...] = ()
    if set(parts) == set(ALL_SECTIONS):
        templates = {key: p.template for key, p in parts.items()}
        draft, findings, reverted = _checked(draft, dd, previous, kind, templates)
        notes += reverted
    return Composed(draft, tuple(missing), precedents, tuple(notes), similarity, findings)


def _checked(
    draft: Draft,
    dd: DraftData,
    previous: AnnualReport | None,
    kind: str | None,
    templates: dict[str, DraftSection],
) -> tuple[Draft, tuple[Finding, ...], list[str]]:
    """Run the checker on the whole draft; put back the template text of any LLM part that
    drew a finding (error or warning) of its own."""
    from checks.registry import run_checks

    history = (previous,) if previous is not None else ()

    def check(d: Draft) -> tuple[Finding, ...]:
        report = draft_to_report(d, dd.data)
        return tuple(run_checks(report, history=history, organ_kind=kind))

    findings = check(draft)
    notes: list[str] = []
    bad = {
        f.section: f
        for f in findings
        if f.severity in ("error", "warning")
        and any(s.key == f.section and s.source == "llm" for s in draft.sections)
    }
    if bad:
        for key, f in bad.items():
            notes.append(f"第{key}部分：大模型文本未通过检查（{f.message}），已改用模板文字。")
        sections = tuple(templates[s.key] if s.key in bad else s for s in draft.sections)
        draft = replace(draft, sections=sections)
        findings = check(draft)
    return draft, findings, notes
