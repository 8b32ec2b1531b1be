"""The lexical side: BM25 over jieba tokens, kept in a SQLite file beside the vectors.

Chroma's local client has no BM25 or sparse search, so the tokens of every chunk live in a
small SQLite database in the data directory (``LexicalStore``). The process that writes the
index writes the tokens too, one report at a time, and records the collection's revision; a
process that sees the revision move reads only the rows changed since it last looked. Only when
the file is missing or lags behind (an older version of xxgk, or a writer that went through
Chroma alone) are the texts read back from Chroma and tokenized again.

Scoring is BM25Okapi (the formula and constants of rank_bm25, so rankings and the coverage
evidence are unchanged) over an inverted index in numpy arrays: a query touches only the
postings of its own tokens, and the top k are picked with ``argpartition``, instead of scoring
and sorting every chunk in Python. The arrays are rebuilt lazily, on the first search after a
change, so a batch of reports costs one rebuild, not one per report.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.chunking import Meta, is_probe, lexical_only
from retrieval.store import StoredChunk, VectorStore
from retrieval.tokens import Tokenizer

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2
K1, B, EPSILON = 1.5, 0.75, 0.25
"""rank_bm25's BM25Okapi defaults: the rankings the retrieval benchmarks were measured with."""
EMPTY_TOKEN = "∅"
"""A chunk without tokens still counts as a document (as it did under rank_bm25)."""
_SEP = "\x1f"


@dataclass(frozen=True, slots=True)
class LexicalEntry:
    """One chunk as the lexical side knows it. Tokens are kept joined in one string: a
    province has hundreds of thousands of chunks and a tuple per chunk costs ten times more."""

    id: str
    text: str
    metadata: Meta
    token_text: str

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(self.token_text.split(_SEP)) if self.token_text else ()

    @staticmethod
    def join(tokens: Iterable[str]) -> str:
        return _SEP.join(t for t in tokens if t and _SEP not in t)


def _visibility_key(meta: Meta) -> tuple[Any, ...]:
    """The metadata a search filter looks at (``SearchFilter.allows``: kind, organ and its id,
    status, region, year, probe or not): chunks sharing it are allowed or refused together, so
    a filter is evaluated once per report, not per chunk. A new field in ``allows`` belongs
    here too."""
    return (
        meta.get("kind"),
        is_probe(meta),
        meta.get("organ"),
        meta.get("organ_id"),
        meta.get("status"),
        meta.get("region"),
        meta.get("year"),
    )


