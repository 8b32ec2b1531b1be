"""Rules on 表三 (收到和处理政府信息公开申请情况): its rows, cells and 勾稽关系."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from checks._common import (
    MAX_ROWS_LISTED,
    Reading,
    count_of,
    diagnostics,
    join_labels,
    label_deviations,
    read,
    shifted_rows,
    sum_mismatch,
)
from checks.registry import CheckContext, Finding, Severity, finding, rule
from ingest.model import (
    APPLICANT_COLUMNS,
    OUTCOME_KEYS_2019,
    OUTCOME_KEYS_2021,
    T3_ROWS_2019,
    T3_ROWS_2021,
    AnnualReport,
    Cell,
    TableRow,
    t3_rows_for,
)

SOURCE_FORMAT = "国办公开办函〔2021〕30号格式 表三（2019年试行格式同）"
SOURCE_BALANCE = "表三勾稽关系说明（第一项加第二项之和，等于第三项加第四项之和）"
SOURCE_DERIVED = "国办公开办函〔2021〕30号格式 表三（总计列与（七）总计的含义）"
SOURCE_CELL = "表三勾稽关系说明；国办公开办函〔2021〕30号格式 表三（总计列与（七）总计的含义）"
BALANCE_KEYS: tuple[str, ...] = ("新收", "上年结转", "总计", "结转下年度")
"""The rows of 一 + 二 = （七）总计 + 四, left side first."""
WIDTH = len(APPLICANT_COLUMNS)


def _name(report: AnnualReport) -> str:
    """How the messages call the table: 表三, or a second 表三's own name (表三（全区汇总）)."""
    return report.applications.name if report.applications is not None else "表三"


def _label(report: AnnualReport, key: str) -> str:
    return dict(t3_rows_for(report.format)).get(key, key)


def _usable(report: AnnualReport, keys: Sequence[str]) -> list[TableRow] | None:
    """The rows for ``keys`` when all are present with 7 trustworthy cells, else None (the
    arithmetic on a missing or shifted row would only repeat T3-ROW or T3-CELLS)."""
    if report.applications is None:
        return None
    shifted = shifted_rows(report)
    rows = [report.applications.get(k) for k in keys]
    if any(r is None or r.key in shifted or len(r.cells) != WIDTH for r in rows):
        return None
    return [r for r in rows if r is not None]


def _blank_note(blanks: bool) -> str:
    return "（空白按 0 计）" if blanks else ""


