"""Storing and indexing reports: ``xxgk ingest`` and ``xxgk init``.

The same file stored twice changes nothing (the content hash is the key); a file that cannot be
read is reported and skipped, and what is already stored is never touched by a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from base.errors import InputError
from base.masking import mask_url
from base.settings import Settings
from organs import kind_from_name
from services.parsing import ParsedFile, parse_file

if TYPE_CHECKING:
    from retrieval.indexing import StoredReport
    from storage.records import ReportRecord
    from storage.repository import Store

Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class IngestItem:
    """What happened to one file."""

    path: Path
    report_id: int | None = None
    created: bool = False
    organ: str | None = None
    year: int | None = None
    error: str | None = None


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the supported files inside folders (recursively, sorted)."""
    return [path for path, _ in _expand(paths)]


def _expand(paths: Iterable[Path]) -> list[tuple[Path, str | None]]:
    """Each file with the reason it is refused, if it is: a link inside a folder that leads
    out of it (a shared drop folder must not publish ``/etc/shadow`` or another organ's draft
    file to every chat). A file named on the command line is the operator's choice."""
    from ingest.readers import SUPPORTED_SUFFIXES

    out: list[tuple[Path, str | None]] = []
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            out.append((path, None))
            continue
        root = path.resolve()
        for p in sorted(path.rglob("*")):
            if not p.is_file() or p.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            inside = p.resolve().is_relative_to(root)
            out.append((p, None if inside else _LEADS_OUT.format(name=p.name, folder=path)))
    return out


_LEADS_OUT = (
    "「{name}」是指向文件夹「{folder}」以外的链接，为安全起见未读取；"
    "如确需入库，请直接在命令中写出该文件的路径。"
)


def stored_report(store: Store, record: ReportRecord) -> StoredReport:
    """A stored report as the indexer wants it (model, organ, region, status)."""
    from retrieval.indexing import StoredReport

    organ = store.get_organ(record.organ_name) if record.organ_name else None
    return StoredReport(
        report_id=str(record.id),
        report=record.report,
        organ=record.organ_name or "",
        region=organ.region if organ else None,
        year=record.year,
        status=record.status,
        source_name=record.source_name,
        organ_id=record.organ_id,
    )


def index_stored_report(settings: Settings, store: Store, report_id: int) -> None:
    """Put a stored report into the search index (published: for everyone; draft: its organ),
    then mark it indexed: the mark is written only once its chunks are in, so a crash in
    between leaves it unmarked and ``repair_index`` finishes the job."""
    from retrieval.indexing import index_record

    record = store.get_report(report_id)
    if record is not None:
        index_record(settings, stored_report(store, record))
        store.mark_indexed(report_id)


@dataclass(frozen=True, slots=True)
class RepairSummary:
    """What ``repair_index`` found and did."""

    indexed: tuple[int, ...]
    """Reports that were stored but not (completely) indexed, now indexed."""
    missing: tuple[int, ...]
    """Reports marked indexed whose chunks were gone from the index, now indexed again."""
    failed: tuple[tuple[int, str], ...] = ()


def repair_index(
    settings: Settings, store: Store, *, verify: bool = False, progress: Progress | None = None
) -> RepairSummary:
    """Index every stored report a crash left unindexed (``xxgk doctor`` and every start);
    with ``verify``, also re-index reports marked indexed whose chunks are missing."""
    say = progress or (lambda _msg: None)
    missing: list[int] = []
    if verify:
        from retrieval.search_index import open_index
        from retrieval.store import collection_exists

        in_index: set[str] = set()
        if collection_exists(settings):
            in_index = {
                str(e.metadata.get("report_id"))
                for e in open_index(settings).lexical.entries
                if e.metadata.get("kind") == "report"
            }
        missing = sorted(i for i in store.indexed_report_ids() if str(i) not in in_index)
        store.mark_unindexed(missing)
    done: list[int] = []
    failed: list[tuple[int, str]] = []
    for record in store.unindexed_reports():
        say(f"正在补建索引：#{record.id} {record.organ_name or ''} {record.year or ''}")
        try:
            index_stored_report(settings, store, record.id)
        except Exception as exc:  # one bad report must not stop the repair of the others
            failed.append((record.id, f"{type(exc).__name__}: {exc}"))
            continue
        if record.id not in missing:
            done.append(record.id)
    return RepairSummary(tuple(done), tuple(missing), tuple(failed))


