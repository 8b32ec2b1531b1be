"""The lexical side: BM25 (rank_bm25) over jieba tokens, with a JSON snapshot in the data
directory so a warm process does not re-tokenize the corpus.

Chroma's local client has no BM25 or sparse search, so the chunk texts are read back from
the collection and tokenized here. The snapshot stores the tokens with the collection's
revision; when another process changes the index the revision differs and only new or
changed chunks are tokenized again. JSON, not pickle: the file is data, never code.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rank_bm25 import BM25Okapi

from retrieval.chunking import Meta
from retrieval.store import StoredChunk, VectorStore
from retrieval.tokens import Tokenizer

logger = logging.getLogger(__name__)

SNAPSHOT_VERSION = 1


@dataclass(frozen=True, slots=True)
class LexicalEntry:
    id: str
    text: str
    metadata: Meta
    tokens: tuple[str, ...]


class LexicalIndex:
    """BM25 over a fixed set of entries. ``search`` takes already-tokenized queries."""

    def __init__(self, entries: Sequence[LexicalEntry], revision: str = "") -> None:
        self.entries = list(entries)
        self.revision = revision
        self.by_id = {e.id: e for e in self.entries}
        corpus = [list(e.tokens) or ["∅"] for e in self.entries]
        self._bm25 = BM25Okapi(corpus) if corpus else None
        self._max_idf = max(self.idf.values(), default=1.0)

    @property
    def idf(self) -> dict[str, float]:
        """BM25's inverse document frequency per token (empty for an empty index)."""
        return self._bm25.idf if self._bm25 is not None else {}

    @property
    def max_idf(self) -> float:
        """The rarest token's IDF: the weight of a word the corpus has never seen."""
        return self._max_idf

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
        if self._bm25 is None or not (query_tokens or extra_tokens):
            return []
        scores = self._bm25.get_scores(list(dict.fromkeys(query_tokens)))
        if extra_tokens:
            scores = scores + extra_weight * self._bm25.get_scores(
                list(dict.fromkeys(extra_tokens))
            )
        order = sorted(range(len(scores)), key=lambda i: -scores[i])
        out: list[tuple[str, float]] = []
        for i in order:
            if scores[i] <= 0:
                break
            entry = self.entries[i]
            if allow is not None and not allow(entry.metadata):
                continue
            out.append((entry.id, float(scores[i])))
            if len(out) >= k:
                break
        return out


def _fingerprint(chunk: StoredChunk) -> str:
    stored = str(chunk.metadata.get("fingerprint", ""))
    return stored or hashlib.sha1(chunk.indexed_text.encode()).hexdigest()[:16]


def load_snapshot(
    path: Path, signature: str = ""
) -> tuple[str, dict[str, tuple[str, tuple[str, ...]]]]:
    """``(revision, {id: (fingerprint, tokens)})`` from a snapshot; empty if unusable or
    made by a tokenizer with another dictionary (``signature``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "", {}
    if not isinstance(data, dict) or data.get("version") != SNAPSHOT_VERSION:
        return "", {}
    if data.get("tokenizer", "") != signature:
        return "", {}
    tokens = {
        row["id"]: (row["fingerprint"], tuple(row["tokens"])) for row in data.get("chunks", [])
    }
    return str(data.get("revision", "")), tokens


def save_snapshot(path: Path, index: LexicalIndex, signature: str = "") -> None:
    """Write atomically: readers in other processes never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "version": SNAPSHOT_VERSION,
        "revision": index.revision,
        "tokenizer": signature,
        "chunks": [
            {
                "id": e.id,
                "fingerprint": str(e.metadata.get("fingerprint", "")),
                "tokens": list(e.tokens),
            }
            for e in index.entries
        ],
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lexical-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sync_lexical(store: VectorStore, tokenizer: Tokenizer, path: Path) -> LexicalIndex:
    """The lexical index for the collection's current revision: texts from Chroma, tokens
    from the snapshot where the chunk is unchanged, fresh tokens otherwise."""
    revision = store.revision()
    _, cached = load_snapshot(path, tokenizer.signature)
    entries: list[LexicalEntry] = []
    fresh = 0
    for chunk in store.all_chunks():
        fingerprint = _fingerprint(chunk)
        hit = cached.get(chunk.id)
        if hit is not None and hit[0] == fingerprint:
            tokens = hit[1]
        else:
            tokens = tuple(tokenizer.tokens(chunk.indexed_text))
            fresh += 1
        entries.append(LexicalEntry(chunk.id, chunk.text, chunk.metadata, tokens))
    index = LexicalIndex(entries, revision)
    try:
        save_snapshot(path, index, tokenizer.signature)
    except OSError as exc:  # a read-only data directory must not break answering
        logger.warning("cannot write lexical snapshot %s: %s", path, exc)
    logger.debug("lexical index: %d chunks, %d tokenized", len(entries), fresh)
    return index