@rule("T3-ROW", Severity.ERROR, Severity.WARNING, section="表三", source=SOURCE_FORMAT)
def t3_row(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """表三 is missing (error), a required row is missing (error) or a row label deviates from
    the format (warning).

    Why: 条例第五十条第（二）项 requires the 收到和处理政府信息公开申请 figures, and the format
    fixes the table's rows; a checker that cannot read the table must say so, not pass it.

    Fails: a report without 表三; a 2021 report without the row "（六）其他处理 3.其他".
    Passes: all 25 rows of the 2021 format (23 of the 2019 format) with their printed labels.
    """
    name = _name(report)
    table = report.applications
    if table is None or not table.rows:
        yield finding(
            "T3-ROW",
            Severity.ERROR,
            location="表三",
            expected="收到和处理政府信息公开申请情况表",
            actual="未找到",
            message="未找到表三（收到和处理政府信息公开申请情况），无法核对申请数据",
            fix="按格式填报表三；如表格是图片，请换成可复制文字的版本",
        )
        return
    kept_old_row = any(
        d.kind == "label" and d.section == "表三" and d.location == "（六）其他处理"
        for d in report.diagnostics
    )
    merged = {"其他处理.逾期不补正", "其他处理.逾期未缴费"} if kept_old_row else set()
    missing = [
        (k, label)
        for k, label in t3_rows_for(report.format)
        if k not in table.rows and k not in merged
    ]
    if len(missing) <= MAX_ROWS_LISTED:
        for _key, label in missing:
            yield finding(
                "T3-ROW",
                Severity.ERROR,
                location=label,
                expected=label,
                actual="缺失",
                message=f"{name}缺少「{label}」一行",
                fix=f"按格式补上「{label}」一行，没有数据的填 0",
            )
    else:
        labels = [label for _k, label in missing]
        yield finding(
            "T3-ROW",
            Severity.ERROR,
            location="表三",
            expected=f"{len(t3_rows_for(report.format))} 行",
            actual=f"缺少 {len(missing)} 行",
            message=f"{name}缺少 {len(missing)} 行：{join_labels(labels)}",
            fix=f"按格式补齐{name}各行，没有数据的填 0",
        )
    yield from label_deviations(report, "T3-ROW", "表三", "行名", shown=_name(report))


@rule("T3-CELLS", Severity.WARNING, section="表三", source=SOURCE_FORMAT)
def t3_cells(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A 表三 row has more or fewer values than its 7 columns (a lost or shifted cell); one
    finding per row, or one for the table when many rows are off.

    Why: the format gives every row 7 columns (六类申请人 and 总计); a row with 6 or 8 values
    means a cell was lost or split, so its numbers may sit under the wrong applicant.

    Fails: "（一）予以公开  0 0 0 0 0 0" (6 values).
    Passes: "（一）予以公开  0 0 0 0 0 0 0".
    """
    name = _name(report)
    shifted = shifted_rows(report)
    order = [k for k, _l in t3_rows_for(report.format)]
    keys = sorted(shifted, key=lambda k: order.index(k) if k in order else len(order))
    repaired = _repaired_cells(report)
    if len(keys) > MAX_ROWS_LISTED:
        by_count: dict[str, list[str]] = {}
        for key in keys:
            by_count.setdefault(shifted[key], []).append(f"「{_label(report, key)}」")
        parts = [f"{''.join(labels)} 有 {n} 个" for n, labels in by_count.items()]
        first, last = _label(report, keys[0]), _label(report, keys[-1])
        yield finding(
            "T3-CELLS",
            Severity.WARNING,
            location=f"{first} 至 {last}",
            expected=str(WIDTH),
            actual=join_labels(by_count),
            message=f"{name}有 {len(keys)} 行的数值个数与 {WIDTH} 列不符：{'；'.join(parts)}，"
            "可能漏填或错列" + _repair_note([c for k in keys for c in repaired.get(k, [])]),
            fix="逐行核对这些行：自然人、五类法人或其他组织、总计各一个数，没有的填 0",
        )
        return
    for key in keys:
        count = shifted[key]
        label = _label(report, key)
        yield finding(
            "T3-CELLS",
            Severity.WARNING,
            location=label,
            expected=str(WIDTH),
            actual=count,
            message=f"{name}「{label}」一行读到 {count} 个数值，格式要求 {WIDTH} 个，可能漏填或错列"
            + _repair_note(repaired.get(key, [])),
            fix="逐格核对该行：自然人、五类法人或其他组织、总计各一个数，没有的填 0",
        )


def _repaired_cells(report: AnnualReport) -> dict[str, list[str]]:
    """The cells the parser put back from a row's arithmetic, by row: "「予以公开 / 商业企业」1"."""
    out: dict[str, list[str]] = {}
    table = report.applications
    if table is None:
        return out
    for key, row in table.rows.items():
        for column, cell in zip(APPLICANT_COLUMNS, row.cells, strict=False):
            if cell.inferred:
                out.setdefault(key, []).append(f"「{_label(report, key)} / {column}」{cell.text}")
    return out


def _repair_note(cells: list[str]) -> str:
    """Every repaired cell is listed, so the clerk checks what the checker assumed."""
    if not cells:
        return ""
    return f"；以下单元格是按本行合计推算补出的，请核对原表：{'、'.join(cells)}"


def _rows_in_order(report: AnnualReport) -> list[TableRow]:
    table = report.applications
    if table is None:
        return []
    return [table.rows[k] for k, _l in t3_rows_for(report.format) if k in table.rows]


def _columns(cells: Sequence[Cell], state: Reading) -> list[str]:
    return [APPLICANT_COLUMNS[i] for i, c in enumerate(cells[:WIDTH]) if read(c) is state]


@rule("T3-VALUE", Severity.ERROR, Severity.WARNING, section="表三", source=SOURCE_FORMAT)
def t3_value(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A 表三 cell is not a non-negative integer (error); "/" or "—" instead of 0 (warning).

    Why: the format counts applications (件), so each cell is a whole number; "/" is not in
    the format, and is read as 0 for the 勾稽关系.

    Fails: "（一）予以公开 / 自然人" holding "2.5", "-1" or "若干"; a row of "/".
    Passes: every cell a whole number, 0 where there is nothing.
    """
    name = _name(report)
    rows = _rows_in_order(report)
    for row in rows:
        label = _label(report, row.key)
        for i, cell in enumerate(row.cells[:WIDTH]):
            if read(cell) is Reading.BAD:
                yield finding(
                    "T3-VALUE",
                    Severity.ERROR,
                    location=f"{label} / {APPLICANT_COLUMNS[i]}",
                    expected="非负整数",
                    actual=cell.text,
                    message=f"{name}「{label}」行「{APPLICANT_COLUMNS[i]}」列填的是「{cell.text}」，"
                    "不是件数（非负整数）",
                    fix="改为件数（非负整数），没有的填 0",
                )
    marked = [(r, _columns(r.cells, Reading.NOT_APPLICABLE)) for r in rows]
    marked = [(r, cols) for r, cols in marked if cols]
    if len(marked) <= MAX_ROWS_LISTED:
        for row, cols in marked:
            label = _label(report, row.key)
            texts = sorted({c.text for c in row.cells if read(c) is Reading.NOT_APPLICABLE})
            yield finding(
                "T3-VALUE",
                Severity.WARNING,
                location=label,
                expected="0",
                actual=join_labels(texts),
                message=f"{name}「{label}」行的 {join_labels(cols)} 列"
                f"填了「{join_labels(texts)}」，格式要求填数字，核对时按 0 计",
                fix="将「/」「—」改为 0",
            )
    else:
        n_cells = sum(len(cols) for _r, cols in marked)
        first, last = _label(report, marked[0][0].key), _label(report, marked[-1][0].key)
        # the marks as written ("无" is not "/"): the clerk looks for what the message quotes
        marks = "或".join(
            f"「{t}」"
            for t in sorted(
                {c.text for r, _ in marked for c in r.cells if read(c) is Reading.NOT_APPLICABLE}
            )
        )
        yield finding(
            "T3-VALUE",
            Severity.WARNING,
            location=f"{first} 至 {last}",
            expected="0",
            actual=f"{n_cells} 格填{marks}",
            message=f"{name}有 {len(marked)} 行共 {n_cells} 个单元格填了{marks}，"
            "格式要求填数字，核对时按 0 计",
            fix=f"将{name}中的{marks}都改为 0",
        )


@rule("T3-BLANK", Severity.WARNING, section="表三", source=SOURCE_FORMAT)
def t3_blank(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """表三 has blank cells (one finding per row; one for the table when many rows are blank).

    Why: the format wants a number in every cell, 0 where there is nothing; a blank cannot
    be told from a lost value, so the 勾稽关系 cannot be fully checked.

    Fails: "二、上年结转政府信息公开申请数量" with only 总计 filled.
    Passes: every cell filled, 0 where there is nothing.
    """
    name = _name(report)
    shifted = shifted_rows(report)
    rows = [r for r in _rows_in_order(report) if r.key not in shifted]
    blank = [(r, _columns(r.cells, Reading.BLANK)) for r in rows]
    blank = [(r, cols) for r, cols in blank if cols]
    if not blank:
        return
    n_cells = sum(len(cols) for _r, cols in blank)
    if len(blank) <= MAX_ROWS_LISTED:
        for row, cols in blank:
            label = _label(report, row.key)
            where = "整行空白" if len(cols) == WIDTH else f"{join_labels(cols)} 列为空白"
            yield finding(
                "T3-BLANK",
                Severity.WARNING,
                location=label,
                expected="0",
                actual="空白",
                message=f"{name}「{label}」行{where}，格式要求没有数据的填 0",
                fix="在空白格中填 0（或实际件数）",
            )
        return
    first, last = _label(report, blank[0][0].key), _label(report, blank[-1][0].key)
    if n_cells == len(rows) * WIDTH:
        what = f"{name}全部空白"
    elif all(len(cols) == WIDTH for _r, cols in blank):
        what = f"{name}「{first}」至「{last}」等 {len(blank)} 行全部空白"
    else:
        columns = [c for c in APPLICANT_COLUMNS if any(c in cols for _r, cols in blank)]
        what = (
            f"{name}有 {len(blank)} 行共 {n_cells} 个单元格空白（涉及 {join_labels(columns)} 列）"
        )
    yield finding(
        "T3-BLANK",
        Severity.WARNING,
        location=f"{first} 至 {last}",
        expected="0",
        actual=f"{n_cells} 个空白单元格",
        message=f"{what}，格式要求没有数据的填 0",
        fix=f"在{name}所有空白格中填 0（或实际件数），再核对勾稽关系",
    )


@rule("T3-BALANCE", Severity.ERROR, section="表三", source=SOURCE_BALANCE)
def t3_balance(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """Per column: 一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度继续办理.

    Why: the 勾稽关系 printed on 表三 ("第一项加第二项之和，等于第三项加第四项之和"); every
    application received or carried in is either decided this year or carried forward.

    Fails: 自然人 column 新收 5, 上年结转 0, （七）总计 4, 结转下年度 0 (5 ≠ 4).
    Passes: 新收 5, 上年结转 1, （七）总计 5, 结转下年度 1.
    """
    name = _name(report)
    rows = _usable(report, ("新收", "上年结转", "总计", "结转下年度"))
    if rows is None:
        return
    new, carried_in, total, carried_out = rows
    for i, column in enumerate(APPLICANT_COLUMNS):
        lhs, rhs = [new.cells[i], carried_in.cells[i]], [total.cells[i], carried_out.cells[i]]
        bad = sum_mismatch(lhs, rhs)
        if bad is None:
            continue
        a, b, c, d = (count_of(x) or 0 for x in (*lhs, *rhs))
        yield finding(
            "T3-BALANCE",
            Severity.ERROR,
            location=f"{column}列",
            expected=str(bad.lhs),
            actual=str(bad.rhs),
            message=f"{name} {column}列：新收 {a} + 上年结转 {b} = {bad.lhs}，"
            f"但（七）总计 {c} + 结转下年度 {d} = {bad.rhs}{_blank_note(bad.blanks_read_as_zero)}",
            fix=f"核对{column}列的办理结果各项和结转下年度数，使 一+二 = （七）总计+四",
        )


@rule("T3-ROWSUM", Severity.ERROR, section="表三", source=SOURCE_DERIVED)
def t3_rowsum(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """Per row: 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他.

    Why: the 总计 column of 表三 totals the six kinds of applicant (the format's columns).

    A 法人或其他组织 小计 column some offices add is checked the same way (its five columns).

    Fails: "一、本年新收政府信息公开申请数量" 3 1 0 0 0 0 | 总计 5.
    Passes: 3 1 0 0 0 0 | 总计 4.
    """
    name = _name(report)
    for d in report.diagnostics:
        if d.kind == "subtotal":
            yield finding(
                "T3-ROWSUM",
                Severity.ERROR,
                location=f"{_label(report, d.location)} / 法人或其他组织小计",
                expected=d.expected,
                actual=d.actual,
                message=d.message,
                fix="核对该行法人或其他组织各列和小计列，使小计等于五列之和",
            )
    shifted = shifted_rows(report)
    for row in _rows_in_order(report):
        if row.key in shifted or len(row.cells) != WIDTH:
            continue
        bad = sum_mismatch(row.cells[:6], row.cells[6:])
        if bad is None:
            continue
        label = _label(report, row.key)
        yield finding(
            "T3-ROWSUM",
            Severity.ERROR,
            location=label,
            expected=str(bad.lhs),
            actual=str(bad.rhs),
            message=f"{name}「{label}」行：自然人至其他六列之和为 {bad.lhs}，"
            f"但总计列为 {bad.rhs}{_blank_note(bad.blanks_read_as_zero)}",
            fix="核对该行各申请人列和总计列，使总计等于六列之和",
        )


@rule("T3-OUTCOME", Severity.ERROR, section="表三", source=SOURCE_DERIVED)
def t3_outcome(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """Per column: （七）总计 = the sum of the outcome rows （一）…（六）.

    Why: "（七）总计" totals this year's outcomes, and the 部分公开 row says each application
    counts under one outcome only ("只计这一情形，不计其他情形").

    Fails: 自然人 column 予以公开 3, 部分公开 1, all else 0, （七）总计 5.
    Passes: the same with （七）总计 4.
    """
    name = _name(report)
    keys = OUTCOME_KEYS_2021 if report.format == "2021" else OUTCOME_KEYS_2019
    rows = _usable(report, (*keys, "总计"))
    if rows is None:
        return
    *outcomes, total = rows
    for i, column in enumerate(APPLICANT_COLUMNS):
        bad = sum_mismatch([r.cells[i] for r in outcomes], [total.cells[i]])
        if bad is None:
            continue
        yield finding(
            "T3-OUTCOME",
            Severity.ERROR,
            location=f"{column}列",
            expected=str(bad.lhs),
            actual=str(bad.rhs),
            message=f"{name} {column}列：（一）至（六）各项办理结果之和为 {bad.lhs}，"
            f"但（七）总计为 {bad.rhs}{_blank_note(bad.blanks_read_as_zero)}",
            fix=f"核对{column}列各项办理结果，使（七）总计等于（一）至（六）之和",
        )


# --- one mistyped cell ----------------------------------------------------------------------

Position = tuple[str, int]
"""A cell of 表三: its row key and column index (0…5 the applicants, 6 总计)."""


@dataclass(frozen=True, slots=True)
class Relation:
    """One 勾稽关系 as its rule checks it: sum of ``lhs`` = sum of ``rhs``. ``code`` and
    ``location`` are those of the finding its rule gives when it fails; ``what`` is how a
    message calls it from one of its cells (本行总计, 本列（七）总计, 本列 一+二=七+四)."""

    code: str
    location: str
    what: str
    lhs: tuple[Position, ...]
    rhs: tuple[Position, ...]

    @property
    def cells(self) -> tuple[Position, ...]:
        return (*self.lhs, *self.rhs)


@dataclass(frozen=True, slots=True)
class CellFix:
    """One cell that alone explains the relations through it: with ``expected`` in place of
    ``actual`` every one of ``relations`` holds."""

    key: str
    column: int
    actual: int
    expected: int
    relations: tuple[Relation, ...]


def _outcome_keys(report: AnnualReport) -> tuple[str, ...]:
    return OUTCOME_KEYS_2021 if report.format == "2021" else OUTCOME_KEYS_2019


def _relations_on(key: str, outcome_keys: Sequence[str]) -> int:
    """How many of the format's relations a cell of row ``key`` is in: its row's sum, its
    column's （七）总计 when it is an outcome or the total, its column's balance."""
    return 1 + (key in (*outcome_keys, "总计")) + (key in BALANCE_KEYS)


def _relations(report: AnnualReport) -> list[Relation]:
    """Every relation T3-ROWSUM, T3-OUTCOME and T3-BALANCE check on this table, on the rows
    they check (a shifted or missing row takes its relations out, as in those rules)."""
    table = report.applications
    if table is None:
        return []
    out: list[Relation] = []
    shifted = shifted_rows(report)
    for row in _rows_in_order(report):
        if row.key in shifted or len(row.cells) != WIDTH:
            continue
        out.append(
            Relation(
                "T3-ROWSUM",
                _label(report, row.key),
                "本行总计",
                tuple((row.key, i) for i in range(6)),
                ((row.key, 6),),
            )
        )
    outcomes = _outcome_keys(report)
    if _usable(report, (*outcomes, "总计")) is not None:
        for i, column in enumerate(APPLICANT_COLUMNS):
            lhs = tuple((k, i) for k in outcomes)
            out.append(Relation("T3-OUTCOME", f"{column}列", "本列（七）总计", lhs, (("总计", i),)))
    if _usable(report, BALANCE_KEYS) is not None:
        new, carried_in, total, carried_out = BALANCE_KEYS
        for i, column in enumerate(APPLICANT_COLUMNS):
            out.append(
                Relation(
                    "T3-BALANCE",
                    f"{column}列",
                    "本列 一+二=七+四",
                    ((new, i), (carried_in, i)),
                    ((total, i), (carried_out, i)),
                )
            )
    return out


def _unsure(report: AnnualReport) -> bool:
    """Rows read shifted, cells the parser put back, a 小计 column that disagrees: the cells
    may not be where the table printed them, so no cell is named as the mistake."""
    table = report.applications
    if table is None or shifted_rows(report) or diagnostics(report, "subtotal", "表三"):
        return True
    return any(c.inferred for row in table.rows.values() for c in row.cells)


def single_cell_fixes(report: AnnualReport) -> list[CellFix]:
    """The cells that each alone explain failing relations of 表三, in the format's order.

    A cell qualifies when every relation the format puts on it (two, or three for （七）总计)
    fails, none of them holds a blank (a blank read as 0 may be the mistake), and one value
    ``v >= 0`` in its place makes all of them hold. When a failing relation could be explained
    by two such cells (one of them even with ``v < 0``), neither is named: the separate
    findings stay, and the clerk decides.
    """
    table = report.applications
    if table is None or _unsure(report):
        return []
    grid = {key: row.cells for key, row in table.rows.items()}
    all_relations = _relations(report)

    def cell(p: Position) -> Cell:
        return grid[p[0]][p[1]]

    def sides(rel: Relation) -> tuple[int, int] | None:
        """The two sums when no cell is blank or unreadable, else None."""
        if any(read(cell(p)) not in (Reading.COUNT, Reading.NOT_APPLICABLE) for p in rel.cells):
            return None
        left = sum(count_of(cell(p)) or 0 for p in rel.lhs)
        return left, sum(count_of(cell(p)) or 0 for p in rel.rhs)

    failing = {
        rel
        for rel in all_relations
        if sum_mismatch([cell(p) for p in rel.lhs], [cell(p) for p in rel.rhs]) is not None
    }
    outcomes = _outcome_keys(report)
    candidates: list[CellFix] = []
    for key, i in sorted({p for rel in failing for p in rel.cells}):
        through = tuple(rel for rel in all_relations if (key, i) in rel.cells)
        if len(through) < 2 or len(through) != _relations_on(key, outcomes):
            continue  # a relation of this cell was not checked: it cannot be pinned down
        here = cell((key, i))
        if read(here) is not Reading.COUNT or here.value is None:
            continue
        wanted: set[int] = set()
        for rel in through:
            sums = sides(rel) if rel in failing else None
            if sums is None:
                break
            left, right = sums
            wanted.add(here.value + (right - left if (key, i) in rel.lhs else left - right))
        else:
            if len(wanted) == 1:
                candidates.append(CellFix(key, i, here.value, wanted.pop(), through))
    # a negative value is no fix, but it is a rival explanation all the same: it counts here
    claims = Counter(rel for c in candidates for rel in c.relations)
    order = [k for k, _l in t3_rows_for(report.format)]
    return sorted(
        (c for c in candidates if c.expected >= 0 and all(claims[rel] == 1 for rel in c.relations)),
        key=lambda c: (order.index(c.key) if c.key in order else len(order), c.column),
    )


_COUNT_WORDS = {2: "两", 3: "三"}
_KEY_OF_LABEL = {label: key for key, label in (*T3_ROWS_2021, *T3_ROWS_2019)}


def _replaced_by_cell(f: Finding) -> list[tuple[str, str]]:
    """The row and column findings a T3-CELL finding stands for: every relation the format
    puts on its cell (T3-CELL names a cell only when all of them fail)."""
    label, _sep, column = f.location.partition(" / ")
    key = _KEY_OF_LABEL.get(label)
    if key is None or column not in APPLICANT_COLUMNS:
        return []
    out = [("T3-ROWSUM", label)]
    if key in (*OUTCOME_KEYS_2021, *OUTCOME_KEYS_2019, "总计"):
        out.append(("T3-OUTCOME", f"{column}列"))
    if key in BALANCE_KEYS:
        out.append(("T3-BALANCE", f"{column}列"))
    return out


@rule("T3-CELL", Severity.ERROR, section="表三", source=SOURCE_CELL, replaces=_replaced_by_cell)
def t3_cell(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """One mistyped 表三 cell breaks its row's 总计 and its column's sums: reported once, at the
    cell, with the value that makes them all hold, instead of as T3-ROWSUM, T3-OUTCOME and
    T3-BALANCE findings.

    Why: a wrong 「（七）总计 / 自然人」 fails the row's 总计, the column's （七）总计 and the
    column's 一+二=七+四; a clerk who reads three errors fixes three things. Only when exactly one
    cell explains them, with a value of 0 or more and no blank involved, on rows read straight;
    otherwise the separate findings stay.

    Fails: （七）总计 row 9 2 0 0 1 1 | 12 where 自然人 should be 8 (the six columns make 13,
    the column's outcomes 8, 新收 8 + 上年结转 1 = 9 = 8 + 结转下年度 1).
    Passes: the same row 8 2 0 0 1 1 | 12.
    """
    name = _name(report)
    for fix in single_cell_fixes(report):
        label, column = _label(report, fix.key), APPLICANT_COLUMNS[fix.column]
        whats = [rel.what for rel in fix.relations]
        listed = f"{'、'.join(whats[:-1])}和{whats[-1]}"
        n = _COUNT_WORDS.get(len(whats), str(len(whats)))
        yield finding(
            "T3-CELL",
            Severity.ERROR,
            location=f"{label} / {column}",
            expected=str(fix.expected),
            actual=str(fix.actual),
            message=f"{name}「{label}」行「{column}」列为 {fix.actual}：该格使{listed}"
            f" {n}处勾稽关系都不成立；改为 {fix.expected} 后{n}处都成立",
            fix=f"将{name}「{label}」行「{column}」列的 {fix.actual} 改为 {fix.expected}",
        )
