"""The LLM path, offline: fake chat models answer; a text with a number the data lacks is
refused and the template text kept (and the user told), a clean text is used."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from pydantic import Field

from base.settings import Settings
from drafting.compose import compose
from drafting.data import prepare_data
from drafting.llm import clean_output, rejection
from drafting.numbers import allowed_numbers, numbers_in, unsupported_numbers
from drafting.precedent import Precedent, Wanted
from drafting.sections import render_section
from services.llm import chat_model
from tests.auxil.layouts import sample_data
from tests.unit.test_draft_sections import FACTS

# Clean rewrites: every number from the data, every item of the template still covered.
CLEAN_ONE = (
    "2023年，东城镇人民政府坚持以公开为常态、不公开为例外，认真落实《条例》。\n\n"
    "（一）主动公开。依托镇政府网站、政务微信公众号、政务公开栏，全年主动公开政府信息356条。\n\n"
    "（二）依申请公开。本年度新收政府信息公开申请10件，上年结转2件，办结11件，"
    "结转下年度继续办理1件。因政府信息公开被申请行政复议2件，被提起行政诉讼1件。\n\n"
    "（三）政府信息管理。严格落实保密审查制度，开展规范性文件清理。\n\n"
    "（四）政府信息公开平台建设。优化网站专栏，维护政务公开栏。\n\n"
    "（五）监督保障。成立领导小组，组织业务培训2次；工作考核方面，纳入年度绩效考核；"
    "社会评议方面，开展群众满意度测评；责任追究方面，未发生责任追究情况。"
)
CLEAN_FIVE = (
    "五、存在的主要问题及改进情况\n\n"
    "（一）存在的主要问题。政策解读还不够深入，政务新媒体更新频率不高。\n\n"
    "（二）改进情况。我镇将加强政策解读，提高政务新媒体更新频率，持续改进工作。"
)
CLEAN_SIX = (
    "（一）信息处理费收取情况。本年度未收取信息处理费。\n\n"
    "（二）落实上级年度政务公开工作要点情况。对照上级年度政务公开工作要点逐项抓好落实。"
)
INVENTED_ONE = CLEAN_ONE.replace("全年主动公开政府信息356条", "全年主动公开政府信息412条")


class RecordingModel(FakeListChatModel):
    """A fake that also keeps the messages it was sent."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def _call(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> str:
        self.seen.append(list(messages))
        return super()._call(messages, *args, **kwargs)


class FailingModel(FakeListChatModel):
    def _call(self, *args: Any, **kwargs: Any) -> str:
        raise ConnectionError("connection refused")


class OnePrecedent:
    """A finder that always offers the same passage."""

    def find(self, wanted: Wanted, k: int = 3) -> list[Precedent]:
        text = "西城镇把政务公开纳入重点工作，全年主动公开政府信息999条，群众满意度显著提升。"
        return [
            Precedent(
                wanted.section, text, "西城镇人民政府", 2022, "东城区", "乡镇", "西城镇2022.pdf"
            )
        ]


def _dd(**facts: Any):  # type: ignore[no-untyped-def]
    return prepare_data(sample_data(facts={**FACTS, **facts}))


def test_invented_number_is_refused_and_clean_text_kept() -> None:
    model = FakeListChatModel(responses=[INVENTED_ONE, CLEAN_FIVE, CLEAN_SIX])
    composed = compose(_dd(), model=model)
    sources = {s.key: s.source for s in composed.draft.sections}
    assert sources == {
        "一": "template",
        "二": "template",
        "三": "template",
        "四": "template",
        "五": "llm",
        "六": "llm",
    }
    assert "第一部分：大模型文本含有数据中没有的数字：412，已改用模板文字。" in composed.notes
    assert composed.draft.section("一").body == render_section("一", _dd()).body
    five = composed.draft.section("五").body
    assert five.startswith("（一）存在的主要问题。政策解读还不够深入")  # heading line dropped
    assert [f for f in composed.findings if f.severity != "info"] == []


def test_generic_fake_model_clean_answer_is_used() -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(CLEAN_ONE), CLEAN_FIVE, CLEAN_SIX]))
    composed = compose(_dd(), model=model)
    assert composed.draft.section("一").source == "llm"
    assert "全年主动公开政府信息356条" in composed.draft.section("一").body
    assert composed.notes == ()


