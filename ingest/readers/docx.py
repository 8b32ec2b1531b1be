"""Word documents (DOCX): the body in order, paragraphs and tables interleaved.

python-docx opens the package; the body is walked on its XML (``w:p``, ``w:tbl``, content
controls) so that nothing is skipped: text inside tracked insertions, hyperlinks and fields
counts, deleted text does not. Headings come from the Heading/标题 styles or an outline level.

A merged cell is one ``<w:tc>`` spanning grid columns (``gridSpan``) or continued downwards
(``vMerge``). The grid keeps a reference to the owning ``<w:tc>`` in every position it covers;
the first position shows the text, the others ``None`` (compare the elements, not
python-docx's ``_Cell`` proxies, which are created afresh on each access).
"""

from __future__ import annotations

import io
import logging
import re

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from ingest.document import Block, Document, Paragraph, Table
from ingest.readers import errors
from ingest.readers.archive import check_archive
from ingest.readers.errors import MAX_TABLE_CELLS, MAX_TABLE_COLUMNS, TableTooLarge
from ingest.readers.numbering import Numbering

logger = logging.getLogger(__name__)

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _TBL, _TR, _TC, _R = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("r")
_SDT, _SDT_CONTENT, _CUSTOM_XML = _w("sdt"), _w("sdtContent"), _w("customXml")
_TXBX = _w("txbxContent")
_VAL = _w("val")
# Run content and what it reads as; anything else in a run (drawings, symbols) reads as nothing.
_RUN_TEXT = {_w("t"): None, _w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n",
             _w("noBreakHyphen"): "-"}  # fmt: skip
# Text under these is not part of the paragraph as it reads now.
_NOT_READ = {_w("del"), _w("moveFrom"), _TXBX, f"{{{_MC}}}Fallback"}
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
_TITLE_NAMES = {"title", "标题"}


def read_docx(data: bytes, name: str) -> Document:
    """A DOCX file as paragraphs (with heading levels) and tables with real cells."""
    check_archive(data, name)  # before python-docx inflates anything
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        reader = _BodyReader(_styles(document), Numbering(_numbering_xml(document)), body)
        blocks = reader.blocks(body) if body is not None else []
    except MemoryError:  # the worker's cap: 「读取时占用内存过多」, not 「已损坏」
        raise
    except RecursionError as exc:  # tables nested beyond reason
        raise errors.corrupt_docx(name) from exc
    except TableTooLarge as exc:
        raise errors.table_too_large(name) from exc
    except Exception as exc:
        # anything python-docx raises on the package (two numbering or styles relationships,
        # an external one) means: not a usable DOCX; it ended in a traceback before
        logger.info("cannot read %s as DOCX: %r", name, exc)
        raise errors.corrupt_docx(name) from exc
    return Document(blocks=tuple(blocks), source_name=name, media_type=MEDIA_TYPE)


class _Style:
    __slots__ = ("based_on", "ilvl", "name", "num_id", "outline")

    def __init__(self, name: str, ppr: etree._Element | None, based_on: str | None) -> None:
        self.name, self.based_on = name, based_on
        self.outline = _outline_level(ppr)
        self.num_id, self.ilvl = _num_pr(ppr)


def _numbering_xml(document: docx.document.Document) -> etree._Element | None:
    try:
        return document.part.part_related_by(RT.NUMBERING).element
    except (KeyError, AttributeError):
        return None


def _styles(document: docx.document.Document) -> dict[str | None, _Style]:
    """Paragraph styles by id; key ``None`` is the default paragraph style."""
    out: dict[str | None, _Style] = {}
    for el in document.styles.element.findall(_w("style")):
        if el.get(_w("type")) not in (None, "paragraph"):
            continue
        name_el, based_el = el.find(_w("name")), el.find(_w("basedOn"))
        style = _Style(
            name=(name_el.get(_VAL, "") if name_el is not None else "").strip(),
            ppr=el.find(_w("pPr")),
            based_on=based_el.get(_VAL) if based_el is not None else None,
        )
        out[el.get(_w("styleId"))] = style
        if el.get(_w("default")) in ("1", "true", "on"):
            out[None] = style
    return out


def _outline_level(ppr: etree._Element | None) -> int | None:
    """``w:outlineLvl`` 0–8 as heading level 1–9; 9 (body text) and absent as None."""
    el = ppr.find(_w("outlineLvl")) if ppr is not None else None
    if el is None:
        return None
    try:
        value = int(el.get(_VAL, ""))
    except ValueError:
        return None
    return value + 1 if 0 <= value <= 8 else None


