"""Writing the index: the 条例 and formats from the corpus, and annual reports one by one.

Called by ``xxgk init`` (``build_index``), by the upload flow (``index_report`` when a report
is stored or published, ``remove_report`` when it is withdrawn) and by ``xxgk ask`` on a
fresh machine (``index_regulation``). Every function is idempotent: ids are stable, writes
are upserts, and unchanged chunks are not embedded again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from langchain_core.embeddings import Embeddings

from ingest.model import AnnualReport
from retrieval.chunking import (
    Chunk,
    ReportInfo,
    chunk_format,
    chunk_regulation,
    chunk_report,
    is_regulation_file,
)
from retrieval.guide import guide_chunks, load_guide
from retrieval.index import open_index
from retrieval.store import collection_exists
from xxgk.errors import ConfigError
from xxgk.settings import Settings

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]


class ReportRecord(Protocol):
    """What ``build_index`` needs to know about a stored report (any object with these
    attributes, e.g. a storage row mapped to a dataclass)."""

    report_id: str
    report: AnnualReport
    organ: str
    region: str | None
    year: int | None
    status: str
    source_name: str
    organ_id: int | None


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A plain ``ReportRecord``."""

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
    text), chunks whose metadata alone was updated, and stale chunks removed."""

    chunks: int
    embedded: int
    removed: int = 0
    updated: int = 0


def regulation_dir(settings: Settings) -> Path:
    return settings.corpus_dir / "regulation"


def regulation_chunks(settings: Settings) -> list[Chunk]:
    """Chunks of every Markdown file in ``corpus_dir/regulation``: the 条例 by article, the
    report formats by heading; and the filling guide (``corpus_dir/guide``) one per entry."""
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
    return chunks


def index_regulation(settings: Settings, *, embeddings: Embeddings | None = None) -> IndexStats:
    """Index the 条例 (one chunk per article) and the report formats (by heading)."""
    index = open_index(settings, embeddings)
    chunks = regulation_chunks(settings)
    wanted = {c.id for c in chunks}
    stale = [
        e.id
        for e in index.lexical.entries
        if e.metadata.get("kind") in ("regulation", "format", "guide") and e.id not in wanted
    ]
    removed = index.store.delete(ids=stale) if stale else 0
    embedded, updated = index.store.upsert(chunks)
    if embedded or updated or removed:
        index.store.bump_revision()
    index.refresh()
    logger.info("indexed regulation: %d chunks, %d embedded", len(chunks), embedded)
    return IndexStats(len(chunks), embedded, removed, updated)


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
    old = index.store.get({"report_id": report_id})
    removed = index.store.delete(ids=[c.id for c in old if c.id not in wanted])
    embedded, updated = index.store.upsert(chunks)
    if embedded or updated or removed:
        index.store.bump_revision()
    index.refresh()
    return IndexStats(len(chunks), embedded, removed, updated)


def index_record(settings: Settings, record: ReportRecord) -> IndexStats:
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
    removed = index.store.delete(where={"report_id": report_id})
    if removed:
        index.store.bump_revision()
        index.refresh()
    return removed


def regulation_indexed(settings: Settings) -> bool:
    """True when the 条例 is in the index (``xxgk ask`` builds it on first use otherwise)."""
    if not collection_exists(settings):
        return False
    return open_index(settings).article(1) is not None


def build_index(
    settings: Settings,
    store_reports: Iterable[ReportRecord] | None = None,
    *,
    progress: Progress | None = None,
) -> IndexStats:
    """Index the 条例, the formats and the given stored reports (``xxgk init``)."""
    say = progress or (lambda _msg: None)
    say("正在建立条例和年报格式的索引……")
    total = index_regulation(settings)
    chunks, embedded = total.chunks, total.embedded
    removed, updated = total.removed, total.updated
    for record in store_reports or ():
        say(f"正在索引年报：{record.organ} {record.year or ''}（{record.source_name}）")
        stats = index_record(settings, record)
        chunks += stats.chunks
        embedded += stats.embedded
        removed += stats.removed
        updated += stats.updated
    return IndexStats(chunks, embedded, removed, updated)
