"""Document -> AnnualReport. Pure: no files, no clock, no database.

Real reports reach us as Word tables, ruled or borderless PDF tables, text exports with tabs,
pipes or one cell per line, labels broken across lines or spaced out, merged header cells and
blank cells. The parser therefore never relies on a row's position or on one layout:

1. Every block becomes *physical rows* of cells (a table row; a line split on tabs, on pipes or
   on white space; or, in a one-cell-per-line export, one cell per line).
2. A small state machine turns the cell stream into *logical rows*: label pieces accumulate
   until value cells follow; a new label after values starts the next row. Labels broken over
   several lines or written vertically one character per line join up by construction.
3. A logical row is identified by the rightmost row keyword in its label (``_T3_PATTERNS``),
   so group labels (三、本年度办理结果, （三）不予公开) and repeated headers before it do no harm.
4. The values are fitted to the format's column count; a row that lost or gained a cell is
   repaired only where the arithmetic makes the repair unambiguous, and always reported as a
   diagnostic, never silently.
5. Blank lines in a cell stream are read as row ends, empty cells or separators, whichever the
   table's own arithmetic supports (``BLANK_READINGS``); a run-on line (breaks lost) is cut
   again where headings and row labels start; sections are matched to the format's titles by
   key words and similarity wherever a heading lands.
6. A table the file's text form lost (not found, rows lost, cells vanished) is marked
   ``unreadable``: the checker then says so once instead of blaming the clerk.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Literal

from ingest.document import Document, Paragraph, Table
from ingest.model import (
    NOT_APPLICABLE,
    T2_ITEMS_2019,
    T2_ITEMS_2021,
    T3_ROWS_2019,
    T3_ROWS_2021,
    ActiveTable,
    AnnualReport,
    ApplicationTable,
    Cell,
    Diagnostic,
    FormatVersion,
    ReviewTable,
    Section,
    TableRow,
)

CN_NUMERALS = "一二三四五六七八九十"

# ---------------------------------------------------------------------------
# text normalisation


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    """OpenCC's traditional->simplified converter, built once (it loads dictionaries)."""
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Compare-form of a label: NFKC (full-width digits and brackets), simplified characters,
    no white space, Chinese brackets as ASCII."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    if text and any("\u4e00" <= ch <= "\u9fff" for ch in text):
        text = _t2s().convert(text)
    return text.replace("【", "[").replace("】", "]")


_VALUE_RE = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:件|个|项|条|宗|次|万元|元)?$")
_ZERO_WORDS = frozenset({"零", "〇", "○"})
"""Zero written as a word in a cell ("零"): a count of 0, read as the digit."""
_COUNT_UNIT_RE = re.compile(r"(件|个|项|条|宗|次)$")
_AMOUNT_RE = re.compile(r"^([+-]?\d+(?:\.\d+)?)(万元|元)$")
_NA = NOT_APPLICABLE


def is_value_text(text: str | None) -> bool:
    """True for a cell that holds a number, "not applicable" or nothing."""
    if text is None:
        return False
    t = norm(text).replace(",", "").replace("，", "")
    return t == "" or t in _NA or t in _ZERO_WORDS or bool(_VALUE_RE.match(t))


def _is_blank(text: str | None) -> bool:
    return text is None or norm(text) == ""


def _clean_value(text: str) -> str | None:
    """The raw text kept in a Cell: stripped, units dropped; None for blank."""
    t = unicodedata.normalize("NFKC", text).strip()
    t = re.sub(r"\s+", "", t)
    t = _COUNT_UNIT_RE.sub("", t)
    if t in _ZERO_WORDS:
        return "0"
    return t or None


def to_wan_yuan(text: str) -> tuple[str, str | None]:
    """An amount in the table's unit (万元): ``"12.5万元"`` -> ``("12.5", None)``,
    ``"251000元"`` -> ``("25.1", "元")`` (the unit the clerk wrote, for the warning)."""
    t = norm(text).replace(",", "")
    m = _AMOUNT_RE.match(t)
    if m is None:
        return text, None
    number, unit = m.groups()
    if unit == "万元":
        return number, None
    value = (Decimal(number) / 10000).normalize()
    return format(value, "f"), unit


# ---------------------------------------------------------------------------
# physical rows


@dataclass(slots=True)
class _Line:
    """One physical row: its cells, how it was split, and the paragraph it came from."""

    cells: list[str | None]
    kind: str  # "table" | "tabs" | "pipes" | "text" | "blank"
    text: str = ""
    heading_level: int | None = None
    index: int = 0
    boxed: bool = False  # drawn with box characters (w3m): a border line separates rows
    rule: str = ""  # the characters of a line read as a table's ruling


_PIPE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PAGE_NO_RE = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})\s*$"
)
"""A running page number between the halves of a table: "- 3 -", "第3页 共10页", "3/10"."""


_BOX_BARS = "│┃║┆┇┊┋╎╏"
_BOX_VERTICAL = str.maketrans({ch: "|" for ch in _BOX_BARS + "｜"})
"""Box-drawing bars and the full-width ``｜`` a Chinese input method types: all cell borders."""
_RULE_LINE_RE = re.compile(r"^[\s\-=+_|:·─━═┄┅┈┉╌╍┌┐└┘├┤┬┴┼╔╗╚╝╠╣╦╩╬╒╓╕╖╘╙╛╜╞╟╡╢╤╥╧╨╪╫]+$")
"""A table's ruling drawn with characters (w3m's box drawing, html2text's +---+, a Markdown
grid table's +===+): a row border, no content."""
_PAD_RE = re.compile(r"_{2,}|(?<=\S)_+$")


def _split_paragraph(p: Paragraph) -> _Line:
    text = p.text.translate(_BOX_VERTICAL).replace("\f", "")
    if text.strip() and _RULE_LINE_RE.match(text) and re.search(r"[-=─━═+┼]{3,}", text):
        return _Line(cells=[], kind="blank", text="", rule=text)
    if "|" in text and "_" in text:
        text = _PAD_RE.sub("", text)  # html2text pads cells with underscores
    if not text.strip():
        # a whitespace-only line is an empty cell in a one-cell-per-line export ("\t"),
        # a truly empty line separates rows
        return _Line(cells=[""] if text else [], kind="blank" if not text else "tabs", text=text)
    if "\t" in text:
        return _Line(cells=list(text.split("\t")), kind="tabs", text=text)
    stripped = text.strip()
    if stripped.count("|") >= 2 or (stripped.startswith("|") and stripped.endswith("|")):
        if _PIPE_SEP_RE.match(stripped):
            return _Line(cells=[], kind="blank", text="")
        inner = stripped
        if inner.startswith("|"):
            inner = inner[1:]
        if inner.endswith("|"):
            inner = inner[:-1]
        boxed = any(ch in p.text for ch in _BOX_BARS)
        cells: list[str | None] = [c.strip() for c in inner.split("|")]
        return _Line(cells=cells, kind="pipes", text=text, boxed=boxed)
    return _Line(cells=[stripped], kind="text", text=stripped, heading_level=p.heading_level)


_RUN_ON_LINE = 400
"""A text line longer than this lost its line breaks (a paste into one field, a crawler)."""
_RESPLIT_RE = re.compile(
    rf"(?<=[\s。；;：:])(?=[{CN_NUMERALS}][、．.]|[(（][{CN_NUMERALS}][)）]|\d{{1,2}}[.．、][\u4e00-\u9fff]"
    r"|第二十条第|信息内容|[\u4e00-\u9fff]{2,30}?(?:19|20)\d{2}\s*年度?[\u4e00-\u9fff]{0,12}?年度报告"
    rf"|第[{CN_NUMERALS}]部分)"
)


_ROW_THEN_PROSE = re.compile(r"^(.*\t[^ \t]*) +([^\t]*。[^\t]*)$")


def _split_trailing_prose(parts: list[str]) -> list[str]:
    """A sentence run into the end of a tab row ("…\t0 本年度……。") goes on a line of its own."""
    out: list[str] = []
    for part in parts:
        m = _ROW_THEN_PROSE.match(part)
        out += list(m.groups()) if m is not None else [part]
    return out


_GLUED_SECTION_RE = re.compile(
    r"(?<=\S)(?=[一二三四五六][、．.]\s*(?:政府信息公开(?:工作)?)?"
    r"(?:总体情况|主动公开|收到和处理|依申请公开|行政复议|因政府信息公开工作被申请"
    r"|存在的主要问题|其他需要报告))"
)
"""A section heading glued to the text before it (breaks removed with no space left): the
numeral and the format's own title words mark it, so no separator is needed."""


def _resplit(text: str) -> list[str]:
    """Break a run-on line where a heading, a numbered item or a table row starts: the places
    a line break stood before the text lost its breaks."""
    text = re.sub(r"(?<=年度报告|工作报告) +(?=\S)", "\n", text, count=1)
    text = _GLUED_SECTION_RE.sub("\n", text)
    parts = [p.strip(" ") for chunk in text.split("\n") for p in _RESPLIT_RE.split(chunk)]
    return [p for p in parts if p.strip()]


def _paragraphs(doc: Document) -> Iterable[Paragraph | Table]:
    for block in doc.blocks:
        if (
            isinstance(block, Paragraph)
            and len(block.text) > _RUN_ON_LINE
            and ("\t" in block.text or block.text.count(" ") > 20 or "。" in block.text)
        ):
            pieces = _resplit(block.text)
            if len(pieces) > 1:
                for piece in pieces:
                    subs = _split_trailing_prose(re.split(r"(?<=[。；]) +(?=\S)", piece))
                    for sub in subs:
                        if "\t" in sub and "。" not in sub:
                            # rows of a tab table whose line breaks became spaces
                            # (not after "第三部分": the heading's title follows it)
                            for row in re.split(rf"(?<!第[{CN_NUMERALS}]部分) +(?=[^ ])", sub):
                                yield Paragraph(text=row)
                        else:
                            yield Paragraph(text=sub)
                continue
        yield block


