"""Write a review plan into a copy of the user's DOCX as Word comments (批注).

Only comment marks are added: ``w:commentRangeStart``/``w:commentRangeEnd`` around the marked
runs, a ``w:commentReference`` run after them, and the comments part. To mark a sentence
inside a run, the run is cut in two with the same formatting (the text and its look are
unchanged). python-docx writes the comments and their range marks (``Document.add_comment``);
only a comment on an empty paragraph (an empty table cell: no run to anchor on) gets its marks
placed here on the XML.

A reviewed copy sent again is reviewed afresh: the earlier review's comments (by ``AUTHOR``)
are replaced, anyone else's are kept.

Positions are counted exactly as ``ingest.readers.docx`` counts them: the n-th ``<w:p>`` and
the n-th ``<w:tbl>`` of the body in document order, rows and grid columns by ``cell_owners``.
"""

from __future__ import annotations

import copy
import io
import logging

import docx
import docx.document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.run import Run
from lxml import etree

from ingest.readers.docx import cell_owners
from review.anchors import (
    AUTHOR,
    INITIALS,
    CellAnchor,
    ParagraphAnchor,
    ReviewComment,
    ReviewPlan,
    plain,
)

logger = logging.getLogger(__name__)

_W_P, _W_TBL, _W_TC, _W_R, _W_T = qn("w:p"), qn("w:tbl"), qn("w:tc"), qn("w:r"), qn("w:t")
_W_RPR = qn("w:rPr")
_W_COMMENT, _W_REFERENCE = qn("w:comment"), qn("w:commentReference")
_RANGE_MARKS = (qn("w:commentRangeStart"), qn("w:commentRangeEnd"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_RUN_TEXT = {_W_T: None, qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n"}
_NOT_READ = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:txbxContent"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
_LABEL_MAX = 6
"""The longest automatic list number to look past (（十二）)."""
_SKIP_RUN = {qn("w:commentReference"), qn("w:footnoteReference"), qn("w:endnoteReference")}


def annotate_docx(data: bytes, plan: ReviewPlan) -> bytes:
    """The DOCX ``data`` with every comment of ``plan`` added where it is anchored."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    _remove_earlier_review(document)
    paragraphs = list(body.iter(_W_P))
    tables = list(body.iter(_W_TBL))
    summary = _target(plan.comments[0], paragraphs, tables) if plan.comments else None
    fallback = summary if summary is not None else paragraphs[:1]
    for comment in plan.comments:
        target = _target(comment, paragraphs, tables)
        quote = comment.anchor.quote if isinstance(comment.anchor, ParagraphAnchor) else None
        if target is None:  # never lose a finding: put it with the summary
            logger.warning("review: no place for %s in the file", comment.anchor)
            target, quote = fallback, None
        if not target:
            continue
        runs = [r for p in target for r in _runs(p)]
        if quote and runs:
            runs = _quoted_runs(runs, quote) or runs
        if runs:
            first, last = (Run(r, document.part) for r in (runs[0], runs[-1]))
            document.add_comment([first, last], text=comment.text, author=AUTHOR, initials=INITIALS)
        else:  # an empty cell has no run to anchor on: python-docx cannot, the XML can
            added = document.comments.add_comment(
                text=comment.text, author=AUTHOR, initials=INITIALS
            )
            _mark_empty(target[0], added.comment_id)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _remove_earlier_review(document: docx.document.Document) -> None:
    """Take out the comments of an earlier review (a reviewed copy sent again after some
    fixes), so only this check's comments are shown; comments by anyone else stay."""
    try:
        part = document.part.part_related_by(RT.COMMENTS)
    except KeyError:
        return
    comments = part.element  # type: ignore[attr-defined]
    ours = {c.get(qn("w:id")) for c in comments.iter(_W_COMMENT) if c.get(qn("w:author")) == AUTHOR}
    if not ours:
        return
    para_ids: set[str] = set()
    for c in list(comments.iter(_W_COMMENT)):
        if c.get(qn("w:id")) in ours:
            para_ids |= {
                v for p in c.iter(_W_P) for k, v in p.attrib.items() if _local(k) == "paraId"
            }
            comments.remove(c)
    _drop_comment_extensions(document, para_ids)
    body = document.element.body
    for mark in list(body.iter(*_RANGE_MARKS)):
        if mark.get(qn("w:id")) in ours:
            mark.getparent().remove(mark)
    for ref in list(body.iter(_W_REFERENCE)):
        if ref.get(qn("w:id")) not in ours:
            continue
        run = ref.getparent()
        only_reference = all(child.tag in (_W_RPR, _W_REFERENCE) for child in run)
        holder = run.getparent() if only_reference else None
        if holder is not None:
            holder.remove(run)
        else:
            run.remove(ref)


_EXTENSION_PARTS = (
    "/word/commentsExtended.xml",
    "/word/commentsIds.xml",
    "/word/commentsExtensible.xml",
)
"""Where Word keeps more about each comment (done state, replies, ids), keyed by the comment
paragraph's ``w14:paraId`` and then a ``durableId``; python-docx loads them as plain parts."""


_PLAIN_PART_PARSER = etree.XMLParser(
    resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
)
"""For parts python-docx hands over as bytes: lxml's default parser expands internal entities
(a billion-laughs part) and fails on external ones with a traceback."""


def _parse_plain_part(blob: bytes) -> etree._Element | None:
    """The part's root, or None when it does not parse or declares a DTD (OOXML parts never
    do; a DTD there is an entity attack, whose references must not be written back out)."""
    try:
        root = etree.fromstring(blob, _PLAIN_PART_PARSER)
    except etree.XMLSyntaxError:
        return None
    if root.getroottree().docinfo.internalDTD is not None:
        return None
    return root


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _drop_comment_extensions(document: docx.document.Document, para_ids: set[str]) -> None:
    """Remove Word's extra entries of removed comments, so none points at a missing comment."""
    if not para_ids:
        return
    parts = {
        str(part.partname): part
        for part in document.part.package.iter_parts()
        if str(part.partname) in _EXTENSION_PARTS
    }
    durable: set[str] = set()
    for name in _EXTENSION_PARTS:  # paraId entries first: they give the durableIds
        part = parts.get(name)
        if part is None or isinstance(part, XmlPart):  # a plain part: its bytes are the XML
            continue
        root = _parse_plain_part(part.blob)
        if root is None:  # not XML Word would open: left as the author sent it
            continue
        for el in list(root):
            values = {_local(k): v for k, v in el.attrib.items()}
            if values.get("paraId") in para_ids or values.get("durableId") in durable:
                if "durableId" in values:
                    durable.add(values["durableId"])
                root.remove(el)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _target(
    comment: ReviewComment, paragraphs: list[etree._Element], tables: list[etree._Element]
) -> list[etree._Element] | None:
    """The paragraphs a comment marks: one paragraph, or every paragraph of a cell."""
    anchor = comment.anchor
    if isinstance(anchor, ParagraphAnchor):
        if 0 <= anchor.paragraph < len(paragraphs):
            return [paragraphs[anchor.paragraph]]
        return None
    assert isinstance(anchor, CellAnchor)
    if not 0 <= anchor.table < len(tables):
        return None
    owners = cell_owners(tables[anchor.table])
    if not 0 <= anchor.row < len(owners) or not 0 <= anchor.column < len(owners[anchor.row]):
        return None
    row = owners[anchor.row]
    tc = row[anchor.column]
    if tc is None:  # a position no cell covers (gridBefore): the row's first cell
        tc = next((c for c in row if c is not None), None)
    if tc is None:
        return None
    own = [p for p in tc.iter(_W_P) if _nearest(p, _W_TC) is tc]
    return own or None


def _nearest(el: etree._Element, tag: str) -> etree._Element | None:
    node = el.getparent()
    while node is not None and node.tag != tag:
        node = node.getparent()
    return node


def _runs(p: etree._Element) -> list[etree._Element]:
    """The paragraph's runs as they read (not deleted text, not text boxes, not references)."""
    out = []
    for r in p.iter(_W_R):
        node = r.getparent()
        hidden = False
        while node is not None and node is not p:
            if node.tag in _NOT_READ or node.tag == _W_R:
                hidden = True
                break
            node = node.getparent()
        if not hidden and not any(child.tag in _SKIP_RUN for child in r):
            out.append(r)
    return out


def _run_text(r: etree._Element) -> str:
    return "".join(
        (el.text or "") if _RUN_TEXT[el.tag] is None else (_RUN_TEXT[el.tag] or "")
        for el in r
        if el.tag in _RUN_TEXT
    )


def _quoted_runs(runs: list[etree._Element], quote: str) -> list[etree._Element] | None:
    """The runs that hold exactly ``quote`` (as ``review.anchors.plain`` text), cutting the
    first and last run where the quote starts and ends inside them; None when not found."""
    chars: list[tuple[int, int]] = []  # (run index, offset in the run's text) per plain char
    text = []
    for i, r in enumerate(runs):
        for k, ch in enumerate(_run_text(r)):
            normal = plain(ch)
            if normal:
                chars.append((i, k))
                text.append(normal)
    joined = "".join(text)
    found = joined.find(quote)
    # the quote may begin with an automatic list number (一、 （三） 1.), which is read as
    # text but is no run: mark what follows it
    cut = 0
    while found < 0 and cut < _LABEL_MAX and len(quote) - cut > 1:
        cut += 1
        found = joined.find(quote[cut:])
    if found < 0:
        return None
    quote = quote[cut:]
    (first, start), (last, end) = chars[found], chars[found + len(quote) - 1]
    selected = runs[first : last + 1]
    if start > 0 and _splittable(selected[0]):
        _left, right = _split(selected[0], start)
        if first == last:
            end -= start
        selected[0] = right
    if _splittable(selected[-1]) and end + 1 < len(_run_text(selected[-1])):
        left, _right = _split(selected[-1], end + 1)
        selected[-1] = left
    return selected


def _splittable(r: etree._Element) -> bool:
    """A run of one ``w:t`` (and its formatting): cut without touching anything else."""
    content = [child for child in r if child.tag != _W_RPR]
    return len(content) == 1 and content[0].tag == _W_T


def _split(r: etree._Element, at: int) -> tuple[etree._Element, etree._Element]:
    """Cut a one-text run at ``at`` into two runs with the same formatting."""
    right = copy.deepcopy(r)
    t_left, t_right = r.find(_W_T), right.find(_W_T)
    assert t_left is not None and t_right is not None
    whole = t_left.text or ""
    for t, piece in ((t_left, whole[:at]), (t_right, whole[at:])):
        t.text = piece
        if piece != piece.strip():
            t.set(_XML_SPACE, "preserve")
    r.addnext(right)
    return r, right


def _mark_empty(p: etree._Element, comment_id: int) -> None:
    """A comment on an empty paragraph (an empty cell): a range around nothing."""
    for el in (
        _element("w:commentRangeStart", comment_id),
        _element("w:commentRangeEnd", comment_id),
        _reference_run(comment_id),
    ):
        p.append(el)


def _element(tag: str, comment_id: int) -> etree._Element:
    return OxmlElement(tag, attrs={qn("w:id"): str(comment_id)})


def _reference_run(comment_id: int) -> etree._Element:
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    r.append(rpr)
    r.append(_element("w:commentReference", comment_id))
    return r