class LexicalIndex:
    """BM25 over a set of entries that may change; ``search`` takes tokenized queries."""

    def __init__(self, entries: Iterable[LexicalEntry] = (), revision: str = "") -> None:
        self.revision = revision
        self.seq = 0
        self.by_id: dict[str, LexicalEntry] = {e.id: e for e in entries}
        self._lock = threading.Lock()
        self._built = False
        self._entries: list[LexicalEntry] = []
        self.idf: dict[str, float] = {}
        """BM25's inverse document frequency per token (empty for an empty index)."""
        self.max_idf = 1.0
        """The rarest token's IDF: the weight of a word the corpus has never seen."""
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._groups = np.zeros(0, dtype=np.int32)
        self._group_keys: list[tuple[Any, ...]] = []
        self._group_meta: list[Meta] = []
        self._masks: dict[Any, np.ndarray] = {}

    # ---- changes ---------------------------------------------------------------------------

    def apply(self, upserted: Iterable[LexicalEntry], removed: Iterable[str] = ()) -> None:
        """Add or replace entries and drop others; the arrays follow on the next search."""
        with self._lock:
            for cid in removed:
                self.by_id.pop(cid, None)
            for entry in upserted:
                self.by_id[entry.id] = entry
            self._built = False

    @property
    def entries(self) -> list[LexicalEntry]:
        self._build()
        return self._entries

    # ---- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        with self._lock:
            if self._built:
                return
            entries = list(self.by_id.values())
            n = len(entries)
            doc_len = np.zeros(n, dtype=np.float64)
            per_token: dict[str, tuple[list[int], list[int]]] = {}
            group_ids: dict[tuple[Any, ...], int] = {}
            groups = np.zeros(n, dtype=np.int32)
            group_meta: list[Meta] = []
            for i, entry in enumerate(entries):
                tokens = entry.tokens or (EMPTY_TOKEN,)
                doc_len[i] = len(tokens)
                for token, tf in Counter(tokens).items():
                    docs, tfs = per_token.setdefault(token, ([], []))
                    docs.append(i)
                    tfs.append(tf)
                key = _visibility_key(entry.metadata)
                gid = group_ids.get(key)
                if gid is None:
                    gid = group_ids[key] = len(group_meta)
                    group_meta.append(entry.metadata)
                groups[i] = gid
            idf: dict[str, float] = {}
            if n:
                # the statistics of the sources alone: thousands of one-line probes (typical
                # questions) would shorten the mean length and favour short table rows over
                # the passage that answers (a probe is scored with the sources' statistics)
                source = np.fromiter((not is_probe(e.metadata) for e in entries), dtype=bool,
                                     count=n)  # fmt: skip
                if not source.any():  # nothing but probes: they are the collection
                    source[:] = True
                counted = int(source.sum())
                norm = K1 * (1 - B + B * doc_len / float(doc_len[source].mean()))
                raw: dict[str, float] = {}
                postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
                for token, (docs, tfs) in per_token.items():
                    d = np.asarray(docs, dtype=np.int32)
                    df = int(source[d].sum())
                    raw[token] = math.log(counted - df + 0.5) - math.log(df + 0.5)
                    tf = np.asarray(tfs, dtype=np.float64)
                    postings[token] = (d, (tf * (K1 + 1) / (tf + norm[d])).astype(np.float32))
                eps = EPSILON * (sum(raw.values()) / len(raw))
                idf = {t: (v if v >= 0 else eps) for t, v in raw.items()}
                self._postings = postings
            else:
                self._postings = {}
            self._entries = entries
            self.idf = idf
            self.max_idf = max(idf.values(), default=1.0)
            self._groups = groups
            self._group_keys = list(group_ids)
            self._group_meta = group_meta
            self._masks = {}
            self._built = True

    # ---- searching ---------------------------------------------------------------------------

    def _mask(self, allow: Callable[[Meta], bool]) -> np.ndarray:
        """Which entries ``allow`` lets through, evaluated once per metadata group. Filters
        are cached by their owner (a frozen ``SearchFilter``), so a warm ask pays nothing."""
        owner = getattr(allow, "__self__", allow)
        try:
            cached = self._masks.get(owner)
        except TypeError:  # an unhashable predicate: no caching
            owner, cached = None, None
        if cached is not None:
            return cached
        allowed = np.fromiter((allow(m) for m in self._group_meta), dtype=bool,
                              count=len(self._group_meta))  # fmt: skip
        mask = allowed[self._groups] if len(self._groups) else np.zeros(0, dtype=bool)
        if owner is not None:
            if len(self._masks) > 256:
                self._masks.clear()
            self._masks[owner] = mask
        return mask

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 of every entry for these tokens (each counted once), as rank_bm25 computes."""
        self._build()
        out = np.zeros(len(self._entries), dtype=np.float64)
        for token in dict.fromkeys(query_tokens):
            posting = self._postings.get(token)
            if posting is not None:
                docs, weights = posting
                out[docs] += self.idf[token] * weights
        return out

    def search(
        self,
        query_tokens: Sequence[str],
        k: int,
        allow: Callable[[Meta], bool] | None = None,
        *,
        extra_tokens: Sequence[str] = (),
        extra_weight: float = 0.5,
    ) -> list[tuple[str, float]]:
        """The ``k`` best entries with a positive BM25 score, as ``(id, score)``. Each query
        token counts once; ``extra_tokens`` (synonym expansions) count ``extra_weight``."""
        self._build()
        if not self._entries or not (query_tokens or extra_tokens) or k <= 0:
            return []
        scores = self.scores(query_tokens)
        if extra_tokens:
            scores += extra_weight * self.scores(extra_tokens)
        positive = scores > 0
        if allow is not None:
            positive &= self._mask(allow)
        candidates = np.flatnonzero(positive)
        if len(candidates) > k:
            top = np.argpartition(-scores[candidates], k - 1)[:k]
            candidates = candidates[top]
        # best first; ties in the order of the entries, as a stable sort of all scores gave
        order = sorted(candidates.tolist(), key=lambda i: (-scores[i], i))
        return [(self._entries[i].id, float(scores[i])) for i in order]


# ---- persistence ---------------------------------------------------------------------------


def _fingerprint(chunk: StoredChunk) -> str:
    stored = str(chunk.metadata.get("fingerprint", ""))
    return stored or hashlib.sha1(chunk.indexed_text.encode()).hexdigest()[:16]


class LexicalStore:
    """The tokens of every chunk in SQLite: written incrementally by the indexing process,
    read incrementally (rows with a newer ``seq``) by the others."""

    def __init__(self, path: Path, signature: str = "") -> None:
        self.path = path
        self.signature = signature
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS entries (id TEXT PRIMARY KEY, report_id TEXT, "
                "text TEXT NOT NULL, meta TEXT NOT NULL, tokens TEXT NOT NULL, "
                "fingerprint TEXT NOT NULL, seq INTEGER NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS removed (id TEXT PRIMARY KEY, seq INTEGER NOT NULL)"
            )
            self._db.execute("CREATE INDEX IF NOT EXISTS entries_seq ON entries (seq)")
            self._db.execute("CREATE INDEX IF NOT EXISTS entries_report ON entries (report_id)")
            self._db.execute("CREATE INDEX IF NOT EXISTS removed_seq ON removed (seq)")
        stamp = f"{SCHEMA_VERSION}:{signature}"
        if self._state("stamp") != stamp:  # another tokenizer or layout: start over
            with self._lock, self._db:
                self._db.execute("DELETE FROM entries")
                self._db.execute("DELETE FROM removed")
                self._db.execute("DELETE FROM state")
                self._db.execute("INSERT INTO state VALUES ('stamp', ?)", (stamp,))

    def close(self) -> None:
        self._db.close()

    def _state(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    def revision(self) -> str:
        """The collection revision these rows reflect ("" when never synced)."""
        with self._lock:
            return self._state("revision")

    def seq(self) -> int:
        with self._lock:
            return int(self._state("seq") or 0)

    def fingerprints(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        with self._lock:
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                for cid, fp in self._db.execute(
                    f"SELECT id, fingerprint FROM entries WHERE id IN ({marks})", part
                ):
                    out[cid] = fp
        return out

    def report_ids(self, report_id: str) -> list[str]:
        with self._lock:
            rows = self._db.execute("SELECT id FROM entries WHERE report_id = ?", (report_id,))
            return [r[0] for r in rows]

    def has_report(self, report_id: str) -> bool:
        with self._lock:
            row = self._db.execute(
                "SELECT 1 FROM entries WHERE report_id = ? LIMIT 1", (report_id,)
            ).fetchone()
        return row is not None

    def write(
        self,
        upserted: Sequence[tuple[LexicalEntry, str]],
        removed: Sequence[str],
        revision: str | None,
        *,
        replace_all: bool = False,
    ) -> int:
        """One transaction: rows (entry, fingerprint) in, ids out, the revision they reflect.
        Returns the new sequence number."""
        with self._lock, self._db:
            seq = int(self._state("seq") or 0) + 1
            if replace_all:  # readers older than this must reload everything
                self._db.execute("DELETE FROM entries")
                self._db.execute("DELETE FROM removed")
                self._db.execute("INSERT OR REPLACE INTO state VALUES ('reset', ?)", (str(seq),))
            self._db.executemany(
                "INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (e.id, str(e.metadata.get("report_id", "")), e.text,
                     json.dumps(e.metadata, ensure_ascii=False), e.token_text, fp, seq)
                    for e, fp in upserted
                ],
            )  # fmt: skip
            if removed:
                self._db.executemany("DELETE FROM entries WHERE id = ?", [(i,) for i in removed])
                self._db.executemany(
                    "INSERT OR REPLACE INTO removed VALUES (?, ?)", [(i, seq) for i in removed]
                )
            self._db.execute("INSERT OR REPLACE INTO state VALUES ('seq', ?)", (str(seq),))
            if revision is not None:
                self._db.execute("INSERT OR REPLACE INTO state VALUES ('revision', ?)", (revision,))
        return seq

    def reset_seq(self) -> int:
        """The sequence number of the last full rewrite: older readers start over."""
        with self._lock:
            return int(self._state("reset") or 0)

    def set_revision(self, revision: str) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO state VALUES ('revision', ?)", (revision,))

    def changes(self, since: int) -> tuple[int, list[LexicalEntry], list[str]]:
        """``(seq, entries written after since, ids removed after since)``."""
        with self._lock:
            seq = int(self._state("seq") or 0)
            rows = self._db.execute(
                "SELECT id, text, meta, tokens FROM entries WHERE seq > ? ORDER BY rowid",
                (since,),
            ).fetchall()
            removed = [
                r[0] for r in self._db.execute("SELECT id FROM removed WHERE seq > ?", (since,))
            ]
        entries = [LexicalEntry(cid, text, json.loads(meta), tokens)
                   for cid, text, meta, tokens in rows]  # fmt: skip
        return seq, entries, removed


def entry_for(chunk: StoredChunk, tokenizer: Tokenizer) -> LexicalEntry:
    return LexicalEntry(
        chunk.id,
        chunk.text,
        chunk.metadata,
        LexicalEntry.join(tokenizer.tokens(chunk.indexed_text)),
    )


def resync_from_chroma(
    store: VectorStore, tokenizer: Tokenizer, lexical_store: LexicalStore
) -> LexicalIndex:
    """The slow path: every chunk read back from Chroma; tokens reused where unchanged."""
    revision = store.revision()
    chunks = store.all_chunks()
    known = lexical_store.fingerprints([c.id for c in chunks])
    _, cached, _ = lexical_store.changes(0)
    cached_by_id = {e.id: e for e in cached}
    rows: list[tuple[LexicalEntry, str]] = []
    fresh = 0
    # keyword-only rows (report tables) are not in Chroma: keep those of reports that are
    reports = {str(c.metadata.get("report_id")) for c in chunks if "report_id" in c.metadata}
    for entry in cached:
        if lexical_only(entry.metadata) and str(entry.metadata.get("report_id")) in reports:
            rows.append((entry, str(entry.metadata.get("fingerprint", ""))))
    for chunk in chunks:
        fp = _fingerprint(chunk)
        hit = cached_by_id.get(chunk.id)
        if hit is not None and known.get(chunk.id) == fp:
            entry = LexicalEntry(chunk.id, chunk.text, chunk.metadata, hit.token_text)
        else:
            entry = entry_for(chunk, tokenizer)
            fresh += 1
        rows.append((entry, fp))
    try:
        seq = lexical_store.write(rows, [], revision, replace_all=True)
    except sqlite3.Error as exc:  # a read-only data directory must not break answering
        logger.warning("cannot write lexical store %s: %s", lexical_store.path, exc)
        seq = 0
    index = LexicalIndex((e for e, _ in rows), revision)
    index.seq = seq
    logger.debug("lexical index resynced: %d chunks, %d tokenized", len(rows), fresh)
    return index


def load_lexical(
    store: VectorStore, tokenizer: Tokenizer, lexical_store: LexicalStore
) -> LexicalIndex:
    """The lexical index for the collection's current revision: from the SQLite file when it
    is up to date, otherwise rebuilt from Chroma."""
    revision = store.revision()
    if lexical_store.revision() == revision:
        seq, entries, _ = lexical_store.changes(0)
        index = LexicalIndex(entries, revision)
        index.seq = seq
        return index
    return resync_from_chroma(store, tokenizer, lexical_store)


def catch_up(
    index: LexicalIndex, store: VectorStore, tokenizer: Tokenizer, lexical_store: LexicalStore
) -> LexicalIndex:
    """``index`` brought to the collection's revision, reading only what changed when the
    SQLite file has it; a new index (resynced from Chroma) otherwise."""
    revision = store.revision()
    if revision == index.revision:
        return index
    if lexical_store.revision() == revision:
        if index.seq < lexical_store.reset_seq():
            return load_lexical(store, tokenizer, lexical_store)
        return follow(index, lexical_store, revision)
    return resync_from_chroma(store, tokenizer, lexical_store)


def follow(index: LexicalIndex, lexical_store: LexicalStore, revision: str) -> LexicalIndex:
    """Apply the rows written since ``index.seq`` (by this process or another)."""
    seq, entries, removed = lexical_store.changes(index.seq)
    index.apply(entries, removed)
    index.seq, index.revision = seq, revision
    return index
