"""Where each finding goes in the user's own file, and what its comment says (pure, no I/O).

A finding names its place with labels (``location``: "（七）总计 / 自然人", "自然人列",
"一、总体情况"; ``section``: 表三, 一…六, 全文) and quotes the text it is about in its message
(「…」). The DOCX reader records where each block came from (``Paragraph.position``,
``Table.position``; a table's ``rows[i][j]`` is its i-th row at grid column j), so the labels
are looked up again in the blocks as read:

* a table finding goes on the cell of the row and column it names: rows are recognised by
  their printed labels in the format's order, columns by the printed header (自然人…总计) or,
  without a header, by position from the right; a row alone goes on its label cell, a column
  alone on its header cell;
* a text finding goes on the sentence it quotes, a section finding on the section's heading,
  a title finding on the title;
* what has no place in the file (a missing section or row, a missing table) goes into the
  summary comment on the title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from base.text import printable
from checks.registry import Finding, Severity
from ingest.document import Document, Paragraph, Table
from ingest.model import (
    APPLICANT_COLUMNS,
    SECTION_TITLES,
    T2_ITEMS_2019,
    T2_ITEMS_2021,
    T3_ROWS_2019,
    T3_ROWS_2021,
    T4_COLUMNS,
    T4_GROUPS,
    AnnualReport,
)
from ingest.parser import is_value_text

AUTHOR = "xxgk 信息公开助手"
INITIALS = "xxgk"

_SEVERITY_WORD = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}
_TABLE_SECTIONS = ("表二", "表三", "表四")
_MIN_QUOTE = 4
"""Shorter quotes (「是」「0」) would match in the wrong place."""


@dataclass(frozen=True, slots=True)
class CellAnchor:
    """A table cell: ``Table.position``, the row and the grid column as the reader counts."""

    table: int
    row: int
    column: int


@dataclass(frozen=True, slots=True)
class ParagraphAnchor:
    """A paragraph by ``Paragraph.position``; ``quote`` is the text to mark within it
    (compared without spaces, full-width digits as ASCII); None marks the whole paragraph."""

    paragraph: int
    quote: str | None = None


Anchor = CellAnchor | ParagraphAnchor


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """One comment to write: where, and its text (``finding`` is None for the summary)."""

    anchor: Anchor
    text: str
    finding: Finding | None = None


@dataclass(frozen=True, slots=True)
class ReviewPlan:
    """Every comment of the reviewed copy (the summary first) and the findings that had no
    place in the file (they are listed in the summary)."""

    comments: tuple[ReviewComment, ...]
    unplaced: tuple[Finding, ...]

    @property
    def placed(self) -> tuple[ReviewComment, ...]:
        return tuple(c for c in self.comments if c.finding is not None)


def reviewed_filename(source_name: str) -> str:
    """The reviewed copy's file name: ``草稿（检查意见）.docx``, safe on any file system
    (nothing of the user's name can make a path)."""
    stem = source_name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = re.sub(r'[\\/:*?"<>|\s\x00-\x1f]+', "_", stem)
    stem = printable(stem).strip("._")[:60] or "年报"  # no RLO, no C1: the name shown is the name
    return f"{stem}（检查意见）.docx"


# --- text normalisation ------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)


def plain(text: str) -> str:
    """Text as the checks quote it: no spaces, full-width digits and letters as ASCII (one
    character to one character, so ``review.word`` can map a match back to the runs)."""
    return _SPACES.sub("", text.translate(_FULL_WIDTH))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\(?[一二三四五六七八九十]+\)|\d+[.、．])")


def _unnumbered(text: str) -> str:
    """A compact label without its leading 一、 / （三） / 2. numbering."""
    text = _compact(text)
    while True:
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            return text
        text = stripped


# --- tables --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Grid:
    position: int
    rows: tuple[tuple[str | None, ...], ...]

    @property
    def joined(self) -> str:
        return _compact("".join(c or "" for row in self.rows for c in row))


