"""Article numbers in every form staff write them, and the forms that are not articles."""

from __future__ import annotations

import pytest

from retrieval.articles import (
    article_label,
    article_numbers,
    canonical_article_token,
    cn_to_int,
    int_to_cn,
    iter_article_refs,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("三十三", 33), ("五十六", 56),
     ("一百", 100), ("一百零五", 105), ("一百一十", 110), ("两百", 200), ("七百零五", 705),
     ("33", 33), ("〇", 0)],
)  # fmt: skip
def test_cn_to_int_reads_chinese_and_arabic_numerals(text: str, value: int) -> None:
    assert cn_to_int(text) == value


def test_cn_to_int_rejects_what_is_not_a_numeral() -> None:
    assert cn_to_int("") is None
    assert cn_to_int("三十三条") is None


def test_int_to_cn_round_trips_and_prints_as_the_regulation_does() -> None:
    assert [int_to_cn(n) for n in (10, 11, 20, 33, 105, 110, 1010)] == [
        "十", "十一", "二十", "三十三", "一百零五", "一百一十", "一千零一十",
    ]  # fmt: skip
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 3000))
    with pytest.raises(ValueError):
        int_to_cn(0)


def test_article_label() -> None:
    assert article_label(33) == "第三十三条"


@pytest.mark.parametrize(
    "question",
    ["第三十三条", "第33条", "33条", "条例三十三条", "条例第33条", "第 33 条",
     "《条例》第三十三条怎么规定的", "请问33条规定什么", "三十三条规定了什么？",
     "政府信息公开条例第33条", "依据33条，"],
)  # fmt: skip
def test_every_form_of_article_33_is_recognised(question: str) -> None:
    assert article_numbers(question, bare=True) == [33]


@pytest.mark.parametrize(
    "text", ["发布信息14条", "发布了 14 条信息", "有两条规定", "这一条", "共收到3条意见"]
)
def test_counts_are_not_articles(text: str) -> None:
    assert article_numbers(text, bare=True) == []


def test_bare_numbers_need_the_question_mode() -> None:
    assert article_numbers("33条") == []
    assert article_numbers("33条", bare=True) == [33]


def test_refs_keep_order_spans_and_qualifiers() -> None:
    text = "依据本条例第十四条、第十五条和第二十条第（一）项"
    refs = list(iter_article_refs(text))
    assert [r.number for r in refs] == [14, 15, 20]
    assert refs[2].text == "第二十条第（一）项"
    assert text[refs[0].start : refs[0].end] == refs[0].text


def test_canonical_token_unifies_spellings() -> None:
    assert canonical_article_token("第 33 条") == "第三十三条"
    assert canonical_article_token("第三十三条") == "第三十三条"
    assert canonical_article_token("第条") is None
