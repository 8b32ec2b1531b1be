"""Text rules: slips in the prose, and the prose against the tables."""

from __future__ import annotations

import pytest

from checks import run_checks
from ingest.model import T3_ROWS_2021
from tests.auxil.make_report import (
    make_report,
    make_report_2019,
    replace_text,
    set_t3_row,
    set_t4_row,
    set_text,
)
from tests.unit.checks.helpers import ERR, INFO, WARN, check, problems

L = dict(T3_ROWS_2021)
ZERO = (0,) * 7


def _no_applications(report):  # type: ignore[no-untyped-def]
    """表三 all 0 and texts that say so (a clean report with no application)."""
    for key, _label in T3_ROWS_2021:
        report = set_t3_row(report, key, ZERO)
    report = replace_text(
        report,
        "一",
        "2023年共收到政府信息公开申请12件，上年结转1件，均在法定期限内答复，结转下年度继续办理1件。",
        "本年度未收到政府信息公开申请。",
    )
    return set_text(report, "三", "本年度未收到政府信息公开申请，表三各项均为0。")


# --- X-YEAR -------------------------------------------------------------------------------


def test_x_year_passes_on_well_formed_years() -> None:
    assert check(make_report(), "X-YEAR") == []


def test_x_year_reports_a_year_with_a_digit_too_many() -> None:
    # the 003 sample
    report = replace_text(make_report(), "一", "2023年共收到", "20231年共收到")
    findings = run_checks(report, select=["X-YEAR"])
    assert [
        (f.code, f.severity, f.section, f.location, f.expected, f.actual) for f in findings
    ] == [("X-YEAR", ERR, "一", "一、总体情况", "2023年", "20231年")]
    assert "「20231年」不是正确的年份" in findings[0].message


def test_x_year_reports_a_year_with_a_digit_missing() -> None:
    report = replace_text(make_report(), "四", "2023年，本镇", "202年，本镇")
    assert problems(report) == [
        ("X-YEAR", ERR, "四、政府信息公开行政复议、行政诉讼情况", "2023年", "202年")
    ]


@pytest.mark.parametrize("phrase", ["近200年", "建镇201年", "2023年度", "2035年远景目标"])
def test_x_year_passes_on_numbers_that_are_not_years(phrase: str) -> None:
    report = replace_text(make_report(), "五", "存在的主要问题：", f"存在的主要问题（{phrase}）：")
    assert check(report, "X-YEAR") == []


# --- X-APPS -------------------------------------------------------------------------------


def test_x_apps_passes_when_the_text_matches_table_three() -> None:
    assert check(make_report(), "X-APPS") == []


def test_x_apps_passes_when_no_application_is_stated_and_none_received() -> None:
    assert check(_no_applications(make_report()), "X-APPS") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "本年度未收到组织或个人的政府信息公开申请。",
        "2023年度霄云镇未收到政府信息依申请公开情况。",
        "全年未收到主动申请信息公开的案件。",
    ],
)
def test_x_apps_reports_no_application_while_table_three_has_some(sentence: str) -> None:
    report = set_text(make_report(), "三", sentence)
    findings = run_checks(report, select=["X-APPS"])
    assert [
        (f.code, f.severity, f.section, f.location, f.expected, f.actual) for f in findings
    ] == [("X-APPS", ERR, "三", "三、收到和处理政府信息公开申请情况", "12", "0")]
    assert f"表三「{L['新收']}」总计为 12" in findings[0].message


def test_x_apps_reports_a_count_that_differs_from_table_three() -> None:
    report = replace_text(
        make_report(), "一", "共收到政府信息公开申请12件", "共收到政府信息公开申请15件"
    )
    assert problems(report) == [("X-APPS", ERR, "一、总体情况", "12", "15")]


def test_x_apps_passes_on_counts_of_other_things_and_other_years() -> None:
    report = replace_text(
        make_report(),
        "五",
        "存在的主要问题：",
        "2022年共收到政府信息公开申请7件；本年收到群众咨询申请30件；存在的主要问题：",
    )
    assert check(report, "X-APPS") == []


# --- X-REVIEW -----------------------------------------------------------------------------


def test_x_review_passes_when_the_text_matches_table_four() -> None:
    assert check(make_report(), "X-REVIEW") == []


def test_x_review_passes_on_no_case_stated_and_none_in_the_table() -> None:
    # the 000 sample's wording
    report = set_t4_row(make_report(), [0] * 15)
    report = set_text(
        report, "四", "2023年我镇未接收到有关政府信息公开事务的行政复议申请、行政诉讼和行政申诉。"
    )
    assert check(report, "X-REVIEW") == []


def test_x_review_reports_no_case_stated_while_table_four_has_some() -> None:
    report = set_text(make_report(), "四", "本年度未发生政府信息公开行政复议、行政诉讼案件。")
    assert problems(report) == [
        ("X-REVIEW", ERR, "四、政府信息公开行政复议、行政诉讼情况", "1", "0"),
        ("X-REVIEW", ERR, "四、政府信息公开行政复议、行政诉讼情况", "1", "0"),
    ]
    messages = [f.message for f in run_checks(report, select=["X-REVIEW"])]
    assert "表四行政复议总计为 1" in messages[0]
    assert "表四行政诉讼总计为 1" in messages[1]


