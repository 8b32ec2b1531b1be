"""The rule registry: findings, the ``@rule`` decorator and ``run_checks``.

A rule is a plain function over the report model, named after its code and registered with
``@rule``; it yields one :class:`Finding` per failing cell, row or column::

    @rule("T3-BALANCE", Severity.ERROR, section="表三", source="表三勾稽关系说明")
    def t3_balance(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
        \"\"\"Per column: 一 + 二 = （七）总计 + 四.\"\"\"

    findings = run_checks(report, history=(last_year,), select=["T3"])

Rules do no I/O and never raise on missing data: a missing table is a finding of its own
(``T3-ROW``), and the arithmetic rules skip what they cannot read.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from checks._common import public_institution, summary_view
from ingest.model import (
    APPLICANT_COLUMNS,
    T2_ITEMS_2019,
    T2_ITEMS_2021,
    T3_ROWS_2019,
    T3_ROWS_2021,
    T4_GROUPS,
    T4_RESULTS,
    AnnualReport,
)

__all__ = [
    "RULES",
    "SECTION_ORDER",
    "CheckContext",
    "Finding",
    "Replaces",
    "Rule",
    "RuleFunc",
    "Severity",
    "finding",
    "finding_to_dict",
    "load_rules",
    "rule",
    "run_checks",
]


class Severity(StrEnum):
    """How bad a finding is: ``error`` must be fixed before publishing (``xxgk check`` exits 1),
    ``warning`` is a likely mistake or a deviation from the format, ``info`` is advice."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a report, with what was expected, what was printed and the fix.

    ``section`` is 标题, 全文, 一…六, 表二, 表三 or 表四, or a second 表三's own name
    (表三（全区汇总）); ``location`` names the row and column with the labels the format prints;
    ``source`` is the rule's basis (条例, the format…).
    """

    code: str
    severity: Severity
    section: str
    location: str
    expected: str | None
    actual: str | None
    message: str
    fix: str
    source: str


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What a rule may know beyond the report itself.

    ``history`` holds the same organ's earlier reports, newest first (empty when none is
    stored); ``organ_kind`` is the organ's kind when the caller knows it (乡镇, 街道, 县级政府,
    部门…), used by rules that apply to 人民政府 reports only.
    """

    history: tuple[AnnualReport, ...] = ()
    organ_kind: str | None = None

    def previous(self, report: AnnualReport) -> AnnualReport | None:
        """The newest stored report of the year before ``report``'s, if any."""
        if report.year is None:
            return None
        return next((r for r in self.history if r.year == report.year - 1), None)


RuleFunc = Callable[[AnnualReport, CheckContext], Iterator[Finding]]
Replaces = Callable[[Finding], Iterable[tuple[str, str]]]
"""The findings (code, location; same section) a finding of a rule stands for: T3-CELL's one
mistyped cell stands for the row and column sums that cell breaks."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: its code, the severities it can report, its section and basis."""

    code: str
    severities: tuple[Severity, ...]
    section: str
    source: str
    func: RuleFunc = field(repr=False)
    replaces: Replaces | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""

    @property
    def summary(self) -> str:
        """The docstring's first line: what the rule checks."""
        return self.doc.splitlines()[0] if self.doc else ""


RULES: dict[str, Rule] = {}
"""Every registered rule by code, in registration order."""

BUILTIN_MODULES: tuple[str, ...] = (
    "checks.structure",
    "checks.table2",
    "checks.table3",
    "checks.table4",
    "checks.text",
    "checks.history",
)
"""The modules whose rules ship with xxgk; importing one registers its rules."""


