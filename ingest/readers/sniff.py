"""Decide which reader gets a file: by its content first, then by its suffix.

Users rename files and chat apps mangle names, so a ``.txt`` may really be a PDF and a ``.doc``
may really be a DOCX. The magic bytes decide when they are unambiguous (PDF, ZIP-based Office
files, the OLE container of legacy Office files, RTF, images); otherwise the suffix does. Types
we cannot read are rejected here with a message that says what to upload instead, and the
message names what the file *is* (an Excel workbook renamed ``.docx`` is an Excel workbook,
not a corrupt Word document): ZIP member names tell Office Open XML formats apart, and the
stream names in the OLE directory tell Word 97 from Excel and PowerPoint.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Literal

from ingest.readers import errors

Format = Literal["text", "markdown", "html", "docx", "pdf"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
# stream names in an OLE directory (UTF-16): which legacy Office program wrote the file
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_EXCEL_STREAMS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_POWERPOINT_STREAM = "PowerPoint Document".encode("utf-16-le")
# unambiguous image signatures, whatever the suffix; "BM" (BMP) is too short for that
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
_WEAK_IMAGE_MAGIC = (b"BM",)

_BY_SUFFIX: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
}

_ARCHIVE_ADVICE = "请解压后上传其中的报告文件（DOCX 或 PDF）。"
_IMAGE_ADVICE = "图片中的文字无法直接读取，" + errors.NEED_TEXT_LAYER
_PDF_ADVICE = "请另存为 PDF 后再上传。"
_REPORT_ADVICE = "请上传年报的 Word（.docx）或 PDF 文件。"
_DOC_ADVICE = "请在 Word 或 WPS 中打开，另存为 .docx 后再上传。"
_WPS_ADVICE = "请在 WPS 中打开，另存为 .docx 后再上传。"

_WORD_97 = "旧版 Word（.doc）文件"
_EXCEL = "Excel 表格文件，不是年报的 Word 文档"
_POWERPOINT = "PowerPoint 演示文稿，不是年报的 Word 文档"

# Suffixes we know and refuse, with how to describe them to the user.
_UNSUPPORTED: dict[str, tuple[str, str]] = {
    ".doc": (_WORD_97, _DOC_ADVICE),
    ".dot": ("旧版 Word 模板（.dot）", _DOC_ADVICE),
    ".wps": ("WPS 文字文件（.wps）", _WPS_ADVICE),
    ".rtf": ("RTF 文档（.rtf）", errors.RESAVE),
    ".odt": ("OpenDocument 文档（.odt）", errors.RESAVE),
    ".xls": ("Excel 表格文件（.xls），不是年报的 Word 文档", _REPORT_ADVICE),
    ".xlsx": ("Excel 表格文件（.xlsx），不是年报的 Word 文档", _REPORT_ADVICE),
    ".et": ("WPS 表格文件（.et），不是年报的 Word 文档", _REPORT_ADVICE),
    ".csv": ("CSV 表格文件（.csv），不是年报的 Word 文档", _REPORT_ADVICE),
    ".ppt": ("PowerPoint 演示文稿（.ppt），不是年报的 Word 文档", _REPORT_ADVICE),
    ".pptx": ("PowerPoint 演示文稿（.pptx），不是年报的 Word 文档", _REPORT_ADVICE),
    ".dps": ("WPS 演示文稿（.dps），不是年报的 Word 文档", _REPORT_ADVICE),
    ".ofd": ("OFD 版式文件（.ofd）", _PDF_ADVICE),
    ".mht": ("单个网页文件（.mht）", "请在浏览器中另存为“网页，仅 HTML”或 PDF 后再上传。"),
    ".mhtml": ("单个网页文件（.mhtml）", "请在浏览器中另存为“网页，仅 HTML”或 PDF 后再上传。"),
    ".zip": ("压缩包（.zip）", _ARCHIVE_ADVICE),
    ".rar": ("压缩包（.rar）", _ARCHIVE_ADVICE),
    ".7z": ("压缩包（.7z）", _ARCHIVE_ADVICE),
    ".jpg": ("图片（.jpg）", _IMAGE_ADVICE),
    ".jpeg": ("图片（.jpeg）", _IMAGE_ADVICE),
    ".png": ("图片（.png）", _IMAGE_ADVICE),
    ".gif": ("图片（.gif）", _IMAGE_ADVICE),
    ".bmp": ("图片（.bmp）", _IMAGE_ADVICE),
    ".tif": ("图片（.tif）", _IMAGE_ADVICE),
    ".tiff": ("图片（.tiff）", _IMAGE_ADVICE),
}


def suffix_of(name: str) -> str:
    """The lower-case suffix, ``""`` when there is none."""
    return PurePath(name).suffix.lower()


def detect_format(data: bytes, name: str) -> Format:
    """The reader for ``data``; raises ``InputError`` for a type we do not read."""
    suffix = suffix_of(name)
    head = data[:1024]
    if b"%PDF-" in head:  # the spec allows junk before the header
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_format(data, name)
    if data.startswith(_OLE_MAGIC):
        raise _ole_error(data, name)
    if head.lstrip().startswith(b"{\\rtf"):
        raise errors.unsupported(name, "RTF 文档")
    if data.startswith(_IMAGE_MAGIC) or (
        data.startswith(_WEAK_IMAGE_MAGIC) and suffix not in _BY_SUFFIX
    ):
        raise errors.unsupported(name, "图片", _IMAGE_ADVICE)
    if suffix == ".pdf":
        raise errors.corrupt_pdf(name)
    if suffix in (".docx", ".docm", ".dotx"):
        raise errors.corrupt_docx(name)
    if suffix in _UNSUPPORTED:
        raise errors.unsupported(name, *_UNSUPPORTED[suffix])
    if suffix not in _BY_SUFFIX:
        raise errors.unknown_type(name, suffix)
    fmt = _BY_SUFFIX[suffix]
    if fmt == "text" and _looks_like_html(head):
        return "html"
    return fmt


def _zip_format(data: bytes, name: str) -> Format:
    """DOCX when the archive has a Word main part; other ZIP-based formats are refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _broken_zip(name) from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        raise errors.unsupported(name, _EXCEL, _REPORT_ADVICE)
    if "ppt/presentation.xml" in names:
        raise errors.unsupported(name, _POWERPOINT, _REPORT_ADVICE)
    if "OFD.xml" in names:
        raise errors.unsupported(name, "OFD 版式文件", _PDF_ADVICE)
    if "content.xml" in names:
        raise errors.unsupported(name, "OpenDocument 文档")
    if "[Content_Types].xml" in names and suffix_of(name) in (".docx", ".docm", ".dotx"):
        raise errors.corrupt_docx(name)  # an Office package without its Word part
    raise errors.unsupported(name, "压缩包，不是 Word 文档", _ARCHIVE_ADVICE)


