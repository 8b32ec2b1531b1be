"""The annual report model (政府信息公开工作年度报告): plain data, no I/O.

Glossary (identifiers are English, the printed Chinese label is the data):
本年新收 ``new_received`` (row key 新收), 上年结转 ``carried_in`` (上年结转),
结转下年度继续办理 ``carried_forward`` (结转下年度), 予以公开 ``disclosed``,
不予公开 ``withheld``, 行政复议 ``admin_review``, 行政诉讼 ``litigation``,
尚未审结 ``pending``. Row keys are the Chinese keys of the gold JSON so that the JSON a user
sees and the code speak the same words.

A cell keeps its printed ``raw`` text; ``value`` is derived. Blank (``None``) differs from 0,
and a non-integer stays visible so the checker can report it instead of guessing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from organs import REPORTING_KINDS, kind_from_name

FormatVersion = Literal["2021", "2019"]

APPLICANT_COLUMNS: tuple[str, ...] = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)
"""表三's seven columns: the six applicant kinds and their 总计."""

# (row key, label as printed in the 2021 format)
T3_ROWS_2021: tuple[tuple[str, str], ...] = (
    ("新收", "一、本年新收政府信息公开申请数量"),
    ("上年结转", "二、上年结转政府信息公开申请数量"),
    ("予以公开", "（一）予以公开"),
    ("部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("不予公开.国家秘密", "（三）不予公开 1.属于国家秘密"),
    ("不予公开.其他法律行政法规禁止公开", "（三）不予公开 2.其他法律行政法规禁止公开"),
    ("不予公开.三安全一稳定", "（三）不予公开 3.危及“三安全一稳定”"),
    ("不予公开.保护第三方合法权益", "（三）不予公开 4.保护第三方合法权益"),
    ("不予公开.三类内部事务信息", "（三）不予公开 5.属于三类内部事务信息"),
    ("不予公开.四类过程性信息", "（三）不予公开 6.属于四类过程性信息"),
    ("不予公开.行政执法案卷", "（三）不予公开 7.属于行政执法案卷"),
    ("不予公开.行政查询事项", "（三）不予公开 8.属于行政查询事项"),
    ("无法提供.本机关不掌握", "（四）无法提供 1.本机关不掌握相关政府信息"),
    ("无法提供.没有现成信息需要另行制作", "（四）无法提供 2.没有现成信息需要另行制作"),
    ("无法提供.补正后申请内容仍不明确", "（四）无法提供 3.补正后申请内容仍不明确"),
    ("不予处理.信访举报投诉类申请", "（五）不予处理 1.信访举报投诉类申请"),
    ("不予处理.重复申请", "（五）不予处理 2.重复申请"),
    ("不予处理.要求提供公开出版物", "（五）不予处理 3.要求提供公开出版物"),
    ("不予处理.无正当理由大量反复申请", "（五）不予处理 4.无正当理由大量反复申请"),
    (
        "不予处理.要求行政机关确认或重新出具已获取信息",
        "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    ),
    (
        "其他处理.逾期不补正",
        "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "其他处理.逾期未缴费",
        "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("其他处理.其他", "（六）其他处理 3.其他"),
    ("总计", "（七）总计"),
    ("结转下年度", "四、结转下年度继续办理"),
)

_OTHER_2021 = ("其他处理.逾期不补正", "其他处理.逾期未缴费", "其他处理.其他")
T3_ROWS_2019: tuple[tuple[str, str], ...] = tuple(
    row for row in T3_ROWS_2021 if row[0] not in _OTHER_2021[1:]
)
T3_ROWS_2019 = tuple(
    ("其他处理", "（六）其他处理") if key == "其他处理.逾期不补正" else (key, label)
    for key, label in T3_ROWS_2019
)

OUTCOME_KEYS_2021: tuple[str, ...] = tuple(k for k, _ in T3_ROWS_2021[2:-2])
"""The outcome rows (一)…(六) that (七)总计 adds up (2021 format)."""
OUTCOME_KEYS_2019: tuple[str, ...] = tuple(k for k, _ in T3_ROWS_2019[2:-2])

T4_GROUPS: tuple[str, ...] = ("行政复议", "未经复议直接起诉", "复议后起诉")
T4_RESULTS: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_COLUMNS: tuple[tuple[str, str], ...] = tuple((g, r) for g in T4_GROUPS for r in T4_RESULTS)
"""表四's 15 columns, in printed order."""

# 表二, 2021 format: item key -> (paragraph of 条例第二十条, column labels)
T2_ITEMS_2021: dict[str, tuple[str, tuple[str, ...]]] = {
    "规章": ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数")),
    "行政规范性文件": ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数")),
    "行政许可": ("第二十条第（五）项", ("本年处理决定数量",)),
    "行政处罚": ("第二十条第（六）项", ("本年处理决定数量",)),
    "行政强制": ("第二十条第（六）项", ("本年处理决定数量",)),
    "行政事业性收费": ("第二十条第（八）项", ("本年收费金额（单位：万元）",)),
}
T2_ITEMS_2019: dict[str, tuple[str, tuple[str, ...]]] = {
    "规章": ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    "规范性文件": ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    "行政许可": ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "其他对外管理服务事项": (
        "第二十条第（五）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
    ),
    "行政处罚": ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "行政强制": ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量")),
    "行政事业性收费": ("第二十条第（八）项", ("上一年项目数量", "本年增/减")),
    "政府集中采购": ("第二十条第（九）项", ("采购项目数量", "采购总金额")),
}

SECTION_TITLES: dict[str, str] = {
    "一": "总体情况",
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
    "五": "存在的主要问题及改进情况",
    "六": "其他需要报告的事项",
}
"""The six sections of both formats, by their canonical numeral."""

NOT_APPLICABLE = frozenset({"/", "／", "—", "——", "-", "－", "–", "─", "无", "\\"})
_INT_RE = re.compile(r"^[+-]?\d+$")
_NUM_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


@functools.lru_cache(maxsize=65536)
def normalize_cell_text(text: str) -> str:
    """Full-width to half-width, no inner spaces, thousands separators dropped. Cached: the
    rules read each cell many times, and cell texts ("0", "12", "/") repeat across reports."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return text.replace(",", "").replace("，", "").replace("−", "-")


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell as printed. ``raw`` is None for a blank cell; ``inferred`` marks a value
    the parser restored from the row's arithmetic after a cell was lost in extraction."""

    raw: str | None
    inferred: bool = False

    @property
    def text(self) -> str:
        return normalize_cell_text(self.raw) if self.raw is not None else ""

    @property
    def is_blank(self) -> bool:
        return self.raw is None or self.text == ""

    @property
    def is_not_applicable(self) -> bool:
        """``/`` or ``—``: "not applicable", read as 0 for the arithmetic."""
        return not self.is_blank and self.text in NOT_APPLICABLE

    @property
    def is_count(self) -> bool:
        """A non-negative integer as the format wants it."""
        return not self.is_blank and bool(_INT_RE.match(self.text)) and int(self.text) >= 0

    @property
    def value(self) -> int | None:
        """The count for arithmetic: the integer, 0 for "not applicable", None otherwise."""
        if self.is_blank:
            return None
        if self.is_not_applicable:
            return 0
        if _INT_RE.match(self.text):
            return int(self.text)
        return None

    @property
    def number(self) -> Decimal | None:
        """A decimal reading (fees in 万元 may have decimals); None when not a number."""
        if self.is_blank or self.is_not_applicable:
            return None
        if _NUM_RE.match(self.text):
            try:
                return Decimal(self.text)
            except InvalidOperation:  # pragma: no cover - regex guarantees validity
                return None
        return None

    def json_value(self) -> int | float | None:
        """The JSON value: integers as int, decimals as float, blank and unreadable as None."""
        if self.is_blank:
            return None
        if self.is_not_applicable:
            return 0
        num = self.number
        if num is None:
            return None
        return int(num) if num == num.to_integral_value() and "." not in self.text else float(num)


def cells(*values: int | str | None) -> tuple[Cell, ...]:
    """Build cells from values: ints and strings become raw text, None stays blank."""
    return tuple(Cell(None if v is None else str(v)) for v in values)


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of 表二/表三: its key, the label as printed, and the cells as read."""

    key: str
    label: str
    cells: tuple[Cell, ...]
    raw_count: int | None = None
    """How many value cells the source row really had, when it differs from the format."""

    def values(self) -> list[int | None]:
        return [c.value for c in self.cells]


@dataclass(frozen=True, slots=True)
class Section:
    """One numbered part of the report. ``key`` is the canonical numeral 一…六 (or ``extra``
    for a part the format does not have, such as a 信息处理费 table in recent reports);
    ``number`` is the numeral as printed (None when the heading has none)."""

    key: str
    number: str | None
    title: str
    text: str
    order: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the parser noticed while reading (a lost cell, a deviating label…).

    ``kind`` is one of: ``cells`` (value count differs), ``label`` (label deviates),
    ``missing_row``, ``missing_table``, ``no_data_row``, ``title``, ``unreadable``,
    ``scanned_pages`` (PDF pages without a text layer: what is on them cannot be read).
    """

    kind: str
    section: str
    location: str
    message: str
    expected: str | None = None
    actual: str | None = None


@dataclass(frozen=True, slots=True)
class ActiveTable:
    """表二 (主动公开政府信息情况). ``rows`` by item key (标准名称); ``label`` keeps the
    printed label, so 规范性文件 for 行政规范性文件 can be reported."""

    rows: dict[str, TableRow] = field(default_factory=dict)
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Column labels as printed, by 第二十条 paragraph."""


@dataclass(frozen=True, slots=True)
class ApplicationTable:
    """表三 (收到和处理政府信息公开申请情况): rows by key, each with seven cells. ``name`` is
    how findings call the table: 表三, or for a second 表三 the heading the report gives it
    (表三（全区汇总）)."""

    rows: dict[str, TableRow] = field(default_factory=dict)
    name: str = "表三"

    def get(self, key: str) -> TableRow | None:
        return self.rows.get(key)


@dataclass(frozen=True, slots=True)
class ReviewTable:
    """表四 (行政复议、行政诉讼): the data row's fifteen cells (all blank when the row is
    missing; ``found`` says whether the table's header was found at all)."""

    cells: tuple[Cell, ...]
    found: bool = True
    has_data_row: bool = True


@dataclass(frozen=True, slots=True)
class AnnualReport:
    """One 政府信息公开工作年度报告 as read from a file."""

    organ: str | None
    year: int | None
    format: FormatVersion
    title: str
    sections: tuple[Section, ...]
    active: ActiveTable
    applications: ApplicationTable | None
    review_litigation: ReviewTable | None
    diagnostics: tuple[Diagnostic, ...] = ()
    full_text: str = ""
    summary_applications: ApplicationTable | None = None
    """A second 表三 after the organ's own (a 区/县政府's 全区汇总, its departments and
    townships included): checked for its own 勾稽关系 only; the prose and last year's report
    speak of ``applications``. Its parser diagnostics carry its ``name`` as their section."""

    def section(self, key: str) -> Section | None:
        """The section with canonical numeral ``key`` (一…六)."""
        return next((s for s in self.sections if s.key == key), None)

    @property
    def t3_keys(self) -> tuple[str, ...]:
        rows = T3_ROWS_2021 if self.format == "2021" else T3_ROWS_2019
        return tuple(k for k, _ in rows)


def t3_rows_for(fmt: FormatVersion) -> tuple[tuple[str, str], ...]:
    return T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019


def t2_items_for(fmt: FormatVersion) -> dict[str, tuple[str, tuple[str, ...]]]:
    return T2_ITEMS_2021 if fmt == "2021" else T2_ITEMS_2019


def report_to_json(report: AnnualReport) -> dict[str, Any]:
    """The JSON shape of ``xxgk parse --json`` (the keys of the gold files)."""
    active: dict[str, Any]
    if report.format == "2021":
        active = {}
        for key in T2_ITEMS_2021:
            row = report.active.rows.get(key)
            vals = [c.json_value() for c in row.cells] if row else None
            if key in ("规章", "行政规范性文件"):
                active[key] = vals if vals is not None else [None, None, None]
            else:
                active[key] = vals[0] if vals else None
    else:
        active = {"columns_note": "2019 format"}
        for key, (para, cols) in T2_ITEMS_2019.items():
            row = report.active.rows.get(key)
            vals = [c.json_value() for c in row.cells] if row else [None] * len(cols)
            active.setdefault(para, {})[key] = vals
    applications: dict[str, list[int | None]] = {}
    for key, _ in t3_rows_for(report.format):
        row = report.applications.get(key) if report.applications else None
        applications[key] = row.values() if row else [None] * 7
    review = (
        [c.value for c in report.review_litigation.cells]
        if report.review_litigation
        else [None] * 15
    )
    summary: dict[str, Any] = {}
    if report.summary_applications is not None:
        table = report.summary_applications
        summary["summary_applications"] = {
            "name": table.name,
            "rows": {key: row.values() for key, row in table.rows.items()},
        }
    return {
        "organ": report.organ,
        "year": report.year,
        "format": report.format,
        "title": report.title,
        "sections": [
            {"number": s.number, "key": s.key, "title": s.title, "text": s.text}
            for s in report.sections
        ],
        "active": active,
        "applications": applications,
        "review_litigation": review,
        "diagnostics": [
            {
                "kind": d.kind,
                "section": d.section,
                "location": d.location,
                "message": d.message,
                "expected": d.expected,
                "actual": d.actual,
            }
            for d in report.diagnostics
        ],
        **summary,
    }


TableRowValues = tuple[str, str, tuple[str, ...], list[Any] | None]
"""(table, row key, column labels, values): one row of 表二/表三/表四 as ``table_rows`` gives it."""


def table_rows(report: AnnualReport) -> list[TableRowValues]:
    """Every row of 表二, 表三 and 表四 with its printed column labels and its values as
    ``report_to_json`` gives them (None: the row or the table is missing). 表四's fifteen cells
    come as three rows, one per group (行政复议, 未经复议直接起诉, 复议后起诉)."""
    data = report_to_json(report)
    rows: list[TableRowValues] = []
    active = data["active"]
    if report.format == "2019":
        for key, (paragraph, labels) in T2_ITEMS_2019.items():
            rows.append(("表二", key, labels, (active.get(paragraph) or {}).get(key)))
    else:
        for key, (_paragraph, labels) in T2_ITEMS_2021.items():
            value = active.get(key)
            rows.append(
                (
                    "表二",
                    key,
                    labels,
                    value if value is None or isinstance(value, list) else [value],
                )
            )
    for key, values in data["applications"].items():
        rows.append(("表三", key, APPLICANT_COLUMNS, values))
    review = data["review_litigation"]
    width = len(T4_RESULTS)
    for g, group in enumerate(T4_GROUPS):
        rows.append(("表四", group, T4_RESULTS, list(review[g * width : (g + 1) * width])))
    return rows


def _json_cells(values: list[Any] | None, n: int) -> tuple[Cell, ...]:
    if values is None:
        return tuple(Cell(None) for _ in range(n))
    return tuple(Cell(None if v is None else str(v)) for v in values)


def report_from_json(data: dict[str, Any], full_text: str = "") -> AnnualReport:
    """Rebuild a report from ``report_to_json`` output (stored reports, draft data files).

    Printed labels are not in the JSON, so rows get the format's labels; diagnostics are kept.
    """
    fmt: FormatVersion = "2019" if str(data.get("format")) == "2019" else "2021"
    active_rows: dict[str, TableRow] = {}
    active = data.get("active") or {}
    if fmt == "2021":
        for key, (_para, cols) in T2_ITEMS_2021.items():
            if key not in active:
                continue
            raw = active[key]
            values = raw if isinstance(raw, list) else [raw]
            active_rows[key] = TableRow(key, key, _json_cells(values, len(cols)))
    else:
        for key, (para, cols) in T2_ITEMS_2019.items():
            listed = (active.get(para) or {}).get(key)
            if listed is not None:
                active_rows[key] = TableRow(key, key, _json_cells(listed, len(cols)))
    apps = data.get("applications")
    applications = None
    if apps:
        applications = ApplicationTable(
            rows={
                key: TableRow(key, label, _json_cells(apps.get(key), 7))
                for key, label in t3_rows_for(fmt)
                if key in apps
            }
        )
    summary = None
    if data.get("summary_applications"):
        listed = data["summary_applications"]
        summary = ApplicationTable(
            rows={
                key: TableRow(key, label, _json_cells(listed["rows"].get(key), 7))
                for key, label in t3_rows_for(fmt)
                if key in listed["rows"]
            },
            name=listed.get("name") or "表三（汇总）",
        )
    review_values = data.get("review_litigation")
    review = None
    if review_values is not None:
        has_data = any(v is not None for v in review_values)
        review = ReviewTable(cells=_json_cells(review_values, 15), has_data_row=has_data)
    sections = tuple(
        Section(
            key=s.get("key") or s.get("number") or "extra",
            number=s.get("number"),
            title=s.get("title", ""),
            text=s.get("text", ""),
            order=i,
        )
        for i, s in enumerate(data.get("sections") or [])
    )
    diagnostics = tuple(
        Diagnostic(
            kind=d["kind"],
            section=d["section"],
            location=d["location"],
            message=d["message"],
            expected=d.get("expected"),
            actual=d.get("actual"),
        )
        for d in data.get("diagnostics") or []
    )
    if not full_text:
        full_text = "\n".join(
            [data.get("title") or ""] + [s.title + "\n" + s.text for s in sections]
        )
    return AnnualReport(
        organ=data.get("organ"),
        year=data.get("year"),
        format=fmt,
        title=data.get("title") or "",
        sections=sections,
        active=ActiveTable(rows=active_rows),
        applications=applications,
        review_litigation=review,
        diagnostics=diagnostics,
        full_text=full_text,
        summary_applications=summary,
    )


ORGAN_KINDS: tuple[str, ...] = REPORTING_KINDS
"""The reporting organ kinds (``organs.REPORTING_KINDS``)."""


def organ_kind_from_name(name: str) -> str:
    """A new organ's kind guessed from its name (``organs.kind_from_name``)."""
    return kind_from_name(name)
