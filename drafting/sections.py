"""Render the report's parts from the templates in ``prompts/``: the numbers from the tables,
the rest from the organ's facts.

Every count a sentence states is read from the same validated tables the report prints, so
the text and the tables agree by construction ("新收政府信息公开申请10件" is 表三's 新收 总计).
A fact the data does not give is never made up: it becomes a 【待补充：…】 slot the clerk fills.

Wording variants: each template offers alternative phrasings through ``alt(...)``. Variant 0
always takes the first; any other variant takes a seeded choice among the others, so the same
facts can be written differently from last year's report (``variation`` picks the variant).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Any

from checks.text import is_government
from drafting.data import DraftData
from drafting.drafted_report import table_token
from drafting.tables import cell_text
from drafting.templates import render
from ingest.model import OUTCOME_KEYS_2021

SECTION_TEMPLATES: dict[str, str] = {
    "一": "section_1.md.j2",
    "二": "section_2.md.j2",
    "三": "section_3.md.j2",
    "四": "section_4.md.j2",
    "五": "section_5.md.j2",
    "六": "section_6.md.j2",
}
PREFACE_TEMPLATE = "preface.md.j2"
NARRATIVE_SECTIONS: tuple[str, ...] = ("一", "五", "六")
"""The parts written in prose (the others are the format's tables)."""

TODO = "【待补充：{hint}】"
TODO_RE = re.compile(r"【待补充[:：][^】]*】")


CN_ORDINALS = "一二三四五六七八九十"


def report_title(organ: str, year: int) -> str:
    """The title the format and S-TITLE expect."""
    return f"{organ}{year}年政府信息公开工作年度报告"


class Chooser:
    """``alt(a, b, c)`` in a template: variant 0 takes ``a``; variant n > 0 takes a choice
    among ``b, c`` seeded by n, so a non-zero variant differs from variant 0 in every slot."""

    def __init__(self, variant: int) -> None:
        self.variant = variant
        self._rng = random.Random(variant)

    def alt(self, *options: str) -> str:
        if self.variant == 0 or len(options) == 1:
            return options[0]
        return options[1 + self._rng.randrange(len(options) - 1)]

    def points(self, items: list[str]) -> str:
        """Clauses as one passage: "一是……；二是……。" or, in another variant, "……；……。"."""
        if len(items) == 1 or len(items) > len(CN_ORDINALS):
            return "；".join(items) + "。"
        numbered = "；".join(f"{CN_ORDINALS[i]}是{item}" for i, item in enumerate(items))
        return self.alt(numbered, "；".join(items)) + "。"


def ordinal(i: int) -> str:
    """1 -> （一）: the numbering of sub-parts within a section."""
    return f"（{CN_ORDINALS[i - 1]}）"


@dataclass
class Slots:
    """The 【待补充】 slots a render left, by facts key."""

    missing: list[str] = field(default_factory=list)

    def todo(self, hint: str, *keys: str) -> str:
        """A visible slot for facts ``keys`` that the data does not give."""
        self.missing += [k for k in keys if k not in self.missing]
        return TODO.format(hint=hint)


def self_reference(organ: str) -> str:
    """How the report refers to its organ: 东城镇人民政府 -> 我镇, 某区教育局 -> 我局."""
    name = re.sub(r"(人民政府|政府)$", "", organ.strip())
    if name.endswith("街道办事处") or name.endswith("街道"):
        return "我街道"
    if name and name[-1] in "镇乡县区市旗局委办厅署院处":
        return "我" + name[-1]
    return "本机关"


def _count(row: list[Any] | None, col: int = 6) -> int:
    """A 表三 count for prose: the total cell, else the applicant cells' sum; blank as 0
    (blank cells are already reported as warnings)."""
    if not row:
        return 0
    value = row[col]
    if isinstance(value, int | float):
        return int(value)
    return int(sum(v for v in row[:6] if isinstance(v, int | float)))


def application_summary(applications: dict[str, list[Any]]) -> dict[str, int]:
    """The counts the prose states about 表三, by the format's words."""
    groups = {"不予公开": 0, "无法提供": 0, "不予处理": 0, "其他处理": 0}
    for key in OUTCOME_KEYS_2021:
        head = key.split(".")[0]
        if head in groups:
            groups[head] += _count(applications.get(key))
    return {
        "新收": _count(applications.get("新收")),
        "上年结转": _count(applications.get("上年结转")),
        "办结": _count(applications.get("总计")),
        "结转下年度": _count(applications.get("结转下年度")),
        "予以公开": _count(applications.get("予以公开")),
        "部分公开": _count(applications.get("部分公开")),
        **groups,
    }


def _group(review: list[Any], g: int) -> int:
    part = review[g * 5 : g * 5 + 5]
    total = part[4]
    if isinstance(total, int | float):
        return int(total)
    return int(sum(v for v in part[:4] if isinstance(v, int | float)))


def review_summary(review: list[Any]) -> dict[str, int]:
    """表四's totals: 行政复议, and 行政诉讼 as 未经复议直接起诉 + 复议后起诉."""
    direct, after = _group(review, 1), _group(review, 2)
    return {
        "复议": _group(review, 0),
        "直接起诉": direct,
        "复议后起诉": after,
        "诉讼": direct + after,
    }


def _num(value: Any) -> str:
    """A 表二 value in prose; a blank cell stays visibly blank instead of becoming 0."""
    return cell_text(value) if value is not None else TODO.format(hint="表二空白")


def outcomes(summary: dict[str, int]) -> list[tuple[str, int]]:
    """The non-zero 办理结果 groups of 表三, in the format's order."""
    labels = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
    return [(label, summary[label]) for label in labels if summary[label]]


def context(dd: DraftData, chooser: Chooser, slots: Slots) -> dict[str, Any]:
    """Everything a section template may use."""
    facts = dd.facts.as_context()
    active = dd.data["active"]
    apps = application_summary(dd.data["applications"])
    return {
        "organ": dd.organ,
        "year": dd.year,
        "we": self_reference(dd.organ),
        "government": is_government(dd.report, facts.get("机关类型")),
        "facts": facts,
        "t2": dict(active),
        "fee": cell_text(active.get("行政事业性收费")),
        "apps": apps,
        "outcomes": outcomes(apps),
        "review": review_summary(dd.data["review_litigation"]),
        "alt": chooser.alt,
        "points": chooser.points,
        "ordinal": ordinal,
        "num": _num,
        "todo": slots.todo,
        "table": table_token,
    }


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered part and the facts it had to leave as 【待补充】."""

    key: str
    body: str
    missing: tuple[str, ...]
    variant: int


def _tidy(text: str) -> str:
    """Each template line is a paragraph (continuations are joined with ``{%-``): one blank
    line between paragraphs, no stray spaces."""
    return "\n\n".join(ln.strip() for ln in text.splitlines() if ln.strip())


def render_part(template: str, dd: DraftData, variant: int = 0, key: str = "") -> Rendered:
    """Render ``template`` with the draft's context in wording ``variant``."""
    slots = Slots()
    body = render(template, **context(dd, Chooser(variant), slots))
    return Rendered(key, _tidy(body), tuple(slots.missing), variant)


def render_section(key: str, dd: DraftData, variant: int = 0) -> Rendered:
    """Part ``key`` (一…六) in wording ``variant``."""
    return render_part(SECTION_TEMPLATES[key], dd, variant, key)


def render_preface(dd: DraftData) -> Rendered:
    """The 导语 before 一、总体情况: basis, contents, statistics period, where to find it."""
    return render_part(PREFACE_TEMPLATE, dd, 0, "导语")
