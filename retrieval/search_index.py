"""The search index as one object: Chroma (dense), BM25 (lexical) and the tokenizer, opened
once per process and refreshed when another process changes the collection.

A warm ask must not pay for loading jieba, the embedding model or the BM25 corpus again, so
an opened index is cached by location and collection; each use checks the collection's
revision (one small request) and, when it moved, reads only the lexical rows that changed.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from langchain_core.embeddings import Embeddings

from base.settings import Settings
from retrieval.askings import load_subjects
from retrieval.chunking import is_probe
from retrieval.embeddings import get_embeddings
from retrieval.lexical import LexicalEntry, LexicalIndex, LexicalStore, catch_up, load_lexical
from retrieval.source_classifier import SourceClassifier
from retrieval.store import VectorStore, collection_name, location, location_file
from retrieval.tokens import Tokenizer, shared_tokenizer

MEANING_KINDS = frozenset({("regulation",)})
"""Classifiers that also read the typical questions' embeddings (``SourceClassifier.meaning``):
the 条例's. On the guide's rows an embedding head left top-1 on fill_dev11–21 where it was
(0.927), so they keep to characters and do not read 5,000 vectors out of Chroma."""

ELSEWHERE = "elsewhere"
"""The classifier kind of the subjects outside the 条例 (``retrieval.askings.Subject``)."""

_OPEN: dict[tuple[str, str], SearchIndex] = {}
_LOCK = threading.Lock()


def index_dir(settings: Settings) -> Path:
    """Files of the retrieval side under the data directory (lexical snapshot, jieba cache)."""
    return settings.home / "retrieval"


def snapshot_path(settings: Settings) -> Path:
    """The lexical store (SQLite) of this location and collection."""
    return location_file(settings, "lexical.sqlite")


def tokenizer_for(settings: Settings) -> Tokenizer:
    """The process-wide tokenizer whose jieba cache lives in the data directory."""
    return shared_tokenizer(index_dir(settings) / "jieba")


class SearchIndex:
    """Dense store, lexical index and tokenizer of one collection."""

    def __init__(
        self,
        settings: Settings,
        store: VectorStore,
        tokenizer: Tokenizer,
        lexical: LexicalIndex,
        lexical_store: LexicalStore,
    ) -> None:
        self.settings = settings
        self.store = store
        self.tokenizer = tokenizer
        self.lexical = lexical
        self.lexical_store = lexical_store
        self._articles: dict[int, LexicalEntry] = {}
        self._organ_years: dict[str, set[int]] = {}
        self._derived_at: tuple[int, int] | None = None
        self._classifiers: dict[
            tuple[str, ...], tuple[tuple[int, int], int, SourceClassifier | None]
        ] = {}
        """By kinds: the lexical stamp it was checked at, the hash of its probes, the model."""
        self._lock = threading.Lock()

    def _derive(self) -> None:
        """Lookups derived from the lexical entries: articles by number, organs' years. Made
        on first use after a change, so indexing a batch of reports does not redo them."""
        stamp = (id(self.lexical), self.lexical.seq)
        if self._derived_at == stamp:
            return
        articles: dict[int, LexicalEntry] = {}
        organ_years: dict[str, set[int]] = {}
        for e in list(self.lexical.by_id.values()):
            meta = e.metadata
            kind = meta.get("kind")
            if kind == "regulation" and "article" in meta and "parent" not in meta:
                articles[int(meta["article"])] = e
            elif kind == "report" and meta.get("organ"):
                years = organ_years.setdefault(str(meta["organ"]), set())
                if isinstance(meta.get("year"), int):
                    years.add(int(meta["year"]))
        self._articles, self._organ_years = articles, organ_years
        self._derived_at = stamp

    def classifier(self, *kinds: str) -> SourceClassifier | None:
        """The classifier from the typical questions and cases (probes) of the sources of
        ``kinds`` ("guide", "regulation") to their source. Trained on first use, and again
        only when those probes changed: a report uploaded since does not make the next
        question wait for a training."""
        stamp = (id(self.lexical), self.lexical.seq)
        cached = self._classifiers.get(kinds)
        if cached is not None and cached[0] == stamp:
            return cached[2]
        entries = [
            e
            for e in list(self.lexical.by_id.values())
            if e.metadata.get("kind") in kinds and is_probe(e.metadata) and e.metadata.get("parent")
        ]
        pairs = [(str(e.metadata["parent"]), e.text) for e in entries]
        if ELSEWHERE in kinds:
            # subjects outside the 条例 are never indexed: their questions come from the corpus
            pairs += [
                (f"{ELSEWHERE}:{s.id}", q)
                for s in load_subjects(self.settings.corpus_dir)
                for q in s.questions
            ]
        probes = hash(tuple(sorted(pairs)))
        if cached is not None and cached[1] == probes:
            model = cached[2]
        else:
            meaning = kinds in MEANING_KINDS and len({s for s, _ in pairs}) > 1
            vectors = self._vectors([e.id for e in entries]) if meaning else None
            if vectors is None:
                model = SourceClassifier.fit([t for _, t in pairs], [s for s, _ in pairs])
            else:
                model = SourceClassifier.fit(
                    [t for _, t in pairs], [s for s, _ in pairs], [vectors[e.id] for e in entries]
                )
        self._classifiers[kinds] = (stamp, probes, model)
        return model

    def _vectors(self, ids: list[str]) -> dict[str, Sequence[float]] | None:
        """The stored embeddings of these chunks; None unless every one has one (a meaning
        score over some of a source's typical questions would misjudge that source)."""
        found = self.store.vectors(ids)
        return found if len(found) == len(ids) else None

    def refresh(self) -> SearchIndex:
        """Bring the lexical side to the collection's revision (changed rows only)."""
        with self._lock:
            self.lexical = catch_up(self.lexical, self.store, self.tokenizer, self.lexical_store)
        return self

    def article(self, number: int) -> LexicalEntry | None:
        """The 条例 article with this number, if indexed."""
        self._derive()
        return self._articles.get(number)

    def entry(self, chunk_id: str) -> LexicalEntry | None:
        return self.lexical.by_id.get(chunk_id)

    def organs(self) -> set[str]:
        """Organs that have report chunks (any status; filtering happens later)."""
        self._derive()
        return set(self._organ_years)

    def report_years(self, organs: set[str]) -> set[int]:
        """Years for which these organs have reports in the index."""
        self._derive()
        return {year for organ in organs for year in self._organ_years.get(organ, ())}

    def is_empty(self) -> bool:
        return not self.lexical.by_id


def open_index(settings: Settings, embeddings: Embeddings | None = None) -> SearchIndex:
    """The (cached) index for these settings, refreshed to the collection's revision."""
    key = (location(settings), collection_name(settings))
    with _LOCK:
        cached = _OPEN.get(key)
        if cached is not None and (embeddings is None or cached.store.embeddings is embeddings):
            return cached.refresh()
        store = VectorStore(settings, embeddings or get_embeddings(settings))
        tokenizer = tokenizer_for(settings)
        lexical_store = LexicalStore(snapshot_path(settings), tokenizer.signature)
        lexical = load_lexical(store, tokenizer, lexical_store)
        index = SearchIndex(settings, store, tokenizer, lexical, lexical_store)
        _OPEN[key] = index
        return index


def forget_open_indexes() -> None:
    """Drop cached indexes (tests that remove a data directory)."""
    with _LOCK:
        for index in _OPEN.values():
            index.lexical_store.close()
        _OPEN.clear()
