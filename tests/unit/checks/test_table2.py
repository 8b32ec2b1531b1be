"""表二 rules: missing items, labels, shifted rows, blanks, values, 制发 against 现行有效."""

from __future__ import annotations

import dataclasses

from ingest.model import ActiveTable, Diagnostic
from tests.auxil.make_report import (
    drop_t2_row,
    make_report,
    make_report_2019,
    set_t2,
    set_t2_row,
    with_diagnostics,
)
from tests.unit.checks.helpers import ERR, INFO, WARN, check, problems

FEE = "本年收费金额（单位：万元）"


def test_t2_row_passes_when_every_item_is_there() -> None:
    assert check(make_report(), "T2-ROW") == []
    assert check(make_report_2019(), "T2-ROW") == []


def test_t2_row_reports_a_missing_table() -> None:
    report = dataclasses.replace(make_report(), active=ActiveTable())
    assert problems(report) == [("T2-ROW", ERR, "表二", "主动公开政府信息情况表", "未找到")]


def test_t2_row_reports_a_missing_item() -> None:
    report = drop_t2_row(make_report(), "行政强制")
    assert problems(report) == [
        ("T2-ROW", WARN, "第二十条第（六）项 / 行政强制", "行政强制", "缺失")
    ]


def test_t2_row_reports_many_missing_items_once() -> None:
    report = make_report()
    for item in ("行政许可", "行政处罚", "行政强制", "行政事业性收费"):
        report = drop_t2_row(report, item)
    assert check(report, "T2-ROW") == [("T2-ROW", WARN, "表二", "6 项", "缺少 4 项")]


def test_t2_label_passes_without_deviating_labels() -> None:
    assert check(make_report(), "T2-LABEL") == []


def test_t2_label_reports_a_misprinted_header() -> None:
    # the 001 sample
    report = with_diagnostics(
        make_report(),
        Diagnostic(
            "label",
            "表二",
            "表头“本年度止件数”",
            "",
            expected="本年废止件数",
            actual="本年度止件数",
        ),
    )
    assert problems(report) == [
        ("T2-LABEL", WARN, "表头 / 本年废止件数", "本年废止件数", "本年度止件数")
    ]


def test_t2_label_reports_the_2019_row_label_in_a_2021_report() -> None:
    # the 004 sample
    report = with_diagnostics(
        make_report(),
        Diagnostic(
            "label",
            "表二",
            "第二十条第（一）项",
            "",
            expected="行政规范性文件",
            actual="规范性文件",
        ),
    )
    assert check(report, "T2-LABEL") == [
        ("T2-LABEL", WARN, "第二十条第（一）项 / 行政规范性文件", "行政规范性文件", "规范性文件")
    ]


def test_t2_cells_passes_on_full_rows() -> None:
    assert check(make_report(), "T2-CELLS") == []


def test_t2_cells_reports_the_parsers_diagnostic() -> None:
    report = with_diagnostics(
        make_report(), Diagnostic("cells", "表二", "规章", "", expected="3", actual="2")
    )
    assert problems(report) == [("T2-CELLS", WARN, "规章", "3", "2")]


def test_t2_blank_passes_on_a_filled_table() -> None:
    assert check(make_report(), "T2-BLANK") == []


def test_t2_blank_reports_a_blank_cell() -> None:
    report = set_t2(make_report(), "行政许可", 0, None)
    assert problems(report) == [("T2-BLANK", WARN, "行政许可", "0", "空白")]


def test_t2_blank_reports_many_blank_rows_once() -> None:
    report = make_report()
    for item in ("行政许可", "行政处罚", "行政强制", "行政事业性收费"):
        report = set_t2(report, item, 0, None)
    assert check(report, "T2-BLANK") == [("T2-BLANK", WARN, "表二", "0", "4 个空白单元格")]


def test_t2_value_passes_on_counts_and_a_decimal_fee() -> None:
    assert check(make_report(), "T2-VALUE") == []


def test_t2_value_passes_on_a_signed_2019_change() -> None:
    report = set_t2_row(make_report_2019(), "行政许可", [12, "-2", 30])
    assert check(report, "T2-VALUE") == []


def test_t2_value_reports_a_count_that_is_not_a_number() -> None:
    report = set_t2(make_report(), "行政许可", 0, "约50")
    assert problems(report) == [
        ("T2-VALUE", ERR, "行政许可 / 本年处理决定数量", "非负整数", "约50")
    ]


def test_t2_value_reports_a_negative_fee() -> None:
    report = set_t2(make_report(), "行政事业性收费", 0, "-3")
    assert check(report, "T2-VALUE") == [
        ("T2-VALUE", ERR, f"行政事业性收费 / {FEE}", "非负数（万元）", "-3")
    ]


def test_t2_value_reports_a_slash_as_info() -> None:
    report = set_t2(make_report(), "行政强制", 0, "/")
    assert problems(report) == [("T2-VALUE", INFO, "行政强制", "0", "/")]


def test_t2_valid_passes_when_issued_fit_in_valid_and_repealed() -> None:
    assert check(make_report(), "T2-VALID") == []


def test_t2_valid_reports_more_issued_than_valid_and_repealed() -> None:
    report = set_t2_row(make_report(), "行政规范性文件", [5, 0, 3])
    assert problems(report) == [("T2-VALID", WARN, "行政规范性文件 / 本年制发件数", "≤3", "5")]


def test_t2_valid_passes_on_a_2019_report() -> None:
    report = set_t2_row(make_report_2019(), "规章", [5, 0, 3])
    assert check(report, "T2-VALID") == []