def _kind(grid: _Grid) -> str | None:
    """表二, 表三 or 表四 by the words only that table prints."""
    text = grid.joined
    if "复议后起诉" in text or "未经复议直接起诉" in text:
        return "表四"
    if any(w in text for w in ("本年新收", "上年结转", "予以公开", "不予公开", "结转下年度")):
        return "表三"
    if any(w in text for w in ("第二十条", "制发件数", "行政许可", "行政处罚", "收费金额")):
        return "表二"
    return None


def _split_row(row: Sequence[str | None]) -> tuple[list[int], list[int]]:
    """(label columns, value columns) of a row: the labels come first, the values are every
    cell from the first number (or blank) on, so an unreadable value such as 若干 keeps its
    column."""
    cells = [j for j, c in enumerate(row) if c is not None]
    label = next((j for j in cells if not is_value_text(row[j])), None)
    if label is None:  # numbers only (表四's data row)
        return [], cells
    first = next((j for j in cells if j > label and is_value_text(row[j])), None)
    if first is None:
        return cells, []
    # blanks before the first label are positions without a cell (w:gridBefore), not values
    return [j for j in cells if label <= j < first], [j for j in cells if j >= first]


@dataclass(frozen=True, slots=True)
class _Row:
    grid: _Grid
    index: int
    label_columns: tuple[int, ...]
    value_columns: tuple[int, ...]

    def label_anchor(self) -> CellAnchor:
        """The label cell naming the row (its last label: the item under a merged group)."""
        column = (self.label_columns or self.value_columns)[-1]
        return CellAnchor(self.grid.position, self.index, column)

    def value_anchor(self, i: int) -> CellAnchor | None:
        if 0 <= i < len(self.value_columns):
            return CellAnchor(self.grid.position, self.index, self.value_columns[i])
        return None


def _data_rows(grids: Iterable[_Grid]) -> list[tuple[_Row, str]]:
    """Rows with a label and at least one value cell, with their compact label text."""
    out: list[tuple[_Row, str]] = []
    for grid in grids:
        for i, row in enumerate(grid.rows):
            labels, values = _split_row(row)
            if labels and values:
                text = _compact("".join(row[j] or "" for j in labels))
                out.append((_Row(grid, i, tuple(labels), tuple(values)), text))
    return out


_T3_GROUPS = ("不予公开", "无法提供", "不予处理", "其他处理")
_T3_PLAIN = ("新收", "上年结转", "予以公开", "部分公开", "其他处理", "总计", "结转下年度")


def _t3_matchers() -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(key, group, words any of which names the row) for both formats' rows."""
    out: list[tuple[str, str | None, tuple[str, ...]]] = []
    seen: set[str] = set()
    for key, label in (*T3_ROWS_2021, *T3_ROWS_2019):
        if key in seen:
            continue
        seen.add(key)
        if "." in key:
            group, item = key.split(".", 1)
            printed = _unnumbered(label.split(" ", 1)[-1])
            out.append((key, group, (item, printed)))
        elif key in _T3_PLAIN:
            out.append((key, None, (key,)))
    return out


_T3_MATCHERS = _t3_matchers()


def _t3_rows(grids: Sequence[_Grid]) -> dict[str, _Row]:
    """表三's rows by key, walking the rows in order: a numbered item (1.属于国家秘密)
    belongs to the group (（三）不予公开) printed above it, merged or not."""
    out: dict[str, _Row] = {}
    group: str | None = None
    for row, text in _data_rows(grids):
        group = next((g for g in _T3_GROUPS if g in text), group)
        item_text = text.replace(group, "") if group else text  # 其他 in 其他处理 is no item
        key = next(
            (
                k
                for k, g, words in _T3_MATCHERS
                if g is not None
                and g == group
                and k not in out
                and any(w in item_text for w in words)
            ),
            None,
        )
        if key is None:
            key = next(
                (k for k, g, w in _T3_MATCHERS if g is None and k not in out and w[0] in text),
                None,
            )
        if key is not None:
            out[key] = row
    return out


