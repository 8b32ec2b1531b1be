"""表三 rules: the 勾稽关系, row sums, blanks, shifted rows, missing rows, bad values."""

from __future__ import annotations

import dataclasses

import pytest

from checks import run_checks
from ingest.model import (
    APPLICANT_COLUMNS,
    T3_ROWS_2019,
    T3_ROWS_2021,
    ApplicationTable,
    Diagnostic,
)
from tests.auxil.make_report import (
    blank_t3_row,
    drop_t3_row,
    make_previous_report,
    make_report,
    make_report_2019,
    set_t3,
    set_t3_row,
    with_diagnostics,
)
from tests.unit.checks.helpers import ERR, WARN, check, problems

L = dict(T3_ROWS_2021)
L2019 = dict(T3_ROWS_2019)


def _table(report, values):  # type: ignore[no-untyped-def]
    """Replace 表三 by rows of the given values (key -> 7 values); other rows all 0."""
    for key, _label in T3_ROWS_2021:
        report = set_t3_row(report, key, values.get(key, (0,) * 7))
    return report


# --- T3-BALANCE ---------------------------------------------------------------------------


def test_t3_balance_passes_on_a_consistent_table() -> None:
    assert check(make_report(), "T3-BALANCE") == []


def test_t3_balance_reports_the_column_that_does_not_balance() -> None:
    report = set_t3(make_report(), "结转下年度", "自然人", 2)
    findings = run_checks(report, select=["T3-BALANCE"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("T3-BALANCE", ERR, "自然人列", "9", "10")
    ]
    assert findings[0].message == (
        "表三 自然人列：新收 8 + 上年结转 1 = 9，但（七）总计 8 + 结转下年度 2 = 10"
    )
    assert findings[0].source.startswith("表三勾稽关系说明")


def test_t3_balance_mutation_of_one_cell_gives_one_cell_finding() -> None:
    # the column and the row it breaks (T3-BALANCE, T3-ROWSUM) are one mistake: T3-CELL
    report = set_t3(make_report(), "结转下年度", "自然人", 2)
    assert problems(report) == [("T3-CELL", ERR, f"{L['结转下年度']} / 自然人", "1", "2")]


def test_t3_balance_passes_when_a_blank_could_hold_the_difference() -> None:
    report = set_t3(make_report(), "上年结转", "自然人", None)
    assert check(report, "T3-BALANCE") == []


def test_t3_balance_reports_when_no_filling_of_the_blank_could_help() -> None:
    report = set_t3(set_t3(make_report(), "上年结转", "自然人", None), "总计", "自然人", 6)
    findings = run_checks(report, select=["T3-BALANCE"])
    assert [(f.location, f.expected, f.actual) for f in findings] == [("自然人列", "8", "7")]
    assert findings[0].message.endswith("（空白按 0 计）")


def test_t3_balance_passes_on_blank_applicant_columns_that_still_balance() -> None:
    # the 004 sample: 新收 [3, blank×5, 3], outcomes only in 自然人 and 总计
    blank6 = (None,) * 6
    report = _table(
        make_report(),
        {key: (*blank6, 0) for key, _l in T3_ROWS_2021}
        | {
            "新收": (3, *blank6[1:], 3),
            "不予公开.三类内部事务信息": (3, *blank6[1:], 3),
            "总计": (3, *blank6[1:], 3),
        },
    )
    assert check(report, "T3-BALANCE") + check(report, "T3-ROWSUM") == []
    assert check(report, "T3-OUTCOME") == []


def test_t3_balance_passes_on_a_shifted_row() -> None:
    report = set_t3_row(make_report(), "新收", [9, 2, 0, 0, 1, 1], raw_count=6)
    assert check(report, "T3-BALANCE") == []


# --- T3-ROWSUM ----------------------------------------------------------------------------


def test_t3_rowsum_passes_on_a_consistent_table() -> None:
    assert check(make_report(), "T3-ROWSUM") == []


def test_t3_rowsum_reports_the_row_whose_total_is_wrong() -> None:
    report = set_t3(make_report(), "新收", "总计", 13)
    findings = run_checks(report, select=["T3-ROWSUM"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("T3-ROWSUM", ERR, L["新收"], "12", "13")
    ]
    assert "六列之和为 12，但总计列为 13" in findings[0].message


def test_t3_rowsum_mutation_of_one_cell_gives_one_cell_finding() -> None:
    report = set_t3(make_report(), "新收", "总计", 13)
    assert problems(report) == [("T3-CELL", ERR, f"{L['新收']} / 总计", "12", "13")]


def test_t3_rowsum_passes_when_only_the_total_is_filled() -> None:
    report = set_t3_row(make_report(), "上年结转", [None] * 6 + [1])
    assert check(report, "T3-ROWSUM") == []


# --- T3-OUTCOME ---------------------------------------------------------------------------


def test_t3_outcome_passes_on_a_consistent_table() -> None:
    assert check(make_report(), "T3-OUTCOME") == []


def test_t3_outcome_reports_each_column_whose_outcomes_do_not_add_up() -> None:
    report = set_t3(set_t3(make_report(), "予以公开", "自然人", 3), "予以公开", "总计", 5)
    assert problems(report) == [
        ("T3-OUTCOME", ERR, "自然人列", "7", "8"),
        ("T3-OUTCOME", ERR, "总计列", "11", "12"),
    ]


def test_t3_outcome_passes_on_a_2019_report_with_one_other_row() -> None:
    assert check(make_report_2019(), "T3-OUTCOME") == []


def test_t3_outcome_reports_on_a_2019_report() -> None:
    report = set_t3(make_report_2019(), "其他处理", "其他", 0)
    assert check(report, "T3-OUTCOME") == [("T3-OUTCOME", ERR, "其他列", "0", "1")]


# --- T3-CELL ------------------------------------------------------------------------------


def _cell(key: str, column: str, labels: dict[str, str] = L) -> str:
    return f"{labels[key]} / {column}"


def test_t3_cell_passes_on_a_consistent_table() -> None:
    assert check(make_report(), "T3-CELL") == []
    assert check(make_report_2019(), "T3-CELL") == []


def test_t3_cell_reports_a_mistyped_total_row_cell_once() -> None:
    # （七）总计 / 自然人 8 -> 9 fails the row's 总计, the column's （七）总计 and its balance
    report = set_t3(make_report(), "总计", "自然人", 9)
    findings = run_checks(report, select=["T3"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("T3-CELL", ERR, _cell("总计", "自然人"), "8", "9")
    ]
    assert findings[0].message == (
        "表三「（七）总计」行「自然人」列为 9：该格使本行总计、本列（七）总计和本列 一+二=七+四"
        " 三处勾稽关系都不成立；改为 8 后三处都成立"
    )
    assert findings[0].fix == "将表三「（七）总计」行「自然人」列的 9 改为 8"
    assert problems(report) == [("T3-CELL", ERR, _cell("总计", "自然人"), "8", "9")]


def test_t3_cell_reports_a_mistyped_outcome_cell_once() -> None:
    report = set_t3(make_report(), "予以公开", "商业企业", 3)
    findings = run_checks(report, select=["T3"])
    assert [(f.code, f.location, f.expected, f.actual) for f in findings] == [
        ("T3-CELL", _cell("予以公开", "商业企业"), "1", "3")
    ]
    assert "本行总计和本列（七）总计 两处勾稽关系都不成立；改为 1 后两处都成立" in (
        findings[0].message
    )


def test_t3_cell_reports_a_mistyped_new_applications_cell_once() -> None:
    report = set_t3(make_report(), "新收", "自然人", 5)
    findings = run_checks(report, select=["T3"])
    assert [(f.code, f.location, f.expected, f.actual) for f in findings] == [
        ("T3-CELL", _cell("新收", "自然人"), "8", "5")
    ]
    assert "本行总计和本列 一+二=七+四 两处" in findings[0].message


def test_t3_cell_reports_a_mistyped_total_column_cell_once() -> None:
    assert check(make_report(), "T3") == []
    report = set_t3(make_report(), "部分公开", "总计", 4)
    assert check(report, "T3") == [("T3-CELL", ERR, _cell("部分公开", "总计"), "1", "4")]
    report = set_t3(make_report(), "总计", "总计", 10)
    assert check(report, "T3") == [("T3-CELL", ERR, _cell("总计", "总计"), "12", "10")]


@pytest.mark.parametrize("fmt", ["2021", "2019"])
def test_t3_cell_reports_every_cell_of_the_table_with_its_value(fmt: str) -> None:
    base = make_report() if fmt == "2021" else make_report_2019()
    rows, labels = base.applications.rows, dict(T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019)
    for key, row in rows.items():
        for i, column in enumerate(APPLICANT_COLUMNS):
            value = int(row.cells[i].text)
            for wrong in {value + 3, max(value - 1, 0)} - {value}:
                report = set_t3(base, key, column, wrong)
                assert check(report, "T3") == [
                    ("T3-CELL", ERR, _cell(key, column, labels), str(value), str(wrong))
                ], (key, column, wrong)


def test_t3_cell_reports_two_independent_cells_each_once() -> None:
    report = set_t3(set_t3(make_report(), "新收", "自然人", 9), "予以公开", "商业企业", 3)
    assert check(report, "T3") == [
        ("T3-CELL", ERR, _cell("新收", "自然人"), "8", "9"),
        ("T3-CELL", ERR, _cell("予以公开", "商业企业"), "1", "3"),
    ]


def test_t3_cell_reports_one_cell_and_keeps_a_sum_it_does_not_explain() -> None:
    # 结转下年度/自然人 is one mistake; 予以公开 with two more applicants and a 总计 two more
    # still adds up along its row but breaks three column sums no single cell explains
    report = set_t3(make_report(), "结转下年度", "自然人", 3)
    report = set_t3(set_t3(report, "予以公开", "科研机构", 1), "予以公开", "社会公益组织", 1)
    report = set_t3(report, "予以公开", "总计", 8)
    assert check(report, "T3") == [
        ("T3-CELL", ERR, _cell("结转下年度", "自然人"), "1", "3"),
        ("T3-OUTCOME", ERR, "科研机构列", "1", "0"),
        ("T3-OUTCOME", ERR, "社会公益组织列", "1", "0"),
        ("T3-OUTCOME", ERR, "总计列", "14", "12"),
    ]


def test_t3_cell_passes_on_two_possible_explanations_and_keeps_the_sums() -> None:
    # 新收/自然人 and 上年结转/商业企业 one too many: 新收/商业企业 and 上年结转/自然人 would
    # explain the same four failing sums, so no cell is named
    report = set_t3(set_t3(make_report(), "新收", "自然人", 9), "上年结转", "商业企业", 1)
    assert check(report, "T3") == [
        ("T3-ROWSUM", ERR, L["新收"], "13", "12"),
        ("T3-ROWSUM", ERR, L["上年结转"], "2", "1"),
        ("T3-BALANCE", ERR, "自然人列", "10", "9"),
        ("T3-BALANCE", ERR, "商业企业列", "3", "2"),
    ]


def test_t3_cell_passes_when_the_value_would_be_negative() -> None:
    # the only cell through both failing sums, 予以公开/科研机构, would have to be -1
    report = _table(
        make_report(),
        {
            "新收": (2, 1, 0, 0, 0, 0, 3),
            "予以公开": (2, 1, 0, 0, 0, 0, 2),
            "部分公开": (0, 0, 1, 0, 0, 0, 1),
            "总计": (2, 1, 0, 0, 0, 0, 3),
        },
    )
    assert check(report, "T3") == [
        ("T3-ROWSUM", ERR, L["予以公开"], "3", "2"),
        ("T3-OUTCOME", ERR, "科研机构列", "1", "0"),
    ]


def test_t3_cell_passes_when_a_blank_is_in_one_of_its_sums() -> None:
    report = set_t3(set_t3(make_report(), "新收", "自然人", 9), "新收", "科研机构", None)
    assert check(report, "T3") == [
        ("T3-BLANK", WARN, L["新收"], "0", "空白"),
        ("T3-ROWSUM", ERR, L["新收"], "13", "12"),
        ("T3-BALANCE", ERR, "自然人列", "10", "9"),
    ]


def test_t3_cell_passes_on_a_table_with_a_shifted_row() -> None:
    report = set_t3(make_report(), "新收", "自然人", 9)
    report = set_t3_row(report, "不予公开.国家秘密", [0, 0, 0, 0, 0, 0], raw_count=6)
    assert check(report, "T3") == [
        ("T3-ROWSUM", ERR, L["新收"], "13", "12"),
        ("T3-CELLS", WARN, L["不予公开.国家秘密"], "7", "6"),
        ("T3-BALANCE", ERR, "自然人列", "10", "9"),
    ]


def test_t3_cell_passes_on_a_cell_of_slashes() -> None:
    # "/" reads as 0 but is not a count the clerk typed: T3-VALUE says so, the sums stay
    report = set_t3(make_report(), "予以公开", "自然人", "/")
    assert check(report, "T3") == [
        ("T3-ROWSUM", ERR, L["予以公开"], "2", "6"),
        ("T3-VALUE", WARN, L["予以公开"], "0", "/"),
        ("T3-OUTCOME", ERR, "自然人列", "4", "8"),
    ]


def test_t3_cell_replaces_the_sums_only_when_it_runs() -> None:
    report = set_t3(make_report(), "总计", "自然人", 9)
    assert check(report, "T3-ROWSUM") == [("T3-ROWSUM", ERR, L["总计"], "13", "12")]
    assert check(report, "T3-OUTCOME") == [("T3-OUTCOME", ERR, "自然人列", "8", "9")]
    assert check(report, "T3-BALANCE") == [("T3-BALANCE", ERR, "自然人列", "9", "10")]


# --- T3-BLANK -----------------------------------------------------------------------------


def test_t3_blank_passes_on_a_filled_table() -> None:
    assert check(make_report(), "T3-BLANK") == []


def test_t3_blank_reports_one_finding_per_row() -> None:
    report = set_t3(set_t3(make_report(), "上年结转", "自然人", None), "上年结转", "其他", None)
    findings = run_checks(report, select=["T3-BLANK"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("T3-BLANK", WARN, L["上年结转"], "0", "空白")
    ]
    assert "自然人、其他 列为空白" in findings[0].message


def test_t3_blank_mutation_gives_only_the_blank_warning() -> None:
    report = set_t3(make_report(), "上年结转", "自然人", None)
    assert problems(report) == [("T3-BLANK", WARN, L["上年结转"], "0", "空白")]


def test_t3_blank_reports_the_table_once_when_many_rows_are_blank() -> None:
    # the 002 sample: 新收 and 上年结转 0, every outcome row and 结转下年度 blank
    report = make_report_2019()
    for key, _label in T3_ROWS_2019[2:]:
        report = blank_t3_row(report, key)
    findings = run_checks(report, select=["T3"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("T3-BLANK", WARN, f"{L2019['予以公开']} 至 {L2019['结转下年度']}", "0", "147 个空白单元格")
    ]
    assert "等 21 行全部空白" in findings[0].message


def test_t3_blank_reports_scattered_blanks_once_with_their_columns() -> None:
    blank6 = (None,) * 6
    report = _table(
        make_report(),
        {key: (*blank6, 0) for key, _l in T3_ROWS_2021}
        | {"新收": (3, *blank6[1:], 3), "总计": (3, *blank6[1:], 3)},
    )
    report = set_t3_row(report, "予以公开", (3, *blank6[1:], 3))
    findings = run_checks(report, select=["T3-BLANK"])
    assert len(findings) == 1
    assert findings[0].location == f"{L['新收']} 至 {L['结转下年度']}"
    assert "涉及 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他 列" in (
        findings[0].message
    )


def test_t3_blank_reports_a_wholly_blank_table() -> None:
    report = make_report()
    for key, _label in T3_ROWS_2021:
        report = blank_t3_row(report, key)
    findings = run_checks(report, select=["T3-BLANK"])
    assert findings[0].message.startswith("表三全部空白")


# --- T3-CELLS -----------------------------------------------------------------------------


def test_t3_cells_passes_on_rows_of_seven() -> None:
    assert check(make_report(), "T3-CELLS") == []


def test_t3_cells_reports_a_row_with_a_lost_cell() -> None:
    report = set_t3_row(make_report(), "予以公开", [4, 1, 0, 0, 1, 6, None], raw_count=6)
    assert problems(report) == [("T3-CELLS", WARN, L["予以公开"], "7", "6")]


def test_t3_cells_reports_the_parsers_diagnostic() -> None:
    report = with_diagnostics(
        make_report(),
        Diagnostic("cells", "表三", L["总计"], "8 个值", expected="7", actual="8"),
    )
    assert check(report, "T3-CELLS") == [("T3-CELLS", WARN, L["总计"], "7", "8")]


def test_t3_cells_reports_many_shifted_rows_once() -> None:
    # the 003 sample: four rows of 6 values, three of 8
    report = make_report()
    diags = [
        Diagnostic("cells", "表三", L[k], "", expected="7", actual=n)
        for k, n in (
            ("予以公开", "6"),
            ("部分公开", "6"),
            ("不予公开.国家秘密", "6"),
            ("无法提供.本机关不掌握", "6"),
            ("其他处理.其他", "8"),
            ("总计", "8"),
            ("结转下年度", "8"),
        )
    ]
    findings = run_checks(with_diagnostics(report, *diags), select=["T3"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("T3-CELLS", WARN, f"{L['予以公开']} 至 {L['结转下年度']}", "7", "6、8")
    ]
    assert "表三有 7 行的数值个数与 7 列不符" in findings[0].message


def test_t3_cells_passes_on_a_row_with_no_value_at_all() -> None:
    # a row the parser read no value from is a blank row: T3-BLANK, not T3-CELLS
    report = with_diagnostics(
        blank_t3_row(make_report(), "不予公开.国家秘密"),
        Diagnostic("cells", "表三", L["不予公开.国家秘密"], "", expected="7", actual="0"),
    )
    assert problems(report) == [("T3-BLANK", WARN, L["不予公开.国家秘密"], "0", "空白")]


# --- T3-ROW -------------------------------------------------------------------------------


def test_t3_row_passes_when_every_row_is_there() -> None:
    assert check(make_report(), "T3-ROW") == []
    assert check(make_report_2019(), "T3-ROW") == []


def test_t3_row_reports_a_missing_table() -> None:
    report = dataclasses.replace(make_report(), applications=None)
    assert problems(report) == [
        ("T3-ROW", ERR, "表三", "收到和处理政府信息公开申请情况表", "未找到")
    ]


def test_t3_row_reports_an_empty_table() -> None:
    report = dataclasses.replace(make_report(), applications=ApplicationTable())
    assert check(report, "T3-ROW") == [
        ("T3-ROW", ERR, "表三", "收到和处理政府信息公开申请情况表", "未找到")
    ]


def test_t3_row_reports_a_missing_row_and_the_sums_skip_it() -> None:
    report = drop_t3_row(make_report(), "其他处理.其他")
    assert problems(report) == [("T3-ROW", ERR, L["其他处理.其他"], L["其他处理.其他"], "缺失")]


def test_t3_row_reports_many_missing_rows_once() -> None:
    report = make_report()
    for key in ("不予公开.国家秘密", "不予公开.行政执法案卷", "其他处理.其他", "部分公开"):
        report = drop_t3_row(report, key)
    assert check(report, "T3-ROW") == [("T3-ROW", ERR, "表三", "25 行", "缺少 4 行")]


def test_t3_row_reports_a_deviating_label() -> None:
    report = with_diagnostics(
        make_report(),
        Diagnostic(
            "label", "表三", L["予以公开"], "", expected=L["予以公开"], actual="（一）同意公开"
        ),
    )
    assert check(report, "T3-ROW") == [
        ("T3-ROW", WARN, L["予以公开"], L["予以公开"], "（一）同意公开")
    ]


# --- T3-VALUE -----------------------------------------------------------------------------


def test_t3_value_passes_on_whole_numbers() -> None:
    assert check(make_report(), "T3-VALUE") == []


def test_t3_value_reports_a_cell_that_is_not_a_count() -> None:
    report = set_t3(make_report(), "部分公开", "自然人", "1.5")
    assert problems(report) == [
        ("T3-VALUE", ERR, f"{L['部分公开']} / 自然人", "非负整数", "1.5"),
    ]


def test_t3_value_reports_a_negative_count() -> None:
    report = set_t3(make_report(), "部分公开", "自然人", "-1")
    assert check(report, "T3-VALUE") == [
        ("T3-VALUE", ERR, f"{L['部分公开']} / 自然人", "非负整数", "-1")
    ]


def test_t3_value_reports_slashes_as_a_warning_and_reads_them_as_zero() -> None:
    report = set_t3_row(make_report(), "不予公开.国家秘密", ["/"] * 7)
    assert problems(report) == [("T3-VALUE", WARN, L["不予公开.国家秘密"], "0", "/")]


def test_t3_value_reports_slashes_in_many_rows_once() -> None:
    report = make_report()
    for key in (
        "不予公开.国家秘密",
        "不予公开.行政执法案卷",
        "不予公开.行政查询事项",
        "其他处理.其他",
    ):
        report = set_t3_row(report, key, ["—"] * 7)
    assert check(report, "T3-VALUE") == [
        (
            "T3-VALUE",
            WARN,
            f"{L['不予公开.国家秘密']} 至 {L['其他处理.其他']}",
            "0",
            "28 格填「—」",  # the mark the clerk wrote, not one they did not
        )
    ]


def test_t3_value_quotes_every_mark_written_in_many_rows() -> None:
    report = make_report()
    for key, mark in (
        ("不予公开.国家秘密", "无"),
        ("不予公开.行政执法案卷", "无"),
        ("不予公开.行政查询事项", "/"),
        ("其他处理.其他", "无"),
    ):
        report = set_t3_row(report, key, [mark] * 7)
    [(_code, _sev, _loc, _exp, actual)] = check(report, "T3-VALUE")
    assert actual == "28 格填「/」或「无」"


# --- a second 表三 (全区汇总) ---------------------------------------------------------------

SUMMARY = "表三（全区汇总）"


def _with_summary(report, source=None, *diagnostics):  # type: ignore[no-untyped-def]
    """``report`` with a second 表三 named 表三（全区汇总）: a copy of ``source``'s 表三 (default:
    the report's own), and the parser's ``diagnostics`` on it."""
    table = (source or report).applications
    summary = ApplicationTable(rows=dict(table.rows), name=SUMMARY)
    return dataclasses.replace(
        report,
        summary_applications=summary,
        diagnostics=(*report.diagnostics, *diagnostics),
    )


def _wider(report):  # type: ignore[no-untyped-def]
    """A consistent 表三 with other numbers than ``report``'s: one more 自然人 carried in and
    carried forward (so 上年结转 differs from last year's 结转下年度, as a 全区 sum does)."""
    for key in ("上年结转", "结转下年度"):
        for column in ("自然人", "总计"):
            row = report.applications.rows[key]
            report = set_t3(report, key, column, int(row.cells[_col(column)].text) + 1)
    return report


def _col(column: str) -> int:
    from ingest.model import APPLICANT_COLUMNS

    return APPLICANT_COLUMNS.index(column)


def test_a_consistent_summary_table_gives_nothing() -> None:
    assert problems(_with_summary(make_report(), _wider(make_report()))) == []


def test_a_broken_row_sum_in_the_summary_is_filed_under_its_name() -> None:
    broken = set_t3(make_report(), "新收", "总计", 13)
    sums = run_checks(_with_summary(make_report(), broken), select=["T3-ROWSUM", "T3-BALANCE"])
    assert [(f.code, f.section, f.location, f.expected, f.actual) for f in sums] == [
        ("T3-ROWSUM", SUMMARY, L["新收"], "12", "13"),
        ("T3-BALANCE", SUMMARY, "总计列", "14", "13"),
    ]
    assert sums[0].message.startswith(f"{SUMMARY}「{L['新收']}」行：")
    assert sums[0].fix.startswith(f"在{SUMMARY}中：")


def test_a_mistyped_cell_in_the_summary_is_one_cell_finding_under_its_name() -> None:
    broken = set_t3(make_report(), "新收", "总计", 13)
    findings = run_checks(_with_summary(make_report(), broken))
    errors = [f for f in findings if f.severity is ERR]
    assert [(f.code, f.section, f.location, f.expected, f.actual) for f in errors] == [
        ("T3-CELL", SUMMARY, f"{L['新收']} / 总计", "12", "13"),
    ]
    assert errors[0].message.startswith(f"{SUMMARY}「{L['新收']}」行「总计」列为 13：")
    assert errors[0].fix == f"将{SUMMARY}「{L['新收']}」行「总计」列的 13 改为 12"


def test_the_organs_own_table_comes_first_and_keeps_its_name() -> None:
    own = set_t3(make_report(), "新收", "总计", 13)
    broken = set_t3(make_report(), "予以公开", "总计", 7)
    findings = run_checks(_with_summary(own, broken), select=["T3-ROWSUM"])
    assert [(f.section, f.location) for f in findings] == [
        ("表三", L["新收"]),
        (SUMMARY, L["予以公开"]),
    ]
    assert findings[0].message.startswith("表三「")


def test_prose_and_history_rules_do_not_read_the_summary() -> None:
    """X-APPS and H-CARRY speak of the organ's own 表三: a 全区 sum with other numbers (and a
    上年结转 that differs from last year's 结转下年度) raises neither."""
    report = _with_summary(make_report(), _wider(make_report()))
    history = [make_previous_report()]
    assert check(report, "H-CARRY", history=history) == []
    assert problems(report, history=history) == []
    assert check(_wider(make_report()), "H-CARRY", history=history) != []  # it would fire


def test_a_summary_partly_read_is_one_p_unread_and_none_of_its_sums() -> None:
    broken = set_t3(make_report(), "新收", "总计", 13)
    lost = Diagnostic(
        kind="unreadable",
        section=SUMMARY,
        location=SUMMARY,
        message=f"{SUMMARY}在本文件的文字中未能完整读出（有的行没有读到）",
        actual="有的行没有读到",
    )
    own = set_t3(make_report(), "予以公开", "总计", 7)
    findings = run_checks(_with_summary(own, broken, lost))
    assert [(f.code, f.section) for f in findings if f.severity is ERR] == [
        ("T3-CELL", "表三"),  # the organ's own 表三 is still checked
    ]
    [unread] = [f for f in findings if f.code == "P-UNREAD"]
    assert unread.location == SUMMARY
    assert f"没有核对{SUMMARY}的数据" in unread.message


def test_the_summarys_shifted_row_is_its_own_cells_warning() -> None:
    shifted = Diagnostic(
        kind="cells",
        section=SUMMARY,
        location=L["予以公开"],
        message="",
        expected="7",
        actual="6",
    )
    findings = run_checks(_with_summary(make_report(), None, shifted), select=["T3-CELLS"])
    assert [(f.section, f.location, f.actual) for f in findings] == [(SUMMARY, L["予以公开"], "6")]
    assert findings[0].message.startswith(f"{SUMMARY}「")


def test_the_summary_survives_the_json_form() -> None:
    from ingest.model import report_from_json, report_to_json

    report = _with_summary(make_report(), set_t3(make_report(), "新收", "总计", 13))
    again = report_from_json(report_to_json(report))
    assert again.summary_applications is not None
    assert again.summary_applications.name == SUMMARY
    assert [(f.code, f.section) for f in run_checks(again) if f.severity is ERR] == [
        ("T3-CELL", SUMMARY),
    ]
    assert "summary_applications" not in report_to_json(make_report())


def test_a_cell_finding_in_one_table_leaves_the_others_sums_alone() -> None:
    # the summary's 新收/自然人 is one mistake; the organ's own table has two explanations for
    # its sums through the same row and column, so its four findings stay
    own = set_t3(set_t3(make_report(), "新收", "自然人", 9), "上年结转", "商业企业", 1)
    summary = set_t3(make_report(), "新收", "自然人", 9)
    findings = run_checks(_with_summary(own, summary), select=["T3"])
    assert [(f.code, f.section, f.location) for f in findings] == [
        ("T3-ROWSUM", "表三", L["新收"]),
        ("T3-ROWSUM", "表三", L["上年结转"]),
        ("T3-BALANCE", "表三", "自然人列"),
        ("T3-BALANCE", "表三", "商业企业列"),
        ("T3-CELL", SUMMARY, f"{L['新收']} / 自然人"),
    ]