def _broken_zip(name: str) -> Exception:
    """A ZIP that cannot be opened: a damaged ``.xlsx`` is named as Excel, not as Word."""
    suffix = suffix_of(name)
    if suffix in _UNSUPPORTED:
        return errors.unsupported(name, *_UNSUPPORTED[suffix])
    return errors.corrupt_docx(name)


def _ole_error(data: bytes, name: str) -> Exception:
    """Legacy Office files share one container; a password-protected DOCX uses it too."""
    if _ENCRYPTED_PACKAGE in data:
        return errors.encrypted_office(name)
    suffix = suffix_of(name)
    if _WORD_STREAM in data:  # WPS writes .wps in Word 97's format
        if suffix == ".wps":
            return errors.unsupported(name, *_UNSUPPORTED[".wps"])
        return errors.unsupported(name, _WORD_97, _DOC_ADVICE)
    if any(stream in data for stream in _EXCEL_STREAMS):
        return errors.unsupported(name, _EXCEL, _REPORT_ADVICE)
    if _POWERPOINT_STREAM in data:
        return errors.unsupported(name, _POWERPOINT, _REPORT_ADVICE)
    if suffix in _UNSUPPORTED:
        return errors.unsupported(name, *_UNSUPPORTED[suffix])
    return errors.unsupported(name, "旧版 Office 文档（如 Word 97-2003 的 .doc）", _DOC_ADVICE)


def _looks_like_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))