def test_x_review_reports_cases_stated_while_table_four_has_none() -> None:
    report = set_t4_row(make_report(), [0] * 15)
    assert problems(report) == [
        ("X-REVIEW", ERR, "四、政府信息公开行政复议、行政诉讼情况", "0", "1"),
        ("X-REVIEW", ERR, "四、政府信息公开行政复议、行政诉讼情况", "0", "1"),
    ]


def test_x_review_passes_on_the_table_headings_in_the_text() -> None:
    report = set_text(make_report(), "四", "行政复议1件，结果维持；未经复议直接起诉1件，尚未审结。")
    assert check(report, "X-REVIEW") == []


# --- X-ART50 ------------------------------------------------------------------------------

_ART50 = (
    "（五）监督保障。将政府信息公开工作纳入各村、各站所年度绩效考核，组织社会评议1次，"
    "群众满意率95%；全年未发生因政府信息公开工作引起的责任追究情况。"
)
_ONLY_SUPERVISION = "（五）监督保障。主动接受人大、政协和新闻媒体的监督检查。"


def test_x_art50_passes_when_the_three_results_are_reported() -> None:
    assert check(make_report(), "X-ART50") == []


def test_x_art50_reports_a_town_report_without_them() -> None:
    report = replace_text(make_report(), "一", _ART50, _ONLY_SUPERVISION)
    findings = run_checks(report, select=["X-ART50"])
    assert [
        (f.code, f.severity, f.section, f.location, f.expected, f.actual) for f in findings
    ] == [
        (
            "X-ART50",
            WARN,
            "一",
            "一、总体情况 / 监督保障",
            "工作考核、社会评议和责任追究结果情况",
            "未报告社会评议、责任追究",  # 五 writes of 考核 (信息报送情况纳入考核)
        )
    ]
    assert findings[0].source == "条例第五十条第（四）项"
    assert "（已写工作考核）" in findings[0].message


def test_x_art50_says_nothing_was_reported_only_when_nothing_was() -> None:
    report = replace_text(make_report(), "一", _ART50, _ONLY_SUPERVISION)
    report = replace_text(report, "五", "将报送情况纳入考核", "定期通报报送情况")
    findings = run_checks(report, select=["X-ART50"])
    assert [(f.actual, "已写" in f.message) for f in findings] == [("未报告", False)]


@pytest.mark.parametrize("organ", ["大洼区平安镇", "某县", "某市某区人民政府", "某街道办事处"])
def test_x_art50_reports_every_level_of_government(organ: str) -> None:
    report = replace_text(make_report(organ=organ), "一", _ART50, _ONLY_SUPERVISION)
    assert [c[0] for c in check(report, "X-ART50")] == ["X-ART50"]


@pytest.mark.parametrize("organ", ["某县教育局", "某市人民政府办公室", None])
def test_x_art50_passes_on_a_department_report(organ: str | None) -> None:
    report = replace_text(make_report(organ=organ), "一", _ART50, _ONLY_SUPERVISION)
    assert check(report, "X-ART50") == []


def test_x_art50_follows_the_organ_kind_given_by_the_caller() -> None:
    report = replace_text(make_report(organ="某局"), "一", _ART50, _ONLY_SUPERVISION)
    assert [c[0] for c in check(report, "X-ART50", organ_kind="乡镇")] == ["X-ART50"]
    town = replace_text(make_report(), "一", _ART50, _ONLY_SUPERVISION)
    assert check(town, "X-ART50", organ_kind="部门") == []


# --- X-FEE --------------------------------------------------------------------------------


def test_x_fee_passes_when_part_six_reports_the_fee() -> None:
    assert check(make_report(), "X-FEE") == []


def test_x_fee_reports_part_six_silent_on_the_fee() -> None:
    # the 000 and 004 samples
    report = set_text(make_report(), "六", "无")
    assert problems(report) == [
        ("X-FEE", WARN, "六、其他需要报告的事项", "信息处理费收取情况", "未说明")
    ]


def test_x_fee_passes_on_a_2019_report() -> None:
    assert check(set_text(make_report_2019(), "六", "无"), "X-FEE") == []


# --- X-OVERVIEW ---------------------------------------------------------------------------


def test_x_overview_passes_when_the_overview_covers_applications() -> None:
    assert check(make_report(), "X-OVERVIEW") == []


def test_x_overview_reports_an_overview_silent_on_applications() -> None:
    # the 004 sample
    report = set_text(make_report(), "一", "本镇在区政府门户网站主动公开政府信息415条。" + _ART50)
    findings = run_checks(report, select=["X-OVERVIEW"])
    assert [(f.code, f.severity, f.location, f.expected, f.actual) for f in findings] == [
        ("X-OVERVIEW", WARN, "一、总体情况", "依申请公开情况", "未提及")
    ]
    assert "本年新收 12 件、上年结转 1 件" in findings[0].message