def _t3_key(report: AnnualReport, label: str) -> str | None:
    target = _compact(label)
    for key, printed in (*T3_ROWS_2021, *T3_ROWS_2019):
        if target in (_compact(printed), _compact(key)):
            return key
    if report.applications is not None:
        for key, row in report.applications.rows.items():
            if target == _compact(row.label):
                return key
    return None


def _header_columns(grids: Sequence[_Grid], names: Sequence[str]) -> dict[str, CellAnchor]:
    """The header cell printing each name exactly (first occurrence in reading order)."""
    out: dict[str, CellAnchor] = {}
    for grid in grids:
        for i, row in enumerate(grid.rows):
            for j, cell in enumerate(row):
                if cell is not None and _compact(cell) in names and _compact(cell) not in out:
                    out[_compact(cell)] = CellAnchor(grid.position, i, j)
    return out


class _Tables:
    """The document's tables by kind, and the lookups of table locations in them."""

    def __init__(self, document: Document, report: AnnualReport) -> None:
        self.report = report
        grids = [
            _Grid(b.position, b.rows)
            for b in document.blocks
            if isinstance(b, Table) and b.position is not None
        ]
        self.by_kind: dict[str, list[_Grid]] = {}
        self._t3_cache: dict[int, tuple[dict[str, _Row], dict[str, CellAnchor]]] = {}
        for grid in grids:
            kind = _kind(grid)
            if kind is not None:
                self.by_kind.setdefault(kind, []).append(grid)

    def t3_tables(self) -> tuple[list[_Grid], list[_Grid]]:
        """表三's grids, split into the organ's own and a second 表三's (全区汇总): the second
        starts at the second grid that has a 本年新收 row (a table split over two grids keeps
        its rows together)."""
        grids = self.by_kind.get("表三", [])
        starts = [i for i, g in enumerate(grids) if "本年新收" in g.joined]
        if len(starts) < 2:
            return grids, []
        return grids[: starts[1]], grids[starts[1] :]

    def anchor(self, f: Finding) -> CellAnchor | None:
        if f.section.startswith("表三（") and f.section.endswith("）"):
            summary = self.t3_tables()[1]
            if not summary or f.location == f.section:
                return CellAnchor(summary[0].position, 0, 0) if summary else None
            return self._t3(summary, f.location)
        section = f.section if f.section in _TABLE_SECTIONS else None
        if section is None:
            return None
        grids = self.by_kind.get(section, [])
        if not grids:
            return None
        if f.location == section:
            return CellAnchor(grids[0].position, 0, 0)
        if section == "表三":
            return self._t3(self.t3_tables()[0], f.location)
        if section == "表四":
            return self._t4(grids, f.location)
        return self._t2(grids, f.location)

    # 表三 ---------------------------------------------------------------------------------

    def _t3(self, grids: Sequence[_Grid], location: str) -> CellAnchor | None:
        if grids[0].position not in self._t3_cache:  # the same for every finding: looked up once
            self._t3_cache[grids[0].position] = (
                _t3_rows(grids),
                _header_columns(grids, APPLICANT_COLUMNS),
            )
        rows, headers = self._t3_cache[grids[0].position]
        if location.endswith("列") and location[:-1] in APPLICANT_COLUMNS:
            column = location[:-1]
            if column in headers:
                return headers[column]
            total = rows.get("总计")
            return self._t3_cell(total, column, headers) if total else None
        first = location.split(" 至 ", 1)[0]
        parts = [p.strip() for p in first.split(" / ")]
        key = _t3_key(self.report, parts[0])
        row = rows.get(key) if key else None
        if row is None:
            return None
        if len(parts) > 1 and parts[1].removesuffix("列") in APPLICANT_COLUMNS:
            return self._t3_cell(row, parts[1].removesuffix("列"), headers) or row.label_anchor()
        return row.label_anchor()

    @staticmethod
    def _t3_cell(row: _Row, column: str, headers: dict[str, CellAnchor]) -> CellAnchor | None:
        """The row's cell under ``column``: by the printed header when the table has one
        (merged headers keep their grid column), else counting the seven values from the
        right (a table split across pages may repeat no header)."""
        header = headers.get(column)
        cells = row.grid.rows[row.index]
        if (
            header is not None
            and header.table == row.grid.position
            and header.column < len(cells)
            and cells[header.column] is not None
            and (not row.label_columns or header.column > row.label_columns[0])
        ):
            return CellAnchor(row.grid.position, row.index, header.column)
        i = APPLICANT_COLUMNS.index(column)
        width = len(APPLICANT_COLUMNS)
        if len(row.value_columns) >= width:
            return row.value_anchor(len(row.value_columns) - width + i)
        return None

    # 表四 ---------------------------------------------------------------------------------

    def _t4(self, grids: Sequence[_Grid], location: str) -> CellAnchor | None:
        data = None  # the data row: the last row of mostly numbers
        for grid in grids:
            for i, row in enumerate(grid.rows):
                cells = [j for j, c in enumerate(row) if c is not None]
                start = next((k for k, j in enumerate(cells) if is_value_text(row[j])), 0)
                values = cells[start:]  # after any label; 若干 in the middle keeps its column
                if sum(1 for j in values if is_value_text(row[j])) >= 5:
                    data = _Row(grid, i, tuple(cells[:start]), tuple(values))
        parts = [p.strip() for p in location.split(" / ")]
        group = next((p for p in parts if p in T4_GROUPS), None)
        result = parts[-1] if len(parts) > 1 else None
        if (
            data is not None
            and (group, result) in T4_COLUMNS
            and len(data.value_columns) >= len(T4_COLUMNS)
        ):
            offset = len(data.value_columns) - len(T4_COLUMNS)
            return data.value_anchor(offset + T4_COLUMNS.index((group, result)))
        if group is not None:
            header = _header_columns(grids, (group,)).get(group)
            if header is not None:
                return header
            if data is not None and len(data.value_columns) >= len(T4_COLUMNS):
                offset = len(data.value_columns) - len(T4_COLUMNS)
                return data.value_anchor(offset + 5 * T4_GROUPS.index(group))
        if data is not None and data.value_columns:
            return data.value_anchor(0)
        return None

    # 表二 ---------------------------------------------------------------------------------

    def _t2(self, grids: Sequence[_Grid], location: str) -> CellAnchor | None:
        parts = [p.strip() for p in location.split(" / ")]
        if parts[0].startswith("第二十条") and len(parts) > 1:
            parts = parts[1:]
        item, column = parts[0], (parts[1] if len(parts) > 1 else None)
        target = _compact(item)
        for row, text in _data_rows(grids):
            if not (text == target or (len(text) >= 2 and target.endswith(text))):
                continue
            items = T2_ITEMS_2021 if self.report.format == "2021" else T2_ITEMS_2019
            columns = next((cols for name, (_p, cols) in items.items() if name == item), ())
            if column is not None and column in columns:
                return row.value_anchor(columns.index(column)) or row.label_anchor()
            return row.label_anchor()
        return None


