"""The reader-neutral document: what every file reader produces and the parser consumes.

Readers (TXT, Markdown, HTML, DOCX, PDF) differ in what they can recover: a DOCX or a ruled
PDF table gives real cells, a text export gives lines with tabs, pipes or one cell per line.
The parser accepts all of them through this one shape, so it never needs to know the file type.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from base.text import printable


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line or paragraph of text, as written (tabs and inner spaces kept).

    An empty ``text`` is a blank line: in text exports a blank line can separate table rows.
    ``heading_level`` is set when the source marks the paragraph as a heading (Markdown ``#``,
    a Word heading style, an HTML ``<h1>``…``<h6>``).
    """

    text: str
    page: int | None = None
    heading_level: int | None = None
    position: int | None = field(default=None, compare=False)
    """Where the paragraph sits in the source file, for pointing back at it (the reviewed
    Word copy): in a DOCX, the index of its ``<w:p>`` among all ``<w:p>`` of the body in
    document order (a paragraph split at line breaks gives several blocks with one position).
    None when the reader cannot tell. Not part of the value: equal text is an equal block."""


@dataclass(frozen=True, slots=True)
class Table:
    """A table with real cells: ``rows[i][j]`` is the cell text, ``""`` for an empty cell and
    ``None`` for a position covered by a merged cell (the text sits in the top-left position),
    as pdfplumber's ``extract_tables`` lays it out."""

    rows: tuple[tuple[str | None, ...], ...]
    page: int | None = None
    position: int | None = field(default=None, compare=False)
    """In a DOCX, the index of the ``<w:tbl>`` among all tables of the body in document order;
    ``rows[i][j]`` is then its i-th ``<w:tr>`` at grid column j (see ``readers.docx``)."""


Block = Paragraph | Table


@dataclass(frozen=True, slots=True)
class Document:
    """The blocks of a file in reading order."""

    blocks: tuple[Block, ...]
    source_name: str = ""
    media_type: str = "text/plain"
    pages: int | None = None
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All text, tables flattened row by row with tabs (for search and indexing)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            else:
                for row in block.rows:
                    out.append("\t".join(c or "" for c in row))
        return "\n".join(out)

    def is_empty(self) -> bool:
        return not self.text.strip()


def document_from_text(
    text: str, source_name: str = "", media_type: str = "text/plain"
) -> Document:
    """Build a document from plain text, one ``Paragraph`` per line (Markdown headings marked)."""
    blocks: list[Block] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.lstrip()
        level = None
        if stripped.startswith("#"):
            hashes = len(stripped) - len(stripped.lstrip("#"))
            if 1 <= hashes <= 6 and stripped[hashes : hashes + 1] in (" ", "\u3000", ""):
                level = hashes
                line = stripped[hashes:].strip()
        blocks.append(Paragraph(text=line, heading_level=level))
    return Document(blocks=tuple(blocks), source_name=source_name, media_type=media_type)


def without_controls(document: Document) -> Document:
    """The same document with ``printable`` text everywhere (blocks and the file name)."""

    def block(b: Block) -> Block:
        if isinstance(b, Paragraph):
            return replace(b, text=printable(b.text))
        rows = tuple(tuple(None if c is None else printable(c) for c in r) for r in b.rows)
        return replace(b, rows=rows)

    return replace(
        document,
        blocks=tuple(block(b) for b in document.blocks),
        source_name=printable(document.source_name),
    )