def _document_lines(doc: Document) -> list[_Line]:
    lines: list[_Line] = []
    for block in _paragraphs(doc):
        if isinstance(block, Table):
            for row in block.rows:
                lines.append(
                    _Line(
                        cells=list(row),
                        kind="table",
                        text="\t".join(c or "" for c in row),
                    )
                )
        else:
            lines.append(_split_paragraph(block))
    lines = [ln for ln in lines if not (ln.kind == "text" and _PAGE_NO_RE.match(ln.text))]
    _join_wrapped_numbers(lines)
    for i, line in enumerate(lines):
        line.index = i
    return lines


_DIGITS_RE = re.compile(r"^[0-9０-９.．,，]+$")
_UNIT_FRAGMENT_RE = re.compile(
    r"^(?:[0-9０-９.．,，]+(?:件|个|项|条|宗|次|万元|元)?|件|个|项|条|宗|次|万元|元)$"
)


def _join_wrapped_numbers(lines: list[_Line]) -> None:
    """Put back numbers a box-drawn table wrapped inside their cell (w3m breaks full-width
    digits like Chinese characters: "４" over "３" is 43). Two box lines in a row with no
    border line between are one table row; a digit fragment under a number continues it."""
    for above, below in itertools.pairwise(lines):
        if not (above.boxed and below.boxed and len(above.cells) == len(below.cells)):
            continue
        for c, (top, bottom) in enumerate(zip(above.cells, below.cells, strict=True)):
            if top and bottom and _DIGITS_RE.match(top) and _UNIT_FRAGMENT_RE.match(bottom):
                above.cells[c] = top + bottom  # "3" over "件": 3件, wrapped in a narrow cell
                below.cells[c] = ""
    run: list[_Line] = []
    for line in [*lines, _Line(cells=[], kind="blank")]:
        if run and line.boxed and len(line.cells) == len(run[0].cells):
            run.append(line)
            continue
        _gather_row_values(run)
        run = [line] if line.boxed else []


def _gather_row_values(run: list[_Line]) -> None:
    """The values of one box-drawn row spread over its lines (a wrapped "3件" starts a line
    above the others, which w3m centres): put them on the line holding most of them, when no
    column has values on two lines, so the row reads as one."""
    if len(run) < 2:
        return

    def values(line: _Line) -> set[int]:
        return {
            c
            for c, text in enumerate(line.cells)
            if (text and _DIGITS_RE.match(text.rstrip("件个项条宗次"))) or text in _NA
        }

    held = [values(line) for line in run]
    if sum(1 for h in held if h) < 2 or sum(map(len, held)) != len(set().union(*held)):
        return
    target = max(range(len(run)), key=lambda i: len(held[i]))
    for i, line in enumerate(run):
        if i == target:
            continue
        for c in held[i]:
            run[target].cells[c] = line.cells[c]
            line.cells[c] = ""


def _is_prose(line: _Line) -> bool:
    """A narrative sentence, not a table row: it ends a table and belongs to section text."""
    if line.kind != "text":
        return False
    t = line.text
    return ("。" in t and len(t) > 12) or len(norm(t)) >= 60


# ---------------------------------------------------------------------------
# cell stream -> logical rows


@dataclass(slots=True)
class _LogicalRow:
    label_pieces: list[str] = field(default_factory=list)
    values: list[str | None] = field(default_factory=list)

    @property
    def label(self) -> str:
        return norm("".join(self.label_pieces))

    @property
    def printed_label(self) -> str:
        return "".join(re.sub(r"\s+", "", p) for p in self.label_pieces)


def _cell_mode(lines: Sequence[_Line]) -> bool:
    """One cell per line (a Word table pasted as text): most lines carry a single cell."""
    content = [ln for ln in lines if ln.kind in ("tabs", "text") and not _is_prose(ln)]
    if len(content) < 8:
        return False
    single = sum(1 for ln in content if sum(1 for c in ln.cells if not _is_blank(c)) <= 1)
    values = sum(1 for ln in content if len(ln.cells) and is_value_text(ln.text.strip()))
    return single >= 0.85 * len(content) and values >= 3


_UNIT_AFTER_SPACE = re.compile(r"(?<=\d)\s+(件|个|项|条|宗|次|万元|元)(?=\s|$)")
"""A unit a PDF's text put apart from its number ("3 件 1 件"): it belongs to the number."""

BlankReading = Literal["close", "empty", "sep"]
"""How a one-cell-per-line stream uses its blank lines:

* ``"close"``: a blank line ends the row's values (a Word table pasted as text);
* ``"empty"``: every blank line is an empty cell (LibreOffice's text export);
* ``"sep"``: one blank line separates cells, each further pair is an empty cell (a browser or
  crawler saving a portal's table, ``cell\n\ncell``).

The layout does not say which; ``_best_reading`` tries each and keeps the one the table's own
evidence supports (rows with the format's column count, rows that add up)."""
BLANK_READINGS: tuple[BlankReading, ...] = ("close", "empty", "sep")


