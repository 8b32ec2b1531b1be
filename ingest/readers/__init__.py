"""File readers: turn an uploaded report (TXT, Markdown, HTML, DOCX, PDF) into a ``Document``.

This is the only part of ``ingest`` that touches files. Every failure a user can cause (empty,
too large, unsupported, corrupt, encrypted, scanned, undecodable) raises ``InputError`` with a
Chinese message that names the file, chained to the cause; a file without readable text is
an error too, never an empty ``Document``.

    doc = read_document(Path("2024年报.pdf"))
    doc = read_bytes(data, "2024年报.docx")          # the bot receives bytes

One module per format (``text``, ``html``, ``docx``, ``pdf``); ``sniff`` picks the reader by
content and suffix; ``errors`` holds the messages; ``cjk`` the whitespace rules for Chinese
text (PDF, HTML); ``numbering`` renders Word's automatic list numbers (DOCX).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from base.text import printable
from ingest.document import Document, without_controls
from ingest.readers import errors
from ingest.readers.sniff import Format, detect_format

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "load_bytes", "read_bytes", "read_document"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def _reader(fmt: Format) -> Callable[[bytes, str], Document]:
    """The reader of one format, imported when first needed: checking a DOCX must not pay
    for loading pdfplumber and BeautifulSoup (most of a one-off ``xxgk check``)."""
    if fmt == "docx":
        from ingest.readers.docx import read_docx

        return read_docx
    if fmt == "pdf":
        from ingest.readers.pdf import read_pdf

        return read_pdf
    if fmt == "html":
        from ingest.readers.html import read_html

        return read_html
    from ingest.readers.text import read_text

    if fmt == "markdown":
        return lambda data, name: read_text(data, name, markdown=True)
    return read_text


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read the report at ``path``; the size is checked before the file is read."""
    return read_bytes(load_bytes(path, max_bytes), Path(path).name, max_bytes)


def load_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The file's bytes, refused (``InputError``) before reading when it is too large."""
    path = Path(path)
    name = path.name
    try:
        if not path.is_file():
            raise errors.not_a_file(name) if path.exists() else errors.not_found(name)
        size = path.stat().st_size
        _check_size(name, size, max_bytes)
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat()
    except PermissionError as exc:
        raise errors.unreadable(name, "没有读取权限") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise errors.unreadable(name, f"读取时出错（{reason}）") from exc
    return data


def read_bytes(data: bytes, filename: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a report received as bytes; ``filename`` gives the suffix and the name in messages."""
    name = printable(Path(filename).name or filename)
    data = bytes(data)  # the bot's download is a bytearray
    _check_size(name, len(data), max_bytes)
    # text is for reading: no file puts terminal escapes or bidi overrides into what is stored
    document = without_controls(_reader(detect_format(data, name))(data, name))
    if document.is_empty():
        raise errors.no_text(name)
    return document


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size == 0:
        raise errors.empty_file(name)
    if size > max_bytes:
        raise errors.too_large(name, size, max_bytes)
