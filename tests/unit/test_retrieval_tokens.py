"""The BM25 tokenizer: article numbers whole, domain words whole, jieba's cache in our home;
and the colloquial-to-statutory expansions."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.synonyms import SYNONYMS, expansions
from retrieval.tokens import STOPWORDS, Tokenizer


@pytest.fixture(scope="module")
def tokenizer(tmp_path_factory: pytest.TempPathFactory) -> Tokenizer:
    return Tokenizer(tmp_path_factory.mktemp("jieba"))


def test_article_numbers_stay_one_token_in_one_spelling(tokenizer: Tokenizer) -> None:
    assert "第七百零五条" in tokenizer.tokens("第七百零五条")
    assert "第七" not in tokenizer.tokens("第七百零五条")
    assert "第三十三条" in tokenizer.tokens("依据第33条规定")
    assert "第三十三条" in tokenizer.tokens("第 33 条")


def test_domain_terms_are_words(tokenizer: Tokenizer) -> None:
    tokens = tokenizer.tokens("申请人逾期未缴纳信息处理费，属于勾稽关系和三安全一稳定问题")
    for term in ("信息处理费", "勾稽关系", "三安全一稳定"):
        assert term in tokens


def test_stopwords_and_punctuation_are_dropped(tokenizer: Tokenizer) -> None:
    tokens = tokenizer.tokens("请问，依申请公开的期限是多少？")
    assert not set(tokens) & STOPWORDS
    assert "，" not in tokens and "？" not in tokens
    assert "依申请公开" in tokens


def test_jieba_cache_is_written_to_the_given_directory(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    Tokenizer(cache).tokens("政府信息公开")
    assert (cache / "jieba.cache").is_file()


def test_signature_changes_with_the_dictionary(tmp_path: Path) -> None:
    assert Tokenizer(tmp_path).signature != Tokenizer(tmp_path, ("新词甲乙",)).signature


def test_expansions_add_statutory_words_once(tokenizer: Tokenizer) -> None:
    question = "网上提交的申请哪天算收到？"
    tokens = tokenizer.tokens(question)
    extra = expansions(question, tokens, tokenizer.tokens)
    assert "互联网" in extra
    assert not set(extra) & set(tokens)
    assert len(extra) == len(set(extra))


def test_pattern_expansions(tokenizer: Tokenizer) -> None:
    extra = expansions("什么是政府信息？", tokenizer.tokens("什么是政府信息？"), tokenizer.tokens)
    assert "是指" in extra
    extra = expansions("申请要交钱吗", tokenizer.tokens("申请要交钱吗"), tokenizer.tokens)
    assert "信息处理费" in extra


def test_synonym_keys_are_long_enough_to_match_as_substrings() -> None:
    assert all(len(key) >= 2 for key in SYNONYMS)


def test_a_named_fee_is_an_administrative_charge(tokenizer: Tokenizer) -> None:
    """登记费, 工本费 are what 表二 calls 行政事业性收费; 信息处理费 is the 条例's own fee."""
    question = "我们收的工本费填哪"
    extra = expansions(question, tokenizer.tokens(question), tokenizer.tokens)
    assert "收费" in extra
    question = "信息处理费怎么收"
    extra = expansions(question, tokenizer.tokens(question), tokenizer.tokens)
    assert "行政事业性收费" not in "".join(extra)
