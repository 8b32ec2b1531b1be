"""Writing the index: the 条例 and formats from the corpus, and annual reports one by one.

Called by ``xxgk init`` (``build_index``), by the upload flow (``index_report`` when a report
is stored or published, ``remove_report`` when it is withdrawn) and by ``xxgk ask`` on a
fresh machine (``index_regulation``). Every function is idempotent: ids are stable, writes
are upserts, and unchanged chunks are not embedded again.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from base.errors import ConfigError
from base.settings import Settings
from ingest.model import AnnualReport
from retrieval.askings import asking_chunks, load_askings
from retrieval.chunking import (
    Chunk,
    ReportInfo,
    chunk_format,
    chunk_regulation,
    chunk_report,
    is_regulation_file,
    lexical_only,
)
from retrieval.guide import guide_chunks, load_guide
from retrieval.lexical import LexicalEntry, follow
from retrieval.search_index import SearchIndex, index_dir, open_index
from retrieval.store import chunk_fingerprint, collection_exists, stored_metadata

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class StoredReport:
    """What indexing needs to know about a stored report: the model, who published it and
    where, its status (draft or published) and the file it came from."""

    report_id: str
    report: AnnualReport
    organ: str
    region: str | None
    year: int | None
    status: str
    source_name: str
    organ_id: int | None = None


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What an indexing call did: chunks in the source, chunks embedded (new or changed
    text), chunks whose metadata alone was updated, stale chunks removed, and vectors the
    model computed (texts seen before reuse their vector)."""

    chunks: int
    embedded: int
    removed: int = 0
    updated: int = 0
    computed: int = 0


def _commit(index: SearchIndex, chunks: list[Chunk], removed: list[str]) -> int:
    """Write the lexical rows of changed chunks and the removals, then publish the change:
    the SQLite rows carry the new revision before Chroma announces it, so a reader that sees
    the new revision always finds the rows (and reads only those). Returns how many
    keyword-only chunks that were already indexed changed (a draft published)."""
    known = index.lexical_store.fingerprints([c.id for c in chunks])
    rows: list[tuple[LexicalEntry, str]] = []
    relabelled = 0
    for chunk in chunks:
        fp = chunk_fingerprint(chunk)
        if known.get(chunk.id) == fp:
            continue
        relabelled += chunk.id in known and lexical_only(chunk.metadata)
        tokens = LexicalEntry.join(index.tokenizer.tokens(chunk.indexed_text))
        rows.append((LexicalEntry(chunk.id, chunk.text, stored_metadata(chunk), tokens), fp))
    if not rows and not removed and index.lexical_store.revision() == index.lexical.revision:
        return 0
    revision = uuid.uuid4().hex
    index.lexical_store.write(rows, removed, revision)
    index.store.bump_revision(revision)
    with index._lock:
        follow(index.lexical, index.lexical_store, revision)
    return relabelled


def regulation_dir(settings: Settings) -> Path:
    return settings.corpus_dir / "regulation"


def regulation_chunks(settings: Settings) -> list[Chunk]:
    """Chunks of every Markdown file in ``corpus_dir/regulation``: the 条例 by article, the
    report formats by heading; the filling guide (``corpus_dir/guide``) one per entry; and
    the typical questions of each article and guide entry (``corpus_dir/askings``) as its
    probes."""
    folder = regulation_dir(settings)
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not files:
        raise ConfigError(f"找不到条例文件：{folder} 中没有 .md 文件，请检查 XXGK_CORPUS_DIR。")
    chunks: list[Chunk] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        if is_regulation_file(text):
            chunks.extend(chunk_regulation(text, path.name))
        else:
            chunks.extend(chunk_format(text, path.name))
    chunks.extend(guide_chunks(load_guide(settings.corpus_dir)))
    chunks.extend(asking_chunks(load_askings(settings.corpus_dir), chunks))
    return chunks


def index_regulation(settings: Settings, *, embeddings: Embeddings | None = None) -> IndexStats:
    """Index the 条例 (one chunk per article) and the report formats (by heading)."""
    index = open_index(settings, embeddings)
    chunks = regulation_chunks(settings)
    wanted = {c.id for c in chunks}
    stale = [
        e.id
        for e in list(index.lexical.by_id.values())
        if e.metadata.get("kind") in ("regulation", "format", "guide") and e.id not in wanted
    ]
    removed = index.store.delete(ids=stale) if stale else 0
    embedded, updated, computed = index.store.upsert(chunks)
    _commit(index, chunks, stale)
    marker = _digest_path(settings)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(corpus_digest(settings), encoding="utf-8")
    logger.info("indexed regulation: %d chunks, %d embedded", len(chunks), embedded)
    return IndexStats(len(chunks), embedded, removed, updated, computed)


