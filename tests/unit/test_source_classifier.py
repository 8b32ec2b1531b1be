"""The classifier from typical questions to their source: it learns the words that tell
sources apart, and the index trains it from its own probes, again after a change."""

from __future__ import annotations

from typing import Any

import pytest

from retrieval.lexical import LexicalEntry, LexicalIndex
from retrieval.search_index import SearchIndex
from retrieval.source_classifier import SourceClassifier, blend

PARTIAL = [
    "身份证号打了码其余都给了",
    "涂掉了个人信息后提供",
    "能给的都给了，隐私那几页没给",
    "遮盖手机号以后复印给他",
]
NOT_HELD = [
    "我们这里根本没有这个文件",
    "这个不归我们管，没有这份材料",
    "查了档案没有找到相关信息",
    "本机关不掌握申请的信息",
]
PETITION = [
    "借着申请的名义投诉村干部",
    "要求查处违建，给个说法",
    "以申请为名举报领导",
    "信访诉求写在申请表上",
]


def _trained() -> SourceClassifier:
    texts = PARTIAL + NOT_HELD + PETITION
    sources = ["t3-2"] * 4 + ["t3-4-1"] * 4 + ["t3-5-1"] * 4
    model = SourceClassifier.fit(texts, sources)
    assert model is not None
    return model


def test_a_new_wording_goes_to_the_source_whose_words_it_shares() -> None:
    model = _trained()
    assert model.ranking("手机号码打了码，别的都复印给他了")[0] == "t3-2"
    assert model.ranking("我们根本没有他要的那份文件")[0] == "t3-4-1"
    assert model.ranking("申请书上全是投诉村干部的话，要求给个说法")[0] == "t3-5-1"


def test_the_ranking_can_be_limited_to_the_sources_still_in_play() -> None:
    model = _trained()
    assert model.ranking("手机号码打了码", among=["t3-4-1", "t3-5-1", "gone"]) in (
        ["t3-4-1", "t3-5-1"],
        ["t3-5-1", "t3-4-1"],
    )
    assert set(model.scores("随便问问")) == {"t3-2", "t3-4-1", "t3-5-1"}


def test_nothing_to_tell_apart_gives_no_classifier() -> None:
    assert SourceClassifier.fit(["一", "二"], ["t3-2", "t3-2"]) is None
    assert SourceClassifier.fit([], []) is None
    with pytest.raises(ValueError):
        SourceClassifier.fit(["一"], ["a", "b"])


def _probe(cid: str, text: str, parent: str, kind: str = "guide") -> LexicalEntry:
    meta: dict[str, Any] = {"kind": kind, "part": "probe", "parent": parent}
    return LexicalEntry(cid, text, meta, "")


def _index(entries: list[LexicalEntry]) -> SearchIndex:
    return SearchIndex(None, None, None, LexicalIndex(entries), None)  # type: ignore[arg-type]


def test_the_index_trains_on_its_own_probes_of_one_kind_and_again_after_a_change() -> None:
    entries = [_probe(f"guide:t3-2:a{i}", t, "guide:t3-2") for i, t in enumerate(PARTIAL)]
    entries += [_probe(f"guide:t3-4-1:a{i}", t, "guide:t3-4-1") for i, t in enumerate(NOT_HELD)]
    # a 条例 probe and a row's own text are not the guide's typical questions
    entries.append(_probe("article:39:a1", "借着申请的名义投诉", "article:39", kind="regulation"))
    entries.append(
        LexicalEntry("guide:t3-5-1", "（五）不予处理 1.信访举报投诉类申请", {"kind": "guide"}, "")
    )
    index = _index(entries)
    model = index.classifier("guide")
    assert model is not None and set(model.sources) == {"guide:t3-2", "guide:t3-4-1"}
    assert index.classifier("guide") is model  # trained once while nothing changes
    assert index.classifier("regulation") is None  # one source: nothing to tell apart

    index.lexical = LexicalIndex(
        [
            *entries,
            *(_probe(f"guide:t3-5-1:a{i}", t, "guide:t3-5-1") for i, t in enumerate(PETITION)),
        ]
    )
    again = index.classifier("guide")
    assert again is not model and "guide:t3-5-1" in again.sources
    assert again.ranking("要求查处违建，给个说法")[0] == "guide:t3-5-1"


def test_the_lead_of_one_kind_of_source_over_the_others() -> None:
    texts = (
        PARTIAL
        + NOT_HELD
        + [
            "申请公开政府信息的期限是多久",
            "答复期限是多少个工作日",
            "多少天内要答复申请人",
            "延长答复期限最多多久",
        ]
    )
    sources = ["guide:t3-2"] * 4 + ["guide:t3-4-1"] * 4 + ["article:33"] * 4
    model = SourceClassifier.fit(texts, sources)
    assert model is not None
    assert model.lead("涂掉了身份证号，其余都给了", "guide:") > 0
    assert model.lead("答复申请人的期限是多少个工作日", "guide:") < 0
    assert model.lead("随便", "nothing:") == 0.0