def _logical_rows(lines: Sequence[_Line], blanks: BlankReading = "close") -> list[_LogicalRow]:
    """Group the region's cells into (label, values) rows; see the module docstring."""
    cell_mode = _cell_mode(lines)
    rows: list[_LogicalRow] = []
    current = _LogicalRow()
    closed = False  # in cell mode, a blank line ends the row's values
    run = 0  # blank lines since the last cell

    def flush() -> None:
        nonlocal current
        if current.label_pieces or current.values:
            rows.append(current)
        current = _LogicalRow()

    for line in lines:
        if _is_prose(line):
            flush()
            rows.append(_LogicalRow(label_pieces=["<prose>"]))
            closed = False
            continue
        if line.kind == "blank":
            if cell_mode and blanks == "close" and current.values:
                closed = True
            if cell_mode and blanks == "empty" and current.label_pieces:
                current.values.append("")
            run += 1
            continue
        if cell_mode and blanks == "sep" and current.label_pieces and run > 1:
            current.values.extend("" for _ in range((run - 1) // 2))
        run = 0
        if cell_mode:
            cells: list[str | None] = [line.text.strip()]
        elif line.kind == "text":
            cells = list(_UNIT_AFTER_SPACE.sub(r"\1", line.text).split())
        else:
            cells = line.cells
        for raw in cells:
            if raw is None:  # covered by a merged cell
                continue
            if is_value_text(raw):
                if closed:
                    continue
                if not current.label_pieces and not current.values and _is_blank(raw):
                    continue  # blank before any label: merged-label padding
                current.values.append(raw)
            else:
                if current.values:
                    flush()
                closed = False
                current.label_pieces.append(raw)
        if not cell_mode and line.kind != "text" and current.values:
            flush()  # a table row or a tab/pipe line ends its logical row
            closed = False
    flush()
    return rows


# ---------------------------------------------------------------------------
# fitting values to the format's columns


def _num(text: str | None) -> int | None:
    if text is None:
        return None
    t = _COUNT_UNIT_RE.sub("", norm(text).replace(",", ""))
    if t in _ZERO_WORDS:
        return 0
    if re.fullmatch(r"\d+", t):
        return int(t)
    if t in _NA:
        return 0
    return None


def _trim_padding(values: list[str | None], n: int) -> list[str | None]:
    vals = list(values)
    while len(vals) > n and _is_blank(vals[-1]):
        vals.pop()
    while len(vals) > n and _is_blank(vals[0]):
        vals.pop(0)
    return vals


def _fit(values: list[str | None], n: int, *, total_last: bool) -> tuple[list[Cell], int | None]:
    """Fit a row's values to ``n`` columns. Returns the cells and, when the source row had a
    different count, that count (for the diagnostic)."""
    vals = _trim_padding(values, n)
    raw_count = len(vals)
    if raw_count == n:
        return [Cell(_clean_value(v) if v is not None else None) for v in vals], None
    if raw_count == 0:
        return [Cell(None) for _ in range(n)], 0
    nums = [_num(v) for v in vals]
    if raw_count > n:
        chosen = 0
        if total_last and all(x is not None for x in nums):
            for start in range(raw_count - n + 1):
                window = nums[start : start + n]
                if sum(window[:-1]) == window[-1]:  # type: ignore[arg-type]
                    chosen = start
                    break
        window_vals = vals[chosen : chosen + n]
        return [Cell(_clean_value(v) if v is not None else None) for v in window_vals], raw_count
    # fewer values than columns
    missing = n - raw_count
    out = [Cell(_clean_value(v) if v is not None else None) for v in vals]
    if total_last and all(x is not None for x in nums):
        total = nums[-1]
        rest = sum(nums[:-1])  # type: ignore[arg-type]
        gap = total - rest  # type: ignore[operator]
        if gap == 0 or (missing == 1 and gap > 0):
            # the arithmetic fixes the lost cells: zeros, or the one missing value
            filler = [Cell("0", inferred=True) for _ in range(missing)]
            if missing == 1:
                filler = [Cell(str(gap), inferred=True)]
            return out[:-1] + filler + out[-1:], raw_count
    return out + [Cell(None) for _ in range(missing)], raw_count


# ---------------------------------------------------------------------------
# sections


_SECTION_VARIANTS: dict[str, tuple[str, ...]] = {
    "一": ("总体情况", "总体概况", "概述", "基本情况"),
    "二": ("主动公开政府信息情况", "主动公开政府信息"),
    "三": ("收到和处理政府信息公开申请情况", "依申请公开政府信息情况"),
    "四": (
        "政府信息公开行政复议、行政诉讼情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "政府信息公开行政复议行政诉讼情况",
    ),
    "五": ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况"),
    "六": ("其他需要报告的事项",),
}
"""The six sections' titles in both formats and their common published wordings; a heading is
matched to the nearest of them, so a variant or a typo still finds its section."""
_SECTION_WORDS: dict[str, re.Pattern[str]] = {
    "一": re.compile(r"总体|概述|概况|基本情况"),
    "二": re.compile(r"主动公开"),
    "三": re.compile(r"收到和处理|依申请|公开申请"),
    "四": re.compile(r"复议|诉讼"),
    "五": re.compile(r"问题|改进|不足|整改"),
    "六": re.compile(r"其他需要报告|其他事项|需要报告"),
}
"""Key words one of which a heading must carry to be that section (a title of other words is
not a section, however similar its characters)."""
_TOP_PREFIX = re.compile(
    rf"^(?:第?([{CN_NUMERALS}]+)(?:[、.．:：，,]|部分)|([{CN_NUMERALS}]+)(?=\s))\s*"
)
_SUB_PREFIX = re.compile(rf"^[(（][{CN_NUMERALS}\d]+[)）]|^\d+[、.．]")
_HEADING_JUNK = re.compile(r"[\s、，,.．:：;；()（）“”\"'《》]")


@dataclass(slots=True)
class _Heading:
    key: str
    number: str | None
    title: str
    line_index: int
    tail: str = ""
    """The text after a heading found inside a longer line (it belongs to the section)."""


def _title_similarity(rest: str, key: str) -> float:
    """How close a printed title is to the section ``key``'s wordings (0..1)."""
    text = _HEADING_JUNK.sub("", rest)
    if not text or not _SECTION_WORDS[key].search(text):
        return 0.0
    best = 0.0
    for variant in _SECTION_VARIANTS[key]:
        want = _HEADING_JUNK.sub("", variant)
        ratio = SequenceMatcher(None, want, text, autojunk=False).ratio()
        if want in text:  # additions around the format's words
            ratio = max(ratio, 0.9)
        best = max(best, ratio)
    return best


@lru_cache(maxsize=1)
def _all_variants() -> tuple[str, ...]:
    return tuple(_HEADING_JUNK.sub("", v) for vs in _SECTION_VARIANTS.values() for v in vs)


def _best_section(rest: str) -> tuple[str | None, float]:
    scores = {key: _title_similarity(rest, key) for key in _SECTION_VARIANTS}
    key = max(scores, key=lambda k: scores[k])
    return (key, scores[key]) if scores[key] > 0 else (None, 0.0)


_ARABIC_PREFIX = re.compile(r"^([1-6])\s*[、.．]\s*(?!\d)")


def _heading_of(line: _Line, *, arabic: bool = False) -> tuple[str | None, str | None, str] | None:
    """(section key or None for an unknown numbered heading, printed numeral, title).

    A numbered heading needs one of the section's key words and a title not far from one of its
    wordings (the numeral may be off: the order check reports it); an unnumbered one must be
    close to a wording. Table row labels and sentences are never headings. With ``arabic``
    ("1.总体情况" … "6.其他需要报告的事项", a report numbered without Chinese numerals) a
    digit-numbered line is a heading only when its digit is the section's own place.
    """
    if line.kind != "text":
        return None
    raw = unicodedata.normalize("NFKC", line.text).strip().strip("\f").rstrip("：:")
    raw = raw.strip("*#= ")
    if not raw or len(raw) > 50 or raw.endswith("。"):
        return None
    digit = _ARABIC_PREFIX.match(raw) if arabic else None
    if digit is not None:
        rest = raw[digit.end() :]
        if re.search(r"[。，,；;\d]", rest) or _match_key(
            norm(rest), _T3_PATTERNS, {k for k, _ in _T3_PATTERNS}
        ):
            return None
        key, score = _best_section(norm(rest))
        place = CN_NUMERALS[int(digit.group(1)) - 1]
        if key == place and score >= 0.55 and len(norm(rest)) <= 40:
            return key, digit.group(1), rest.strip()
        return None
    if _SUB_PREFIX.match(raw):
        return None
    number = None
    m = _TOP_PREFIX.match(raw)
    rest = raw
    if m:
        number = m.group(1) or m.group(2)
        rest = raw[m.end() :]
    rest_norm = norm(rest)
    if not rest_norm or _match_key(rest_norm, _T3_PATTERNS, {k for k, _ in _T3_PATTERNS}):
        return None
    if re.search(r"\d", rest_norm) and not re.search(r"(19|20)\d\d", rest_norm):
        return None
    if number is None and (
        re.search(r"[。，,；;]", rest) or len(rest_norm) > max(map(len, _all_variants())) + 4
    ):
        return None  # an unnumbered line is a heading only when it is (nearly) just a title
    key, score = _best_section(rest_norm)
    if number is None and key is not None:
        score = min(
            score,
            max(
                SequenceMatcher(None, _HEADING_JUNK.sub("", v), rest_norm, autojunk=False).ratio()
                for v in _SECTION_VARIANTS[key]
            ),
        )
    value = _numeral_value(number)
    ordinal = CN_NUMERALS[value - 1] if value is not None and 1 <= value <= 6 else None
    if key is not None:
        threshold = 0.4 if number and ordinal == key else (0.55 if number else 0.72)
        if score >= threshold and len(rest_norm) <= 40:
            return key, number, rest.strip()
    if number and 2 <= len(rest_norm) <= 25 and not re.search(r"[\d,，。；;]", rest_norm):
        return None, number, rest.strip()
    return None


def _numeral_value(num: str | None) -> int | None:
    if not num:
        return None
    if num == "十":
        return 10
    if len(num) == 1:
        return CN_NUMERALS.index(num) + 1 if num in CN_NUMERALS else None
    if num.startswith("十"):
        return 10 + CN_NUMERALS.index(num[1]) + 1
    return None


def _find_headings(lines: Sequence[_Line], start: int) -> list[_Heading]:
    """The report's top-level headings, in order: each section once, the canonical ones in
    the format's order (a later repeat is a quotation or a sub-heading), and numbered parts in
    sequence that the format does not have (信息处理费收取情况) as ``extra``.

    Headings numbered with digits ("1.总体情况") are taken only when they find more of the six
    sections than the Chinese-numbered reading does: "1.主动公开" is usually a sub-item."""
    chinese = _scan_headings(lines, start, arabic=False)
    found = {h.key for h in chinese} & set(_SECTION_VARIANTS)
    if len(found) == len(_SECTION_VARIANTS):
        return chinese
    digits = _scan_headings(lines, start, arabic=True)
    more = {h.key for h in digits} & set(_SECTION_VARIANTS)
    return digits if len(more) > len(found) else chinese


def _scan_headings(lines: Sequence[_Line], start: int, *, arabic: bool) -> list[_Heading]:
    headings: list[_Heading] = []
    seen: set[str] = set()
    last_number: int | None = None
    for line in lines[start:]:
        h = _heading_of(line, arabic=arabic)
        tail = ""
        if h is None and arabic and line.kind == "text" and _ARABIC_PREFIX.match(line.text):
            # a digit-numbered title run into its text (line breaks lost): "1.总体情况  2024年…"
            head, _, rest = line.text.strip().partition(" ")
            h = _heading_of(_Line(cells=[head], kind="text", text=head), arabic=True)
            tail = rest.strip()
        if h is None:
            continue
        key, number, title = h
        value = int(number) if number and number.isdigit() else _numeral_value(number)
        if key is not None and key not in seen:
            seen.add(key)
            headings.append(_Heading(key, number, title, line.index, tail))
            last_number = value if value is not None else last_number
        elif key is None and headings and last_number is not None and value == last_number + 1:
            # a part the format does not have (e.g. 信息处理费收取情况), numbered in sequence
            headings.append(_Heading("extra", number, title, line.index))
            last_number += 1
    return headings


_INLINE_HEADING = re.compile(
    rf"(?:^|(?<=[。；;！!？?\s]))(?:([{CN_NUMERALS}])[、.．]|第([{CN_NUMERALS}])部分)\s*"
)


def _inline_headings(lines: Sequence[_Line], found: list[_Heading]) -> list[_Heading]:
    """Headings run into a longer line (line breaks lost, a heading at the top of a PDF page
    glued to the text after it): a numbered title whose words match a missing section."""
    have = {h.key for h in found}
    extra: list[_Heading] = []
    for line in lines:
        if line.kind not in ("text", "tabs") or (len(line.text) <= 15 and "  " not in line.text):
            continue  # short, unless a heading and its one-word text ("六、其他事项  无。")
        start = line.text.lstrip()
        for key in _SECTION_VARIANTS:
            # an unnumbered heading at the start of the run-on line: "总体情况 依据……"
            if key in have:
                continue
            for v in _SECTION_VARIANTS[key]:
                bare = re.search(rf"(?:^|(?<=[。；！？!?]))\s*{re.escape(v)}(?=\s)", start)
                if bare is not None:
                    have.add(key)
                    tail = start[bare.end() :].strip()
                    extra.append(_Heading(key, None, v, line.index, tail))
                    break
        for m in _INLINE_HEADING.finditer(line.text):
            numeral = m.group(1) or m.group(2)
            if m.start() == 0 and line.text[m.end() :].split():
                # a numbered title at the line's start, up to the first space: judged as a
                # heading line is (key words, similarity, the numeral)
                title = line.text[m.end() :].split()[0]
                best, score = _best_section(norm(title))
                ordinal = numeral
                close = score >= (0.4 if ordinal == best else 0.55)
                if best is not None and best not in have and len(norm(title)) <= 40 and close:
                    have.add(best)
                    tail = line.text[m.end() + len(title) :].strip()
                    extra.append(_Heading(best, ordinal, title, line.index, tail))
                    continue
            after = norm(line.text[m.end() : m.end() + 40])
            for key in _SECTION_VARIANTS:
                if key in have:
                    continue
                for variant in _SECTION_VARIANTS[key]:
                    want = _HEADING_JUNK.sub("", variant)
                    head = _HEADING_JUNK.sub("", after)[: len(want) + 2]
                    close = SequenceMatcher(None, want, head, autojunk=False).ratio() >= 0.7
                    if close and _SECTION_WORDS[key].search(head):
                        have.add(key)
                        tail = line.text[m.end() :].strip()
                        extra.append(_Heading(key, numeral, variant, line.index, tail))
                        break
    order = list(_SECTION_VARIANTS)
    return sorted(
        found + extra,
        key=lambda h: (h.line_index, order.index(h.key) if h.key in order else len(order)),
    )


# ---------------------------------------------------------------------------
# title, organ, year

_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "O": "0"} | {
    ch: str(i + 1) for i, ch in enumerate("一二三四五六七八九")
}
_ORGAN_LINE_RE = re.compile(r"(政府|镇|乡|街道|办事处|局|委员会|区|县|市|厅|委|办公室)$")
_TITLE_SUFFIX_RE = re.compile(r"(政府信息公开|政务公开|信息公开).{0,6}报告.*$")


def _cn_year_to_digits(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return "".join(_CN_DIGITS.get(ch, ch) for ch in m.group(1)) + "年"

    return re.sub(r"([二〇零○一二三四五六七八九]{4})年", repl, text)


def _find_title(lines: Sequence[_Line], first_heading: int) -> tuple[str, int]:
    """The title (its lines joined, white space removed) and the index of its last line."""
    limit = first_heading if first_heading > 0 else min(len(lines), 40)
    texts = [ln for ln in lines[:limit] if ln.kind == "text" and ln.text.strip()]
    candidates = [
        i
        for i, ln in enumerate(texts)
        if "报告" in (t := norm(_cn_year_to_digits(ln.text)))
        and "公开" in t
        and len(t) <= 70
        and not t.endswith("。")
        and not re.search(r"[>›»|]|当前位置|首页", t)
    ]
    # a title names its year; a portal's column name ("政府信息公开年报") does not
    candidates.sort(key=lambda i: (not _YEAR_RE.search(norm(_cn_year_to_digits(texts[i].text))), i))
    if not candidates:
        return "", -1
    i = candidates[0]
    parts = [norm(texts[i].text).strip("*#=_")]
    j = i - 1
    # the organ on the line(s) above: "大水坑镇人民政府" / "2019年政府信息公开工作年度报告"
    while j >= 0 and len(parts) < 3:
        prev = norm(texts[j].text)
        if len(prev) > 30 or not _ORGAN_LINE_RE.search(prev):
            break
        parts.insert(0, prev)
        j -= 1
    return _cn_year_to_digits("".join(parts)), texts[i].index


def _organ_suffix(name: str) -> str:
    if re.search(r"(人民政府|办事处|局|委员会|委|办公室|厅|中心|署|院|所|队|站|公司)$", name):
        return name
    if name.endswith("街道"):
        return name + "办事处"
    if re.search(r"(镇|乡|县|区|市|州|旗|盟)$", name):
        return name + "人民政府"
    return name


def _organ_from(title: str, opening: str) -> str | None:
    organ = re.sub(r"(?:19|20)\d{2}\s*年度?", "", title)
    organ = re.sub(r"\d{4}年?度?", "", organ)
    organ = _TITLE_SUFFIX_RE.sub("", organ).strip("《》“”\"' ")
    organ = re.sub(r"(关于|的)$", "", organ)
    by = re.search(r"本报告由(.{2,30}?)(?:按照|根据|依据|依照|编制|编写|制作)", opening)
    if by:
        self_name = by.group(1).strip()
        if not organ or organ.endswith(self_name):
            return self_name
    if not organ:
        m = re.search(r"([\u4e00-\u9fa5]{2,25}?(?:人民政府|街道办事处|办事处|局|委员会))", opening)
        organ = m.group(1) if m else ""
    return _organ_suffix(organ) if organ else None


def _find_year(title: str, text: str) -> int | None:
    m = _YEAR_RE.search(title)
    if m:
        return int(m.group(1))
    m = re.search(r"统计期限.{0,6}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日", text)
    if m:
        return int(m.group(1))
    years = re.findall(r"((?:19|20)\d{2})\s*年", text[:3000])
    if years:
        return int(max(set(years), key=years.count))
    return None


# ---------------------------------------------------------------------------
# 表三


_T3_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("新收", r"本年新收|新收"),
        ("上年结转", r"上年结转"),
        ("予以公开", r"予以公开"),
        ("部分公开", r"部分公开"),
        ("不予公开.国家秘密", r"国家秘密"),
        ("不予公开.其他法律行政法规禁止公开", r"禁止公开"),
        ("不予公开.三安全一稳定", r"三安全一稳定|危及.{0,4}安全"),
        ("不予公开.保护第三方合法权益", r"第三方合法权益|保护第三方"),
        ("不予公开.三类内部事务信息", r"内部事务"),
        ("不予公开.四类过程性信息", r"过程性信息"),
        ("不予公开.行政执法案卷", r"执法案卷"),
        ("不予公开.行政查询事项", r"查询事项"),
        ("无法提供.本机关不掌握", r"不掌握"),
        ("无法提供.没有现成信息需要另行制作", r"现成信息|另行制作"),
        ("无法提供.补正后申请内容仍不明确", r"仍不明确|补正后申请"),
        ("不予处理.信访举报投诉类申请", r"信访|举报投诉"),
        ("不予处理.重复申请", r"重复申请"),
        ("不予处理.要求提供公开出版物", r"出版物"),
        ("不予处理.无正当理由大量反复申请", r"大量反复"),
        ("不予处理.要求行政机关确认或重新出具已获取信息", r"重新出具|确认或"),
        ("其他处理.逾期不补正", r"逾期不补正|不补正"),
        ("其他处理.逾期未缴费", r"未按收费|收费通知|缴纳费用|逾期未缴"),
        ("其他处理.其他", r"(?:\d[.、]?|[(]3[)])其他$"),
        ("其他处理", r"其他处理$"),
        ("总计", r"(?:^|[)七])总计$"),
        ("结转下年度", r"结转下年度"),
    )
)
_T3_2021_ONLY = ("其他处理.逾期不补正", "其他处理.逾期未缴费", "其他处理.其他")


