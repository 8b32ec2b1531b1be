"""Structure rules: the title, the six sections, the format version, the statistics period."""

from __future__ import annotations

import dataclasses

from checks import run_checks
from ingest.model import Diagnostic
from tests.auxil.make_report import (
    drop_section,
    make_report,
    make_report_2019,
    refresh,
    replace_text,
    set_section,
    with_diagnostics,
)
from tests.unit.checks.helpers import ERR, INFO, WARN, check, problems

# --- S-TITLE ------------------------------------------------------------------------------


def test_s_title_passes_on_the_format_title_even_split_by_spaces() -> None:
    report = make_report(title="示例镇人民政府 2023 年政府信息 公开工作年度报告")
    assert check(report, "S-TITLE") == []


def test_s_title_reports_a_title_without_annual_report() -> None:
    # the 004 sample
    title = "大洼区平安镇2023年度政府信息公开工作报告"
    assert problems(make_report(title=title)) == [
        ("S-TITLE", WARN, "标题", "政府信息公开工作年度报告", title)
    ]


def test_s_title_reports_a_title_without_the_year() -> None:
    title = "示例镇人民政府政府信息公开工作年度报告"
    assert check(make_report(title=title), "S-TITLE") == [
        ("S-TITLE", WARN, "标题", "2023年", title)
    ]


def test_s_title_reports_the_parsers_title_diagnostic() -> None:
    report = with_diagnostics(
        make_report(),
        Diagnostic("title", "标题", "标题", "标题分成了两行", expected="一行", actual="两行"),
    )
    assert check(report, "S-TITLE") == [("S-TITLE", WARN, "标题", "一行", "两行")]


# --- S-SECTION ----------------------------------------------------------------------------


def test_s_section_passes_on_six_sections_in_order() -> None:
    assert check(make_report(), "S-SECTION") == []


def test_s_section_passes_on_harmless_title_variants() -> None:
    report = set_section(make_report(), "二", title="主动公开政府信息的情况")
    report = set_section(report, "五", title="政府信息公开工作存在的主要问题及改进情况")
    report = set_section(report, "四", title="政府信息公开行政复议和行政诉讼情况")
    assert check(report, "S-SECTION") == []


def test_s_section_reports_a_missing_section() -> None:
    report = drop_section(make_report(), "五")
    findings = run_checks(report, select=["S-SECTION"])
    assert [
        (f.code, f.severity, f.section, f.location, f.expected, f.actual) for f in findings
    ] == [
        (
            "S-SECTION",
            ERR,
            "五",
            "五、存在的主要问题及改进情况",
            "五、存在的主要问题及改进情况",
            "缺失",
        )
    ]


def test_s_section_reports_a_section_out_of_order() -> None:
    report = set_section(make_report(), "二", order=2)
    report = set_section(report, "三", order=1)
    assert problems(report) == [
        (
            "S-SECTION",
            ERR,
            "二、主动公开政府信息情况",
            "排在「三、收到和处理政府信息公开申请情况」之前",
            "排在「三、收到和处理政府信息公开申请情况」之后",
        )
    ]


def test_s_section_reports_missing_numbers() -> None:
    # the 004 sample: "总体情况" and "其他需要报告的事项" without 一、 and 六、
    report = set_section(set_section(make_report(), "一", number=None), "六", number=None)
    assert problems(report) == [
        ("S-SECTION", WARN, "一、总体情况", "一、", "无序号"),
        ("S-SECTION", WARN, "六、其他需要报告的事项", "六、", "无序号"),
    ]


def test_s_section_reports_a_wrong_number() -> None:
    report = set_section(make_report(), "五", number="四")
    assert check(report, "S-SECTION") == [
        ("S-SECTION", WARN, "五、存在的主要问题及改进情况", "五、", "四、")
    ]


def test_s_section_reports_a_deviating_title() -> None:
    report = set_section(make_report(), "五", title="工作中的不足")
    assert check(report, "S-SECTION") == [
        (
            "S-SECTION",
            WARN,
            "五、存在的主要问题及改进情况",
            "存在的主要问题及改进情况",
            "工作中的不足",
        )
    ]


# --- S-FORMAT -----------------------------------------------------------------------------


def test_s_format_passes_with_info_on_a_2021_format_report() -> None:
    assert check(make_report(), "S-FORMAT") == [("S-FORMAT", INFO, "格式", None, "2021年版格式")]


def test_s_format_passes_with_info_on_a_2019_report_in_the_2019_format() -> None:
    # the 002 sample: "使用2019年版年报格式（2019年度报告适用，正确）"
    findings = run_checks(make_report_2019(), select=["S-FORMAT"])
    assert [(f.severity, f.actual) for f in findings] == [(INFO, "2019年版格式")]
    assert "适用于2019、2020年度报告" in findings[0].message


def test_s_format_reports_a_2022_report_in_the_2019_format() -> None:
    report = refresh(dataclasses.replace(make_report_2019(), year=2022))
    assert check(report, "S-FORMAT") == [("S-FORMAT", ERR, "格式", "2021年版格式", "2019年版格式")]


# --- S-PERIOD -----------------------------------------------------------------------------