def test_a_change_that_adds_no_probe_does_not_retrain() -> None:
    entries = [_probe(f"guide:t3-2:a{i}", t, "guide:t3-2") for i, t in enumerate(PARTIAL)]
    entries += [_probe(f"guide:t3-4-1:a{i}", t, "guide:t3-4-1") for i, t in enumerate(NOT_HELD)]
    index = _index(entries)
    model = index.classifier("guide")
    # a report uploaded since: the lexical side changed, the guide's probes did not
    report = LexicalEntry("rpt:9:t3:01", "本年新收 12", {"kind": "report"}, "")
    index.lexical = LexicalIndex([*entries, report])
    assert index.classifier("guide") is model


def test_the_embedding_head_moves_a_case_towards_the_source_it_means() -> None:
    """A case told in words no typical question uses is placed by its meaning: with the
    question's vector, the source whose typical questions lie that way gains on the others."""
    texts = PARTIAL + NOT_HELD + PETITION
    sources = ["t3-2"] * 4 + ["t3-4-1"] * 4 + ["t3-5-1"] * 4
    vectors = [[1.0, 0.0, 0.0]] * 4 + [[0.0, 1.0, 0.0]] * 4 + [[0.0, 0.0, 1.0]] * 4
    model = SourceClassifier.fit(texts, sources, vectors)
    assert model is not None and model.meaning is not None
    question = "乙丙丁戊"  # no character of any typical question
    alone = model.scores(question)

    def gain(vector: list[float], source: str) -> float:
        scores = model.scores(question, vector)
        others = [s for s in scores if s != source]
        return sum(scores[source] - scores[o] - (alone[source] - alone[o]) for o in others)

    assert gain([0.0, 1.0, 0.0], "t3-4-1") > 0
    assert gain([0.0, 0.0, 1.0], "t3-5-1") > 0
    assert model.ranking(question, scores=model.scores(question, [1.0, 0.0, 0.0]))[0] == "t3-2"
    # without the question's vector the character head alone answers, as before
    characters = SourceClassifier.fit(texts, sources)
    assert characters is not None and alone == characters.scores(question)
    with pytest.raises(ValueError):
        SourceClassifier.fit(texts, sources, vectors[:3])


def test_blending_keeps_the_character_margins_mean_and_spread() -> None:
    """Thresholds were set on the character head's margins; the blend must not rescale them."""
    import numpy as np

    margins = np.array([0.4, 0.3, -0.9, -1.2])
    other = np.array([-3.0, 8.0, 1.0, -6.0])
    mixed = blend(margins, other, 0.5)
    assert mixed.mean() == pytest.approx(margins.mean())
    assert mixed.std() == pytest.approx(margins.std())
    assert int(np.argmax(mixed)) == 1  # the other head's strong first moved up
    assert np.allclose(blend(margins, np.zeros(4), 0.5), margins)


def test_the_条例s_classifier_reads_the_stored_embeddings_of_its_typical_questions() -> None:
    groups = {"reg:33": PARTIAL, "reg:36": NOT_HELD, "reg:39": PETITION}
    entries = [
        _probe(f"{parent}:{i}", t, parent, kind="regulation")
        for parent, texts in groups.items()
        for i, t in enumerate(texts)
    ]
    entries += [_probe(f"guide:t3-2:a{i}", t, "guide:t3-2") for i, t in enumerate(PARTIAL)]
    entries += [_probe(f"guide:t3-4-1:a{i}", t, "guide:t3-4-1") for i, t in enumerate(NOT_HELD)]
    axis = {"reg:33": [1.0, 0.0, 0.0], "reg:36": [0.0, 1.0, 0.0], "reg:39": [0.0, 0.0, 1.0]}

    class Store:
        def __init__(self) -> None:
            self.asked: list[str] = []

        def vectors(self, ids: list[str]) -> dict[str, list[float]]:
            self.asked += ids
            return {cid: axis[cid.rsplit(":", 1)[0]] for cid in ids}

    index = _index(entries)
    index.store = Store()  # type: ignore[assignment]
    regulation = index.classifier("regulation")
    assert regulation is not None and regulation.meaning is not None
    alone, meant = regulation.scores("乙丙"), regulation.scores("乙丙", axis["reg:36"])
    assert meant["reg:36"] - meant["reg:33"] > alone["reg:36"] - alone["reg:33"]
    guide = index.classifier("guide")  # the guide's rows keep to characters
    assert guide is not None and guide.meaning is None
    assert all(cid.startswith("reg:") for cid in index.store.asked)  # type: ignore[attr-defined]


def test_a_typical_question_without_a_stored_vector_leaves_the_characters_alone() -> None:
    entries = [
        _probe(f"reg:a:{i}", t, "reg:33", kind="regulation") for i, t in enumerate(PARTIAL)
    ] + [_probe(f"reg:b:{i}", t, "reg:36", kind="regulation") for i, t in enumerate(NOT_HELD)]

    class Store:
        def vectors(self, ids: list[str]) -> dict[str, list[float]]:
            return {cid: [1.0] for cid in ids[1:]}

    index = _index(entries)
    index.store = Store()  # type: ignore[assignment]
    model = index.classifier("regulation")
    assert model is not None and model.meaning is None
