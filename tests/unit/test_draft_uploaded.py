"""What an uploaded draft already says (``drafting.uploaded``): its 信息处理费 and the clerk's
own narrative, which a /draft starts from instead of asking for it again."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from drafting.compose import compose
from drafting.data import prepare_data
from drafting.uploaded import facts_from_report, fee_charged, narrative_from_report
from ingest.model import AnnualReport
from tests.auxil.layouts import sample_data
from tests.auxil.make_report import make_report


@pytest.mark.parametrize(
    "text",
    [
        "本年度未收取信息处理费。",
        "2021年度，霄云镇收到的政府信息公开申请均未收取信息处理费。",
        "（一）信息处理费收取情况。\n收费通知件数\t收费金额（元）\t减免件数\n0\t0\t0\n（二）无。",
        "信息处理费收取情况\n| 发出收费通知件数 | 收费金额 |\n| 0 | 0.00 |",
        "本年度信息处理费为0元。",
    ],
)
def test_nothing_charged_is_a_fee_of_zero(text: str) -> None:
    assert fee_charged(text) == Decimal(0)


@pytest.mark.parametrize(
    "text",
    [
        "本年度收取信息处理费120元。",
        "（一）信息处理费收取情况。\n收费通知件数\t收费金额（元）\n2\t150\n",
        "无其他需要报告的事项。",  # silent on the fee: unknown, not zero
    ],
)
def test_a_charged_or_unstated_fee_is_not_zero(text: str) -> None:
    assert fee_charged(text) is None


def _report_with(five: str, six: str) -> AnnualReport:
    report = make_report()
    sections = [
        replace(s, text=five) if s.key == "五" else replace(s, text=six) if s.key == "六" else s
        for s in report.sections
    ]
    return replace(report, sections=tuple(sections))


def test_narrative_parts_with_text_are_kept_headings_alone_are_not() -> None:
    report = _report_with(
        "（一）存在的主要问题。一是公开栏更新不及时；二是解读形式单一。",
        "（一）信息处理费收取情况。\n（二）无其他需要报告的事项。",
    )
    own = narrative_from_report(report, facts_from_report(report, "本年度未收取信息处理费"))
    assert own["五"] == "（一）存在的主要问题。一是公开栏更新不及时；二是解读形式单一。"
    assert "六" not in own  # only headings: the template (with the known fee) writes it


def test_compose_starts_a_part_from_the_clerks_text() -> None:
    dd = prepare_data(sample_data())
    own = "（一）存在的主要问题。一是公开栏更新不及时；二是解读形式单一。"
    composed = compose(dd, sections=("五",), uploaded={"五": own})
    (section,) = composed.draft.sections
    assert section.body == own and section.source == "draft"
    assert composed.missing == ()
    template = compose(dd, sections=("五",))
    assert "存在问题" in template.missing  # without it, the slot is asked for
