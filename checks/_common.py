"""Helpers shared by the rules: reading cells, sums that tolerate blanks, grouping, text.

Not a rule module: nothing here registers a rule.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from ingest.model import (
    APPLICANT_COLUMNS,
    SECTION_TITLES,
    AnnualReport,
    Cell,
    Diagnostic,
    Section,
    t3_rows_for,
)

if TYPE_CHECKING:
    from checks.registry import Finding

T3_WIDTH = len(APPLICANT_COLUMNS)
MAX_ROWS_LISTED = 3
"""Above this many failing rows, a row-level rule (blank cells, "/" cells, missing rows)
reports the table once instead of row by row, so a badly filled table stays readable."""


class Reading(Enum):
    """How a table cell reads for the arithmetic."""

    BLANK = "blank"
    NOT_APPLICABLE = "not_applicable"
    COUNT = "count"
    BAD = "bad"


@functools.lru_cache(maxsize=65536)
def read(cell: Cell) -> Reading:
    """Classify a 表三/表四 cell: blank, "/" (read as 0), a count, or unreadable. Cached by
    value (cells are frozen): the rules classify each cell several times."""
    if cell.is_blank:
        return Reading.BLANK
    if cell.is_not_applicable:
        return Reading.NOT_APPLICABLE
    if cell.is_count:
        return Reading.COUNT
    return Reading.BAD


def count_of(cell: Cell) -> int | None:
    """The cell's count when it holds one ("/" reads as 0), else None (blank or unreadable)."""
    if read(cell) in (Reading.COUNT, Reading.NOT_APPLICABLE):
        return cell.value
    return None


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A sum that does not hold: the two sides as read, and whether a blank was read as 0."""

    lhs: int
    rhs: int
    blanks_read_as_zero: bool


def sum_mismatch(lhs: Sequence[Cell], rhs: Sequence[Cell]) -> Mismatch | None:
    """Check ``sum(lhs) == sum(rhs)``; a :class:`Mismatch` only when no filling of the blank
    cells could make it hold.

    Blank cells read as 0, but a blank on the smaller side could hold the difference, so then
    the sum is not reported (T3-BLANK already asks for the cell to be filled): a contradiction
    is never invented from a blank. An unreadable cell skips the check (T3-VALUE reports it).
    """
    readings = [read(c) for c in (*lhs, *rhs)]
    if Reading.BAD in readings:
        return None
    left = sum(count_of(c) or 0 for c in lhs)
    right = sum(count_of(c) or 0 for c in rhs)
    if left == right:
        return None
    left_open = any(read(c) is Reading.BLANK for c in lhs)
    right_open = any(read(c) is Reading.BLANK for c in rhs)
    if (left < right and left_open) or (right < left and right_open):
        return None
    return Mismatch(left, right, left_open or right_open)


def join_labels(labels: Iterable[str]) -> str:
    return "、".join(labels)


def diagnostics(report: AnnualReport, kind: str, table: str) -> list[Diagnostic]:
    """The parser's diagnostics of ``kind`` for ``table`` (表二/表三/表四; 三 is accepted too)."""
    names = {table, table.removeprefix("表")}
    return [d for d in report.diagnostics if d.kind == kind and d.section in names]


def section_label(section: Section | str) -> str:
    """A section as the format prints its heading: ``一、总体情况``."""
    key = section if isinstance(section, str) else section.key
    if key in SECTION_TITLES:
        return f"{key}、{SECTION_TITLES[key]}"
    return section.title if isinstance(section, Section) else key


# --- 表三 rows ---------------------------------------------------------------------------


def summary_view(report: AnnualReport) -> AnnualReport | None:
    """The report as the 表三 rules see its second 表三 (全区汇总): that table in place of the
    organ's own, with its diagnostics under 表三; None when the report has one 表三 only."""
    table = report.summary_applications
    if table is None or not table.rows:
        return None
    own = tuple(
        dataclasses.replace(d, section="表三")
        for d in report.diagnostics
        if d.section == table.name
    )
    return dataclasses.replace(
        report, applications=table, diagnostics=own, summary_applications=None
    )


def _key_of(report: AnnualReport, label: str) -> str | None:
    """The row key of a label (format label, printed label or key), compared without spaces."""
    target = compact(label)
    for key, fmt_label in t3_rows_for(report.format):
        if target in (compact(fmt_label), compact(key)):
            return key
    if report.applications is not None:
        for key, row in report.applications.rows.items():
            if target == compact(row.label):
                return key
    return None


def shifted_rows(report: AnnualReport) -> dict[str, str]:
    """Rows read with more or fewer values than 7, by key -> count read (a row with no value
    at all is a blank row, left to T3-BLANK)."""
    out: dict[str, str] = {}
    for d in diagnostics(report, "cells", "表三"):
        key = _key_of(report, d.location)
        if key is not None and d.actual != "0":
            out[key] = d.actual or "?"
    if report.applications is not None:
        for key, row in report.applications.rows.items():
            if key in out:
                continue
            if row.raw_count not in (None, 0, T3_WIDTH):
                out[key] = str(row.raw_count)
            elif len(row.cells) != T3_WIDTH:
                out[key] = str(len(row.cells))
    return out