# --- paragraphs ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Para:
    position: int
    text: str
    heading_level: int | None
    plain: str = ""
    """``plain(text)``, computed once: every quote is looked for in every paragraph."""
    compact: str = ""


def _paragraphs(document: Document) -> list[_Para]:
    """The positioned paragraphs, one per source paragraph (lines split at breaks joined)."""
    out: list[_Para] = []
    for block in document.blocks:
        if not isinstance(block, Paragraph) or block.position is None:
            continue
        if out and out[-1].position == block.position:
            last = out[-1]
            out[-1] = _Para(last.position, f"{last.text}\n{block.text}", last.heading_level)
        else:
            out.append(_Para(block.position, block.text, block.heading_level))
    return [
        _Para(p.position, p.text, p.heading_level, plain(p.text), _compact(p.text)) for p in out
    ]


_QUOTE = re.compile(r"「([^「」]+)」")


def _quotes(f: Finding) -> list[str]:
    """Text the finding quotes, most specific first: its 「…」 quotes, their pieces (a quote
    may run across a line break, printed as a space), then the actual value."""
    out: list[str] = []
    for quote in _QUOTE.findall(f.message):
        out.append(quote)
        out += sorted(quote.split(), key=len, reverse=True)
    if f.actual:
        out.append(f.actual)
    seen: list[str] = []
    for q in out:
        q = plain(q)
        if len(q) >= _MIN_QUOTE and q not in seen:
            seen.append(q)
    return seen


