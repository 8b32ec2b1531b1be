"""The registry: run_checks, ordering, selection, serialisation, and rules that never raise."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest

from checks import RULES, CheckContext, Finding, Severity, finding_to_dict, rule, run_checks
from checks.registry import SECTION_ORDER, finding
from ingest.model import (
    ActiveTable,
    AnnualReport,
    ApplicationTable,
    Diagnostic,
    ReviewTable,
    Section,
    TableRow,
    cells,
)
from tests.auxil.make_report import (
    drop_section,
    make_previous_report,
    make_report,
    make_report_2019,
    set_t3,
    set_text,
)
from tests.unit.checks.helpers import ERR, INFO, WARN, problems


def test_a_correct_report_gives_only_the_format_info() -> None:
    findings = run_checks(make_report(), history=(make_previous_report(),))
    assert [(f.code, f.severity) for f in findings] == [("S-FORMAT", INFO)]


def test_a_correct_2019_report_gives_only_the_format_info() -> None:
    assert problems(make_report_2019()) == []


def test_findings_come_in_report_order() -> None:
    report = set_t3(make_report(), "新收", "总计", 13)
    report = set_text(drop_section(report, "五"), "六", "无")
    report = dataclasses.replace(report, title="示例镇政府信息公开工作报告")
    findings = run_checks(report)
    sections = [f.section for f in findings]
    assert sections == sorted(sections, key=SECTION_ORDER.index)
    assert [f.code for f in findings] == [
        "S-TITLE",
        "S-TITLE",
        "S-FORMAT",
        "T3-CELL",
        "S-SECTION",
        "X-FEE",
    ]


def test_select_takes_codes_and_prefixes() -> None:
    report = set_text(set_t3(make_report(), "新收", "总计", 13), "六", "无")
    assert {f.code for f in run_checks(report, select=["T3"])} == {"T3-CELL"}
    assert {f.code for f in run_checks(report, select=["T3-ROWSUM", "T3-BALANCE"])} == {
        "T3-ROWSUM",
        "T3-BALANCE",
    }
    assert {f.code for f in run_checks(report, select=["X-FEE", "T3-ROWSUM"])} == {
        "X-FEE",
        "T3-ROWSUM",
    }


def test_select_refuses_unknown_codes() -> None:
    with pytest.raises(ValueError, match="T9-NOPE"):
        run_checks(make_report(), select=["T9-NOPE"])


def test_finding_to_dict_is_plain_json() -> None:
    f = run_checks(set_t3(make_report(), "新收", "总计", 13), select=["T3-ROWSUM"])[0]
    data = finding_to_dict(f)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["severity"] == "error"
    assert data["source"] and data["fix"] and data["message"]
    assert set(data) == {f.name for f in dataclasses.fields(Finding)}


def test_rule_names_must_follow_the_code() -> None:
    with pytest.raises(ValueError, match="must be named t9_demo"):

        @rule("T9-DEMO", section="表三", source="测试")
        def something_else(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
            yield from ()

    assert "T9-DEMO" not in RULES


def test_a_rule_reports_only_its_declared_severities() -> None:
    with pytest.raises(ValueError, match="does not report"):
        finding("T3-BALANCE", Severity.INFO, location="x", message="m", fix="f")


def test_every_rule_names_its_source_and_section() -> None:
    for code, registered in RULES.items():
        assert registered.source, code
        assert registered.section in SECTION_ORDER, code
        assert registered.name == code.lower().replace("-", "_")


# --- rules never raise on missing or odd data ---------------------------------------------

EMPTY = AnnualReport(
    organ=None,
    year=None,
    format="2021",
    title="",
    sections=(),
    active=ActiveTable(),
    applications=None,
    review_litigation=None,
)

ODD = AnnualReport(
    organ="某镇",
    year=2022,
    format="2019",
    title="某镇",
    sections=(
        Section("extra", None, "附件", "信息处理费收取情况表", 0),
        Section("三", "3", "申请情况", "", 1),
    ),
    active=ActiveTable(rows={"规章": TableRow("规章", "规章", cells(1))}),
    applications=ApplicationTable(
        rows={
            "新收": TableRow("新收", "新收", cells(1, 2, 3)),
            "总计": TableRow("总计", "总计", cells("a", None, "/", -1, 2, 3, 4, 5)),
        }
    ),
    review_litigation=ReviewTable(cells=cells(1, 2, 3), found=True, has_data_row=True),
    diagnostics=(
        Diagnostic("cells", "表三", "不存在的行", "?"),
        Diagnostic("weird", "表九", "", ""),
        Diagnostic("cells", "表二", "政府集中采购", "?"),
    ),
    full_text="20201年 202年 统计期限自2022年1月1日至",
)


@pytest.mark.parametrize("code", sorted(RULES))
@pytest.mark.parametrize("report", [EMPTY, ODD], ids=["empty", "odd"])
def test_rules_never_raise(code: str, report: AnnualReport) -> None:
    history = (dataclasses.replace(report, year=(report.year or 2000) - 1),)
    for f in run_checks(report, select=[code], history=history):
        assert f.code == code
        assert f.severity in RULES[code].severities


def test_an_empty_report_says_what_is_missing() -> None:
    found = {(f.code, f.severity, f.location) for f in run_checks(EMPTY)}
    assert {
        ("T2-ROW", ERR, "表二"),
        ("T3-ROW", ERR, "表三"),
        ("T4-ROW", ERR, "表四"),
        ("S-TITLE", WARN, "标题"),
        ("S-SECTION", ERR, "一、总体情况"),
    } <= found