def _match_key(
    label: str, patterns: Iterable[tuple[str, re.Pattern[str]]], allowed: set[str]
) -> str | None:
    """The key whose pattern matches furthest right in the label (the most specific part)."""
    best: tuple[int, int, str] | None = None
    for key, pattern in patterns:
        if key not in allowed:
            continue
        for m in pattern.finditer(label):
            cand = (m.end(), m.end() - m.start(), key)
            if best is None or cand[:2] > best[:2]:
                best = cand
    return best[2] if best else None


@dataclass(slots=True)
class _Assigned:
    label: str
    values: list[str | None]
    subtotal: str | None = None
    """A 法人或其他组织 小计 the office added as an extra column (dropped from ``values``)."""


def _assign_rows(
    rows: Sequence[_LogicalRow],
    patterns: Sequence[tuple[str, re.Pattern[str]]],
    *,
    first_keys: set[str] | None = None,
    last_key: str | None = None,
) -> dict[str, _Assigned]:
    """Map logical rows to keys: rightmost keyword wins, each key once, and a label with
    blank values may be a fragment whose second half carries the values."""
    all_keys = {k for k, _ in patterns}
    assigned: dict[str, _Assigned] = {}
    prefix: list[str] = []
    prev_blank_key: str | None = None
    started = first_keys is None
    pending: _LogicalRow | None = None  # values whose label was cut short (wrapped cell)
    for row in rows:
        if row.label_pieces == ["<prose>"]:
            prefix = []
            prev_blank_key = None
            pending = None
            continue
        label = norm("".join(prefix + row.label_pieces))
        has_values = any(not _is_blank(v) for v in row.values)
        allowed = (all_keys - set(assigned)) if started else set(first_keys or ())
        if pending is not None and not has_values and row.label_pieces:
            # the rest of a wrapped label arrives after its values: "1.属于国 0 0 …" / "家秘密"
            combined = pending.label + norm("".join(row.label_pieces))
            key = _match_key(combined, patterns, allowed)
            tail = row.printed_label
            if key is None and len(row.label_pieces) > 1:
                # the wrapped rest sits in its own column, next to a group label's piece
                # ("本年度办理结果" | "开" after "三、（一）予以公"): try each piece alone
                for piece in reversed(row.label_pieces):
                    key = _match_key(pending.label + norm(piece), patterns, allowed)
                    if key is not None:
                        tail = re.sub(r"\s+", "", piece)
                        break
            if key is not None:
                started = True
                printed = pending.printed_label + tail
                assigned[key] = _Assigned(label=printed, values=list(pending.values))
                pending = None
                prefix = []
                prev_blank_key = None
                if last_key is not None and key == last_key:
                    break
                continue
        if pending is not None and has_values and len(row.label_pieces) > 1:
            # "安全一稳定”" (end of the previous label) and "4.保护第" (next label) on one row
            for cut in range(1, len(row.label_pieces)):
                head = pending.label + norm("".join(row.label_pieces[:cut]))
                key = _match_key(head, patterns, allowed)
                if key is not None:
                    assigned[key] = _Assigned(
                        label=pending.printed_label + "".join(row.label_pieces[:cut]),
                        values=list(pending.values),
                    )
                    allowed = allowed - {key}
                    row = _LogicalRow(label_pieces=row.label_pieces[cut:], values=row.values)
                    label = norm("".join(prefix + row.label_pieces))
                    break
        pending = None
        if prev_blank_key is not None and has_values:
            allowed = allowed | {prev_blank_key}
        key = _match_key(label, patterns, allowed)
        if key is None and has_values and prev_blank_key is not None and not row.label_pieces:
            key = prev_blank_key
        if key is None and has_values and prev_blank_key is not None:
            own = norm("".join(row.label_pieces))
            if own and not _match_key(own, patterns, all_keys):
                key = prev_blank_key  # the second half of a broken label carries the values
        if key is None:
            if has_values:
                pending = _LogicalRow(label_pieces=prefix + row.label_pieces, values=row.values)
                prefix = []
            else:
                prefix = prefix + row.label_pieces
            continue
        started = True
        printed = "".join(prefix) + row.printed_label
        if key == prev_blank_key and key in assigned:
            printed = assigned[key].label + row.printed_label
        assigned[key] = _Assigned(label=re.sub(r"\s+", "", printed), values=list(row.values))
        prefix = []
        prev_blank_key = key if not has_values else None
        if last_key is not None and key == last_key and has_values:
            break
    return assigned