_CLAUSE_STOPS = frozenset("，,。；;！!？?：:\n")


def _whole_clause(text: str, quote: str) -> str:
    """The quote widened to the clause it sits in: the checks quote a window of characters
    around what they found ("…统计期限自20231年1月1日起至2023年1"), a colleague marks the
    clause ("本报告所列数据的统计期限自20231年1月1日起至2023年12月31日止")."""
    start = text.find(quote)
    end = start + len(quote)
    while start > 0 and text[start - 1] not in _CLAUSE_STOPS:
        start -= 1
    while end < len(text) and text[end] not in _CLAUSE_STOPS:
        end += 1
    return text[start:end]


class _Paragraphs:
    def __init__(self, document: Document, report: AnnualReport) -> None:
        self.items = _paragraphs(document)
        self.report = report
        self.title = self._title()
        self.headings = {key: self._heading(key) for key in SECTION_TITLES}

    def _title(self) -> _Para | None:
        target = _compact(self.report.title)
        nonempty = [p for p in self.items if p.text.strip()]
        for candidate in (
            (p for p in nonempty if target and _compact(p.text) == target),
            (p for p in nonempty if "年度报告" in p.text),
            iter(nonempty),
            iter(self.items),
        ):
            found = next(candidate, None)
            if found is not None:
                return found
        return None

    def _heading(self, key: str) -> int | None:
        """Index in ``items`` of the section's heading paragraph."""
        section = self.report.section(key)
        titles = [_compact(section.title)] if section is not None and section.title else []
        titles.append(_compact(SECTION_TITLES[key]))
        for title in titles:
            for i, p in enumerate(self.items):
                text = p.compact
                if text.endswith(title) and len(_unnumbered(text)) <= len(title) + 2:
                    return i
        return None

    def section_range(self, key: str) -> tuple[int, int] | None:
        start = self.headings.get(key)
        if start is None:
            return None
        later = [i for i in self.headings.values() if i is not None and i > start]
        return start, min(later, default=len(self.items))

    def typed_table_row(self, f: Finding) -> ParagraphAnchor | None:
        """A table typed as lines of text (tabs or spaces between the cells, no Word table):
        the line that starts with the row's label, or the header line naming the column,
        within the table's section (表三 under 三、…)."""
        span = self.section_range(f.section.removeprefix("表"))
        if span is None or f.location == f.section:
            return None
        if f.location.endswith("列"):
            column = f.location.removesuffix("列")
            for p in self.items[span[0] + 1 : span[1]]:
                if column in (_compact(c) for c in re.split(r"\t|\s{2,}|\|", p.text)):
                    return ParagraphAnchor(p.position)
            return None
        first = f.location.split(" 至 ", 1)[0]
        label = first.split(" / ", 1)[0].strip()
        words = [w for w in (_unnumbered(label), label.rsplit(" ", 1)[-1]) if len(w) >= 2]
        for p in self.items[span[0] + 1 : span[1]]:
            text = _compact(p.text)
            if any(
                text.startswith(w) or _unnumbered(text).startswith(_unnumbered(w)) for w in words
            ):
                return ParagraphAnchor(p.position)
        return None

    def anchor(self, f: Finding) -> ParagraphAnchor | None:
        span = self.section_range(f.section) if f.section in SECTION_TITLES else None
        regions = [span] if span else []
        regions.append((0, len(self.items)))
        for quote in _quotes(f):
            for start, end in regions:
                for p in self.items[start:end]:
                    if quote in p.plain:
                        return ParagraphAnchor(p.position, _whole_clause(p.plain, quote))
        if f.section in SECTION_TITLES and span is not None:
            return ParagraphAnchor(self.items[span[0]].position)
        if (f.section == "标题" or f.location == "标题") and self.title is not None:
            return ParagraphAnchor(self.title.position)
        return None