def test_prompt_carries_facts_template_and_precedent() -> None:
    model = RecordingModel(responses=[CLEAN_ONE, CLEAN_FIVE, CLEAN_SIX])
    composed = compose(_dd(), model=model, finder=OnePrecedent())
    system, human = model.seen[0]
    assert "不得编造任何数字" in system.content
    assert "主动公开条数：356" in human.content
    assert "【模板初稿】" in human.content and "新收政府信息公开申请10件" in human.content
    assert "范文1：西城镇人民政府2022年政府信息公开工作年度报告（西城镇2022.pdf）" in human.content
    # the precedent's 999 never reaches the draft
    assert "999" not in composed.draft.section("一").body
    assert composed.precedents["一"][0].organ == "西城镇人民政府"


def test_dropping_a_placeholder_is_refused() -> None:
    dd = prepare_data(sample_data())  # no facts: the overview has 待补充 slots
    model = FakeListChatModel(responses=[CLEAN_ONE, CLEAN_FIVE, CLEAN_SIX])
    composed = compose(dd, model=model)
    assert all(s.source == "template" for s in composed.draft.sections)
    assert any(n.startswith("第一部分：大模型文本删除或改写了待补充标记") for n in composed.notes)


def test_llm_text_failing_the_checker_is_replaced() -> None:
    contradicting = CLEAN_ONE.replace(
        "本年度新收政府信息公开申请10件，上年结转2件，办结11件，结转下年度继续办理1件。",
        "本年度未收到政府信息公开申请。",
    )
    model = FakeListChatModel(responses=[contradicting, CLEAN_FIVE, CLEAN_SIX])
    composed = compose(_dd(), model=model)
    assert composed.draft.section("一").source == "template"
    assert any("第一部分：大模型文本未通过检查" in n for n in composed.notes)
    assert [f for f in composed.findings if f.severity == "error"] == []


def test_unreachable_model_falls_back_to_templates() -> None:
    composed = compose(_dd(), model=FailingModel(responses=["x"]))
    assert all(s.source == "template" for s in composed.draft.sections)
    assert "第一部分：大模型调用失败（ConnectionError），已改用模板文字。" in composed.notes


def test_rejection_reasons() -> None:
    template = "（一）主动公开。全年主动公开政府信息356条。【待补充：平台】依申请公开3件。"
    allowed = allowed_numbers({"a": 356, "b": 3}, year=2023)
    ok = "（一）主动公开。全年主动公开信息356条。【待补充：平台】依申请公开共3件。"
    assert rejection(ok, template, allowed) is None
    assert rejection("太短", template, allowed) == "大模型未返回有效正文"
    assert "遗漏了初稿中的内容：依申请公开" in (
        rejection(
            "（一）主动公开。全年主动公开信息356条。【待补充：平台】其他工作3件。",
            template,
            allowed,
        )
        or ""
    )
    assert "含有数据中没有的数字：三十七" in (
        rejection(ok + "另有三十七件。", template, allowed) or ""
    )


def test_numbers_in_text() -> None:
    text = (
        "共收到申请１２件，其中三件予以公开，一是加强培训，第二十条，第三十件，收费1,500元，1.5万元"
    )
    assert [p for p, _ in numbers_in(text)] == ["12", "三", "1500", "1.5"]
    allowed = allowed_numbers({"x": [12, 3]}, "收费1500元", 1.5, year=2023)
    assert unsupported_numbers(text + "，2024年计划", allowed) == []
    assert unsupported_numbers("2020年", allowed) == ["2020"]


def test_clean_output_drops_fences_heading_and_markdown() -> None:
    raw = "```markdown\n## 六、其他需要报告的事项\n**本年度**未收取信息处理费。\n无其他事项。\n```"
    assert clean_output(raw, "六、其他需要报告的事项") == "本年度未收取信息处理费。\n\n无其他事项。"


def test_chat_model_from_settings() -> None:
    assert chat_model(Settings()) is None
    model = chat_model(
        Settings(llm_base_url="http://127.0.0.1:9/v1", llm_model="qwen", llm_api_key="sk-test")
    )
    assert model is not None
    assert (model.model_name, model.temperature) == ("qwen", 0)  # type: ignore[attr-defined]


@pytest.mark.parametrize("key", ["二", "三", "四"])
def test_table_parts_never_go_to_the_model(key: str) -> None:
    model = RecordingModel(responses=[CLEAN_ONE])
    compose(_dd(), model=model, sections=(key,))
    assert model.seen == []
