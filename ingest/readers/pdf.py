"""PDF files with a text layer: ruled tables as ``Table``, the rest as lines, page by page.

pdfplumber finds the ruled tables and their cell boxes; the text is assembled here from the
characters, because its own word spacing does not suit Chinese: it puts a space wherever two
characters are more than ``x_tolerance`` apart, and justified or letter-spaced Chinese text
(Word exports, 分散对齐 cells) has such gaps between every character, as has the automatic
spacing Word and LibreOffice put between Chinese and Latin text ("2023 年"). Here a gap becomes
a space only when it is wider than the line's usual gap by 0.2 em between two Latin letters or
digits, and by a full em next to a Chinese character (a deliberate separation); real space
characters are kept.

Running headers and footers (the same small text at the top or bottom of most pages) and page
numbers (``- 3 -``, ``第3页``, ``3/10``, ``第 3 页 共 10 页``) are dropped. A table continued on
the next page stays two ``Table`` blocks; the parser joins them.

Speed: pdfminer needs about 80 ms a page; pages that draw nothing (no lines, so no ruled
table) take their characters from PDFium instead (about 2 ms a page), through the same line
assembly, so both paths give the same text (``tests/unit/test_readers_pdf_fast.py``).
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
import struct
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.psexceptions import PSException
from pdfplumber.utils import cluster_objects
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from ingest.document import Block, Document, Paragraph, Table
from ingest.readers import errors
from ingest.readers.cjk import is_cjk
from ingest.readers.pdfstreams import check_streams

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/pdf"

Char = dict[str, Any]
BBox = tuple[float, float, float, float]

# What broken PDFs make pdfminer raise, besides its own exceptions.
_PDF_ERRORS = (
    PdfminerException,
    MalformedPDFException,
    PSException,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    AssertionError,
    EOFError,
    struct.error,
    zlib.error,
    RecursionError,
)

_DUPLICATE_TOLERANCE = 1.0  # points: a character drawn again this close is a copy
_LINE_TOLERANCE = 3.0  # points: characters this close vertically are on one line
_LATIN_GAP_EM = 0.2  # extra gap (in em) that separates Latin words and numbers
_CJK_GAP_EM = 1.0  # extra gap (in em) that separates Chinese characters
_MARGIN_SHARE = 0.15  # top and bottom share of the page where headers and footers live
_MAX_MARGIN_LINES = 3
_GARBLED_SHARE = 0.3  # share of unmapped glyphs, "(cid:123)", that makes the text unusable
_SPACES = re.compile(r" {2,}")
_PAGE_NUMBER = re.compile(
    r"""^(?:
        [-—–－_·•~～]*\d{1,4}[-—–－_·•~～]*       # 3, - 3 -, — 3 —
      | 第\d{1,4}页(?:[,，/]?共\d{1,4}页)?        # 第3页, 第 3 页 共 10 页
      | 共\d{1,4}页[,，/]?第\d{1,4}页
      | \d{1,4}/\d{1,4}                          # 3/10
      | page\d{1,4}(?:of\d{1,4})?                # Page 3 of 10
    )$""",
    re.X | re.I,
)


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    top: float
    bottom: float
    size: float

    def key(self, page_number: int) -> tuple[str, int]:
        """What a running header keeps from page to page: the text, with the page's own
        number blanked out ("某某县人民政府 第3页" on page 3), and the font size."""
        own = str(page_number)
        text = re.sub(r"\d+", lambda m: "#" if m.group() == own else m.group(), self.text)
        return text.replace(" ", ""), round(self.size)


@dataclass(slots=True)
class _Page:
    number: int
    height: float
    items: list[tuple[float, _Line | Table]]  # (top, item) in reading order
    chars: int  # non-blank characters on the page
    unmapped: int  # of which pdfminer could not map to Unicode
    images: int = 0  # pictures drawn on the page (a scanned page is one big picture)


MAX_PAGES = 500
"""An annual report has 5–40 pages; thousands of pages is not one (and costs memory)."""


def read_pdf(data: bytes, name: str) -> Document:
    """A PDF with a text layer as lines and tables; scanned or encrypted PDFs are refused."""
    check_streams(data, name)  # before any library inflates a stream
    fast = _FastText.open(data)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise errors.too_many_pages(name, len(pdf.pages), MAX_PAGES)
            pages = []
            for n, page in enumerate(pdf.pages, start=1):
                pages.append(_read_page(page, n, fast.chars(n - 1) if fast else None))
                page.close()  # drop pdfminer's layout of the page: memory stays per-page
    except _PDF_ERRORS as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise errors.encrypted_pdf(name) from exc
        logger.info("cannot read %s as PDF: %r", name, cause)
        raise errors.corrupt_pdf(name) from exc
    finally:
        if fast is not None:
            fast.document.close()

    chars = sum(p.chars for p in pages)
    if chars and sum(p.unmapped for p in pages) > chars * _GARBLED_SHARE:
        raise errors.garbled_pdf(name)
    _drop_headers_and_footers(pages)
    blocks: list[Block] = [
        Paragraph(item.text, page=page.number) if isinstance(item, _Line) else item
        for page in pages
        for _, item in page.items
    ]
    if not any(isinstance(b, Table) or b.text.strip() for b in blocks):
        raise errors.scanned_pdf(name)
    meta = {}
    if chars and any(p.chars == 0 for p in pages):
        meta["pages_without_text"] = ",".join(str(p.number) for p in pages if p.chars == 0)
        scans = [str(p.number) for p in pages if p.chars == 0 and p.images]
        if scans:  # pictures without text: scanned pages, whose content cannot be read
            meta["scanned_pages"] = ",".join(scans)
    return Document(
        blocks=tuple(blocks), source_name=name, media_type=MEDIA_TYPE, pages=len(pages), meta=meta
    )


# --------------------------------------------------------------------------------------- pages


def _read_page(page: pdfplumber.page.Page, number: int, fast_chars: list[Char] | None) -> _Page:
    """Tables and lines of one page, ordered by their top edge. ``fast_chars``: the page's
    characters from PDFium when the page draws no lines (so it has no ruled table)."""
    if fast_chars is not None:
        chars = _unique([c for c in fast_chars if _horizontal(c)])
        tables = []
    else:
        chars = _unique([c for c in page.chars if _horizontal(c)])
        tables = [t for t in page.find_tables() if _column_count(t) >= 2]  # 1 column: a frame
    items: list[tuple[float, _Line | Table]] = []
    table_chars: set[int] = set()
    for table in tables:
        inside = [c for c in chars if _center_in(c, table.bbox)]
        table_chars.update(id(c) for c in inside)
        items.append((table.bbox[1], Table(rows=_table_rows(table, inside), page=number)))
    text_chars = [c for c in chars if id(c) not in table_chars]
    items += [(line.top, line) for line in _lines(text_chars)]
    items.sort(key=lambda item: item[0])
    visible = [c for c in chars if not c["text"].isspace()]
    return _Page(
        number=number,
        height=float(page.height),
        items=items,
        chars=len(visible),
        unmapped=sum(1 for c in visible if c["text"].startswith("(cid:")),
        images=0 if fast_chars is not None else len(page.images),
    )


class _FastText:
    """The characters of text-only pages through PDFium, about forty times faster than
    pdfminer. Pages that draw anything (paths, images) go through pdfplumber, which finds
    ruled tables; a PDF PDFium cannot open goes through pdfplumber entirely."""

    _DRAWN = (
        pdfium_raw.FPDF_PAGEOBJ_PATH,
        pdfium_raw.FPDF_PAGEOBJ_IMAGE,
        pdfium_raw.FPDF_PAGEOBJ_SHADING,
        pdfium_raw.FPDF_PAGEOBJ_FORM,
    )

    def __init__(self, document: pdfium.PdfDocument) -> None:
        self.document = document

    @classmethod
    def open(cls, data: bytes) -> _FastText | None:
        try:
            return cls(pdfium.PdfDocument(data))
        except pdfium.PdfiumError:
            return None

    def chars(self, index: int) -> list[Char] | None:
        """The page's characters as pdfplumber describes them, or None if it draws."""
        try:
            page = self.document[index]
        except (pdfium.PdfiumError, IndexError):
            return None
        if any(obj.type in self._DRAWN for obj in page.get_objects(max_depth=1)):
            return None
        height = page.get_height()
        textpage = page.get_textpage()
        raw = textpage.raw
        out: list[Char] = []
        for i in range(textpage.count_chars()):
            if pdfium_raw.FPDFText_IsGenerated(raw, i):
                continue  # spaces and line breaks PDFium infers
            code = pdfium_raw.FPDFText_GetUnicode(raw, i)
            if code in (0x0D, 0x0A, 0x02):
                continue
            unmapped = pdfium_raw.FPDFText_HasUnicodeMapError(raw, i) == 1
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            angle = pdfium_raw.FPDFText_GetCharAngle(raw, i)
            out.append(
                {
                    "text": f"(cid:{code})" if unmapped else chr(code),
                    "x0": left,
                    "x1": right,
                    "top": height - top,
                    "bottom": height - bottom,
                    "size": pdfium_raw.FPDFText_GetFontSize(raw, i),
                    "upright": abs(angle) < 0.01 or abs(angle - 6.283185) < 0.01,
                }
            )
        return out