# --- the plan ----------------------------------------------------------------------------------


def comment_text(f: Finding) -> str:
    """What a colleague would write in the margin: what is wrong, expected and actual, the fix."""
    lines = [f"【{_SEVERITY_WORD.get(f.severity, f.severity)}】{f.message}"]
    if f.expected is not None or f.actual is not None:
        lines.append(f"应为：{f.expected or '—'}；实际：{f.actual or '—'}")
    lines.append(f"修改建议：{f.fix}")
    where = f.location if f.location.startswith(f.section) else f"{f.section} {f.location}"
    if f.section in SECTION_TITLES or f.section == "全文":
        where = f.location
    lines.append(f"（{f.code}，{where}；依据：{f.source}）")
    return "\n".join(lines)


def summary_text(findings: Sequence[Finding], unplaced: Sequence[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    if not findings:
        return f"{AUTHOR}检查意见：未发现问题。"
    lines = [
        f"{AUTHOR}检查意见：错误 {counts[Severity.ERROR]} 处，警告 {counts[Severity.WARNING]} 处，"
        f"提示 {counts[Severity.INFO]} 处。"
    ]
    placed = len(findings) - len(unplaced)
    if placed:
        lines.append(f"其中 {placed} 条已作为批注标在文中对应位置。")
    if unplaced:
        lines.append("以下意见在文中没有对应位置：")
        for i, f in enumerate(unplaced, 1):
            expected = f"应为：{f.expected or '—'}；实际：{f.actual or '—'}。" if f.expected else ""
            lines.append(
                f"{i}. 【{_SEVERITY_WORD.get(f.severity, f.severity)}】{f.message.rstrip('。')}。"
                f"{expected}修改建议：{f.fix}"
            )
    lines.append("修改后可再次发送检查。")
    return "\n".join(lines)


def plan_review(
    document: Document, report: AnnualReport, findings: Sequence[Finding]
) -> ReviewPlan:
    """Place every finding in ``document`` (as read by the DOCX reader, with positions).

    Raises ValueError when the document has no recorded positions (not read from a DOCX)."""
    tables = _Tables(document, report)
    paragraphs = _Paragraphs(document, report)
    placed: list[ReviewComment] = []
    unplaced: list[Finding] = []
    for f in findings:
        anchor: Anchor | None = tables.anchor(f)
        if anchor is None and f.section not in _TABLE_SECTIONS:
            anchor = paragraphs.anchor(f)
        elif anchor is None and not tables.by_kind.get(f.section):
            anchor = paragraphs.typed_table_row(f)
        if anchor is None:
            unplaced.append(f)
        else:
            placed.append(ReviewComment(anchor, comment_text(f), f))
    summary_anchor: Anchor
    if paragraphs.title is not None:
        summary_anchor = ParagraphAnchor(paragraphs.title.position)
    else:
        positions = [b.position for b in document.blocks if isinstance(b, Table)]
        first_table = next((p for p in positions if p is not None), None)
        if first_table is None:
            raise ValueError("the document has no source positions (not read from a DOCX)")
        summary_anchor = CellAnchor(first_table, 0, 0)
    summary = ReviewComment(summary_anchor, summary_text(findings, unplaced))
    return ReviewPlan(comments=(summary, *placed), unplaced=tuple(unplaced))
