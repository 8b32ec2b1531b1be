"""Reading a report file into the model: the one path every channel uses (CLI, bot, scheduler)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path, PurePath

from base.errors import InputError
from base.settings import Settings
from ingest.document import Document
from ingest.model import AnnualReport
from ingest.parser import parse_report


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """A parsed report with what storage needs to keep it: the bytes' hash and the text."""

    name: str
    content_hash: str
    document: Document
    report: AnnualReport


def _looks_like_report(report: AnnualReport) -> bool:
    """A report has at least some of the six sections or one of the standard tables."""
    return bool(
        len(report.sections) >= 2
        or report.applications is not None
        or (report.review_litigation is not None and report.review_litigation.has_data_row)
    )


def parse_document(document: Document, name: str, content_hash: str) -> ParsedFile:
    """Parse a document; reject one that is clearly not an annual report."""
    if document.is_empty():
        raise InputError(f"「{name}」中没有读到任何文字，请确认文件内容后重新上传。")
    report = parse_report(document)
    if not _looks_like_report(report):
        raise InputError(
            f"「{name}」看起来不是政府信息公开工作年度报告：没有找到“一、总体情况”等章节，"
            "也没有找到“收到和处理政府信息公开申请情况”表格。"
        )
    return ParsedFile(name=name, content_hash=content_hash, document=document, report=report)


def read_file(path: Path, settings: Settings) -> bytes:
    """A report file's bytes, within the upload limit, with a clear message when missing."""
    from ingest.readers import load_bytes

    path = Path(path)
    if not path.exists():
        raise InputError(f"找不到文件「{path}」。")
    if path.is_dir():
        raise InputError(f"「{path}」是一个文件夹，请指定报告文件。")
    return load_bytes(path, settings.max_upload_bytes)


def parse_file(path: Path, settings: Settings) -> ParsedFile:
    """Read and parse a report file (TXT, MD, HTML, DOCX, PDF)."""
    # one read: the hash is of exactly the bytes that were parsed
    return parse_bytes(read_file(path, settings), Path(path).name, settings)


def parse_bytes(data: bytes, filename: str, settings: Settings) -> ParsedFile:
    """Parse an uploaded file's bytes (the bot's path)."""
    from ingest.readers import read_bytes

    document = read_bytes(data, filename, max_bytes=settings.max_upload_bytes)
    name = document.source_name or filename  # without control characters (``read_bytes``)
    return parse_document(document, name, hashlib.sha256(data).hexdigest())


def precheck_upload(filename: str, size: int | None, settings: Settings) -> None:
    """Refuse an unsupported type or an oversize file before downloading it (and again on
    the downloaded bytes, whose size the sender may have misstated)."""
    from ingest.readers import SUPPORTED_SUFFIXES
    from ingest.readers.errors import too_large
    from ingest.readers.sniff import detect_format

    limit = settings.max_upload_bytes
    if size is not None and size > limit:
        raise too_large(filename, size, limit)
    suffix = PurePath(filename).suffix.lower()
    if suffix and suffix not in SUPPORTED_SUFFIXES:
        detect_format(b"", filename)  # raises the reader's message for this type
        raise InputError(
            f"暂不支持「{filename}」的文件类型，请上传 PDF、DOCX、TXT、MD 或 HTML 文件。"
        )
