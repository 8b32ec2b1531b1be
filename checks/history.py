"""Rules that compare a report with the same organ's report of the year before.

They need ``CheckContext.history``; with no stored report of the previous year they say
nothing (a first report cannot be compared).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from checks._common import count_of, section_label, shifted_rows
from checks.registry import CheckContext, Finding, Severity, finding, rule
from ingest.model import (
    APPLICANT_COLUMNS,
    SECTION_TITLES,
    T2_ITEMS_2019,
    T2_ITEMS_2021,
    T3_ROWS_2019,
    T3_ROWS_2021,
    T4_GROUPS,
    T4_RESULTS,
    AnnualReport,
)

CARRIED_IN = "二、上年结转政府信息公开申请数量"
CARRIED_OUT = "四、结转下年度继续办理"


@rule("H-CARRY", Severity.WARNING, section="表三", source="表三勾稽关系说明；上年度年度报告表三")
def h_carry(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """Per column: this year's 二、上年结转 differs from last year's 四、结转下年度继续办理.

    Why: the applications carried forward at the end of last year are exactly those carried
    in this year; a difference means one of the two reports is wrong.

    Fails: last year 结转下年度 自然人 2, this year 上年结转 自然人 0.
    Passes: both 2.
    """
    previous = ctx.previous(report)
    if previous is None or report.applications is None or previous.applications is None:
        return
    this_row = report.applications.get("上年结转")
    last_row = previous.applications.get("结转下年度")
    if this_row is None or last_row is None:
        return
    if "上年结转" in shifted_rows(report) or "结转下年度" in shifted_rows(previous):
        return
    for i, column in enumerate(APPLICANT_COLUMNS):
        if i >= len(this_row.cells) or i >= len(last_row.cells):
            break
        now, before = count_of(this_row.cells[i]), count_of(last_row.cells[i])
        if now is None or before is None or now == before:
            continue
        yield finding(
            "H-CARRY",
            Severity.WARNING,
            location=f"{CARRIED_IN} / {column}",
            expected=str(before),
            actual=str(now),
            message=f"表三「{CARRIED_IN}」{column}为 {now}，但{previous.year}年报告"
            f"「{CARRIED_OUT}」{column}为 {before}",
            fix="核对上年结转数；如上年报告的结转数有误，在本年报告中说明原因",
        )


@rule(
    "H-VALID",
    Severity.INFO,
    section="表二",
    source="国办公开办函〔2021〕30号格式 表二（现行有效件数）",
)
def h_valid(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """规章 / 行政规范性文件: 现行有效件数 ≠ last year's 现行有效件数 + 本年制发件数 − 本年废止件数.

    Why: documents in force at the end of the year are last year's, plus those issued, minus
    those repealed; other changes (expiry, a recount) are possible, hence info, not warning.

    Fails: last year 现行有效 20; this year 制发 3, 废止 1, 现行有效 25 (expected 22).
    Passes: 现行有效 22.
    """
    previous = ctx.previous(report)
    if previous is None or report.format != "2021" or previous.format != "2021":
        return
    for item in ("规章", "行政规范性文件"):
        row, last = report.active.rows.get(item), previous.active.rows.get(item)
        if row is None or last is None or len(row.cells) != 3 or len(last.cells) != 3:
            continue
        if not all(c.is_count for c in (*row.cells, last.cells[2])):
            continue
        issued, repealed, valid = (c.value or 0 for c in row.cells)
        before = last.cells[2].value or 0
        want = before + issued - repealed
        if want == valid:
            continue
        yield finding(
            "H-VALID",
            Severity.INFO,
            location=f"{item} / 现行有效件数",
            expected=str(want),
            actual=str(valid),
            message=f"表二「{item}」现行有效 {valid} 件；"
            f"按{previous.year}年报告现行有效 {before} 件"
            f" + 本年制发 {issued} 件 − 本年废止 {repealed} 件，应为 {want} 件",
            fix="核对现行有效件数；如有文件因到期等原因失效，可在报告中说明",
        )


# --- H-COPY -------------------------------------------------------------------------------

COPY_THRESHOLD = 0.9
"""Shingle similarity at or above which a section counts as copied."""
MIN_CHARS = 50
"""Sections shorter than this (after removing the format's own words) are not compared."""
SHINGLE = 3


def _fixed_phrases() -> tuple[str, ...]:
    words: set[str] = set(SECTION_TITLES.values())
    for _k, label in (*T3_ROWS_2021, *T3_ROWS_2019):
        words.add(label)
        words.update(label.split())
    for items in (T2_ITEMS_2021, T2_ITEMS_2019):
        for item, (para, cols) in items.items():
            words.update((item, para, *cols))
    words.update((*T4_GROUPS, *T4_RESULTS, *APPLICANT_COLUMNS, "行政诉讼", "法人或其他组织"))
    words.update(
        (
            "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和",
            "申请人情况",
            "信息内容",
            "主动公开",
            "依申请公开",
            "政府信息管理",
            "政府信息公开平台建设",
            "平台建设",
            "监督保障",
            "存在的主要问题",
            "存在的问题",
            "改进情况",
            "其他需要报告的事项",
        )
    )
    essences = {_essence(w, ()) for w in words}
    return tuple(sorted((e for e in essences if e), key=len, reverse=True))


_NOT_WORDS = re.compile(r"[^\u4e00-\u9fffA-Za-z]+")


def _essence(text: str, fixed: tuple[str, ...]) -> str:
    """The words of a text: no digits (years change), punctuation or the format's own wording."""
    text = _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text))
    for phrase in fixed:
        text = text.replace(phrase, "")
    return text


_FIXED = _fixed_phrases()


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' character 3-grams (1.0 for identical texts)."""
    sa = {a[i : i + SHINGLE] for i in range(len(a) - SHINGLE + 1)}
    sb = {b[i : i + SHINGLE] for i in range(len(b) - SHINGLE + 1)}
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


@rule(
    "H-COPY",
    Severity.WARNING,
    section="全文",
    source="国办公开办函〔2021〕30号（四）明确责任（内容雷同须追责）",
)
def h_copy(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A section's text is nearly identical to the same section of last year's report.

    Why: the format names "内容雷同" among the failings the 主管部门 must pursue (（四）明确
    责任); a part copied from last year does not report this year's work. Years, numbers and
    the format's fixed wording are ignored, and short sections are not compared.

    Fails: 五、存在的主要问题及改进情况 copied from last year with only the year changed.
    Passes: the section rewritten for this year.
    """
    previous = ctx.previous(report)
    if previous is None:
        return
    for section in report.sections:
        if section.key not in SECTION_TITLES:
            continue
        before = previous.section(section.key)
        if before is None:
            continue
        now_text, old_text = _essence(section.text, _FIXED), _essence(before.text, _FIXED)
        if min(len(now_text), len(old_text)) < MIN_CHARS:
            continue
        score = similarity(now_text, old_text)
        if score < COPY_THRESHOLD:
            continue
        yield finding(
            "H-COPY",
            Severity.WARNING,
            section=section.key,
            location=section_label(section),
            expected=f"相似度低于 {COPY_THRESHOLD:.0%}",
            actual=f"{score:.0%}",
            message=f"「{section_label(section)}」与{previous.year}年报告的同一部分文字几乎相同"
            f"（相似度 {score:.0%}），格式把“内容雷同”列为须追责的问题",
            fix="结合本年度实际工作重写该部分，写明本年的做法、数据和事例",
        )