def _num_pr(ppr: etree._Element | None) -> tuple[str | None, int | None]:
    """``(numId, ilvl)`` of a paragraph or style's list membership, either may be missing."""
    num_pr = ppr.find(_w("numPr")) if ppr is not None else None
    if num_pr is None:
        return None, None
    num_id, ilvl = num_pr.find(_w("numId")), num_pr.find(_w("ilvl"))
    level = _int_prop(num_pr, "ilvl", 0) if ilvl is not None else None
    return (num_id.get(_VAL) if num_id is not None else None), level


class _BodyReader:
    """Turns body (or cell, or text box) content into blocks."""

    def __init__(
        self,
        styles: dict[str | None, _Style],
        numbering: Numbering,
        body: etree._Element | None = None,
    ) -> None:
        self._styles = styles
        self._numbering = numbering
        # Source positions (``Paragraph.position``, ``Table.position``): the element's index in
        # document order. Keyed by the element: the dict keeps each lxml proxy alive, so the
        # same proxy comes back while the body is walked.
        self._positions: dict[etree._Element, int] = {}
        if body is not None:
            self._positions = {el: i for i, el in enumerate(body.iter(_P))}
            self._positions.update({el: i for i, el in enumerate(body.iter(_TBL))})

    def blocks(self, container: etree._Element) -> list[Block]:
        out: list[Block] = []
        for child in container:
            if child.tag == _P:
                out += self._paragraph(child)
            elif child.tag == _TBL:
                out += self._table(child)
            elif child.tag in (_SDT, _CUSTOM_XML):  # content controls, custom XML: look inside
                content = child.find(_SDT_CONTENT) if child.tag == _SDT else child
                if content is not None:
                    out += self.blocks(content)
        return out

    # -------------------------------------------------------------------------- paragraphs

    def _paragraph(self, p: etree._Element) -> list[Block]:
        """One ``Paragraph`` per line (``<w:br/>`` splits), then any text boxes it anchors."""
        level = self._heading_level(p)
        text = _paragraph_text(p)
        if text.strip():  # Word skips the number of an empty list paragraph
            text = self._list_label(p) + text
        lines = text.split("\n") if text.strip() else [""]
        position = self._positions.get(p)
        out: list[Block] = [
            Paragraph(line, heading_level=level, position=position) for line in lines
        ]
        for box in _text_boxes(p):
            out += self.blocks(box)
        return out

    def _style_chain(self, ppr: etree._Element | None) -> list[_Style]:
        """The paragraph's style, then the styles it is based on (cycles cut)."""
        style_el = ppr.find(_w("pStyle")) if ppr is not None else None
        style = self._styles.get(style_el.get(_VAL) if style_el is not None else None)
        chain: list[_Style] = []
        while style is not None and all(style is not s for s in chain):
            chain.append(style)
            style = self._styles.get(style.based_on) if style.based_on else None
        return chain

    def _heading_level(self, p: etree._Element) -> int | None:
        ppr = p.find(_w("pPr"))
        direct = _outline_level(ppr)
        if direct is not None:
            return direct
        for style in self._style_chain(ppr):
            match = _HEADING_NAME.match(style.name)
            if match:
                return int(match.group(1))
            if style.name.lower() in _TITLE_NAMES:
                return 1
            if style.outline is not None:
                return style.outline
        return None

    def _list_label(self, p: etree._Element) -> str:
        """The automatic number shown before the paragraph ("一、"), from its own list
        settings or its style's; numId 0 switches numbering off."""
        ppr = p.find(_w("pPr"))
        num_id, ilvl = _num_pr(ppr)
        for style in self._style_chain(ppr):
            if num_id is not None and ilvl is not None:
                break
            num_id = num_id if num_id is not None else style.num_id
            ilvl = ilvl if ilvl is not None else style.ilvl
        if num_id is None or num_id == "0":
            return ""
        return self._numbering.label(num_id, ilvl or 0)

    # ------------------------------------------------------------------------------ tables

    def _table(self, tbl: etree._Element) -> list[Block]:
        owners = cell_owners(tbl)
        grid_columns = len(tbl.findall(f"{_w('tblGrid')}/{_w('gridCol')}"))
        width = min(max([grid_columns, *(len(row) for row in owners)]), MAX_TABLE_COLUMNS)
        if width * len(owners) > MAX_TABLE_CELLS:
            raise TableTooLarge
        if width <= 1:  # a frame around content, not a table of values: read what is inside
            out: list[Block] = []
            for tc in dict.fromkeys(tc for row in owners for tc in row if tc is not None):
                out += self.blocks(tc)
            return out
        # `owners` holds every element it names, so their ids stay unique while we compare.
        shown: set[int] = set()
        rows: list[tuple[str | None, ...]] = []
        for row in owners:
            cells: list[str | None] = []
            for c in range(width):
                tc = row[c] if c < len(row) else None
                if tc is None:
                    cells.append("")
                elif id(tc) in shown:
                    cells.append(None)
                else:
                    shown.add(id(tc))
                    cells.append(self._cell_text(tc))
            rows.append(tuple(cells))
        return [Table(rows=tuple(rows), position=self._positions.get(tbl))]

    def _cell_text(self, tc: etree._Element) -> str:
        """The cell's paragraphs joined with ``"\\n"``; a nested table adds one line per row."""
        lines: list[str] = []
        for block in self.blocks(tc):
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines += [" ".join(c for c in row if c) for row in block.rows]
        return "\n".join(lines).strip()