# --- text ------------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def compact(text: str) -> str:
    """NFKC and no white space: "2021 年" and "２０２１年" both become "2021年"."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


_FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")


def plain(text: str) -> str:
    """Text to search in: no spaces ("2021 年" -> "2021年"), full-width digits and letters as
    ASCII; punctuation and line breaks stay as printed, so quotes in messages read naturally."""
    return _SPACES.sub("", text.translate(_FULL_WIDTH))


_SENTENCE_END = re.compile(r"[。；;！!？?\n]+")
_CLAUSE_END = re.compile(r"[。；;！!？?\n，,]+")


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(plain(text)) if s]


def clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE_END.split(sentence) if c]


def narrative(report: AnnualReport) -> list[tuple[Section | None, str]]:
    """The report's prose by section; the full text alone when no section was found."""
    parts: list[tuple[Section | None, str]] = [(s, s.text) for s in report.sections if s.text]
    if not parts and report.full_text:
        parts = [(None, report.full_text)]
    return parts


def section_of(report: AnnualReport, needle: str) -> Section | None:
    """The section whose text contains ``needle`` (both compared as :func:`plain` text)."""
    target = plain(needle)
    return next((s for s in report.sections if target in plain(s.text)), None)


_YEAR_RE = re.compile(r"(?<![\d.])(\d{4})年")


def other_year_mentioned(sentence: str, year: int | None) -> bool:
    """True when the sentence speaks of another year (a comparison, not this year's data)."""
    if re.search(r"去年|同比|较上|比上|上年同期|上一年度?[^结]|前一年", sentence):
        return True
    if year is None:
        return False
    return any(int(y) != year for y in _YEAR_RE.findall(sentence))


def t3_count(report: AnnualReport, key: str, column: int = 6) -> int | None:
    """A count of 表三 (default: the 总计 column), summing the applicant columns when the
    total is blank; None when unreadable or when the row was read shifted."""
    if report.applications is None:
        return None
    row = report.applications.get(key)
    if row is None or len(row.cells) != T3_WIDTH or key in shifted_rows(report):
        return None
    total = count_of(row.cells[column])
    if total is not None or column != 6:
        return total
    parts = [read(c) for c in row.cells[:6]]
    if Reading.BAD in parts or all(p is Reading.BLANK for p in parts):
        return None
    return sum(count_of(c) or 0 for c in row.cells[:6])


def label_deviations(
    report: AnnualReport, code: str, table: str, what: str, *, shown: str | None = None
) -> Iterator[Finding]:
    """One warning per label the parser found worded unlike the format (``what``: 行名, 表头);
    ``shown`` is the table's name in the message when it is not ``table`` (表三（全区汇总）)."""
    from checks.registry import Severity, finding

    for d in diagnostics(report, "label", table):
        expected = d.expected or d.location
        yield finding(
            code,
            Severity.WARNING,
            location=expected,
            expected=expected,
            actual=d.actual,
            message=f"{shown or table}{what}「{d.actual}」与格式规定的「{expected}」不一致",
            fix=f"将{what}改为格式规定的「{expected}」",
        )


_INSTITUTION_NAME = re.compile(r"(?:公司|集团|大学|学院|学校|中学|小学|幼儿园|医院|卫生院|保健院)$")
PUBLIC_INSTITUTION_KINDS = frozenset(
    {"公共企事业单位", "企事业单位", "企业", "学校", "医院", "高校"}
)
"""Organ kinds a caller may give for a 公共企事业单位 (供水、供电、学校、医院…)."""


def public_institution(report: AnnualReport, organ_kind: str | None = None) -> str | None:
    """The name of the 公共企事业单位 whose report this is, or None for an organ's report.

    Why: a school's, hospital's or water company's 信息公开工作年度报告 follows its sector's own
    rules (公共企事业单位信息公开规定), not the 政府信息公开工作年度报告 format, so its lack of
    表二/表四 and of the six headings is no error. A report is taken as one when the caller says
    so, or when its organ is named like an enterprise or institution (…公司, …医院, …学校) and
    neither 表二 nor 表四 of the government format is in it: an institution that did use the
    government format is checked as such.
    """
    if organ_kind in PUBLIC_INSTITUTION_KINDS:
        return report.organ or organ_kind
    title = plain(report.title)
    head = re.split(r"(?:19|20)\d\d", title)[0]
    name = next(
        (n for n in (plain(report.organ or ""), head) if n and _INSTITUTION_NAME.search(n)), None
    )
    if name is None:
        return None
    t4 = report.review_litigation
    has_t4 = t4 is not None and t4.found and t4.has_data_row
    if report.active.rows or has_t4:
        return None
    return name
