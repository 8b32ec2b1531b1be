"""Rules on 表四 (政府信息公开行政复议、行政诉讼情况): its data row and group totals."""

from __future__ import annotations

from collections.abc import Iterator

from checks._common import (
    Reading,
    diagnostics,
    join_labels,
    label_deviations,
    read,
    sum_mismatch,
)
from checks.registry import CheckContext, Finding, Severity, finding, rule
from ingest.model import T4_COLUMNS, T4_GROUPS, T4_RESULTS, AnnualReport, Cell

SOURCE_FORMAT = "国办公开办函〔2021〕30号格式 表四（2019年试行格式同）"
WIDTH = len(T4_COLUMNS)
GROUP_LABELS: tuple[str, ...] = ("行政复议", *(f"行政诉讼 / {g}" for g in T4_GROUPS[1:]))
"""The three groups as the format prints them (行政诉讼 spans the last two)."""


def _group_cells(cells: tuple[Cell, ...], g: int) -> tuple[Cell, ...]:
    n = len(T4_RESULTS)
    return cells[g * n : (g + 1) * n]


def _shifted(report: AnnualReport) -> str | None:
    """The value count read when the data row did not have 15 values, else None."""
    for d in diagnostics(report, "cells", "表四"):
        return d.actual or "?"
    table = report.review_litigation
    if table is not None and table.has_data_row and len(table.cells) != WIDTH:
        return str(len(table.cells))
    return None


def _data_row(report: AnnualReport) -> tuple[Cell, ...] | None:
    """The data row's cells when the table and its data row were found."""
    table = report.review_litigation
    if table is None or not table.found or not table.has_data_row:
        return None
    if diagnostics(report, "no_data_row", "表四"):
        return None
    return table.cells