def store_parsed(
    store: Store,
    parsed: ParsedFile,
    *,
    status: str,
    organ_kind: str | None = None,
    region: str | None = None,
) -> tuple[int, bool]:
    report = parsed.report
    kind = organ_kind or (kind_from_name(report.organ) if report.organ else None)
    record, created = store.add_report(
        report,
        source_name=parsed.name,
        content_hash=parsed.content_hash,
        status=status,
        text=parsed.document.text,
        organ_kind=kind,
        region=region,
    )
    return record.id, created


def _indexed(store: Store, report_id: int) -> bool:
    record = store.get_report(report_id)
    return record is not None and record.indexed_at is not None


def ingest_paths(
    settings: Settings,
    store: Store,
    paths: Iterable[Path],
    *,
    status: str = "published",
    organ_kind: str | None = None,
    region: str | None = None,
    index: bool = True,
    on_file: Callable[[IngestItem], None] | None = None,
    isolated: bool = False,
) -> list[IngestItem]:
    """Parse, store and index each file; a bad file is reported and the rest go on.
    ``isolated`` parses each file in a child process with a memory cap (``xxgk ingest``:
    the files may be hostile), so one file cannot take the batch down."""
    parse = parse_file
    if isolated:
        from services.isolation import parse_file_isolated as parse
    items: list[IngestItem] = []
    for path, refused in _expand(paths):
        if refused is not None:
            item = IngestItem(path, error=refused)
            items.append(item)
            if on_file:
                on_file(item)
            continue
        try:
            parsed = parse(path, settings)
            report_id, created = store_parsed(
                store, parsed, status=status, organ_kind=organ_kind, region=region
            )
            if index and (created or not _indexed(store, report_id)):
                index_stored_report(settings, store, report_id)
            item = IngestItem(
                path,
                report_id=report_id,
                created=created,
                organ=parsed.report.organ,
                year=parsed.report.year,
            )
        except InputError as exc:
            item = IngestItem(path, error=str(exc))
        items.append(item)
        if on_file:
            on_file(item)
    return items


@dataclass(frozen=True, slots=True)
class InitSummary:
    database: str
    reports: list[IngestItem]
    chunks: int


def initialize(settings: Settings, progress: Progress | None = None) -> InitSummary:
    """Create the database, store the bundled sample reports, build the search index.

    Idempotent: a second run finds everything in place and only re-checks the index.
    """
    from retrieval.indexing import build_index
    from services.storage import open_store

    say = progress or (lambda _msg: None)
    say(f"数据目录：{settings.ensure_home()}")
    store = open_store(settings)
    try:
        say("数据库已就绪。")
        samples = sorted((settings.corpus_dir / "reports").glob("*.txt"))
        items = ingest_paths(settings, store, samples, status="published", index=False)
        for item in items:
            if item.error:
                say(f"跳过 {item.path.name}：{item.error}")
        # samples teach and answer questions, but owe no report: not in /status, no reminders
        store.mark_demo_organs(item.organ for item in items if item.organ)
        published = store.list_reports(status="published")
        records = [stored_report(store, r) for r in published]
        stats = build_index(settings, records, progress=say)
        for record in published:
            store.mark_indexed(record.id)
        repair_index(settings, store, progress=say)  # drafts a crash left unindexed
    finally:
        store.close()
    return InitSummary(database=mask_url(settings.database), reports=items, chunks=stats.chunks)
