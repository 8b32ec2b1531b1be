"""The typical questions of each article and each guide entry (corpus/askings): complete,
pointing only at articles and entries that exist, and indexed as probes of their source,
never as text of their own."""

from __future__ import annotations

import pytest

from base.errors import ConfigError
from retrieval.askings import Askings, asking_chunks, load_askings, parse_askings
from retrieval.chunking import chunk_regulation, is_probe
from retrieval.guide import guide_chunks, load_guide
from tests.conftest import CORPUS

REGULATION = "zhengfu_xinxi_gongkai_tiaoli_2019.md"


def _articles() -> list:  # type: ignore[type-arg]
    text = (CORPUS / "regulation" / REGULATION).read_text(encoding="utf-8")
    return chunk_regulation(text, REGULATION)


def _of_regulation() -> Askings:
    (askings,) = [a for a in load_askings(CORPUS) if a.questions]
    return askings


def _of_guide() -> Askings:
    (askings,) = [a for a in load_askings(CORPUS) if a.entries]
    return askings


def test_every_article_has_typical_questions() -> None:
    askings = _of_regulation()
    numbers = {int(c.metadata["article"]) for c in _articles()}
    assert askings.source == REGULATION
    assert set(askings.questions) == numbers
    assert all(len(qs) >= 5 for qs in askings.questions.values())


def test_questions_are_probes_of_their_article() -> None:
    articles = _articles()
    probes = asking_chunks([_of_regulation()], articles)
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


def test_every_guide_entry_has_typical_questions_of_its_own() -> None:
    askings = _of_guide()
    entries = load_guide(CORPUS)
    assert set(askings.entries) == {e.id for e in entries}
    assert all(len(qs) >= 12 for qs in askings.entries.values())
    seen: dict[str, str] = {}
    for key, questions in askings.entries.items():
        for question in questions:
            assert seen.setdefault(question, key) == key, (
                f"{question} 同时写在 {key} 和 {seen[question]}"
            )


def test_guide_questions_are_probes_of_their_entry_apart_from_its_cases() -> None:
    entries = guide_chunks(load_guide(CORPUS))
    probes = asking_chunks([_of_guide()], entries)
    by_id = {c.id: c for c in entries}
    assert probes and all(is_probe(p.metadata) for p in probes)
    assert not {p.id for p in probes} & set(by_id)  # a case probe keeps its own id
    for probe in probes:
        parent = by_id[str(probe.metadata["parent"])]
        assert probe.metadata["guide_id"] == parent.metadata["guide_id"]
        assert probe.metadata["kind"] == "guide"


def test_a_guide_entry_the_guide_lacks_is_a_clear_error() -> None:
    bad = parse_askings(
        "guide: tianbao_zhiyin.yaml\nentries:\n  - id: t9-9\n    questions: [问？]\n"
    )
    with pytest.raises(ConfigError, match="t9-9"):
        asking_chunks([bad], guide_chunks(load_guide(CORPUS)))


def test_subjects_outside_the_regulation_are_read_but_never_indexed() -> None:
    from retrieval.askings import SUBJECT_KINDS, load_subjects

    subjects = load_subjects(CORPUS)
    assert {s.kind for s in subjects} == set(SUBJECT_KINDS)
    assert all(len(s.questions) >= 20 for s in subjects)
    assert len({s.id for s in subjects}) == len(subjects)
    outside = [a for a in load_askings(CORPUS) if a.subjects]
    chunks = _articles() + guide_chunks(load_guide(CORPUS))
    assert asking_chunks(outside, chunks) == []


def test_a_subject_of_an_unknown_kind_is_a_clear_error() -> None:
    text = "elsewhere:\n- id: x\n  name: 某法\n  kind: 法律\n  questions: [问]\n"
    with pytest.raises(ConfigError, match=r"qita\.yaml.*kind"):
        parse_askings(text, "qita.yaml")
