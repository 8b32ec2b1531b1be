"""An upgraded corpus (a better guide, new typical questions) takes effect on the next ask,
without anyone running ``xxgk init``; an unchanged corpus is not re-indexed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from base.settings import Settings
from retrieval.embeddings import PROVIDERS
from retrieval.indexing import regulation_indexed
from retrieval.search_index import forget_open_indexes, open_index
from services.ask import ask, ensure_index
from tests.conftest import CORPUS
from tests.integration.test_ask import small_corpus, word_hash


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    PROVIDERS["wordhash"] = word_hash
    corpus = small_corpus(tmp_path / "corpus", {1, 2, 33, 39})
    shutil.copytree(CORPUS / "guide", corpus / "guide")
    yield Settings(home=tmp_path / "home", corpus_dir=corpus, embedding_provider="wordhash")
    forget_open_indexes()
    PROVIDERS.pop("wordhash", None)


def test_a_changed_guide_is_indexed_on_the_next_ask(settings: Settings) -> None:
    assert ensure_index(settings) is True
    assert regulation_indexed(settings)
    assert ensure_index(settings) is False  # nothing changed: nothing rebuilt

    guide = settings.corpus_dir / "guide" / "tianbao_zhiyin.yaml"
    text = guide.read_text(encoding="utf-8")
    marker = "申请查看邻居的低保审批材料"
    assert marker in text
    guide.write_text(text.replace(marker, "申请查看邻居的宅基地审批档案"), encoding="utf-8")
    assert not regulation_indexed(settings)

    ask(settings, "申请人要看邻居的宅基地审批档案，我们没给，表三怎么填？")
    assert regulation_indexed(settings)
    texts = [e.text for e in open_index(settings).lexical.entries]
    assert any("宅基地审批档案" in t for t in texts)
    assert not any(marker in t for t in texts)  # the old wording is gone from the index


def test_a_home_indexed_by_an_earlier_xxgk_is_indexed_again(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same corpus files, chunks made another way (guide probes without their cue): the old
    index would answer from texts the new code never made."""
    assert ensure_index(settings) is True
    from retrieval import indexing

    monkeypatch.setattr(indexing, "CHUNKS_VERSION", indexing.CHUNKS_VERSION + 1)
    assert not regulation_indexed(settings)
    assert ensure_index(settings) is True
    assert ensure_index(settings) is False


class _Sides(Embeddings):
    """Word-hash vectors that remember which side embedded each text."""

    def __init__(self, settings: Settings) -> None:
        self.inner = word_hash(settings)
        self.queries: list[str] = []
        self.passages: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.passages += texts
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return self.inner.embed_query(text)


def test_probes_are_embedded_as_questions_and_the_sources_as_passages(
    settings: Settings,
) -> None:
    """A probe (a guide case, a typical question of a row or of an article) is compared
    with questions, so it gets the query side of the model; the guide's own text and the
    条例 stay passages. Changing side re-embeds (its own fingerprint), instead of reusing a
    passage vector from the cache."""
    from retrieval.guide import case_text, load_guide
    from retrieval.indexing import index_regulation

    asked = "申请人一直不补正，我们还要等他吗？"  # a typical question of 第三十三条
    askings = settings.corpus_dir / "askings"
    askings.mkdir(exist_ok=True)
    (askings / "wenfa.yaml").write_text(
        f"source: tiaoli.md\narticles:\n  - article: 33\n    questions:\n      - {asked}\n",
        encoding="utf-8",
    )
    sides = _Sides(settings)
    index_regulation(settings, embeddings=sides)
    entry = next(e for e in load_guide(settings.corpus_dir) if e.cases)
    case = case_text(entry.cases[0])
    assert case in sides.queries
    assert case not in sides.passages
    assert any(entry.label in text for text in sides.passages)  # the row itself
    assert any("第三十三条" in text for text in sides.passages)
    assert asked in sides.queries
    assert asked not in sides.passages
