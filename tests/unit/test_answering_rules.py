"""Decided without an index: a time limit asked of another procedure in a filling question's
words is refused, not answered by the 条例's deadline topics; a legal question a guide topic
answers lists its article first."""

from retrieval.answering import _another_procedure, _law_first
from retrieval.evidence import NO_BASIS
from retrieval.extractive import Answer
from retrieval.routing import route


def test_another_procedures_time_limit_is_not_the_regulations() -> None:
    question = "群众来信来访的事项，受理以后多少天内必须出处理意见？超期了咋算"
    answer = _another_procedure(question, route(question))
    assert answer is not None and answer.text.startswith(NO_BASIS)
    assert "来信来访" in answer.text


def test_another_procedure_asked_without_disclosure_is_not_the_reports() -> None:
    question = "12345热线转过来的工单，考核里按期办结率是咋算的？"
    answer = _another_procedure(question, route(question))
    assert answer is not None and answer.text.startswith(NO_BASIS)
    assert "12345" in answer.text


def test_a_filling_question_about_the_report_is_left_to_the_guide() -> None:
    for question in (
        "以申请信息公开的名义来信访，超过20个工作日才答复，表三咋算？",  # names the table
        "信访件转成公开申请，答复期限从哪天算？",  # a period, no other procedure alone
        "12345热线转来的申请要信息，放哪个小项？",  # no period asked
    ):
        assert _another_procedure(question, route(question)) is None


def test_a_legal_question_answered_by_a_topic_lists_the_article_first() -> None:
    topic = Answer(
        text="【填报指引（非法规原文）】「年报内容」",
        citations=[{"kind": "guide", "label": "年报内容"}, {"kind": "regulation", "article": 50}],
        sources=["guide:report-contents", "article:50"],
    )
    answered = _law_first(topic, ["article:50"], [], 50)
    assert answered.sources == ["article:50", "guide:report-contents"]
    assert answered.citations[0] == {"kind": "regulation", "article": 50}
    # the articles a legal question found come before the topic, the others after it
    fee = Answer(text="", sources=["guide:fee", "article:42"])
    found = ["article:42", "article:36", "guide:t3-6-2"]
    ordered = _law_first(fee, found[:2], found, 42).sources
    assert ordered == ["article:42", "article:36", "guide:fee", "guide:t3-6-2"]