def _parse_table3(
    lines: Sequence[_Line],
) -> tuple[dict[str, _Assigned], BlankReading | None]:
    """表三's rows by key; the table starts at 新收 (or 上年结转), so headers cannot match.

    In a one-cell-per-line stream with blank lines, each reading of the blanks is tried and
    the one under which most rows have seven values that add up wins."""

    def read(blanks: BlankReading) -> dict[str, _Assigned]:
        return _drop_subtotal_column(
            _assign_rows(
                _logical_rows(lines, blanks),
                _T3_PATTERNS,
                first_keys={"新收", "上年结转"},
                last_key="结转下年度",
            )
        )

    return _best_reading(lines, read, 7, total_last=True)


def _drop_subtotal_column(assigned: dict[str, _Assigned]) -> dict[str, _Assigned]:
    """表三 with a 法人或其他组织 小计/合计 column some offices add (eight values a row): the
    column is dropped where the rows themselves prove it is that subtotal.

    A column ``j`` is the subtotal when, in at least three rows and four in five of the rows
    with eight numbers, it equals the sum of the five 法人或其他组织 columns and 总计 equals
    自然人 plus it. It is then dropped from every row of eight values and kept aside
    (``subtotal``): a row whose 小计 does not add up is reported, its other numbers checked.
    """
    eight = {
        key: nums
        for key, a in assigned.items()
        for vals in [_trim_padding(a.values, 8)]
        if len(vals) == 8
        for nums in [[_num(v) for v in vals]]
        if all(x is not None for x in nums)
    }
    with_values = sum(1 for a in assigned.values() if any(not _is_blank(v) for v in a.values))
    if len(eight) < 3 or len(eight) * 2 < with_values:
        return assigned

    def holds(nums: list[int], j: int) -> bool:
        orgs = [nums[c] for c in range(1, 7) if c != j]
        return nums[j] == sum(orgs) and nums[7] == nums[0] + nums[j]

    for j in (6, 1):
        good = [key for key, nums in eight.items() if holds(nums, j)]  # type: ignore[arg-type]
        if len(good) >= 3 and len(good) * 5 >= len(eight) * 4:
            out = dict(assigned)
            for key, a in assigned.items():
                vals = _trim_padding(a.values, 8)
                if len(vals) == 8:
                    out[key] = _Assigned(a.label, vals[:j] + vals[j + 1 :], vals[j] or "")
            return out
    return assigned


def _row_score(values: list[str | None], n: int, *, total_last: bool) -> int:
    """2 for a row with the format's column count whose total adds up, 1 for the count only."""
    vals = _trim_padding(values, n)
    if len(vals) != n:
        return 0
    nums = [_num(v) for v in vals]
    if total_last and all(x is not None for x in nums):
        return 2 if sum(nums[:-1]) == nums[-1] else 1  # type: ignore[arg-type]
    return 1


def _best_reading(
    lines: Sequence[_Line],
    read: Callable[[BlankReading], dict[str, _Assigned]],
    n: int | Callable[[str], int],
    *,
    total_last: bool,
) -> tuple[dict[str, _Assigned], BlankReading | None]:
    """The rows under the reading of blank lines that the table's evidence supports best:
    more rows of the format's width that add up, then more rows with values; ties keep
    ``close`` and say so (None), so another table's evidence can decide."""
    first = read("close")
    if not _cell_mode(lines) or not any(ln.kind == "blank" for ln in lines):
        return first, None

    def score(assigned: dict[str, _Assigned]) -> tuple[int, int]:
        width = (lambda key: n) if isinstance(n, int) else n
        fit = sum(
            _row_score(a.values, width(k), total_last=total_last) for k, a in assigned.items()
        )
        with_values = sum(1 for a in assigned.values() if any(not _is_blank(v) for v in a.values))
        return fit, with_values

    scores: dict[BlankReading, tuple[int, int]] = {"close": score(first)}
    best = first
    chosen: BlankReading = "close"
    for blanks in BLANK_READINGS[1:]:
        candidate = read(blanks)
        scores[blanks] = score(candidate)
        if scores[blanks] > scores[chosen]:
            best, chosen = candidate, blanks
    unique = sorted(scores.values()).count(scores[chosen]) == 1
    return best, chosen if unique else None


OLD_OTHER_ROW = "（六）其他处理"
"""Location of the diagnostic for a 2021 report that kept the 2019 single row."""


def _detect_format(
    by_t3: FormatVersion | None, by_t2: FormatVersion | None, year: int | None, text: str
) -> FormatVersion:
    """The format, weighing every signal: 表二's column headers (the strongest: they changed
    completely), 表三's rows, the report year and a 信息处理费 part (2021 format only).

    A 2021 report that kept the old single （六）其他处理 row is a 2021 report with a
    deviation, not a 2019 report."""
    votes = {"2019": 0.0, "2021": 0.0}
    if by_t2:
        votes[by_t2] += 2.0
    if by_t3:
        votes[by_t3] += 1.5
    if year is not None:
        votes["2019" if year <= 2020 else "2021"] += 1.0
    if re.search(r"信息处理费", text):
        votes["2021"] += 0.5
    if votes["2019"] == votes["2021"]:
        return "2019" if (year is not None and year <= 2020) else "2021"
    return "2019" if votes["2019"] > votes["2021"] else "2021"


def _t3_format(assigned: dict[str, _Assigned]) -> FormatVersion | None:
    if any(k in assigned for k in _T3_2021_ONLY):
        return "2021"
    if "其他处理" in assigned:
        return "2019"
    return None


def _build_table3(
    assigned: dict[str, _Assigned], fmt: FormatVersion, diagnostics: list[Diagnostic]
) -> ApplicationTable | None:
    for key, a in assigned.items():
        if a.subtotal is None:
            continue
        orgs = [_num(v) for v in a.values[1:6]]
        subtotal = _num(a.subtotal)
        if subtotal is not None and all(x is not None for x in orgs):
            want = sum(x for x in orgs if x is not None)
            if want != subtotal:
                diagnostics.append(
                    Diagnostic(
                        kind="subtotal",
                        section="表三",
                        location=key,
                        message=f"表三「{a.label}」行：商业企业至其他五列之和为 {want}，"
                        f"但加列的「法人或其他组织 小计」为 {subtotal}",
                        expected=str(want),
                        actual=str(subtotal),
                    )
                )
    if not assigned:
        diagnostics.append(
            Diagnostic(
                kind="missing_table",
                section="表三",
                location="收到和处理政府信息公开申请情况",
                message="未找到表三（收到和处理政府信息公开申请情况）",
            )
        )
        return None
    spec = T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019
    assigned = dict(assigned)
    kept_old_row = False
    if fmt == "2021" and "其他处理" in assigned:
        # the group label （六）其他处理 on a line of its own, or the 2019 single row kept
        grp = assigned.pop("其他处理")
        if any(not _is_blank(v) for v in grp.values) and "其他处理.其他" not in assigned:
            assigned["其他处理.其他"] = grp
            kept_old_row = not any(k in assigned for k in _T3_2021_ONLY[:2])
    if kept_old_row:
        diagnostics.append(
            Diagnostic(
                kind="label",
                section="表三",
                location=OLD_OTHER_ROW,
                message="表三沿用2019年试行格式的单行“（六）其他处理”，2021年版格式分为三项",
                expected="（六）其他处理 分为 1.逾期不补正、2.逾期未缴费、3.其他 三行",
                actual="（六）其他处理（一行）",
            )
        )
    if fmt == "2019":
        for key in _T3_2021_ONLY:
            assigned.pop(key, None)
    rows: dict[str, TableRow] = {}
    for key, label in spec:
        got = assigned.get(key)
        if got is None and kept_old_row and key in _T3_2021_ONLY:
            continue  # the kept single row is reported once, above
        if got is None:
            diagnostics.append(
                Diagnostic(
                    kind="missing_row",
                    section="表三",
                    location=label,
                    message=f"表三缺少“{label}”一行",
                    expected=label,
                )
            )
            continue
        cells, raw_count = _fit(got.values, 7, total_last=True)
        rows[key] = TableRow(key=key, label=got.label, cells=tuple(cells), raw_count=raw_count)
        if raw_count is not None and raw_count != 0:
            diagnostics.append(
                Diagnostic(
                    kind="cells",
                    section="表三",
                    location=label,
                    message=f"表三“{label}”一行有{raw_count}个数值，格式要求7个",
                    expected="7",
                    actual=str(raw_count),
                )
            )
        elif raw_count == 0:
            diagnostics.append(
                Diagnostic(
                    kind="cells",
                    section="表三",
                    location=label,
                    message=f"表三“{label}”一行没有读到任何数值",
                    expected="7",
                    actual="0",
                )
            )
    _place_lost_cells(rows, assigned, fmt)
    return ApplicationTable(rows=rows)


def _insertions(values: list[str | None], n: int) -> list[list[Cell]]:
    """Every way to put back the one applicant cell a row lost, with the value its total
    implies (the total is the row's last value)."""
    nums = [_num(v) for v in values]
    texts = [v for v in values if v is not None]
    counts = [x for x in nums if x is not None]
    if len(values) != n - 1 or len(counts) != len(values) or len(texts) != len(values):
        return []
    gap = counts[-1] - sum(counts[:-1])
    if gap < 0:
        return []
    present = [Cell(_clean_value(v)) for v in texts[:-1]]
    total = Cell(_clean_value(texts[-1]))
    return [
        [*present[:pos], Cell(str(gap), inferred=True), *present[pos:], total]
        for pos in range(n - 1)
    ]


def _balanced_columns(rows: dict[str, TableRow], fmt: FormatVersion) -> int:
    """How many of the seven columns satisfy both equations printed with 表三."""
    outcome_keys = [k for k, _ in (T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019)[2:-2]]
    ok = 0
    for col in range(7):
        values = {k: r.cells[col].value for k, r in rows.items()}
        a, b, t, c = (values.get(k) for k in ("新收", "上年结转", "总计", "结转下年度"))
        outcomes = [values.get(k) for k in outcome_keys]
        if None in (a, b, t, c) or any(x is None for x in outcomes):
            continue
        if a + b == t + c and sum(outcomes) == t:  # type: ignore[operator, arg-type]
            ok += 1
    return ok


