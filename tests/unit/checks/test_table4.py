"""表四 rules: group totals, blanks, shifted row, bad values, missing table or data row."""

from __future__ import annotations

import dataclasses

from checks import run_checks
from ingest.model import Diagnostic, ReviewTable, cells
from tests.auxil.make_report import make_report, set_t4, set_t4_row, with_diagnostics
from tests.unit.checks.helpers import ERR, WARN, check, problems

DIRECT = "行政诉讼 / 未经复议直接起诉"
AFTER = "行政诉讼 / 复议后起诉"


def test_t4_sum_passes_on_consistent_groups() -> None:
    assert check(make_report(), "T4-SUM") == []


def test_t4_sum_reports_the_group_whose_total_is_wrong() -> None:
    report = set_t4(make_report(), 4, 2)
    findings = run_checks(report, select=["T4-SUM"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("T4-SUM", ERR, "行政复议 / 总计", "1", "2")
    ]
    assert "之和为 1，但总计为 2" in findings[0].message


def test_t4_sum_mutation_in_the_last_group() -> None:
    report = set_t4(make_report(), 11, 3)
    assert problems(report) == [("T4-SUM", ERR, f"{AFTER} / 总计", "3", "0")]


def test_t4_blank_passes_on_a_filled_row() -> None:
    assert check(make_report(), "T4-BLANK") == []


def test_t4_blank_reports_a_blank_group_once() -> None:
    # the 003 sample: 行政复议 five blanks, the ten 行政诉讼 cells 0
    report = set_t4_row(make_report(), [None] * 5 + [0] * 10)
    report = dataclasses.replace(
        report, sections=tuple(s for s in report.sections if s.key != "四")
    )
    findings = run_checks(report, select=["T4"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("T4-BLANK", WARN, "行政复议", "0", "空白")
    ]
    assert "5 列全部空白" in findings[0].message


def test_t4_blank_reports_a_wholly_blank_row_once() -> None:
    report = set_t4_row(make_report(), [None] * 15)
    assert check(report, "T4-BLANK") == [("T4-BLANK", WARN, "数据行", "0", "空白")]


def test_t4_cells_passes_on_fifteen_values() -> None:
    assert check(make_report(), "T4-CELLS") == []


def test_t4_cells_reports_a_short_row_and_the_sums_skip_it() -> None:
    report = set_t4_row(make_report(), [1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0])
    assert problems(report) == [("T4-CELLS", WARN, "数据行", "15", "14")]


def test_t4_cells_reports_the_parsers_diagnostic() -> None:
    report = with_diagnostics(
        make_report(), Diagnostic("cells", "表四", "数据行", "", expected="15", actual="16")
    )
    assert check(report, "T4-CELLS") == [("T4-CELLS", WARN, "数据行", "15", "16")]


def test_t4_value_passes_on_whole_numbers() -> None:
    assert check(make_report(), "T4-VALUE") == []


def test_t4_value_reports_a_cell_that_is_not_a_count() -> None:
    report = set_t4(make_report(), 0, "1.5")
    assert problems(report) == [("T4-VALUE", ERR, "行政复议 / 结果维持", "非负整数", "1.5")]


def test_t4_value_reports_slashes_per_group() -> None:
    report = set_t4_row(make_report(), [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, "/", "/", "/", "/", "/"])
    assert problems(report) == [("T4-VALUE", WARN, AFTER, "0", "/")]


def test_t4_row_passes_when_the_table_has_its_data_row() -> None:
    assert check(make_report(), "T4-ROW") == []


def test_t4_row_reports_a_missing_table() -> None:
    report = dataclasses.replace(make_report(), review_litigation=None)
    assert problems(report) == [
        ("T4-ROW", ERR, "表四", "政府信息公开行政复议、行政诉讼情况表", "未找到")
    ]


def test_t4_row_reports_a_table_without_data_row() -> None:
    # the 002 sample: header only; no blank or sum finding on the 15 placeholder cells
    report = dataclasses.replace(
        make_report(),
        review_litigation=ReviewTable(cells=cells(*[None] * 15), has_data_row=False),
    )
    report = with_diagnostics(report, Diagnostic("no_data_row", "表四", "数据行", "表四只有表头"))
    assert problems(report) == [("T4-ROW", WARN, "数据行", "15 个数", "无数据行")]


def test_t4_row_reports_a_deviating_header() -> None:
    report = with_diagnostics(
        make_report(),
        Diagnostic("label", "表四", "结果纠正", "", expected="结果纠正", actual="结果撤销"),
    )
    assert check(report, "T4-ROW") == [("T4-ROW", WARN, "结果纠正", "结果纠正", "结果撤销")]
