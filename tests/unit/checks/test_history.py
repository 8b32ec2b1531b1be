"""History rules: this year's report against the same organ's report of the year before."""

from __future__ import annotations

from checks import run_checks
from checks.history import similarity
from tests.auxil.make_report import (
    SECTION_TEXTS,
    make_previous_report,
    make_report,
    set_t2_row,
    set_t3_row,
    set_text,
)
from tests.unit.checks.helpers import INFO, WARN, check, problems

CARRIED_IN = "二、上年结转政府信息公开申请数量"


def test_history_rules_pass_without_history() -> None:
    assert check(make_report(), "H") == []


def test_history_rules_pass_on_a_consistent_previous_report() -> None:
    assert problems(make_report(), history=(make_previous_report(),)) == []


def test_history_rules_use_the_report_of_the_year_before_only() -> None:
    older = set_t3_row(make_previous_report(year=2021), "结转下年度", (5, 0, 0, 0, 0, 0, 5))
    assert check(make_report(), "H-CARRY", history=(older,)) == []


# --- H-CARRY ------------------------------------------------------------------------------


def test_h_carry_passes_when_carried_in_equals_last_years_carried_forward() -> None:
    assert check(make_report(), "H-CARRY", history=(make_previous_report(),)) == []


def test_h_carry_reports_each_column_that_differs() -> None:
    previous = set_t3_row(make_previous_report(), "结转下年度", (2, 0, 0, 0, 0, 0, 2))
    previous = set_t3_row(previous, "总计", (4, 1, 0, 0, 0, 0, 5))
    findings = run_checks(make_report(), select=["H-CARRY"], history=(previous,))
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("H-CARRY", WARN, f"{CARRIED_IN} / 自然人", "2", "1"),
        ("H-CARRY", WARN, f"{CARRIED_IN} / 总计", "2", "1"),
    ]
    assert findings[0].message == (
        f"表三「{CARRIED_IN}」自然人为 1，但2022年报告「四、结转下年度继续办理」自然人为 2"
    )


# --- H-VALID ------------------------------------------------------------------------------


def test_h_valid_passes_when_valid_follows_from_last_year() -> None:
    assert check(make_report(), "H-VALID", history=(make_previous_report(),)) == []


def test_h_valid_reports_valid_that_does_not_follow_from_last_year() -> None:
    previous = set_t2_row(make_previous_report(), "行政规范性文件", (2, 0, 20))
    assert problems(make_report(), history=(previous,)) == [
        ("H-VALID", INFO, "行政规范性文件 / 现行有效件数", "22", "25")
    ]


# --- H-COPY -------------------------------------------------------------------------------


def test_h_copy_passes_on_rewritten_sections() -> None:
    assert check(make_report(), "H-COPY", history=(make_previous_report(),)) == []


def test_h_copy_reports_a_section_copied_with_only_the_year_changed() -> None:
    previous = set_text(make_previous_report(), "五", SECTION_TEXTS["五"].replace("2", "1"))
    findings = run_checks(make_report(), select=["H-COPY"], history=(previous,))
    assert [(f.code, f.severity, f.section, f.location, f.actual) for f in findings] == [
        ("H-COPY", WARN, "五", "五、存在的主要问题及改进情况", "100%")
    ]
    assert "与2022年报告的同一部分文字几乎相同" in findings[0].message


def test_h_copy_passes_on_short_sections() -> None:
    report = set_text(make_report(), "六", "本年度未收取信息处理费，无其他需要报告的事项。")
    assert check(report, "H-COPY", history=(make_previous_report(),)) == []


def test_h_copy_ignores_the_formats_own_wording() -> None:
    boiler = (
        "（一）主动公开（二）依申请公开（三）政府信息管理（四）政府信息公开平台建设（五）监督保障"
    )
    report = set_text(make_report(), "一", boiler + "今年本镇做了很多工作。")
    previous = set_text(make_previous_report(), "一", boiler + "去年本镇的工作有新进展。")
    assert check(report, "H-COPY", history=(previous,)) == []


def test_similarity_is_one_for_identical_texts_and_low_for_different_ones() -> None:
    assert similarity("政府信息公开工作年度报告", "政府信息公开工作年度报告") == 1.0
    assert similarity("主动公开政府信息", "依申请公开工作") < 0.2
