"""Rules on 表二 (主动公开政府信息情况): its rows, labels and values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from enum import Enum

from checks._common import MAX_ROWS_LISTED, diagnostics, join_labels
from checks.registry import CheckContext, Finding, Severity, finding, rule
from ingest.model import AnnualReport, Cell, TableRow, t2_items_for

SOURCE_FORMAT = "国办公开办函〔2021〕30号格式 表二（2019、2020年度为2019年试行格式）"
SOURCE_ART20 = "条例第二十条；国办公开办函〔2021〕30号格式 表二"


class _Kind(Enum):
    COUNT = "count"
    SIGNED = "signed"  # 2019 format: 本年增/减
    AMOUNT = "amount"  # 万元, may have decimals


class _State(Enum):
    BLANK = "blank"
    NOT_APPLICABLE = "not_applicable"
    OK = "ok"
    BAD = "bad"


def _kind(column: str) -> _Kind:
    if "增/减" in column or "增减" in column:
        return _Kind.SIGNED
    if "金额" in column:
        return _Kind.AMOUNT
    return _Kind.COUNT


_UNIT = re.compile(r"(万元|元)$")


def _amount(cell: Cell) -> Decimal | None:
    text = _UNIT.sub("", cell.text)
    if not re.fullmatch(r"\d+(?:\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None


def _state(cell: Cell, kind: _Kind) -> _State:
    if cell.is_blank:
        return _State.BLANK
    if cell.is_not_applicable:
        return _State.NOT_APPLICABLE
    if kind is _Kind.COUNT:
        return _State.OK if cell.is_count else _State.BAD
    if kind is _Kind.SIGNED:
        return _State.OK if cell.value is not None else _State.BAD
    return _State.OK if _amount(cell) is not None else _State.BAD


def _rows(report: AnnualReport) -> list[tuple[str, tuple[str, ...], TableRow]]:
    """(item, its column labels, row) for the format's items that were found, in order."""
    items = t2_items_for(report.format)
    return [
        (item, cols, report.active.rows[item])
        for item, (_para, cols) in items.items()
        if item in report.active.rows
    ]


def _shifted_items(report: AnnualReport) -> set[str]:
    out = {d.location for d in diagnostics(report, "cells", "表二")}
    for item, cols, row in _rows(report):
        if row.raw_count not in (None, len(cols)) or len(row.cells) != len(cols):
            out.add(item)
    return out


def _columns_in(report: AnnualReport, state: _State) -> list[tuple[str, list[str], list[str]]]:
    """Rows with cells in ``state``: (item, column labels, cell texts)."""
    shifted = _shifted_items(report) if state is _State.BLANK else set()
    out: list[tuple[str, list[str], list[str]]] = []
    for item, cols, row in _rows(report):
        if item in shifted:
            continue
        hit = [
            (col, cell.text)
            for col, cell in zip(cols, row.cells, strict=False)
            if _state(cell, _kind(col)) is state
        ]
        if hit:
            out.append((item, [c for c, _t in hit], sorted({t for _c, t in hit})))
    return out


