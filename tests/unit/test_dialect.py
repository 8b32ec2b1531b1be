"""Cantonese questions are read with Mandarin function words; Mandarin ones are untouched."""

from retrieval.dialect import to_mandarin
from retrieval.routing import FILL_CUES, route


def test_cantonese_function_words_become_mandarin() -> None:
    assert to_mandarin("检索咗冇呢份文件，填边行？") == "检索了没有这份文件，填哪行？"
    assert to_mandarin("上年结转嗰行填乜嘢？") == "上年结转那行填什么？"
    assert to_mandarin("补正之后仍然唔清楚嘅，算无法提供定系其他处理？") == (
        "补正之后仍然不清楚的，算无法提供还是其他处理？"
    )
    assert to_mandarin("佢要喺几多日内回复意见？") == "他要在多少日内回复意见？"


def test_mandarin_words_that_share_a_character_are_kept() -> None:
    # 关系, 系统 and 不同 keep their 系 and 同 inside a Cantonese question
    said = to_mandarin("表三嘅勾稽关系同系统导出嘅数唔同，点算？")
    assert "勾稽关系" in said and "系统" in said and "不同" in said
    assert said.startswith("表三的勾稽关系和系统导出的数不同")


def test_mandarin_is_untouched() -> None:
    for text in ("一边申请一边投诉，这个呢？", "右边那一列是总计吗", "申请人同意延期，怎么算期限"):
        assert to_mandarin(text) == text


def test_a_cantonese_filling_question_routes_as_one() -> None:
    question = "检索咗冇呢份文件，填边行？"
    assert not FILL_CUES.search(question)
    assert route(to_mandarin(question)).intent == "fill"


def test_hubei_hunan_jiangxi_interrogatives_become_mandarin() -> None:
    assert to_mandarin("请示还冇批，有人来要，我们冇给，归么子？") == (
        "请示还没有批，有人来要，我们没有给，归什么？"
    )
    assert to_mandarin("搞不清楚涉不涉密，么样处理才稳妥？") == "搞不清楚涉不涉密，怎样处理才稳妥？"
    # 什么事 and 怎么样 hold the same characters and stay as they are
    for text in ("出了什么事要先报告？", "这一栏怎么样填才对？"):
        assert to_mandarin(text) == text
    assert route(to_mandarin("企业不同意公开，我们就没给。年报记么子？")).intent == "fill"


def test_southwest_and_northeast_words_become_mandarin() -> None:
    assert to_mandarin("人家要的东西我们莫得，咋个填？算啥子？") == (
        "人家要的东西我们没有，怎么填？算什么？"
    )
    assert to_mandarin("结转的啷个算") == "结转的怎么算"
    assert to_mandarin("这人嘎哈呢，要的这是啥玩意儿") == "这人干什么呢，要的这是什么"
    assert route(to_mandarin("申请人要的文件我们莫得，表三咋个填")).intent == "fill"


def test_the_variant_spelling_of_goji_is_read_as_the_tables_word() -> None:
    assert to_mandarin("表三各行的钩稽关系有哪些") == "表三各行的勾稽关系有哪些"
    assert route(to_mandarin("钩稽对不上咋办")).intent == "fill"


def test_wu_words_become_mandarin() -> None:
    assert to_mandarin("这个申请哪能填") == "这个申请怎么填"
    assert to_mandarin("阿是算部分公开") == "是不是算部分公开"
    assert to_mandarin("记在结转下年度伐？") == "记在结转下年度吗？"
    assert to_mandarin("搿个申请人侬晓得伐") == "这个申请人你晓得吗"
    assert to_mandarin("阿拉街道覅填表四") == "我们街道不要填表四"
    # Mandarin words that share a character are kept
    for mandarin in [
        "林区采伐许可证算行政许可吗",
        "阿拉伯语的申请怎么办",
        "阿拉善盟",
        "哪能不公开呢",
    ]:
        assert to_mandarin(mandarin) == mandarin
