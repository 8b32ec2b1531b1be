"""HTML pages saved from a government portal: the report without the site around it.

A saved page holds the report inside the portal's chrome (top bar, header, menus, sidebar,
breadcrumb, share bar, footer, scripts). Three steps, each kept simple:

1. **Clean**: drop scripts, hidden elements, and chrome (``nav``/``header``/``footer``/
   ``aside`` and elements whose id/class says nav, menu, breadcrumb, share, sidebar…) unless
   the element holds report text (200+ Chinese characters outside links) or the report title.
2. **Pick the container**: from ``<body>``, descend into the child holding at least 75% of the
   Chinese text outside links, as long as it holds blocks itself (not into a single long
   paragraph) and is not a data table. The report title, when it sits in a
   sibling block, is put back in front.
3. **Emit**: headings with their level, block elements and ``<br>`` as line breaks, and each
   innermost ``<table>`` as a ``Table`` with ``colspan``/``rowspan`` expanded into the grid.
   Tables that only lay out the page (they contain tables, or have one row or one column) are
   walked as blocks.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.element import CData, Declaration, Doctype, ProcessingInstruction

from ingest.document import Block, Document, Paragraph, Table, document_from_text
from ingest.readers import errors
from ingest.readers.cjk import is_cjk, join_source_lines
from ingest.readers.text import decode_text

MEDIA_TYPE = "text/html"

_NEVER_CONTENT = [
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "svg", "canvas",
    "button", "select", "input", "textarea", "object", "embed", "map", "area", "head", "link",
    "meta",
]  # fmt: skip
_CHROME_TAGS = {"nav", "header", "footer", "aside"}
# Chrome words found anywhere in a class or id ("main-menu", "bdsharebuttonbox") ...
_CHROME_SUBSTRINGS = re.compile(
    r"nav|menu|breadcrumb|crumb|footer|header|sidebar|share|copyright|toolbar|topbar", re.I
)
# ... and words that must be a whole part of it ("foot", "left-side", but not "sideways").
_CHROME_PARTS = {
    "foot", "head", "side", "top", "bottom", "position", "location", "dqwz", "print", "search",
    "login", "banner", "links", "link", "friend", "tools", "share", "bshare", "weixin", "wx",
}  # fmt: skip
# Layout cells called "left-side" may still hold the report; inline elements are part of the
# text they sit in (a link with class "link" inside a paragraph).
_NEVER_CHROME = {
    "body", "html", "table", "tbody", "tr", "td", "th", "a", "span", "font", "b", "strong",
    "em", "i", "u", "sup", "sub", "small", "big", "label", "img",
}  # fmt: skip
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_PROTECTED_TEXT = 200  # Chinese characters outside links: report content, never chrome
_CONTAINER_SHARE = 0.75
_YEAR = re.compile(r"(19|20)\d\d")

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "form", "hr", "li", "main", "ol",
    "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
_SKIPPED_STRINGS = (Comment, CData, ProcessingInstruction, Declaration, Doctype)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")


MAX_TAGS = 300_000
"""A saved report page has a few thousand to ~50,000 tags; millions would take gigabytes."""


def read_html(data: bytes, name: str) -> Document:
    """The report part of an HTML page as paragraphs and tables."""
    match = _CHARSET.search(data[:4096])
    text = decode_text(data, name, declared=match.group(1).decode("ascii") if match else None)
    if "<" not in text:  # not markup at all
        return document_from_text(text, source_name=name, media_type=MEDIA_TYPE)
    tags = text.count("<")
    if tags > MAX_TAGS:  # a parsed tag costs ~700 bytes: bound the tree before building it
        raise errors.too_much_markup(name, tags, MAX_TAGS)
    try:
        soup = BeautifulSoup(_XML_DECLARATION.sub("", text, count=1), "lxml")
        page_title = soup.title.get_text(" ", strip=True) if soup.title else ""
        body = soup.body or soup
        _clean(body)
        counts = _chinese_outside_links(body)
        container = _pick_container(body, counts)
        emitter = _Emitter()
        title = _title_outside(body, container, page_title)
        if title:
            emitter.blocks.append(Paragraph(title, heading_level=1))
        emitter.walk(container)
        emitter.flush()
    except RecursionError as exc:  # pathologically nested markup
        raise errors.corrupt_html(name) from exc
    except errors.TableTooLarge as exc:
        raise errors.table_too_large(name) from exc
    return Document(blocks=tuple(emitter.blocks), source_name=name, media_type=MEDIA_TYPE)


# ------------------------------------------------------------------------------------ cleaning


def _clean(body: Tag) -> None:
    """Remove what is never content, then chrome that holds no report text."""
    for tag in [*body.find_all(_NEVER_CONTENT), *body.find_all(_is_hidden)]:
        if not tag.decomposed:  # not inside an element removed before
            tag.decompose()
    for tag in body.find_all(_looks_like_chrome):
        if tag.decomposed:
            continue
        if _chinese_count(tag, skip_links=True) < _PROTECTED_TEXT and not _has_title(tag):
            tag.decompose()


def _is_hidden(tag: Tag) -> bool:
    return tag.has_attr("hidden") or bool(_HIDDEN_STYLE.search(str(tag.get("style", ""))))


def _looks_like_chrome(tag: Tag) -> bool:
    if tag.name in _CHROME_TAGS:
        return True
    if tag.name in _NEVER_CHROME:
        return False
    classes = tag.get("class") or []
    names = [*(classes if isinstance(classes, list) else [classes]), str(tag.get("id", ""))]
    for value in names:
        if _CHROME_SUBSTRINGS.search(value):
            return True
        parts = {p.lower() for p in re.split(r"[-_\s\d]+", value) if p}
        if parts & _CHROME_PARTS:
            return True
    return False


def _has_title(tag: Tag) -> bool:
    """Whether ``tag`` holds a heading or ``*title*`` block that reads like the report title."""
    return any(_is_title_text(t.get_text(" ")) for t in tag.find_all(_is_title_element))


def _is_title_element(tag: Tag) -> bool:
    if tag.name in _HEADINGS:
        return True
    classes = tag.get("class") or []
    names = [*(classes if isinstance(classes, list) else [classes]), str(tag.get("id", ""))]
    return any("title" in value.lower() for value in names)


def _is_title_text(text: str) -> bool:
    """“…年度报告”, or “2023年…年报”; a menu entry “政府信息公开年报” is not a title."""
    text = _normalize(text)
    if not 0 < len(text) <= 100:
        return False
    return "报告" in text or ("年报" in text and _YEAR.search(text) is not None)


# ----------------------------------------------------------------------------------- container


def _chinese_count(tag: Tag, skip_links: bool) -> int:
    total = 0
    for string in tag.find_all(string=True):
        if isinstance(string, _SKIPPED_STRINGS):
            continue
        if skip_links and string.find_parent("a") is not None:
            continue
        total += sum(1 for ch in string if is_cjk(ch))
    return total


def _chinese_outside_links(body: Tag) -> dict[int, int]:
    """Chinese characters outside links under each element, by ``id(tag)`` (the tags live
    as long as the soup, so their ids are stable here)."""
    counts: dict[int, int] = defaultdict(int)
    for string in body.find_all(string=True):
        if isinstance(string, _SKIPPED_STRINGS):
            continue
        n = sum(1 for ch in string if is_cjk(ch))
        if not n:
            continue
        parents = list(string.parents)
        if any(p.name == "a" for p in parents):
            continue
        for parent in parents:
            counts[id(parent)] += n
            if parent is body:
                break
    return counts


def _pick_container(body: Tag, counts: dict[int, int]) -> Tag:
    """Descend while one child holds most of the text; never into a data table."""
    node = body
    while True:
        total = counts.get(id(node), 0)
        if not total:
            return node
        best = max(
            (c for c in node.children if isinstance(c, Tag)),
            key=lambda c: counts.get(id(c), 0),
            default=None,
        )
        if best is None or counts.get(id(best), 0) < total * _CONTAINER_SHARE:
            return node
        if not _holds_blocks(best) or (best.name == "table" and _is_data_table(best)):
            return node
        node = best


def _holds_blocks(tag: Tag) -> bool:
    """Whether ``tag`` arranges blocks (a ``div`` of paragraphs) rather than being one (a
    ``p``): descending into a single long paragraph would lose the report around it."""
    return any(
        isinstance(c, Tag) and (c.name in _BLOCK_TAGS or c.name in _HEADINGS) for c in tag.children
    )


def _title_outside(body: Tag, container: Tag, page_title: str) -> str:
    """The report title when the container lacks it: a heading or ``*title*`` block next to
    the content, else the report part of ``<title>`` (``"…年度报告_某某县人民政府"``)."""
    if _has_title(container):
        return ""
    for tag in body.find_all(_is_title_element):
        inside = any(p is container for p in tag.parents)
        around = any(p is tag for p in container.parents)
        text = _normalize(tag.get_text(" "))
        if not inside and not around and _is_title_text(text):
            return text
    for part in re.split(r"\s*[_|｜–—]\s*|\s+-\s+", page_title):
        if _is_title_text(part):
            return part.strip()
    return ""


# ------------------------------------------------------------------------------------ emitting


def _normalize(text: str) -> str:
    """One line as a browser shows it: source line breaks between Chinese characters gone,
    other whitespace runs collapsed, ``&nbsp;`` a space, outer whitespace stripped."""
    text = join_source_lines(text)
    return _COLLAPSIBLE.sub(" ", text).replace("\xa0", " ").strip()


class _Emitter:
    """Walks elements in document order, collecting lines into blocks."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._line: list[str] = []
        self._level: int | None = None

    def flush(self) -> None:
        text = _normalize("".join(self._line))
        self._line.clear()
        if text:
            self.blocks.append(Paragraph(text, heading_level=self._level))

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, _SKIPPED_STRINGS):
                    self._line.append(str(child))
            elif isinstance(child, Tag):
                self._element(child)

    def _element(self, tag: Tag) -> None:
        if tag.name == "br":
            self.flush()
        elif tag.name in _HEADINGS:
            self.flush()
            outer, self._level = self._level, _HEADINGS[tag.name]
            self.walk(tag)
            self.flush()
            self._level = outer
        elif tag.name == "table":
            self.flush()
            if _is_data_table(tag):
                self.blocks.append(Table(rows=_grid(tag)))
            else:
                self.walk(tag)
            self.flush()
        elif tag.name in _BLOCK_TAGS:
            self.flush()
            self.walk(tag)
            self.flush()
        else:
            self.walk(tag)