def test_x_overview_passes_when_there_is_no_application() -> None:
    report = _no_applications(make_report())
    report = set_text(report, "一", "本镇在区政府门户网站主动公开政府信息415条。" + _ART50)
    assert check(report, "X-OVERVIEW") == []


# --- X-TYPO -------------------------------------------------------------------------------


def test_x_typo_passes_on_the_fixed_phrase() -> None:
    report = replace_text(
        make_report(), "五", "存在的主要问题：", "坚持“以公开为原则，不公开为例外”。"
    )
    assert check(report, "X-TYPO") == []


def test_x_typo_reports_a_dropped_character() -> None:
    # the 002 sample
    report = replace_text(
        make_report(), "五", "存在的主要问题：", "坚持“以公开为原则，不开为例外”。"
    )
    assert problems(report) == [
        ("X-TYPO", INFO, "五、存在的主要问题及改进情况", "不公开为例外", "不开为例外")
    ]


def test_x_apps_passes_on_deadlines_and_shifted_rows() -> None:
    report = replace_text(
        make_report(),
        "五",
        "存在的主要问题：",
        "收到政府信息公开申请的答复期限为20个工作日；存在的主要问题：",
    )
    assert check(report, "X-APPS") == []
    shifted = set_t3_row(
        set_text(make_report(), "三", "本年度未收到政府信息公开申请。"),
        "新收",
        [8, 2, 0, 0, 1, 12],
        raw_count=6,
    )
    assert check(shifted, "X-APPS") == []


def test_x_review_passes_on_procedural_periods() -> None:
    report = set_t4_row(make_report(), [0] * 15)
    report = set_text(
        report,
        "四",
        "本年度未发生政府信息公开行政复议；申请行政复议的期限为60日，共3件材料已归档。",
    )
    assert check(report, "X-REVIEW") == []


def test_x_review_passes_on_a_zero_result_among_cases() -> None:
    report = set_text(make_report(), "四", "行政复议维持0件，纠正1件；行政诉讼尚在审理中。")
    report = set_t4_row(report, [0, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0])
    assert check(report, "X-REVIEW") == []


def test_x_review_reports_a_zero_count_while_table_four_has_cases() -> None:
    report = set_text(
        make_report(), "四", "政府信息公开行政复议0件。被提起行政诉讼1件，尚在审理中。"
    )
    assert check(report, "X-REVIEW") == [
        ("X-REVIEW", ERR, "四、政府信息公开行政复议、行政诉讼情况", "1", "0")
    ]


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("本年度受理依申请公开13件，均已办结。", False),  # 新收 12 + 上年结转 1
        ("本年度受理依申请公开20件，均已办结。", True),
        ("全年共收到政府信息公开申请12件。", False),
    ],
)
def test_x_apps_reads_the_usual_phrasings(sentence: str, reported: bool) -> None:
    report = set_text(make_report(), "三", sentence)
    assert bool(check(report, "X-APPS")) is reported


# --- X-APPS: meaning, not a word ------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "目前未收到该申请人提交的补正材料。",
        "对1件申请发出补正通知，目前未收到该申请人提交的补正。",
        "未收到申请人的缴费。",
    ],
)
def test_x_apps_passes_on_a_sentence_about_one_applications_steps(sentence: str) -> None:
    assert check(set_text(make_report(), "三", sentence), "X-APPS") == []


# --- X-UNFINISHED -----------------------------------------------------------------------------


def test_x_unfinished_passes_on_a_finished_report() -> None:
    assert check(make_report(), "X-UNFINISHED") == []


@pytest.mark.parametrize(
    ("placeholder", "printed"),
    [
        ("【待补充】", "【待补充】"),
        ("【】", "【】"),
        ("XX", "XX"),
        ("××", "××"),
        ("（此处填写）", "此处填写"),
        ("（待填写）", "（待填写）"),
    ],
)
def test_x_unfinished_reports_a_placeholder_left_in_the_text(
    placeholder: str, printed: str
) -> None:
    report = replace_text(
        make_report(), "一", "主动公开政府信息415条", f"主动公开政府信息{placeholder}条"
    )
    findings = run_checks(report, select=["X-UNFINISHED"])
    assert [(f.code, f.severity, f.section, f.actual) for f in findings] == [
        ("X-UNFINISHED", ERR, "一", printed)
    ]
    assert "主动公开政府信息" in findings[0].message


@pytest.mark.parametrize(
    "sentence",
    ["截至年底尚未收到复议机关的复议决定书。", "该行政诉讼案件目前未收到法院判决。"],
)
def test_x_review_passes_on_a_sentence_about_one_cases_steps(sentence: str) -> None:
    assert check(set_text(make_report(), "四", sentence), "X-REVIEW") == []