def _place_lost_cells(
    rows: dict[str, TableRow], assigned: dict[str, _Assigned], fmt: FormatVersion
) -> None:
    """A row that lost one cell in PDF extraction: put it back where the table balances.

    The row's own total says what the lost value is; the column equations of the whole
    table say where it goes. Only a unique best position is used.
    """
    for key, row in list(rows.items()):
        if row.raw_count != 6:
            continue
        unique: dict[tuple[str, ...], list[Cell]] = {}
        for variant in _insertions(_trim_padding(assigned[key].values, 7), 7):
            unique.setdefault(tuple(c.text for c in variant), variant)
        variants = list(unique.values())
        if len(variants) == 1:
            rows[key] = TableRow(key, row.label, tuple(variants[0]), 6)
            continue
        scores = []
        for cells_variant in variants:
            trial = dict(rows)
            trial[key] = TableRow(key, row.label, tuple(cells_variant), row.raw_count)
            scores.append(_balanced_columns(trial, fmt))
        if not scores:
            continue
        best = max(scores)
        if scores.count(best) == 1:
            rows[key] = TableRow(key, row.label, tuple(variants[scores.index(best)]), 6)


# ---------------------------------------------------------------------------
# 表四


_T4_HEADER_RE = re.compile(r"结果维持|维持|尚未审结|行政复议|未经复议")


def _parse_table4(
    lines: Sequence[_Line], diagnostics: list[Diagnostic], reading: BlankReading | None = None
) -> ReviewTable | None:
    header_at = None
    for i, line in enumerate(lines):
        if _is_prose(line):
            continue
        joined = norm("".join(c or "" for c in line.cells))
        if _T4_HEADER_RE.search(joined) and (
            "维持" in joined or "纠正" in joined or "审结" in joined
        ):
            header_at = i
            break
        if "行政复议" in joined and line.kind in ("table", "tabs", "pipes") and len(joined) < 40:
            header_at = i
            break
    if header_at is None:
        # a header written vertically, one character per line (PDF text of narrow columns):
        # the data row is the one line of exactly 15 numbers
        header_at = next(
            (
                i
                for i, line in enumerate(lines)
                if not _is_prose(line)
                and len(toks := line.text.split()) == 15
                and all(is_value_text(t) for t in toks)
            ),
            None,
        )
    if header_at is None:
        diagnostics.append(
            Diagnostic(
                kind="missing_table",
                section="表四",
                location="政府信息公开行政复议、行政诉讼情况",
                message="未找到表四（政府信息公开行政复议、行政诉讼情况）",
            )
        )
        return None
    region = list(lines[header_at:])
    cell_mode = _cell_mode(region)
    values = _t4_values(region, cell_mode, reading or "close")
    if reading is None and cell_mode and any(ln.kind == "blank" for ln in region):
        # the reading of blank lines under which the row has 15 cells whose groups add up
        def fit(vals: list[str | None]) -> int:
            trimmed = list(vals)
            while trimmed and _is_blank(trimmed[-1]):  # blanks after the row are no evidence
                trimmed.pop()
            if len(trimmed) != 15:
                return 0
            nums = [_num(v) for v in trimmed]
            balanced = 0
            for g in range(3):
                part = [x for x in nums[g * 5 : g * 5 + 5] if x is not None]
                balanced += len(part) == 5 and sum(part[:4]) == part[4]
            return 1 + balanced

        for blanks in BLANK_READINGS[1:]:
            candidate = _t4_values(region, cell_mode, blanks)
            if fit(candidate) > fit(values):
                values = candidate
    if not any(not _is_blank(v) for v in values):
        diagnostics.append(
            Diagnostic(
                kind="no_data_row",
                section="表四",
                location="数据行",
                message="表四只有表头，没有数据行",
            )
        )
        return ReviewTable(cells=tuple(Cell(None) for _ in range(15)), has_data_row=False)
    if cell_mode:
        # leading blanks in a cell stream are merged header cells, not data
        while len(values) > 15 and _is_blank(values[0]):
            values.pop(0)
    cells_out, raw_count = _fit(values, 15, total_last=False)
    if raw_count is not None:
        diagnostics.append(
            Diagnostic(
                kind="cells",
                section="表四",
                location="数据行",
                message=f"表四数据行有{raw_count}个数值，格式要求15个",
                expected="15",
                actual=str(raw_count),
            )
        )
    return ReviewTable(cells=tuple(cells_out))


def _t4_values(region: Sequence[_Line], cell_mode: bool, blanks: BlankReading) -> list[str | None]:
    """表四's data row from the lines after its header (blank lines read as ``blanks``)."""
    values: list[str | None] = []
    started = False
    run = 0
    for line in region:
        if _is_prose(line) and not (started and _between_t4_groups(values, [line.text])):
            if started:
                break
            continue
        if line.kind == "blank":
            run += 1
            if cell_mode and blanks == "empty":
                values.append("")
            continue
        if cell_mode and blanks == "sep" and run > 1:
            values.extend("" for _ in range((run - 1) // 2))
        run = 0
        if cell_mode:
            cells: list[str | None] = [line.text.strip()]
        elif line.kind == "text":
            cells = list(_UNIT_AFTER_SPACE.sub(r"\1", line.text).split())
        else:
            cells = [c for c in line.cells if c is not None]
        has_number = any(is_value_text(c) and not _is_blank(c) for c in cells)
        has_label = any(not is_value_text(c) for c in cells)
        if not cell_mode:
            if has_number and not (has_label and not started and _label_heavy(cells)):
                started = True
                got = [c for c in cells if is_value_text(c)]
                first = next(i for i, c in enumerate(cells) if is_value_text(c) and c)
                own = [c for c in cells[first:] if is_value_text(c)]
                if has_label and len(got) % 5 and not len(own) % 5:
                    # a row with its own labels (表四 drawn as 复议 / 直接起诉 / 复议后起诉 rows
                    # of five): the blank cells under its merged labels are not values
                    got = own
                values.extend(got)
                if len(_trim_padding(values, 15)) >= 15:
                    break
                continue
            if started and has_label and not _between_t4_groups(values, cells):
                break
            continue
        # one cell per line: the stream after the last header label
        for c in cells:
            if is_value_text(c):
                if started or not _is_blank(c):
                    started = True
                values.append(c)
            else:
                if started and any(not _is_blank(v) for v in values):
                    if _between_t4_groups(values, [c]):
                        continue
                    break
                values = []
        else:
            continue
        break
    return values


_T4_GROUP_CHARS = frozenset("行政复议诉讼未经直接起后")
_BOX_JUNK_RE = re.compile(r"[\s|─━═├┤┼┬┴┌┐└┘+\-]")


def _between_t4_groups(values: Sequence[str | None], cells: Sequence[str | None]) -> bool:
    """A label between 表四's groups when the table is drawn as rows of five (行政复议 /
    未经复议直接起诉 / 复议后起诉 by 结果维持 … 总计): a whole group read so far, and the label
    only pieces of the group names (wrapped: "直接起诉", "复议后起" / "诉")."""
    read = list(values)
    while read and _is_blank(read[-1]):
        read.pop()
    if not read or len(read) % 5 or len(read) >= 15:
        return False
    label = _BOX_JUNK_RE.sub("", norm("".join(c or "" for c in cells if not is_value_text(c))))
    return bool(label) and set(label) <= _T4_GROUP_CHARS


def _label_heavy(cells: Sequence[str | None]) -> bool:
    labels = sum(1 for c in cells if c is not None and not is_value_text(c))
    numbers = sum(1 for c in cells if is_value_text(c) and not _is_blank(c))
    return labels > numbers


# ---------------------------------------------------------------------------
# 表二


_T2_ROW_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(p))
    for key, p in (
        ("规章", r"规章"),
        ("行政规范性文件", r"规范性文件"),
        ("行政许可", r"行政许可"),
        ("其他对外管理服务事项", r"其他对外管理服务事项|对外管理服务"),
        ("行政处罚", r"行政处罚"),
        ("行政强制", r"行政强制"),
        ("行政事业性收费", r"行政事业性收费|事业性收费"),
        ("政府集中采购", r"政府集中采购|集中采购"),
    )
)
_T2_2019_MARKERS = ("新制作", "新公开", "对外公开总数", "上一年项目", "增/减", "采购项目")
_T2_2021_MARKERS = ("制发件数", "废止件数", "现行有效", "收费金额")


def _t2_format(lines: Sequence[_Line]) -> FormatVersion | None:
    joined = norm("".join(ln.text for ln in lines if not _is_prose(ln)))
    s2019 = sum(joined.count(m) for m in _T2_2019_MARKERS)
    s2021 = sum(joined.count(m) for m in _T2_2021_MARKERS)
    if s2019 > s2021:
        return "2019"
    if s2021 > s2019:
        return "2021"
    return None


_HEADER_PIECE_RE = re.compile(r"(件数|数量|金额|增/减|万元|总数)")


