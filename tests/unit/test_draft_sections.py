"""The drafted text: numbers from the tables, facts or 待补充 slots, and a wording unlike last
year's (H-COPY)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import jinja2
import pytest

from checks.registry import run_checks
from drafting.compose import compose, draft_to_report
from drafting.data import prepare_data
from drafting.numbers import allowed_numbers, numbers_in
from drafting.sections import (
    NARRATIVE_SECTIONS,
    TODO_RE,
    application_summary,
    render_preface,
    render_section,
    review_summary,
    self_reference,
)
from drafting.templates import render
from drafting.variation import TARGET, text_similarity
from tests.auxil.layouts import sample_data
from tests.conftest import REPO
from tests.unit.test_draft_data import consistent_data, zero_data

FACTS: dict[str, Any] = {
    "机关类型": "乡镇",
    "所在地区": "东城区",
    "联系方式": "东城镇党政办，电话0411-12345678",
    "主动公开条数": 356,
    "公开平台": ["镇政府网站", "政务微信公众号", "政务公开栏"],
    "主动公开重点": ["及时公开财政预决算信息", "做好惠民补贴等领域信息公开"],
    "依申请公开": ["严格按照法定时限答复申请", "规范答复文书格式"],
    "政府信息管理": ["落实政府信息发布前保密审查制度", "开展规范性文件清理"],
    "平台建设": ["优化政府网站信息公开专栏", "定期维护政务公开栏"],
    "监督保障": ["成立政务公开工作领导小组", "组织业务培训2次"],
    "工作考核": "将政务公开工作纳入年度绩效考核",
    "社会评议": "开展群众满意度测评",
    "责任追究": "未发生责任追究情况",
    "存在问题": ["政策解读不够深入", "政务新媒体更新频率不高"],
    "改进情况": ["针对上年度解读形式单一的问题，增加了图文解读"],
    "改进措施": ["加强政策解读", "提高政务新媒体更新频率"],
    "信息处理费": 0,
    "落实工作要点": ["按照上级年度政务公开工作要点，逐项抓好落实"],
}


def _prose_findings(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    dd = prepare_data(data)
    composed = compose(dd)
    return [(f.code, f.section, f.message) for f in composed.findings if f.severity != "info"]


def test_overview_states_the_table_counts() -> None:
    body = render_section("一", prepare_data(sample_data())).body
    assert "新收政府信息公开申请10件，上年结转2件；办结11件，结转下年度继续办理1件" in body
    assert "予以公开4件、部分公开2件、不予公开1件、无法提供2件、不予处理1件、其他处理1件" in body
    assert "被申请行政复议2件，被提起行政诉讼1件" in body
    assert "制发行政规范性文件3件、废止1件，现行有效12件" in body
    assert "收取行政事业性收费1.5万元" in body


def test_zero_report_says_nothing_was_received() -> None:
    body = render_section("一", prepare_data(zero_data())).body
    assert "本年度未收到政府信息公开申请，也没有上年结转的申请。" in body
    assert "本年度未发生政府信息公开行政复议、行政诉讼案件。" in body
    assert "行政事业性收费" not in body


@pytest.mark.parametrize("seed", range(12))
def test_text_agrees_with_tables_for_any_consistent_data(seed: int) -> None:
    """X-APPS, X-REVIEW, X-OVERVIEW and the rest find nothing in a draft of any valid data."""
    for zero_share in (0.2, 0.8, 1.0):
        assert _prose_findings(consistent_data(seed, zero_share)) == []


@pytest.mark.parametrize("seed", range(12))
def test_every_number_in_the_text_comes_from_the_data(seed: int) -> None:
    data = consistent_data(seed, 0.4)
    data["facts"] = FACTS
    dd = prepare_data(data)
    derived = [
        application_summary(dd.data["applications"]),
        review_summary(dd.data["review_litigation"]),
    ]
    allowed = allowed_numbers(dd.data, FACTS, derived, year=dd.year)
    for key in NARRATIVE_SECTIONS:
        for variant in range(3):
            body = render_section(key, dd, variant).body
            stray = [p for p, v in numbers_in(body) if v not in allowed]
            assert stray == [], (key, variant, body)


def test_missing_facts_become_visible_slots() -> None:
    dd = prepare_data(sample_data())
    one = render_section("一", dd)
    assert "【待补充：全年主动公开政府信息条数及主要公开渠道】" in one.body
    assert one.missing == (
        "主动公开条数",
        "公开平台",
        "政府信息管理",
        "平台建设",
        "监督保障",
        "工作考核",
        "社会评议",
        "责任追究",
    )
    six = render_section("六", dd)
    assert six.missing == ("信息处理费",)
    assert "信息处理费" in six.body


def test_given_facts_fill_every_slot() -> None:
    dd = prepare_data(sample_data(facts=FACTS))
    for key in ("一", "二", "三", "四", "五", "六"):
        rendered = render_section(key, dd)
        assert rendered.missing == ()
        assert not TODO_RE.search(rendered.body)
    one = render_section("一", dd).body
    assert "全年通过镇政府网站、政务微信公众号、政务公开栏等渠道主动公开政府信息356条。" in one
    assert "一是落实政府信息发布前保密审查制度；二是开展规范性文件清理。" in one
    assert "将政务公开工作纳入年度绩效考核；开展群众满意度测评；未发生责任追究情况。" in one
    six = render_section("六", dd).body
    assert "（一）信息处理费收取情况。本年度未收取信息处理费。" in six
    assert "（二）落实上级年度政务公开工作要点情况。" in six
    preface = render_preface(dd).body
    assert "统计期限自2023年1月1日起至2023年12月31日止" in preface
    assert "电话0411-12345678" in preface


def test_fee_collected_is_stated_in_yuan() -> None:
    dd = prepare_data(sample_data(facts={"信息处理费": 150, "信息处理费件数": 2}))
    body = render_section("六", dd).body
    assert "本年度发出信息处理费收费通知2件，收取信息处理费150元。" in body


def test_article_50_slot_only_for_governments() -> None:
    town = render_section("一", prepare_data(sample_data()))
    bureau = render_section("一", prepare_data(sample_data(organ="东城区教育局")))
    assert "工作考核" in town.missing and "考核" in town.body
    assert "工作考核" not in bureau.missing and "考核" not in bureau.body
    kind = render_section("一", prepare_data(sample_data(facts={"机关类型": "部门"})))
    assert "工作考核" not in kind.missing


@pytest.mark.parametrize(
    ("organ", "we"),
    [
        ("东城镇人民政府", "我镇"),
        ("新华街道办事处", "我街道"),
        ("东城区教育局", "我局"),
        ("平安县人民政府", "我县"),
        ("国家档案馆", "本机关"),
    ],
)
def test_self_reference(organ: str, we: str) -> None:
    assert self_reference(organ) == we


@pytest.mark.parametrize("facts", [FACTS, {}], ids=["facts", "no-facts"])
def test_other_variants_differ_from_the_first(facts: dict[str, Any]) -> None:
    dd = prepare_data(sample_data(facts=facts))
    for key in NARRATIVE_SECTIONS:
        first = render_section(key, dd, 0).body
        assert render_section(key, dd, 0).body == first  # deterministic
        assert any(
            text_similarity(render_section(key, dd, v).body, first) < TARGET for v in range(1, 4)
        ), key


@pytest.mark.parametrize("facts", [FACTS, {}], ids=["facts", "no-facts"])
def test_no_section_copies_last_years_report(facts: dict[str, Any]) -> None:
    """Same facts, numbers changed: the plain template is flagged by H-COPY, the draft not."""
    organ = {"organ": "东城镇人民政府", "facts": facts}
    last = prepare_data(consistent_data(3, 0.5) | organ | {"year": 2022})
    previous = draft_to_report(compose(last).draft, last.data)
    now = prepare_data(consistent_data(4, 0.5) | organ | {"year": 2023})

    plain = draft_to_report(compose(now).draft, now.data)
    copied = {f.section for f in run_checks(plain, history=(previous,), select=["H-COPY"])}
    assert "一" in copied  # without variation the overview would repeat last year's

    composed = compose(now, previous=previous)
    assert [f for f in composed.findings if f.code == "H-COPY"] == []
    assert all(score < TARGET for score in composed.similarity.values())
    assert set(composed.similarity) == set(NARRATIVE_SECTIONS)


def test_facts_copied_from_last_year_are_pointed_out() -> None:
    """When the facts themselves repeat last year's, no wording can help: say so."""
    fmt = (REPO / "corpus" / "regulation" / "nianbao_geshi_2021.md").read_text("utf-8")
    copied = [line for line in fmt.splitlines() if len(line) > 80][:6]
    facts = {"存在问题": copied}
    last = prepare_data(sample_data(year=2022, facts=facts))
    previous = draft_to_report(compose(last).draft, last.data)
    composed = compose(prepare_data(sample_data(facts=facts)), previous=previous)
    assert any(note.startswith("第五部分与上年报告的相似度为") for note in composed.notes)
    assert [f.section for f in composed.findings if f.code == "H-COPY"] == ["五"]


def test_templates_are_strict() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render("section_6.md.j2")


def test_decimal_fee_from_facts_is_printed_plainly() -> None:
    dd = prepare_data(sample_data(facts={"信息处理费": 12.5}))
    assert dd.facts.get("信息处理费") == Decimal("12.5")
    assert "收取信息处理费12.5元" in render_section("六", dd).body