def index_report(
    settings: Settings,
    report_id: str,
    report: AnnualReport,
    *,
    organ: str,
    region: str | None,
    year: int | None,
    status: str,
    source_name: str,
    organ_id: int | None = None,
    embeddings: Embeddings | None = None,
) -> IndexStats:
    """Index (or re-index) one report. ``status`` ``published`` makes it retrievable by
    everyone; ``draft`` only by the chats of ``organ_id`` (a draft without one is
    visible to nobody). Chunks of an earlier version that no longer
    exist are removed."""
    if not report_id.strip():
        raise ValueError("report_id must not be empty")
    index = open_index(settings, embeddings)
    info = ReportInfo(report_id, organ.strip(), region, year, status, source_name, organ_id)
    chunks = chunk_report(report, info)
    wanted = {c.id for c in chunks}
    dense = [c for c in chunks if not lexical_only(c.metadata)]
    in_chroma = [c.id for c in index.store.get({"report_id": report_id})]
    dense_ids = {c.id for c in dense}
    index.store.delete(ids=[i for i in in_chroma if i not in dense_ids])
    embedded, updated, computed = index.store.upsert(dense)
    known = set(in_chroma) | set(index.lexical_store.report_ids(report_id))
    stale = sorted(i for i in known if i not in wanted)
    relabelled = _commit(index, chunks, stale)
    return IndexStats(len(chunks), embedded, len(stale), updated + relabelled, computed)


def index_record(settings: Settings, record: StoredReport) -> IndexStats:
    """``index_report`` for a stored report (anything shaped like ``StoredReport``)."""
    return index_report(
        settings,
        record.report_id,
        record.report,
        organ=record.organ,
        region=record.region,
        year=record.year,
        status=record.status,
        source_name=record.source_name,
        organ_id=record.organ_id,
    )


def remove_report(settings: Settings, report_id: str) -> int:
    """Remove every chunk of a report; returns how many there were."""
    index = open_index(settings)
    ids = [c.id for c in index.store.get({"report_id": report_id})]
    if ids:
        index.store.delete(ids=ids)
    stale = sorted(set(ids) | set(index.lexical_store.report_ids(report_id)))
    if stale:
        _commit(index, [], stale)
    return len(stale)


def report_indexed(settings: Settings, report_id: str) -> bool:
    """True when this report's chunks are in the index (resuming an interrupted ingest)."""
    return open_index(settings).lexical_store.has_report(report_id)


def regulation_indexed(settings: Settings) -> bool:
    """True when the 条例, formats, guide and typical questions in the index are those of the
    corpus now installed (``xxgk ask`` builds or refreshes them otherwise): an upgrade that
    brings a better guide takes effect without anyone running ``xxgk init``."""
    if not collection_exists(settings):
        return False
    if open_index(settings).article(1) is None:
        return False
    marker = _digest_path(settings)
    return marker.is_file() and marker.read_text(encoding="utf-8") == corpus_digest(settings)


CHUNKS_VERSION = 4
"""How chunks are made from the corpus files; part of the digest, so a home indexed by an
earlier xxgk re-indexes on its next ask. 2: guide probes are indexed without their filling
cue (``retrieval.guide.case_text``); 3: and embedded as queries; 4: the 条例's typical
questions are embedded as queries too."""


def corpus_digest(settings: Settings) -> str:
    """A digest of every file the regulation side is built from (names and bytes) and of
    CHUNKS_VERSION. Every ask checks it, so the files are read again only when one's size or
    time has changed."""
    root = settings.corpus_dir
    files: list[tuple[str, Path]] = []
    for folder, pattern in (("regulation", "*.md"), ("guide", "*.yaml"), ("askings", "*.yaml")):
        base = root / folder
        files += [(folder, p) for p in sorted(base.glob(pattern))] if base.is_dir() else []
    stamp = (
        CHUNKS_VERSION,
        tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for _, p in files),
    )
    cached = _DIGESTS.get(stamp)
    if cached is None:
        digest = hashlib.sha256(f"chunks {CHUNKS_VERSION}\0".encode())
        for folder, path in files:
            digest.update(f"{folder}/{path.name}\0".encode())
            digest.update(path.read_bytes())
        cached = digest.hexdigest()
        _DIGESTS.clear()  # one corpus per process: keep only the latest
        _DIGESTS[stamp] = cached
    return cached


_DIGESTS: dict[tuple[int, tuple[tuple[str, int, int], ...]], str] = {}


def _digest_path(settings: Settings) -> Path:
    return index_dir(settings) / "regulation.digest"


def build_index(
    settings: Settings,
    store_reports: Iterable[StoredReport] | None = None,
    *,
    progress: Progress | None = None,
) -> IndexStats:
    """Index the 条例, the formats and the given stored reports (``xxgk init``)."""
    say = progress or (lambda _msg: None)
    say("正在建立条例和年报格式的索引……")
    total = index_regulation(settings)
    chunks, embedded = total.chunks, total.embedded
    removed, updated = total.removed, total.updated
    computed = total.computed
    for record in store_reports or ():
        say(f"正在索引年报：{record.organ} {record.year or ''}（{record.source_name}）")
        stats = index_record(settings, record)
        chunks += stats.chunks
        embedded += stats.embedded
        removed += stats.removed
        updated += stats.updated
        computed += stats.computed
    return IndexStats(chunks, embedded, removed, updated, computed)