def _parse_table2(
    lines: Sequence[_Line],
    fmt: FormatVersion,
    diagnostics: list[Diagnostic],
    reading: BlankReading | None = None,
) -> ActiveTable:
    items = T2_ITEMS_2021 if fmt == "2021" else T2_ITEMS_2019
    widths = {
        ("行政规范性文件" if k == "规范性文件" else k): len(cols) for k, (_p, cols) in items.items()
    }

    def read(blanks: BlankReading) -> dict[str, _Assigned]:
        return _assign_rows(_logical_rows(lines, blanks), _T2_ROW_PATTERNS)

    if reading is not None:  # the document's layout, as 表三's many rows showed it
        chosen: BlankReading = reading
        assigned = read(reading)
    else:
        assigned, found = _best_reading(
            lines, read, lambda key: widths.get(key, 1), total_last=False
        )
        chosen = found or "close"
    rows = _logical_rows(lines, chosen)
    out: dict[str, TableRow] = {}
    for key, (_para, cols) in items.items():
        lookup = key
        if key == "规范性文件":
            lookup = "行政规范性文件"
        got = assigned.get(lookup)
        if got is None:
            continue
        values = list(got.values)
        for i, col in enumerate(cols):
            if ("万元" in col or col == "采购总金额") and i < len(values) and values[i]:
                converted, unit = to_wan_yuan(values[i] or "")
                if unit is not None:
                    diagnostics.append(
                        Diagnostic(
                            kind="unit",
                            section="表二",
                            location=key,
                            message=f"表二“{key}”的{col}写为“{values[i]}”，表中单位为万元，"
                            f"已按{converted}万元读取",
                            expected=f"{converted}（万元）",
                            actual=str(values[i]),
                        )
                    )
                values[i] = converted
        cells, raw_count = _fit(values, len(cols), total_last=False)
        out[key] = TableRow(key=key, label=got.label, cells=tuple(cells), raw_count=raw_count)
        printed = norm(got.label)
        if fmt == "2021" and key == "行政规范性文件" and not re.search(r"行政规范性文件", printed):
            diagnostics.append(
                Diagnostic(
                    kind="label",
                    section="表二",
                    location="第二十条第（一）项",
                    message="表二“规范性文件”应为“行政规范性文件”（2021年版格式）",
                    expected="行政规范性文件",
                    actual="规范性文件",
                )
            )
        if raw_count is not None and raw_count != 0:
            diagnostics.append(
                Diagnostic(
                    kind="cells",
                    section="表二",
                    location=key,
                    message=f"表二“{key}”一行有{raw_count}个数值，格式要求{len(cols)}个",
                    expected=str(len(cols)),
                    actual=str(raw_count),
                )
            )
    if not out:
        diagnostics.append(
            Diagnostic(
                kind="missing_table",
                section="表二",
                location="主动公开政府信息情况",
                message="未找到表二（主动公开政府信息情况）",
            )
        )
    # column labels as printed, compared with the format's
    expected_labels = {norm(c) for _, cols in items.values() for c in cols}
    headers: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()
    for row in rows:
        for piece in row.label_pieces:
            p = norm(piece)
            if not _HEADER_PIECE_RE.search(p) or len(p) > 20 or p in seen:
                continue
            seen.add(p)
            headers.setdefault("columns", ())
            headers["columns"] = (*headers["columns"], piece.strip())
            if p in expected_labels:
                continue
            best = max(expected_labels, key=lambda e: SequenceMatcher(None, e, p).ratio())
            if SequenceMatcher(None, best, p).ratio() >= 0.6 and not _equivalent_header(p, best):
                diagnostics.append(
                    Diagnostic(
                        kind="label",
                        section="表二",
                        location=f"表头“{piece.strip()}”",
                        message=f"表二表头“{piece.strip()}”与格式规定的“{best}”不一致",
                        expected=best,
                        actual=re.sub(r"\s+", "", piece),
                    )
                )
    return ActiveTable(rows=out, headers=headers)


def _equivalent_header(printed: str, expected: str) -> bool:
    """Harmless variants: brackets, the unit written differently."""
    strip = re.compile(r"[()（）:：单位]")
    return strip.sub("", printed) == strip.sub("", expected)


# ---------------------------------------------------------------------------
# section text


def _section_text(lines: Sequence[_Line]) -> str:
    """The narrative of a section: text lines that are not table cells."""
    out: list[str] = []
    for line in lines:
        if line.kind != "text":
            continue
        t = line.text.strip()
        if not t or is_value_text(t):
            continue
        if len(norm(t)) < 8 and not t.endswith(("。", "：", ":")):
            continue
        out.append(t)
    return "\n".join(out)


# ---------------------------------------------------------------------------
# entry point


def parse_report(doc: Document) -> AnnualReport:
    """Read an annual report from a document of any supported layout."""
    lines = _document_lines(doc)
    full_text = doc.text
    title, title_at = _find_title(lines, -1)
    headings = _find_headings(lines, title_at + 1 if title_at >= 0 else 0)
    if len({h.key for h in headings} & set(_SECTION_VARIANTS)) < len(_SECTION_VARIANTS):
        headings = _inline_headings(lines[title_at + 1 :], headings)
    if title_at < 0 and headings:
        title, title_at = _find_title(lines, headings[0].line_index)
    diagnostics: list[Diagnostic] = []

    opening_end = headings[0].line_index if headings else min(len(lines), 30)
    opening = "\n".join(ln.text for ln in lines[:opening_end])
    organ = _organ_from(title, opening) if title or opening else None
    year = _find_year(title, full_text)

    # section regions
    bounds: list[tuple[_Heading, int, int]] = []
    for i, h in enumerate(headings):
        end = headings[i + 1].line_index if i + 1 < len(headings) else len(lines)
        bounds.append((h, h.line_index + 1, end))
    sections: list[Section] = []
    regions: dict[str, list[_Line]] = {}
    for order, (h, start, end) in enumerate(bounds):
        region = lines[start:end]
        if h.key != "extra":
            regions[h.key] = region
        sections.append(
            Section(
                key=h.key,
                number=h.number,
                title=h.title,
                text="\n".join(t for t in (h.tail, _section_text(region)) if t),
                order=order,
            )
        )

    # tables: fall back to the whole document when the section heading is missing
    region3 = regions.get("三") or _fallback_region(lines, "本年新收", "结转下年度")
    region4 = regions.get("四") or _fallback_region(lines, "结果维持", None, after=6)
    region2 = regions.get("二") or _fallback_region(lines, "第二十条", "收费", after=4)

    assigned3, reading = _parse_table3(region3)
    fmt = _detect_format(_t3_format(assigned3), _t2_format(region2), year, full_text)
    applications = _build_table3(assigned3, fmt, diagnostics)
    review = _parse_table4(region4, diagnostics, reading)
    active = _parse_table2(region2, fmt, diagnostics, reading)
    t3_trouble = [
        d for d in diagnostics if d.section == "表三" and d.kind in ("missing_row", "cells")
    ]
    original = _is_original(doc)
    if t3_trouble and not original:
        by_order = _t3_by_order(region3, fmt)
        if by_order is not None:
            applications = by_order
            diagnostics = [d for d in diagnostics if d not in t3_trouble]
    diagnostics = _mark_unreadable(
        diagnostics,
        applications,
        review,
        active,
        fmt,
        original=original,
        t4_mangled=_row_mangled(region4),
    )

    summary, summary_diagnostics = _summary_table3(region3, fmt, original=original)
    diagnostics += summary_diagnostics

    scanned = doc.meta.get("scanned_pages")
    if scanned:
        diagnostics.append(
            Diagnostic(
                kind="scanned_pages",
                section="全文",
                location=f"第{scanned.replace(',', '、')}页",
                message=f"第{scanned.replace(',', '、')}页没有文字层（可能是扫描页）",
                actual=scanned,
            )
        )

    return AnnualReport(
        organ=organ,
        year=year,
        format=fmt,
        title=title,
        sections=tuple(sections),
        active=active,
        applications=applications,
        review_litigation=review,
        diagnostics=tuple(diagnostics),
        full_text=full_text,
        summary_applications=summary,
    )


def _fallback_region(
    lines: Sequence[_Line], first: str, last: str | None, after: int = 0
) -> list[_Line]:
    """When a section heading is missing, the lines around the table's own labels."""
    start = next((i for i, ln in enumerate(lines) if first in norm(ln.text)), None)
    if start is None:
        return []
    if last is None:
        return list(lines[start : start + 40])
    end = next((i for i in range(start, len(lines)) if last in norm(lines[i].text)), start + 60)
    return list(lines[max(0, start - 2) : end + 1 + after])


# ---------------------------------------------------------------------------
# a second 表三 (全区/全县汇总)

_SUMMARY_HEADING_RE = re.compile(r"汇总|合计|全[区县市旗镇乡州盟省]|各部门|各单位|系统")
_HEADING_NUMBER_RE = re.compile(rf"^(?:[(（][{CN_NUMERALS}\d]+[)）]|[{CN_NUMERALS}\d]+[、.．])")
_TRAILING_NOTE_RE = re.compile(r"[(（][^()（）]*[)）]$")


def _summary_name(lines: Sequence[_Line]) -> str:
    """How findings call the second 表三: by the heading above it ("（二）全区汇总（含区政府
    各部门、各街道）" -> 表三（全区汇总）), else 表三（第二张）."""
    for line in reversed(lines):
        text = re.sub(r"\s+", "", line.text)
        if line.kind != "text" or not text or not _SUMMARY_HEADING_RE.search(text):
            continue
        if _is_prose(line) or len(text) > 40:
            continue
        name = _HEADING_NUMBER_RE.sub("", text).rstrip("：:")
        name = _TRAILING_NOTE_RE.sub("", name) or name
        inner = re.match(r"^表三[(（](.+)[)）]$", name)
        if inner:
            name = inner.group(1)
        if 0 < len(name) <= 16 and not name.startswith("表"):
            return f"表三（{name}）"
        scope = re.search(r"全[区县市旗镇乡州盟省]", text)
        return f"表三（{scope.group(0)}汇总）" if scope else "表三（汇总）"
    return "表三（第二张）"