def _rows_of(table: Tag) -> list[Tag]:
    """The ``<tr>`` of this table, not of tables nested in it."""
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _cells_of(tr: Tag) -> list[Tag]:
    return tr.find_all(["td", "th"], recursive=False)


def _is_data_table(table: Tag) -> bool:
    """A table of values: no nested table, at least two rows and two columns."""
    if table.find("table") is not None:
        return False
    rows = _rows_of(table)
    return len(rows) >= 2 and max(_width(tr) for tr in rows) >= 2


def _width(tr: Tag) -> int:
    return sum(_span(cell, "colspan", errors.MAX_TABLE_COLUMNS) for cell in _cells_of(tr))


def _span(cell: Tag, attr: str, limit: int) -> int:
    """``colspan``/``rowspan`` as a number; ``0`` (``rowspan="0"``: to the end) is kept."""
    match = re.match(r"\s*(\d+)", str(cell.get(attr, "1")))
    return min(int(match.group(1)), limit) if match else 1


def _cell_text(cell: Tag) -> str:
    """A cell's lines (paragraphs, ``<br>``) joined with ``"\\n"``, as pdfplumber gives them."""
    emitter = _Emitter()
    emitter.walk(cell)
    emitter.flush()
    return "\n".join(b.text for b in emitter.blocks if isinstance(b, Paragraph))


def _grid(table: Tag) -> tuple[tuple[str | None, ...], ...]:
    """Expand spans: text in the top-left position, ``None`` where a span covers,
    ``""`` for empty cells and for positions a short row leaves out. Columns past
    ``MAX_TABLE_COLUMNS`` are cut; more than ``MAX_TABLE_CELLS`` positions raise
    ``TableTooLarge`` (a cell with ``rowspan=65534 colspan=1000`` is 65 million)."""
    limit = errors.MAX_TABLE_COLUMNS
    rows = _rows_of(table)
    grid: dict[tuple[int, int], str | None] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in _cells_of(tr):
            while (r, c) in grid:
                c += 1
            if c >= limit:
                break
            rowspan = _span(cell, "rowspan", 65534) or len(rows) - r
            rowspan = min(rowspan, len(rows) - r)
            colspan = min(max(_span(cell, "colspan", limit), 1), limit - c)
            if len(grid) + rowspan * colspan > errors.MAX_TABLE_CELLS:
                raise errors.TableTooLarge
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = None
            grid[(r, c)] = _cell_text(cell)
            c += colspan
    width = max((c for _, c in grid), default=-1) + 1
    return tuple(tuple(grid.get((r, c), "") for c in range(width)) for r in range(len(rows)))
