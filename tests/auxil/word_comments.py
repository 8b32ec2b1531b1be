"""Read the comments (批注) of a DOCX back, with where each is anchored, for the tests of the
reviewed copy: which table cell or paragraph a comment marks, and the text it marks.

Independent of ``review.word``: it walks the saved file's XML, as Word would.

    for c in word_comments(data):
        print(c.author, c.cell, c.marked, c.text)
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from dataclasses import dataclass

from lxml import etree

from ingest.readers.docx import cell_owners

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


COMMENT_MARKS = {w("commentRangeStart"), w("commentRangeEnd")}


@dataclass(frozen=True)
class PlacedComment:
    id: str
    author: str
    text: str
    marked: str
    """The document text between the comment's range marks."""
    cell: tuple[int, int, int] | None
    """(table index, row, grid column) when the range starts in a table cell."""
    paragraph: int | None
    """Index of the ``<w:p>`` the range starts in (document order)."""


def part(data: bytes, name: str) -> bytes | None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name) if name in z.namelist() else None


def _comment_texts(data: bytes) -> dict[str, tuple[str, str]]:
    xml = part(data, "word/comments.xml")
    if xml is None:
        return {}
    root = etree.fromstring(xml)
    out = {}
    for c in root.iter(w("comment")):
        paragraphs = ["".join(t.text or "" for t in p.iter(w("t"))) for p in c.iter(w("p"))]
        out[c.get(w("id"), "")] = (c.get(w("author"), ""), "\n".join(paragraphs))
    return out


def _cell_of(el: etree._Element, tables: list[etree._Element]) -> tuple[int, int, int] | None:
    tc = next((a for a in el.iterancestors(w("tc"))), None)
    if tc is None:
        return None
    tbl = next(tc.iterancestors(w("tbl")))
    for r, row in enumerate(cell_owners(tbl)):
        for c, owner in enumerate(row):
            if owner is tc:
                return tables.index(tbl), r, c
    return None


def word_comments(data: bytes) -> list[PlacedComment]:
    root = etree.fromstring(part(data, "word/document.xml") or b"")
    body = root.find(w("body"))
    assert body is not None
    paragraphs = list(body.iter(w("p")))
    tables = list(body.iter(w("tbl")))
    texts = _comment_texts(data)
    marked: dict[str, list[str]] = {}
    starts: dict[str, etree._Element] = {}
    open_ids: set[str] = set()
    for el in body.iter():
        if el.tag == w("commentRangeStart"):
            cid = el.get(w("id"), "")
            open_ids.add(cid)
            starts[cid] = el
            marked[cid] = []
        elif el.tag == w("commentRangeEnd"):
            open_ids.discard(el.get(w("id"), ""))
        elif el.tag == w("commentReference") and el.get(w("id"), "") not in starts:
            starts[el.get(w("id"), "")] = el  # a point comment (no range), as LibreOffice saves one
            marked[el.get(w("id"), "")] = []
        elif el.tag == w("t"):
            for cid in open_ids:
                marked[cid].append(el.text or "")
    out = []
    for cid, start in starts.items():
        author, text = texts.get(cid, ("", ""))
        p = start.getparent()
        while p is not None and p.tag != w("p"):
            p = p.getparent()
        out.append(
            PlacedComment(
                id=cid,
                author=author,
                text=text,
                marked="".join(marked[cid]),
                cell=_cell_of(start, tables),
                paragraph=paragraphs.index(p) if p is not None else None,
            )
        )
    return out


def without_comments(data: bytes) -> bytes:
    """document.xml with the comment marks taken out, and runs that a comment cut in two
    joined again (same formatting, one text each), in canonical XML: equal to the original's
    when only comment marks were added."""
    root = etree.fromstring(part(data, "word/document.xml") or b"")
    for el in list(root.iter(*COMMENT_MARKS)):
        el.getparent().remove(el)
    for ref in list(root.iter(w("commentReference"))):
        run = ref.getparent()
        run.getparent().remove(run)
    for parent in list(root.iter()):
        _join_runs(parent)
    for t in root.iter(w("t")):  # a cut run may need xml:space on either half
        t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    return etree.tostring(root, method="c14n")


def _plain_run(r: etree._Element) -> bool:
    content = [c for c in r if c.tag != w("rPr")]
    return r.tag == w("r") and len(content) == 1 and content[0].tag == w("t")


def _join_runs(parent: etree._Element) -> None:
    children = list(parent)
    for left, right in itertools.pairwise(children):
        if left.getparent() is None or not (_plain_run(left) and _plain_run(right)):
            continue
        lpr, rpr = left.find(w("rPr")), right.find(w("rPr"))
        same = (lpr is None and rpr is None) or (
            lpr is not None
            and rpr is not None
            and etree.tostring(lpr, method="c14n") == etree.tostring(rpr, method="c14n")
        )
        if same:
            right_t = right.find(w("t"))
            left_t = left.find(w("t"))
            assert right_t is not None and left_t is not None
            right_t.text = (left_t.text or "") + (right_t.text or "")
            parent.remove(left)


def visible_text(data: bytes) -> str:
    """All text of the body, in order (what the reader of the document sees)."""
    root = etree.fromstring(part(data, "word/document.xml") or b"")
    return re.sub(r"\s+", " ", "".join(t.text or "" for t in root.iter(w("t"))))