def _horizontal(char: Char) -> bool:
    """Whether the character sits on a horizontal baseline; rotated text is a watermark or a
    stamp, not report text. (pdfminer's ``upright`` is True at 45° too.)"""
    matrix = char.get("matrix")
    if not matrix:
        return bool(char.get("upright", True))
    a, b = matrix[0], matrix[1]
    return a > 0 and abs(b) <= 0.05 * a


def _unique(chars: list[Char]) -> list[Char]:
    """Drop copies of a character drawn again within a point of itself (a "bold" effect some
    exporters fake by overprinting), keeping the reading order of the rest."""
    ordered = sorted(chars, key=lambda c: (c["text"], c["x0"]))
    copies: set[int] = set()
    for i, char in enumerate(ordered):
        j = i - 1
        while j >= 0 and ordered[j]["text"] == char["text"]:
            other = ordered[j]
            if char["x0"] - other["x0"] > _DUPLICATE_TOLERANCE:
                break
            if id(other) not in copies and abs(char["top"] - other["top"]) <= _DUPLICATE_TOLERANCE:
                copies.add(id(char))
                break
            j -= 1
    return [c for c in chars if id(c) not in copies]


def _column_count(table: pdfplumber.table.Table) -> int:
    return max((len(row.cells) for row in table.rows), default=0)


