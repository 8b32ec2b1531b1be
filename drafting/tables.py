"""The three tables of the 2021 format as grids with merged cells, filled from the data.

One layout serves both outputs: the DOCX writer merges the ranges into real Word cells, the
Markdown writer flattens them the way the format file does (a horizontally merged cell is
written once, a vertically merged one-column cell is repeated on each row it covers, so every
row reads on its own). The labels come from ``ingest.model``, the same strings the parser and
the checker look for, so a drafted table always reads back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ingest.model import APPLICANT_COLUMNS, T2_ITEMS_2021, T3_ROWS_2021, T4_GROUPS, T4_RESULTS

Merge = tuple[int, int, int, int]
"""An inclusive range ``(first row, first column, last row, last column)``."""

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_OUTCOMES = "三、本年度办理结果"
LEGAL_PERSONS = "法人或其他组织"


@dataclass(frozen=True, slots=True)
class Grid:
    """A table: the text of every position (``""`` where nothing is written), the merged
    ranges, how many rows are header rows, how many leading columns hold labels, and the
    column widths in millimetres (A4 portrait text width)."""

    name: str
    rows: tuple[tuple[str, ...], ...]
    merges: tuple[Merge, ...]
    header_rows: int
    label_cols: int
    widths_mm: tuple[float, ...]

    @property
    def n_cols(self) -> int:
        return len(self.widths_mm)

    def owner(self, r: int, c: int) -> Merge | None:
        """The merged range covering ``(r, c)``, if any."""
        return next((m for m in self.merges if m[0] <= r <= m[2] and m[1] <= c <= m[3]), None)

    def flat_rows(self) -> list[list[str]]:
        """Rows as the Markdown/text form prints them (see module docstring)."""
        out: list[list[str]] = []
        for r, row in enumerate(self.rows):
            cells: list[str] = []
            for c in range(self.n_cols):
                m = self.owner(r, c)
                if m is None or (r, c) == (m[0], m[1]):
                    cells.append(row[c])
                elif m[1] == m[3] and c == m[1]:
                    cells.append(self.rows[m[0]][c])  # vertical, one column wide: repeat
                else:
                    cells.append("")
            out.append(cells)
        return out

    def to_markdown(self) -> str:
        """A pipe table; the first grid row is the Markdown header row."""
        lines: list[str] = []
        for i, cells in enumerate(self.flat_rows()):
            lines.append("| " + " | ".join(c.replace("|", "｜") for c in cells) + " |")
            if i == 0:
                lines.append("|" + "---|" * self.n_cols)
        return "\n".join(lines)


def cell_text(value: Any) -> str:
    """A data value as printed: integers plainly, decimals without exponent, blank as ""."""
    if value is None:
        return ""
    if isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def table2(active: Mapping[str, Any]) -> Grid:
    """表二: one four-column table, a caption row per 第二十条 paragraph, then its header
    (信息内容 …) and its items, as in the format's Word template."""
    rows: list[tuple[str, ...]] = []
    merges: list[Merge] = []
    paragraphs: dict[str, list[str]] = {}
    for item, (para, _cols) in T2_ITEMS_2021.items():
        paragraphs.setdefault(para, []).append(item)
    for para, items in paragraphs.items():
        cols = T2_ITEMS_2021[items[0]][1]
        merges.append((len(rows), 0, len(rows), 3))
        rows.append((para, "", "", ""))
        if len(cols) == 1:
            merges.append((len(rows), 1, len(rows), 3))
        rows.append(("信息内容", *cols, *[""] * (3 - len(cols))))
        for item in items:
            value = active.get(item)
            values = value if isinstance(value, list) else [value]
            if len(cols) == 1:
                merges.append((len(rows), 1, len(rows), 3))
            texts = [cell_text(v) for v in values]
            rows.append((item, *texts, *[""] * (3 - len(texts))))
    return Grid("表二", tuple(rows), tuple(merges), 0, 1, (52.0, 34.0, 34.0, 36.0))


def _t3_label(label: str) -> tuple[str, str]:
    """``"（三）不予公开 1.属于国家秘密"`` -> (group, item); without a group -> ("", label)."""
    group, _, item = label.partition(" ")
    return (group, item) if item else ("", label)


def table3(applications: Mapping[str, Any]) -> Grid:
    """表三: three header rows (申请人情况 / 自然人, 法人或其他组织, 总计 / the five kinds),
    then the 25 rows; 三、本年度办理结果 and each （三）…（六） group merged down its rows."""
    kinds = APPLICANT_COLUMNS[1:6]
    rows: list[tuple[str, ...]] = [
        (T3_NOTE, "", "", "申请人情况", *[""] * 6),
        ("", "", "", APPLICANT_COLUMNS[0], LEGAL_PERSONS, "", "", "", "", APPLICANT_COLUMNS[6]),
        ("", "", "", "", *kinds, ""),
    ]
    merges: list[Merge] = [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9)]
    first_outcome = last_outcome = None
    groups: dict[str, list[int]] = {}
    for i, (key, label) in enumerate(T3_ROWS_2021):
        r = len(rows)
        values = [cell_text(v) for v in (applications.get(key) or [None] * 7)]
        top_level = i < 2 or i == len(T3_ROWS_2021) - 1
        if top_level:
            rows.append((label, "", "", *values))
            merges.append((r, 0, r, 2))
            continue
        first_outcome = r if first_outcome is None else first_outcome
        last_outcome = r
        group, item = _t3_label(label)
        if group:
            groups.setdefault(group, []).append(r)
            rows.append((T3_OUTCOMES if r == first_outcome else "", group, item, *values))
        else:
            rows.append((T3_OUTCOMES if r == first_outcome else "", item, "", *values))
            merges.append((r, 1, r, 2))
    assert first_outcome is not None and last_outcome is not None
    merges.append((first_outcome, 0, last_outcome, 0))
    for group, members in groups.items():
        start, end = members[0], members[-1]
        rows[start] = (rows[start][0], group, *rows[start][2:])
        for r in members[1:]:
            rows[r] = (rows[r][0], "", *rows[r][2:])
        merges.append((start, 1, end, 1))
    widths = (13.0, 19.0, 44.0, *[11.4] * 7)
    return Grid("表三", tuple(rows), tuple(merges), 3, 3, widths)


def table4(review: list[Any]) -> Grid:
    """表四: 行政复议 (five columns) and 行政诉讼 (未经复议直接起诉, 复议后起诉, five each),
    three header rows, one data row."""
    n = len(T4_GROUPS) * len(T4_RESULTS)
    row0 = [""] * n
    row1 = [""] * n
    row2 = [""] * n
    merges: list[Merge] = [(0, 0, 0, 4), (0, 5, 0, n - 1), (1, 5, 1, 9), (1, 10, 1, 14)]
    row0[0], row0[5] = T4_GROUPS[0], "行政诉讼"
    row1[5], row1[10] = T4_GROUPS[1], T4_GROUPS[2]
    for c, result in enumerate(T4_RESULTS):
        row1[c] = result
        merges.append((1, c, 2, c))
        row2[5 + c] = result
        row2[10 + c] = result
    data = [cell_text(v) for v in review]
    rows = (tuple(row0), tuple(row1), tuple(row2), tuple(data))
    return Grid("表四", rows, tuple(merges), 3, 0, tuple([156.0 / n] * n))


def tables_for(data: Mapping[str, Any]) -> dict[str, Grid]:
    """The three grids of a validated data dict, by name (表二, 表三, 表四)."""
    return {
        "表二": table2(data["active"]),
        "表三": table3(data["applications"]),
        "表四": table4(data["review_litigation"]),
    }
