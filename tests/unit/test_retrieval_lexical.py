"""The keyword index: BM25Okapi scores exactly as rank_bm25 computed them (the rankings the
retrieval benchmarks were measured with), top-k with filters, incremental changes, and the
SQLite store that other processes read changes from."""

from __future__ import annotations

from pathlib import Path

import pytest
from rank_bm25 import BM25Okapi

from retrieval.chunking import PROBE
from retrieval.lexical import LexicalEntry, LexicalIndex, LexicalStore

DOCS = {
    "a": ["依申请", "公开", "答复", "期限", "工作日"],
    "b": ["主动", "公开", "政府", "信息"],
    "c": ["行政", "复议", "诉讼", "公开"],
    "d": ["信息", "处理费", "收取"],
    "e": [],
    "f": ["公开", "公开", "申请", "答复"],
}


def entry(cid: str, tokens: list[str], organ: str = "", status: str = "published") -> LexicalEntry:
    meta = {"kind": "report" if organ else "regulation", "organ": organ, "status": status}
    return LexicalEntry(cid, " ".join(tokens), meta, LexicalEntry.join(tokens))


def test_scores_equal_rank_bm25() -> None:
    index = LexicalIndex([entry(k, v) for k, v in DOCS.items()])
    reference = BM25Okapi([v or ["∅"] for v in DOCS.values()])
    for query in (["公开"], ["答复", "期限"], ["信息", "公开", "未见过"], ["处理费"]):
        ours = index.scores(query)
        theirs = reference.get_scores(query)
        assert ours.tolist() == pytest.approx(list(theirs), rel=1e-6)
    assert index.idf == pytest.approx(reference.idf)


def test_probes_do_not_shift_the_scores_of_the_sources() -> None:
    """Thousands of one-line typical questions (probes) would shorten the mean length and
    lift short table rows over the long passage that answers; the sources keep the scores
    they have without them, and a probe is scored with the same statistics."""
    sources = [entry(k, v) for k, v in DOCS.items()]
    probes = [
        LexicalEntry(f"p{i}", "答复", {"kind": "guide", "part": PROBE, "parent": "g"}, "答复")
        for i in range(50)
    ]
    alone = LexicalIndex(sources)
    crowded = LexicalIndex([*sources, *probes])
    for query in (["公开"], ["答复", "期限"], ["信息", "处理费"]):
        assert crowded.scores(query)[: len(sources)].tolist() == pytest.approx(
            alone.scores(query).tolist()
        )
    assert crowded.scores(["答复"])[len(sources)] > 0


def test_search_is_best_first_positive_and_filtered() -> None:
    entries = [entry(k, v) for k, v in DOCS.items()]
    entries.append(entry("own", ["答复", "期限", "期限"], organ="甲镇", status="draft"))
    index = LexicalIndex(entries)
    hits = index.search(["答复", "期限"], k=10)
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert hits[0][0] == "own"
    published = index.search(["答复", "期限"], k=10, allow=lambda m: m["status"] == "published")
    assert "own" not in {cid for cid, _ in published}
    assert index.search(["答复", "期限"], k=1) == hits[:1]


def test_changes_apply_without_a_rebuild_from_scratch() -> None:
    index = LexicalIndex([entry(k, v) for k, v in DOCS.items()])
    assert index.search(["复议"], k=3)[0][0] == "c"
    index.apply([entry("g", ["复议", "复议", "决定"])], removed=["c"])
    fresh = LexicalIndex(
        [entry(k, v) for k, v in DOCS.items() if k != "c"] + [entry("g", ["复议", "复议", "决定"])]
    )
    assert index.search(["复议"], k=3) == fresh.search(["复议"], k=3)
    assert [cid for cid, _ in index.search(["复议"], k=3)] == ["g"]


def test_the_store_hands_other_readers_only_what_changed(tmp_path: Path) -> None:
    path = tmp_path / "lexical.sqlite"
    writer = LexicalStore(path, "sig")
    writer.write([(entry("a", DOCS["a"]), "fa"), (entry("b", DOCS["b"]), "fb")], [], "r1")
    reader = LexicalStore(path, "sig")
    seq, entries, removed = reader.changes(0)
    assert {e.id for e in entries} == {"a", "b"} and not removed and reader.revision() == "r1"
    writer.write([(entry("c", DOCS["c"]), "fc")], ["a"], "r2")
    later, entries, removed = reader.changes(seq)
    assert [e.id for e in entries] == ["c"] and removed == ["a"] and later > seq
    assert entries[0].tokens == tuple(DOCS["c"])
    assert LexicalStore(path, "another tokenizer").changes(0)[1] == []  # stale tokens dropped
