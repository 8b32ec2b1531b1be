"""The reviewed Word copy of a checked draft: the user's own DOCX with every finding as a
comment (批注) where it is, for ``xxgk check --annotate`` and for DOCX uploads in chat."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from base.errors import InputError
from ingest.document import Document

if TYPE_CHECKING:
    from checks.registry import Finding
    from ingest.model import AnnualReport

logger = logging.getLogger(__name__)

DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REVIEWED_NOTE = (
    "附件是您上传的 Word 文件，每处问题已作为批注标在原文对应位置（Word、WPS 中点“审阅”查看），"
    "标题处的批注是检查意见汇总；正文和表格未作任何改动。"
)
"""Said in chat beside the reviewed copy."""


def reviewed_attachment_name(source_name: str) -> str:
    """``草稿（检查意见）.docx``: a safe file name whatever the upload was called."""
    from review.anchors import reviewed_filename

    return reviewed_filename(source_name)


def can_review(document: Document) -> bool:
    """Only a Word file can carry comments back to its author."""
    return document.media_type == DOCX_MEDIA_TYPE


def reviewed_docx(
    data: bytes, document: Document, report: AnnualReport, findings: tuple[Finding, ...]
) -> bytes:
    """``data`` (the DOCX as uploaded) with each finding as a comment at its place and a
    summary comment on the title; ``document`` is what the reader made of the same bytes."""
    from review.anchors import plan_review
    from review.word import annotate_docx

    if not can_review(document):
        raise InputError(
            f"「{document.source_name}」不是 Word（DOCX）文件，"
            "只有 DOCX 文件能生成带批注的检查意见。"
        )
    plan = plan_review(document, report, findings)
    try:
        return annotate_docx(data, plan)
    except Exception as exc:  # python-docx on a file the reader could read: its parts are hostile
        logger.warning("could not annotate %s: %r", document.source_name, exc)
        raise InputError(
            f"「{document.source_name}」的检查已完成，但无法在这份 Word 文件中写入批注"
            "（文件内部结构异常）。请在 Word 或 WPS 中打开后另存为 DOCX 再试。"
        ) from exc


def reviewed_or_none(
    data: bytes, document: Document, report: AnnualReport, findings: tuple[Finding, ...]
) -> bytes | None:
    """The reviewed copy for a chat upload, or None (not a DOCX, or python-docx failed on a
    file the reader could read: the user still gets the findings as HTML)."""
    if not can_review(document):
        return None
    try:
        return reviewed_docx(data, document, report, findings)
    except Exception:  # a reviewed copy is a convenience; the findings must still go out
        logger.exception("could not write the reviewed copy of %s", document.source_name)
        return None


def check_target(target: Path, source: Path) -> Path:
    """Refuse, before any work, a place the reviewed copy cannot or must not go."""
    target = Path(target)
    if target.suffix.lower() != ".docx":
        raise InputError(
            f"检查意见副本是 Word 文件，文件名请以 .docx 结尾（例：{target.stem}.docx）。"
        )
    if target.exists() and target.resolve() == Path(source).resolve():
        raise InputError(
            "检查意见副本不能覆盖原文件，请换一个文件名（例：草稿（检查意见）.docx）。"
        )
    if target.is_dir():
        raise InputError(f"「{target}」是一个文件夹，请指定检查意见副本的文件名。")
    if not target.parent.is_dir():
        raise InputError(f"找不到文件夹「{target.parent}」，请先创建或换一个位置。")
    return target


def write_reviewed(target: Path, data: bytes, source: Path) -> Path:
    """Write the reviewed copy to ``target`` (atomically: a half-written copy never appears
    under its name), never over the checked file."""
    target = check_target(target, source)
    try:
        fd, temp = tempfile.mkstemp(prefix=".xxgk-review-", suffix=".docx", dir=target.parent)
    except OSError as exc:
        raise InputError(f"无法在「{target.parent}」中写入文件：{exc.strerror}。") from exc
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(temp, 0o644)  # mkstemp's 0600 would hide the copy from colleagues
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(f"无法写入「{target}」：{exc.strerror}。") from exc
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