@rule("T2-ROW", Severity.ERROR, Severity.WARNING, section="表二", source=SOURCE_ART20)
def t2_row(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """表二 is missing (error) or one of its items is missing (warning).

    Why: 条例第五十条第（一）项 requires the 主动公开 figures, and the format lists the items of
    条例第二十条 to report (规章, 行政规范性文件, 行政许可, 行政处罚, 行政强制, 行政事业性收费).

    Fails: a report without 表二; a 2021 table without the 行政强制 row.
    Passes: every item of the format present.
    """
    if not report.active.rows:
        yield finding(
            "T2-ROW",
            Severity.ERROR,
            location="表二",
            expected="主动公开政府信息情况表",
            actual="未找到",
            message="未找到表二（主动公开政府信息情况），无法核对主动公开数据",
            fix="按格式填报表二（第二十条第（一）（五）（六）（八）项），没有的填 0",
        )
        return
    items = t2_items_for(report.format)
    missing = [item for item in items if item not in report.active.rows]
    if len(missing) > MAX_ROWS_LISTED:
        yield finding(
            "T2-ROW",
            Severity.WARNING,
            location="表二",
            expected=f"{len(items)} 项",
            actual=f"缺少 {len(missing)} 项",
            message=f"表二缺少 {len(missing)} 项：{join_labels(missing)}",
            fix="按格式补齐表二各项，没有的填 0",
        )
        return
    for item in missing:
        para = items[item][0]
        yield finding(
            "T2-ROW",
            Severity.WARNING,
            location=f"{para} / {item}",
            expected=item,
            actual="缺失",
            message=f"表二{para}缺少「{item}」一行",
            fix=f"按格式补上「{item}」一行，没有的填 0",
        )


@rule("T2-LABEL", Severity.WARNING, section="表二", source=SOURCE_FORMAT)
def t2_label(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A 表二 row or column label differs from the format (as the parser noticed it).

    Why: the format fixes the labels; a changed label (本年度止件数 for 本年废止件数, or the 2019
    label 规范性文件 in a 2021 report for 行政规范性文件) reads as a slip or an old template.

    Fails: the header "本年度止件数"; the row "规范性文件" in a 2021-format report.
    Passes: "本年废止件数"; "行政规范性文件".
    """
    for d in diagnostics(report, "label", "表二"):
        expected = d.expected or d.location
        location = d.location
        if location.startswith("表头"):
            location = f"表头 / {expected}"
        elif expected not in location:
            location = f"{location} / {expected}"
        yield finding(
            "T2-LABEL",
            Severity.WARNING,
            location=location,
            expected=expected,
            actual=d.actual,
            message=f"表二「{d.actual}」与格式规定的「{expected}」不一致",
            fix=f"改为格式规定的「{expected}」",
        )


@rule("T2-CELLS", Severity.WARNING, section="表二", source=SOURCE_FORMAT)
def t2_cells(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A 表二 row has more or fewer values than its columns (a lost or shifted cell).

    Why: each item of the format has a fixed set of columns (规章: 本年制发件数, 本年废止件数,
    现行有效件数); a missing value shifts the others under the wrong heading.

    Fails: "规章 0 0" (2 values for 3 columns).
    Passes: "规章 0 0 0".
    """
    items = t2_items_for(report.format)
    for item in sorted(
        _shifted_items(report), key=lambda i: list(items).index(i) if i in items else 99
    ):
        diag = next((d for d in diagnostics(report, "cells", "表二") if d.location == item), None)
        row = report.active.rows.get(item)
        width = len(items[item][1]) if item in items else None
        actual = diag.actual if diag else str(row.raw_count if row and row.raw_count else "?")
        expected = diag.expected if diag and diag.expected else str(width or "?")
        yield finding(
            "T2-CELLS",
            Severity.WARNING,
            location=item,
            expected=expected,
            actual=actual,
            message=f"表二「{item}」一行读到 {actual} 个数值，"
            f"格式要求 {expected} 个，可能漏填或错列",
            fix="逐格核对该行，每列一个数，没有的填 0",
        )


@rule("T2-BLANK", Severity.WARNING, section="表二", source=SOURCE_FORMAT)
def t2_blank(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A 表二 row has blank cells (one finding per row; one for the table when many are).

    Why: the format wants a figure in every cell, 0 where there is nothing; a blank cannot be
    told from a forgotten figure.

    Fails: "行政许可" with its 本年处理决定数量 left blank.
    Passes: "行政许可 0".
    """
    blank = _columns_in(report, _State.BLANK)
    if len(blank) > MAX_ROWS_LISTED:
        n_cells = sum(len(cols) for _i, cols, _t in blank)
        yield finding(
            "T2-BLANK",
            Severity.WARNING,
            location="表二",
            expected="0",
            actual=f"{n_cells} 个空白单元格",
            message=f"表二 {join_labels(i for i, _c, _t in blank)} 共 {n_cells} 个单元格空白，"
            "格式要求没有的填 0",
            fix="在表二所有空白格中填 0（或实际数）",
        )
        return
    for item, cols, _texts in blank:
        yield finding(
            "T2-BLANK",
            Severity.WARNING,
            location=item,
            expected="0",
            actual="空白",
            message=f"表二「{item}」的 {join_labels(cols)} 为空白，格式要求没有的填 0",
            fix="在空白格中填 0（或实际数）",
        )


@rule(
    "T2-VALUE",
    Severity.ERROR,
    Severity.WARNING,
    Severity.INFO,
    section="表二",
    source=SOURCE_FORMAT,
)
def t2_value(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A 表二 count is not a non-negative integer, or a fee not a non-negative number (error);
    an amount written in 元 where the table's unit is 万元 (warning: read converted);
    "/" or "—" is accepted as "not applicable" (info).

    Why: the format counts documents and decisions (件), and gives 行政事业性收费 in 万元, which
    may have decimals; the 2019 column 本年增/减 may be negative.

    Fails: "行政许可" holding "约50"; a fee of "-3".
    Passes: "行政许可 56"; a fee of "1.25".
    """
    for d in report.diagnostics:
        if d.kind == "unit" and d.section == "表二":
            yield finding(
                "T2-VALUE",
                Severity.WARNING,
                location=d.location,
                expected=d.expected,
                actual=d.actual,
                message=d.message,
                fix="表二金额以万元为单位填写，只填数字（如 25.1），不写“元”",
            )
    for item, cols, row in _rows(report):
        for col, cell in zip(cols, row.cells, strict=False):
            kind = _kind(col)
            if _state(cell, kind) is not _State.BAD:
                continue
            want = {
                _Kind.COUNT: "非负整数",
                _Kind.SIGNED: "整数",
                _Kind.AMOUNT: "非负数（万元）",
            }[kind]
            yield finding(
                "T2-VALUE",
                Severity.ERROR,
                location=f"{item} / {col}",
                expected=want,
                actual=cell.text,
                message=f"表二「{item}」的「{col}」填的是「{cell.text}」，应为{want}",
                fix=f"改为{want}，没有的填 0",
            )
    marked = _columns_in(report, _State.NOT_APPLICABLE)
    if len(marked) > MAX_ROWS_LISTED:
        marked_items = join_labels(i for i, _c, _t in marked)
        yield finding(
            "T2-VALUE",
            Severity.INFO,
            location="表二",
            expected="0",
            actual="/",
            message=f"表二 {marked_items} 填了「/」或「—」，视为不适用（按 0 计）",
            fix="如确无此项，可保留「/」；填 0 更便于汇总",
        )
        return
    for item, marked_cols, texts in marked:
        yield finding(
            "T2-VALUE",
            Severity.INFO,
            location=item,
            expected="0",
            actual=join_labels(texts),
            message=f"表二「{item}」的 {join_labels(marked_cols)} 填了「{join_labels(texts)}」，"
            "视为不适用（按 0 计）",
            fix="如确无此项，可保留「/」；填 0 更便于汇总",
        )


@rule("T2-VALID", Severity.WARNING, section="表二", source=SOURCE_ART20)
def t2_valid(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """规章 / 行政规范性文件: 本年制发件数 ≤ 现行有效件数 + 本年废止件数 (2021 format).

    Why: a document issued this year is either still in force or was repealed this year, so
    more issued than valid plus repealed usually means 现行有效件数 left out this year's.

    Fails: 行政规范性文件 制发 5, 废止 0, 现行有效 3.
    Passes: 制发 5, 废止 1, 现行有效 20.
    """
    if report.format != "2021":
        return
    for item in ("规章", "行政规范性文件"):
        row = report.active.rows.get(item)
        if row is None or len(row.cells) != 3 or not all(c.is_count for c in row.cells):
            continue
        issued, repealed, valid = (c.value or 0 for c in row.cells)
        if issued > valid + repealed:
            yield finding(
                "T2-VALID",
                Severity.WARNING,
                location=f"{item} / 本年制发件数",
                expected=f"≤{valid + repealed}",
                actual=str(issued),
                message=f"表二「{item}」本年制发 {issued} 件，多于现行有效 {valid} 件"
                f"与本年废止 {repealed} 件之和 {valid + repealed}",
                fix="核对现行有效件数是否计入了本年制发的文件",
            )