def _center_in(char: Char, bbox: BBox) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _table_rows(
    table: pdfplumber.table.Table, chars: list[Char]
) -> tuple[tuple[str | None, ...], ...]:
    """Cell texts as pdfplumber lays them out: ``None`` where a merged cell covers,
    lines inside a cell joined with ``"\\n"``."""
    rows = [list(row.cells) for row in table.rows]
    width = max(len(r) for r in rows)
    owned: dict[BBox, list[Char]] = {cell: [] for row in rows for cell in row if cell}
    for char in chars:
        for cell in owned:
            if _center_in(char, cell):
                owned[cell].append(char)
                break
    return tuple(
        tuple(
            None
            if c >= len(row) or row[c] is None
            else "\n".join(line.text for line in _lines(owned[row[c]]))
            for c in range(width)
        )
        for row in rows
    )


# --------------------------------------------------------------------------------------- lines


def _lines(chars: list[Char]) -> list[_Line]:
    """Group characters into lines (top to bottom) and spell each line out."""
    lines = []
    middle = lambda c: (c["top"] + c["bottom"]) / 2  # noqa: E731
    for group in cluster_objects(chars, middle, _LINE_TOLERANCE):
        group.sort(key=lambda c: c["x0"])
        text = _line_text(group)
        if text:
            lines.append(
                _Line(
                    text=text,
                    top=min(c["top"] for c in group),
                    bottom=max(c["bottom"] for c in group),
                    size=statistics.median(c["size"] for c in group),
                )
            )
    return lines


def _line_text(chars: list[Char]) -> str:
    """Characters left to right, with a space where the gap says so (see module docstring)."""
    glyphs = [c for c in chars if not c["text"].isspace()]
    gaps = [b["x0"] - a["x1"] for a, b in itertools.pairwise(glyphs)]
    usual = statistics.median(gaps) if gaps else 0.0
    out: list[str] = []
    prev: Char | None = None
    for char in chars:
        text = char["text"]
        if text.isspace():
            out.append(" ")
            prev = None
            continue
        if prev is not None:
            extra = (char["x0"] - prev["x1"] - usual) / max(char["size"], 1.0)
            cjk = is_cjk(prev["text"][-1]) or is_cjk(text[0])
            if extra > (_CJK_GAP_EM if cjk else _LATIN_GAP_EM):
                out.append(" ")
        out.append(text)
        prev = char
    return _SPACES.sub(" ", "".join(out)).strip()


# ---------------------------------------------------------------------- headers, page numbers


def _drop_headers_and_footers(pages: list[_Page]) -> None:
    """Remove page numbers and running headers/footers from the margins of every page."""
    seen_on: Counter[tuple[str, int]] = Counter()
    for page in pages:
        margins = [*_margin_lines(page, top=True), *_margin_lines(page, top=False)]
        seen_on.update({line.key(page.number) for line in margins})
    threshold = max(2, 0.4 * len(pages))
    running = {key for key, n in seen_on.items() if n >= threshold}

    for page in pages:

        def droppable(line: _Line, number: int = page.number) -> bool:
            page_number = _PAGE_NUMBER.match(line.text.replace(" ", "")) is not None
            return page_number or line.key(number) in running

        drop_head = _count_while(droppable, _margin_lines(page, top=True))
        drop_tail = _count_while(droppable, _margin_lines(page, top=False))
        drop_tail = min(drop_tail, len(page.items) - drop_head)
        del page.items[len(page.items) - drop_tail :]
        del page.items[:drop_head]


def _margin_lines(page: _Page, top: bool) -> list[_Line]:
    """The first (or last) lines of a page that lie in its top (or bottom) margin zone,
    outermost first, stopping at a table."""
    items = page.items if top else page.items[::-1]
    limit = page.height * _MARGIN_SHARE
    out: list[_Line] = []
    for _, item in items[:_MAX_MARGIN_LINES]:
        if not isinstance(item, _Line):
            break
        in_zone = item.bottom <= limit if top else item.top >= page.height - limit
        if not in_zone:
            break
        out.append(item)
    return out


def _count_while(predicate: Callable[[_Line], bool], lines: list[_Line]) -> int:
    n = 0
    for line in lines:
        if not predicate(line):
            break
        n += 1
    return n
