"""The typical questions of each article (corpus/askings): complete, pointing only at
articles that exist, and indexed as probes of their article, never as text of their own."""

from __future__ import annotations

import pytest

from base.errors import ConfigError
from retrieval.askings import asking_chunks, load_askings, parse_askings
from retrieval.chunking import chunk_regulation, is_probe
from tests.conftest import CORPUS

REGULATION = "zhengfu_xinxi_gongkai_tiaoli_2019.md"


def _articles() -> list:  # type: ignore[type-arg]
    text = (CORPUS / "regulation" / REGULATION).read_text(encoding="utf-8")
    return chunk_regulation(text, REGULATION)


def test_every_article_has_typical_questions() -> None:
    (askings,) = load_askings(CORPUS)
    numbers = {int(c.metadata["article"]) for c in _articles()}
    assert askings.source == REGULATION
    assert set(askings.questions) == numbers
    assert all(len(qs) >= 5 for qs in askings.questions.values())


def test_questions_are_probes_of_their_article() -> None:
    articles = _articles()
    probes = asking_chunks(load_askings(CORPUS), articles)
    ids = {c.id for c in articles}
    assert probes and all(is_probe(p.metadata) for p in probes)
    assert {p.metadata["parent"] for p in probes} <= ids
    by_id = {c.id: c for c in articles}
    for probe in probes:
        parent = by_id[str(probe.metadata["parent"])]
        assert probe.metadata["article"] == parent.metadata["article"]
        assert probe.metadata["kind"] == "regulation"
        assert probe.text not in parent.text  # the project's wording, not the 条例's


def test_an_article_the_regulation_lacks_is_a_clear_error() -> None:
    bad = parse_askings(
        f"source: {REGULATION}\narticles:\n  - article: 99\n    questions: [问？]\n"
    )
    with pytest.raises(ConfigError, match="第99条"):
        asking_chunks([bad], _articles())


def test_a_broken_file_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="常见问法文件"):
        parse_askings("articles: [")
    with pytest.raises(ConfigError, match="常见问法文件"):
        parse_askings("articles: []\n")  # no source