def cell_owners(tbl: etree._Element) -> list[list[etree._Element | None]]:
    """For each row, the ``<w:tc>`` owning each grid position (None where a row has no cell:
    ``gridBefore``/``gridAfter``); a ``vMerge`` continuation is owned by the cell above.
    Rows are cut at ``MAX_TABLE_COLUMNS`` and a table past ``MAX_TABLE_CELLS`` positions raises
    ``TableTooLarge``: the attributes are the file's, and ``gridBefore="100000000"`` in a 36 KB
    file took a gigabyte."""
    owners: list[list[etree._Element | None]] = []
    cells = 0
    for tr in _children(tbl, _TR):
        before = _int_prop(tr.find(_w("trPr")), "gridBefore", 0)
        row: list[etree._Element | None] = [None] * max(0, min(before, MAX_TABLE_COLUMNS))
        above = owners[-1] if owners else []
        for tc in _children(tr, _TC):
            if len(row) >= MAX_TABLE_COLUMNS:
                break
            tcpr = tc.find(_w("tcPr"))
            span = max(1, min(_int_prop(tcpr, "gridSpan", 1), MAX_TABLE_COLUMNS - len(row)))
            vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
            col = len(row)
            owner = tc
            if vmerge is not None and vmerge.get(_VAL, "continue") == "continue":
                cell_above = above[col] if col < len(above) else None
                owner = tc if cell_above is None else cell_above
            row += [owner] * span
        cells += max(len(row), 1)
        if cells > MAX_TABLE_CELLS:
            raise TableTooLarge
        owners.append(row)
    return owners


def _children(parent: etree._Element, tag: str) -> list[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    out: list[etree._Element] = []
    for child in parent:
        if child.tag == tag:
            out.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                out += _children(content, tag)
        elif child.tag == _CUSTOM_XML:
            out += _children(child, tag)
    return out


def _int_prop(parent: etree._Element | None, tag: str, default: int) -> int:
    el = parent.find(_w(tag)) if parent is not None else None
    try:
        return int(el.get(_VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


def _paragraph_text(p: etree._Element) -> str:
    """The text as it reads: runs anywhere in the paragraph (hyperlinks, insertions, fields),
    not deleted or moved-away text, not text boxes (they are read as their own blocks)."""
    parts: list[str] = []
    for el in p.iter(*_RUN_TEXT):
        parent = el.getparent()
        if parent is None or parent.tag != _R or _hidden_by_ancestor(el, p):
            continue
        fixed = _RUN_TEXT[el.tag]
        parts.append(el.text or "" if fixed is None else fixed)
    return "".join(parts)


def _hidden_by_ancestor(el: etree._Element, p: etree._Element) -> bool:
    node = el.getparent()
    while node is not None and node is not p:
        if node.tag in _NOT_READ:
            return True
        node = node.getparent()
    return False


def _text_boxes(p: etree._Element) -> list[etree._Element]:
    """The outermost text boxes anchored in ``p``, once each (Word also stores a VML copy
    under ``mc:Fallback``, which is skipped)."""
    boxes = []
    for box in p.iter(_TXBX):
        node = box.getparent()
        while node is not None and node is not p and node.tag not in _NOT_READ:
            node = node.getparent()
        if node is p:
            boxes.append(box)
    return boxes