@rule("T4-ROW", Severity.ERROR, Severity.WARNING, section="表四", source=SOURCE_FORMAT)
def t4_row(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """表四 is missing (error), has its header but no data row (warning), or a label deviates
    from the format (warning).

    Why: 条例第五十条第（三）项 requires the 行政复议、行政诉讼 figures; a table with only its
    header reports nothing, and a checker that cannot read a table must say so.

    Fails: a report whose part 四 has no table, or only the three header rows.
    Passes: the header and one data row of 15 numbers.
    """
    table = report.review_litigation
    if table is None or not table.found:
        yield finding(
            "T4-ROW",
            Severity.ERROR,
            location="表四",
            expected="政府信息公开行政复议、行政诉讼情况表",
            actual="未找到",
            message="未找到表四（政府信息公开行政复议、行政诉讼情况），无法核对复议诉讼数据",
            fix="按格式填报表四；没有案件的各格填 0",
        )
        return
    if not table.has_data_row or diagnostics(report, "no_data_row", "表四"):
        yield finding(
            "T4-ROW",
            Severity.WARNING,
            location="数据行",
            expected="15 个数",
            actual="无数据行",
            message="表四只有表头，没有填数据行",
            fix="在表头下补一行 15 个数（结果维持…总计，三组各 5 列），没有案件的填 0",
        )
    yield from label_deviations(report, "T4-ROW", "表四", "表头")


@rule("T4-CELLS", Severity.WARNING, section="表四", source=SOURCE_FORMAT)
def t4_cells(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """表四's data row has more or fewer values than its 15 columns (a lost or shifted cell).

    Why: the format has three groups (行政复议, 未经复议直接起诉, 复议后起诉) of five columns;
    with 14 or 16 values every later number sits under the wrong heading.

    Fails: a data row of 14 numbers.
    Passes: a data row of 15 numbers.
    """
    if _data_row(report) is None:
        return
    count = _shifted(report)
    if count is not None:
        yield finding(
            "T4-CELLS",
            Severity.WARNING,
            location="数据行",
            expected=str(WIDTH),
            actual=count,
            message=f"表四数据行读到 {count} 个数值，格式要求 {WIDTH} 个，可能漏填或错列",
            fix="逐格核对表四数据行：三组各 5 列（结果维持、结果纠正、其他结果、尚未审结、总计）",
        )


@rule("T4-VALUE", Severity.ERROR, Severity.WARNING, section="表四", source=SOURCE_FORMAT)
def t4_value(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A 表四 cell is not a non-negative integer (error); "/" or "—" instead of 0 (warning,
    one per group).

    Why: the format counts cases (件); "/" is not in the format and is read as 0.

    Fails: "行政复议 / 结果维持" holding "1.5"; a 行政复议 group of "/".
    Passes: whole numbers, 0 where there is no case.
    """
    cells = _data_row(report)
    if cells is None:
        return
    for i, cell in enumerate(cells[:WIDTH]):
        if read(cell) is Reading.BAD:
            group, result = GROUP_LABELS[i // len(T4_RESULTS)], T4_RESULTS[i % len(T4_RESULTS)]
            yield finding(
                "T4-VALUE",
                Severity.ERROR,
                location=f"{group} / {result}",
                expected="非负整数",
                actual=cell.text,
                message=f"表四「{group} / {result}」填的是「{cell.text}」，不是件数（非负整数）",
                fix="改为件数（非负整数），没有的填 0",
            )
    for g, group in enumerate(GROUP_LABELS):
        part = _group_cells(cells, g)
        cols = [T4_RESULTS[i] for i, c in enumerate(part) if read(c) is Reading.NOT_APPLICABLE]
        if cols:
            texts = sorted({c.text for c in part if read(c) is Reading.NOT_APPLICABLE})
            yield finding(
                "T4-VALUE",
                Severity.WARNING,
                location=group,
                expected="0",
                actual=join_labels(texts),
                message=f"表四「{group}」的 {join_labels(cols)} 填了「{join_labels(texts)}」，"
                "格式要求填数字，核对时按 0 计",
                fix="将「/」「—」改为 0",
            )


@rule("T4-BLANK", Severity.WARNING, section="表四", source=SOURCE_FORMAT)
def t4_blank(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """表四 has blank cells (one finding per group; one for the row when all 15 are blank).

    Why: the format wants a number in every cell, 0 where there is no case.

    Fails: the five 行政复议 cells left blank, the ten 行政诉讼 cells 0.
    Passes: all fifteen cells 0.
    """
    cells = _data_row(report)
    if cells is None or _shifted(report) is not None:
        return
    if all(read(c) is Reading.BLANK for c in cells):
        yield finding(
            "T4-BLANK",
            Severity.WARNING,
            location="数据行",
            expected="0",
            actual="空白",
            message="表四数据行全部空白，格式要求没有案件的填 0",
            fix="在表四 15 个格中填 0（或实际件数）",
        )
        return
    for g, group in enumerate(GROUP_LABELS):
        part = _group_cells(cells, g)
        cols = [T4_RESULTS[i] for i, c in enumerate(part) if read(c) is Reading.BLANK]
        if cols:
            where = f"{len(cols)} 列全部空白" if len(cols) == len(part) else "为空白"
            yield finding(
                "T4-BLANK",
                Severity.WARNING,
                location=group,
                expected="0",
                actual="空白",
                message=f"表四「{group}」的 {join_labels(cols)} {where}，格式要求没有案件的填 0",
                fix="在空白格中填 0（或实际件数）",
            )


@rule("T4-SUM", Severity.ERROR, section="表四", source=SOURCE_FORMAT)
def t4_sum(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """In each group: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.

    Why: each of 表四's three groups ends in a 总计 column over its four outcomes.

    Fails: 行政复议 1 0 0 1 | 总计 1.
    Passes: 行政复议 1 0 0 1 | 总计 2.
    """
    cells = _data_row(report)
    if cells is None or _shifted(report) is not None or len(cells) != WIDTH:
        return
    for g, group in enumerate(GROUP_LABELS):
        part = _group_cells(cells, g)
        bad = sum_mismatch(part[:4], part[4:])
        if bad is None:
            continue
        note = "（空白按 0 计）" if bad.blanks_read_as_zero else ""
        yield finding(
            "T4-SUM",
            Severity.ERROR,
            location=f"{group} / 总计",
            expected=str(bad.lhs),
            actual=str(bad.rhs),
            message=f"表四「{group}」：结果维持、结果纠正、其他结果、尚未审结之和为 {bad.lhs}，"
            f"但总计为 {bad.rhs}{note}",
            fix="核对该组各列，使总计等于前四列之和",
        )