def _summary_table3(
    region: Sequence[_Line], fmt: FormatVersion, *, original: bool
) -> tuple[ApplicationTable | None, list[Diagnostic]]:
    """A second 表三 in part 三 after the first one's last row (a 区/县政府's 全区汇总 after its
    own): read like the first, its diagnostics under its own name. When the text form lost
    part of it, one ``unreadable`` diagnostic says so and its rows are not checked."""
    end = next(
        (i for i, ln in enumerate(region) if not _is_prose(ln) and "结转下年度" in norm(ln.text)),
        None,
    )
    if end is None:
        return None, []
    start = next(
        (
            i
            for i in range(end + 1, len(region))
            if not _is_prose(region[i]) and "本年新收" in norm(region[i].text)
        ),
        None,
    )
    if start is None:
        return None, []
    assigned, _reading = _parse_table3(region[start:])
    filled = [a for a in assigned.values() if sum(len((v or "").split()) for v in a.values) >= 4]
    if "新收" not in assigned or len(filled) < 3:
        return None, []  # a sentence or a small table that quotes the rows, not a 表三
    name = _summary_name(region[end + 1 : start])
    found: list[Diagnostic] = []
    table = _build_table3(assigned, fmt, found)
    if table is None:
        return None, []
    table = ApplicationTable(rows=table.rows, name=name)
    why = _t3_lost(found, table, fmt, original=original)
    if why is not None:
        return table, [
            Diagnostic(
                kind="unreadable",
                section=name,
                location=name,
                message=f"{name}在本文件的文字中未能完整读出（{why}）",
                actual=why,
            )
        ]
    return table, [
        replace(d, section=name, message=d.message.replace("表三", name, 1)) for d in found
    ]


# ---------------------------------------------------------------------------
# tables the file's text form lost


_ORIGINAL_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)
TABLE_TITLES = {
    "表二": "主动公开政府信息情况",
    "表三": "收到和处理政府信息公开申请情况",
    "表四": "政府信息公开行政复议、行政诉讼情况",
}


def _is_original(doc: Document) -> bool:
    """A Word file keeps its tables as tables: a table missing there is really missing. Text,
    Markdown, HTML and PDF text are forms in which a converter can lose a table, and so is a
    Word file with no table at all: the report's text pasted or converted into Word
    (``pandoc -t docx`` of a text file) carries its tables as paragraphs."""
    word = doc.media_type in _ORIGINAL_TYPES or doc.source_name.lower().endswith(".docx")
    return word and any(isinstance(block, Table) for block in doc.blocks)


def _t3_broken_columns(table: ApplicationTable, fmt: FormatVersion) -> int:
    """Columns where every cell of an equation was read and the equation fails."""
    outcome_keys = [k for k, _ in (T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019)[2:-2]]
    broken = 0
    for col in range(7):

        def val(key: str, col: int = col) -> int | None:
            row = table.rows.get(key)
            return row.cells[col].value if row is not None and len(row.cells) > col else None

        a, b, t, c = val("新收"), val("上年结转"), val("总计"), val("结转下年度")
        outcomes = [val(k) for k in outcome_keys]
        fails = False
        if None not in (a, b, t, c) and a + b != t + c:  # type: ignore[operator]
            fails = True
        if t is not None and all(x is not None for x in outcomes):
            fails = fails or sum(outcomes) != t  # type: ignore[arg-type]
        broken += fails
    row_broken = 0
    for row in table.rows.values():
        nums = [c.value for c in row.cells]
        if all(x is not None for x in nums) and sum(nums[:6]) != nums[6]:  # type: ignore[arg-type]
            row_broken += 1
    return broken + row_broken


def _short_rows(table: ApplicationTable, n: int) -> int:
    """Rows that came with two or more values fewer than the format's ``n`` columns."""
    return sum(
        1 for row in table.rows.values() if row.raw_count is not None and 0 < row.raw_count <= n - 2
    )


def _t3_by_order(lines: Sequence[_Line], fmt: FormatVersion) -> ApplicationTable | None:
    """表三 read by the order of its rows when its labels were torn apart (PDF text of narrow
    label columns: "1.属" / "于国" / "家秘" / "密" interleaved with "（三" / "）不" …).

    Accepted only on strong evidence: exactly the format's number of lines ending in seven
    numbers in section 三, and every column equation and row total holding."""
    spec = T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019
    found: list[list[str]] = []
    for line in lines:  # section 三: its header has no numbers, so the first row is 新收
        if _is_prose(line) and found:
            break
        tokens = line.text.split() if line.kind == "text" else [c or "" for c in line.cells]
        tail = 0
        while tail < len(tokens) and is_value_text(tokens[-1 - tail]) and tokens[-1 - tail]:
            tail += 1
        if tail > 7:
            return None
        if tail == 7:
            found.append(tokens[-7:])
            if len(found) == len(spec):
                break
    if len(found) != len(spec):
        return None
    rows = {
        key: TableRow(key, label, tuple(Cell(_clean_value(v)) for v in values))
        for (key, label), values in zip(spec, found, strict=True)
    }
    table = ApplicationTable(rows=rows)
    if _t3_broken_columns(table, fmt) or _balanced_columns(rows, fmt) != 7:
        return None
    return table


def _has_garbage(table: ApplicationTable) -> bool:
    """A cell that is neither blank, a count nor "/": characters a converter mangled."""
    return any(not c.is_blank and c.value is None for row in table.rows.values() for c in row.cells)


def _t4_broken(review: ReviewTable) -> bool:
    nums = [c.value for c in review.cells]
    for g in range(3):
        part = nums[g * 5 : g * 5 + 5]
        if all(x is not None for x in part) and sum(part[:4]) != part[4]:  # type: ignore[arg-type]
            return True
    return False


_DASH_TOKEN_RE = re.compile(r"^[-—–－_]{1,3}$")


def _row_mangled(lines: Sequence[_Line]) -> bool:
    """A table row the text form damaged: characters cut to "�" (html2text's fixed widths), or
    a row of "—" that became Markdown's "---" (pandoc), a rule to the eye, perhaps with a
    number among them. A row the clerk left empty leaves no such trace."""
    for line in lines:
        if "\ufffd" in line.text:
            return True
        tokens = [t for t in re.split(r"[\s|]+", line.text or line.rule) if t]
        dashes = sum(1 for t in tokens if _DASH_TOKEN_RE.match(t))
        if dashes >= 5 and all(_DASH_TOKEN_RE.match(t) or is_value_text(t) for t in tokens):
            return True
    return False


def _t3_lost(
    found: Sequence[Diagnostic],
    applications: ApplicationTable,
    fmt: FormatVersion,
    *,
    original: bool,
) -> str | None:
    """Why a 表三 that was found cannot be trusted (rows lost, cells gone astray), or None.
    ``found`` are the parser's diagnostics on that table."""
    kinds = [d.kind for d in found]
    missing_rows = kinds.count("missing_row")
    bad_counts = kinds.count("cells")
    expected = len(T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019)
    if missing_rows >= max(3, expected // 3) and not original:
        return f"只读到 {expected - missing_rows} 行（应有 {expected} 行）"
    if missing_rows and not original:
        return "有的行没有读到"
    if not original and _short_rows(applications, 7) >= 3:
        # blank cells vanish in many text forms (a browser's text, pandoc's columns):
        # where they stood cannot be told, so the rows cannot be checked
        return "多行的空白单元格在文字中丢失，数值无法对应到各列"
    broken = _t3_broken_columns(applications, fmt)
    if (missing_rows or bad_counts >= 2) and (broken or _has_garbage(applications)):
        return "部分行的数值没有对齐到格式的各列"
    return None


def _mark_unreadable(
    diagnostics: list[Diagnostic],
    applications: ApplicationTable | None,
    review: ReviewTable | None,
    active: ActiveTable,
    fmt: FormatVersion,
    *,
    original: bool,
    t4_mangled: bool = False,
) -> list[Diagnostic]:
    """Decide, per table, whether what was read can be trusted.

    A table is *unreadable* when the reading itself went wrong: it was not found in a text
    form (a converter drops tables), or rows were lost or misaligned *and* the arithmetic the
    format prints fails. Then the checker must not report missing rows or broken sums (they
    are the parser's failure, not the clerk's): one ``unreadable`` diagnostic replaces them.
    A report whose rows were all read, or whose lost cells the arithmetic put back, keeps its
    normal findings.
    """
    by_table: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_table.setdefault(d.section, []).append(d)
    lost: dict[str, str] = {}
    for table in ("表二", "表三", "表四"):
        found = by_table.get(table, [])
        kinds = [d.kind for d in found]
        missing_table = "missing_table" in kinds
        bad_counts = kinds.count("cells")
        if missing_table:
            if not original:
                lost[table] = "没有读到这张表"
            continue
        if table == "表三" and applications is not None:
            why = _t3_lost(found, applications, fmt, original=original)
            if why is not None:
                lost[table] = why
        elif table == "表四" and "no_data_row" in kinds and not original and t4_mangled:
            # the header came through and the values did not: a row of "—" that Markdown
            # turned into "---" (a rule), cells a converter cut to "�"
            lost[table] = "表头之下的数据行在文字中已损坏"
        elif table == "表四" and review is not None:
            garbage = any(not c.is_blank and c.value is None for c in review.cells)
            blanks = any(c.is_blank for c in review.cells)
            if bad_counts and (_t4_broken(review) or garbage or (blanks and not original)):
                lost[table] = "数据行的数值没有对齐到格式的15列"
        elif table == "表二":
            expected = len(T2_ITEMS_2021 if fmt == "2021" else T2_ITEMS_2019)
            if not original and len(active.rows) <= expected // 2:
                lost[table] = f"只读到 {len(active.rows)} 项（应有 {expected} 项）"
            elif not original and bad_counts >= 2:
                # two items short of a value each: a column went astray (a PDF's text puts
                # a table's last column after the page's other text), not two clerk's slips
                lost[table] = "多项的数值没有对齐到格式的各列"
            elif not original and bad_counts and len(active.rows) < expected:
                # an item lost and another with the wrong number of values: the text put the
                # table's columns one after another (a PDF's text of a table split by a page)
                lost[table] = "有的项没有读到，有的项数值个数与格式不符"
    if not lost:
        return diagnostics
    kept = [d for d in diagnostics if d.section not in lost]
    for table, why in lost.items():
        kept.append(
            Diagnostic(
                kind="unreadable",
                section=table,
                location=f"{table}（{TABLE_TITLES[table]}）",
                message=f"{table}（{TABLE_TITLES[table]}）在本文件的文字中未能完整读出（{why}）",
                actual=why,
            )
        )
    return kept