def rule(
    code: str,
    *severities: Severity,
    section: str,
    source: str,
    replaces: Replaces | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``code`` (default severity: error); ``replaces`` names,
    for each of its findings, the other rules' findings it stands for (dropped when both run)."""

    def register(func: RuleFunc) -> RuleFunc:
        expected_name = code.lower().replace("-", "_")
        if func.__name__ != expected_name:
            raise ValueError(f"rule {code} must be named {expected_name}, not {func.__name__}")
        if code in RULES and RULES[code].func is not func:
            raise ValueError(f"rule {code} is registered twice")
        RULES[code] = Rule(code, severities or (Severity.ERROR,), section, source, func, replaces)
        return func

    return register


def load_rules() -> dict[str, Rule]:
    """Import the built-in rule modules (once) and return the registry."""
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    return RULES


def finding(
    code: str,
    severity: Severity,
    *,
    location: str,
    message: str,
    fix: str,
    expected: str | None = None,
    actual: str | None = None,
    section: str | None = None,
    source: str | None = None,
) -> Finding:
    """Build a finding of a registered rule; section and source default to the rule's."""
    registered = RULES[code]
    if severity not in registered.severities:
        raise ValueError(f"rule {code} does not report {severity}")
    return Finding(
        code=code,
        severity=severity,
        section=section or registered.section,
        location=location,
        expected=expected,
        actual=actual,
        message=message,
        fix=fix,
        source=source or registered.source,
    )


# --- ordering ---------------------------------------------------------------------------

SECTION_ORDER: tuple[str, ...] = (
    "标题",
    "全文",
    "一",
    "二",
    "表二",
    "三",
    "表三",
    "四",
    "表四",
    "五",
    "六",
)
"""The order findings are listed in: the order a reader meets them in the report."""


def _location_vocabulary() -> tuple[str, ...]:
    words: list[str] = []
    for _key, label in (*T3_ROWS_2021, *T3_ROWS_2019):
        if label not in words:
            words.append(label)
    words += [f"{c}列" for c in APPLICANT_COLUMNS]
    words += ["行政复议", *(f"行政诉讼 / {g}" for g in T4_GROUPS[1:])]
    for items in (T2_ITEMS_2021, T2_ITEMS_2019):
        for item, (para, _cols) in items.items():
            for word in (para, item):
                if word not in words:
                    words.append(word)
    return tuple(words)


_VOCABULARY = _location_vocabulary()


_COLUMNS: tuple[str, ...] = (*APPLICANT_COLUMNS, *T4_RESULTS)


def _section_rank(section: str) -> tuple[int, str]:
    """A second 表三 (表三（全区汇总）) comes right after the organ's own 表三."""
    if section in SECTION_ORDER:
        return SECTION_ORDER.index(section), ""
    if section.startswith("表三"):
        return SECTION_ORDER.index("表三"), section
    return len(SECTION_ORDER), section


def _sort_key(f: Finding) -> tuple[tuple[int, str], int, int, str, str]:
    """Section order, then the row as the format orders it, then the column."""
    section = _section_rank(f.section)
    row = next(
        (i for i, word in enumerate(_VOCABULARY) if f.location.startswith(word)), len(_VOCABULARY)
    )
    last = f.location.rsplit(" / ", 1)[-1]
    column = _COLUMNS.index(last) if " / " in f.location and last in _COLUMNS else -1
    return section, row, column, f.location, f.code


def _selected(code: str, select: Iterable[str] | None) -> bool:
    if select is None:
        return True
    return any(code == s or code.startswith(s.rstrip("-") + "-") for s in select)


def run_checks(
    report: AnnualReport,
    *,
    history: Iterable[AnnualReport] = (),
    organ_kind: str | None = None,
    select: Iterable[str] | None = None,
) -> list[Finding]:
    """Run the registered rules (all, or the codes and prefixes in ``select``, e.g. ``["T3",
    "X-ART50"]``) and return their findings in report order."""
    rules = load_rules()
    chosen = list(select) if select is not None else None
    if chosen is not None:
        unknown = [s for s in chosen if not any(_selected(code, [s]) for code in rules)]
        if unknown:
            raise ValueError(f"unknown check code(s): {', '.join(unknown)}")
    ctx = CheckContext(history=tuple(history), organ_kind=organ_kind)
    findings: list[Finding] = []
    lost = unreadable_tables(report)
    institution = public_institution(report, organ_kind) is not None
    scanned = any(d.kind == "scanned_pages" for d in report.diagnostics)
    summary = summary_view(report)
    for code, registered in rules.items():
        if not _selected(code, chosen) or (institution and code in GOVERNMENT_FORMAT_ONLY):
            continue
        produced = list(registered.func(report, ctx))
        if summary is not None and code in SUMMARY_TABLE_RULES:
            produced += [_of_summary(f, summary) for f in registered.func(summary, ctx)]
        findings.extend(
            f
            for f in produced
            if not _about_lost_table(f, lost) and not (scanned and _claims_absence(f))
        )
    return sorted(_without_replaced(findings, rules), key=_sort_key)


def _without_replaced(findings: list[Finding], rules: dict[str, Rule]) -> list[Finding]:
    """Drop the findings another finding stands for, so one mistake is reported once: a clerk
    who reads three errors fixes three things (T3-CELL names the one cell instead)."""
    gone: set[tuple[str, str, str]] = set()
    for f in findings:
        replaces = rules[f.code].replaces if f.code in rules else None
        if replaces is not None:
            gone |= {(f.section, code, location) for code, location in replaces(f)}
    return [f for f in findings if (f.section, f.code, f.location) not in gone]


SUMMARY_TABLE_RULES: frozenset[str] = frozenset(
    {
        "T3-ROW",
        "T3-CELLS",
        "T3-VALUE",
        "T3-BLANK",
        "T3-BALANCE",
        "T3-ROWSUM",
        "T3-OUTCOME",
        "T3-CELL",
    }
)
"""The rules on 表三 alone (its rows, cells and 勾稽关系), run on a second 表三 (全区汇总) too.
X-APPS, X-OVERVIEW and H-CARRY are not: the prose and last year's report speak of the organ's
own 表三, not of the sum over its departments and townships."""


def _of_summary(f: Finding, view: AnnualReport) -> Finding:
    """A finding on the second 表三, filed under its name, with the fix saying where."""
    name = view.applications.name if view.applications is not None else "表三"
    fix = f.fix if name in f.fix else f"在{name}中：{f.fix}"
    return dataclasses.replace(f, section=name, fix=fix)


ABSENCE_RULES: frozenset[str] = frozenset(
    {"T2-ROW", "T3-ROW", "T4-ROW", "P-UNREAD", "X-ART50", "X-FEE", "X-OVERVIEW"}
)
"""Rules that report something as absent from the report: when some of its pages are scans
without text (P-SCAN), the missing part may well be on them, so these are withheld."""


def _claims_absence(f: Finding) -> bool:
    return f.code in ABSENCE_RULES or (f.code == "S-SECTION" and f.actual == "缺失")


GOVERNMENT_FORMAT_ONLY: frozenset[str] = frozenset(
    {"S-TITLE", "S-SECTION", "S-FORMAT", "T2-ROW", "T3-ROW", "T4-ROW", "P-UNREAD"}
    | {"X-ART50", "X-FEE", "X-OVERVIEW"}
)
"""Rules that hold a report to the 政府信息公开工作年度报告 format (its title, six parts and
tables, the 人民政府 and 信息处理费 items): not run on a 公共企事业单位's report, which S-KIND
names once instead (a water company's report has no 表二 to miss)."""


TABLE_DEPENDENT: dict[str, str] = {"X-APPS": "表三", "X-REVIEW": "表四", "H-CARRY": "表三"}
"""Rules outside a table's own section that compare the text or history with that table."""


def unreadable_tables(report: AnnualReport) -> set[str]:
    """The tables the parser could not read from this file's text (表二/表三/表四)."""
    return {d.section for d in report.diagnostics if d.kind == "unreadable"}


def _about_lost_table(f: Finding, lost: set[str]) -> bool:
    """A finding about a table that could not be read would blame the clerk for the parser's
    failure: P-UNREAD names the table instead."""
    if not lost or f.code == "P-UNREAD":
        return False
    return f.section in lost or TABLE_DEPENDENT.get(f.code) in lost


def finding_to_dict(f: Finding) -> dict[str, Any]:
    """The JSON shape of a finding (severity as its plain string)."""
    return {
        "code": f.code,
        "severity": str(f.severity),
        "section": f.section,
        "location": f.location,
        "expected": f.expected,
        "actual": f.actual,
        "message": f.message,
        "fix": f.fix,
        "source": f.source,
    }