def test_s_period_passes_on_the_calendar_year() -> None:
    assert check(make_report(), "S-PERIOD") == []


def test_s_period_passes_when_the_end_year_is_left_out() -> None:
    report = replace_text(
        make_report(), "一", "自2023年1月1日起至2023年12月31日止", "为2023年1月1日至12月31日"
    )
    assert check(report, "S-PERIOD") == []


def test_s_period_reports_last_years_period() -> None:
    report = replace_text(
        make_report(),
        "一",
        "自2023年1月1日起至2023年12月31日",
        "自 2022 年 1 月 1 日起至 2022 年 12 月 31 日",
    )
    findings = run_checks(report, select=["S-PERIOD"])
    assert [
        (f.code, f.severity, f.section, f.location, f.expected, f.actual) for f in findings
    ] == [
        (
            "S-PERIOD",
            ERR,
            "一",
            "统计期限",
            "2023年1月1日至2023年12月31日",
            "2022年1月1日至2022年12月31日",
        )
    ]


def test_s_period_reports_a_period_cut_short() -> None:
    report = replace_text(make_report(), "一", "2023年12月31日", "2023年11月30日")
    assert check(report, "S-PERIOD") == [
        (
            "S-PERIOD",
            ERR,
            "统计期限",
            "2023年1月1日至2023年12月31日",
            "2023年1月1日至2023年11月30日",
        )
    ]


def test_s_section_passes_on_2019_title_variants() -> None:
    report = set_section(make_report_2019(), "五", title="政府信息公开工作存在的主要问题及改进情况")
    report = set_section(report, "四", title="因政府信息公开工作被申请行政复议、提起行政诉讼的情况")
    assert check(report, "S-SECTION") == []


# --- P-UNREAD ---------------------------------------------------------------------------------


def test_p_unread_passes_when_every_table_was_read() -> None:
    assert check(make_report(), "P-UNREAD") == []


def test_p_unread_reports_a_lost_table_once_and_hides_its_row_findings() -> None:
    from tests.auxil.make_report import drop_t3_row, with_diagnostics

    report = drop_t3_row(make_report(), "予以公开")
    lost = Diagnostic(
        kind="unreadable",
        section="表三",
        location="表三（收到和处理政府信息公开申请情况）",
        message="表三（收到和处理政府信息公开申请情况）在本文件的文字中未能完整读出（有的行没有读到）",
        actual="有的行没有读到",
    )
    findings = run_checks(with_diagnostics(report, lost))
    assert [f.code for f in findings if f.section == "表三"] == []
    unread = [f for f in findings if f.code == "P-UNREAD"]
    assert len(unread) == 1
    assert unread[0].location == "表三"
    assert "DOCX" in unread[0].fix and "没有核对表三的数据" in unread[0].message


# --- S-KIND -------------------------------------------------------------------------------


def _institution_report() -> object:
    from ingest.model import ActiveTable, ReviewTable

    return make_report(
        organ="江城市自来水有限公司",
        title="江城市自来水有限公司2023年信息公开工作年度报告",
        active=ActiveTable(),
        applications=None,
        review_litigation=ReviewTable(cells=(), found=False, has_data_row=False),
    )


def test_s_kind_passes_on_an_organs_report() -> None:
    assert check(make_report(), "S-KIND") == []


def test_s_kind_passes_on_an_institution_that_used_the_government_tables() -> None:
    report = make_report(
        organ="白沙市第一人民医院", title="白沙市第一人民医院2023年政府信息公开工作年度报告"
    )
    assert check(report, "S-KIND") == []
    assert "S-KIND" not in {f.code for f in run_checks(report)}


def test_s_kind_reports_a_public_institution_once_and_skips_the_format_rules() -> None:
    report = _institution_report()
    assert problems(report) == [  # type: ignore[arg-type]
        (
            "S-KIND",
            WARN,
            "全文",
            "政府信息公开工作年度报告格式",
            "公共企事业单位（江城市自来水有限公司）",
        )
    ]


def test_s_kind_reports_when_the_caller_says_the_kind() -> None:
    report = make_report(active=dataclasses.replace(make_report().active, rows={}))
    codes = [b[0] for b in problems(report, organ_kind="公共企事业单位")]
    assert codes == ["S-KIND"]


# --- P-SCAN -------------------------------------------------------------------------------


def test_p_scan_passes_without_scanned_pages() -> None:
    assert check(make_report(), "P-SCAN") == []


def test_p_scan_reports_scanned_pages_once_and_nothing_missing() -> None:
    report = with_diagnostics(
        drop_section(drop_section(make_report(), "三"), "五"),
        Diagnostic(
            "scanned_pages", "全文", "第2、3页", "第2、3页没有文字层（可能是扫描页）", actual="2,3"
        ),
    )
    assert problems(report) == [
        ("P-SCAN", WARN, "第2、3页", "每页都有文字层", "第2、3页没有文字层（可能是扫描页）")
    ]


def test_s_section_passes_with_one_warning_on_digit_numbers() -> None:
    report = make_report()
    for i, key in enumerate("一二三四五六"):
        report = set_section(report, key, number=str(i + 1))
    assert check(report, "S-SECTION") == [("S-SECTION", WARN, "全文", "一、……六、", "1.……6.")]
