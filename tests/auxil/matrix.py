"""The conversion matrix: reports × converted forms -> cells read exactly, false errors.

Each report is known (a sample with its gold JSON, or a generated consistent variant), written
as DOCX and portal HTML, converted every way ``tests.auxil.converters`` knows, and each form is
parsed and checked. A form passes when it gives the original's numbers and no error the
original lacks, or when the tables it lost are named in the one "could not read" finding
(P-UNREAD) instead.

Used by ``tests/integration/test_conversion_matrix.py`` and ``scripts/conversion_matrix.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks import Severity, run_checks
from ingest import parser, readers
from ingest.model import T2_ITEMS_2019, AnnualReport, report_to_json
from tests.auxil.converters import FORMS, convert_batch
from tests.auxil.render import RTable, render_docx, render_html
from tests.auxil.variants import (
    rtable2_2019,
    rtable2_2021,
    rtable3,
    rtable4,
    variant,
    variant_blocks,
)

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpus" / "reports"

DEV_SEEDS: tuple[int, ...] = (1, 2, 3, 4, 5, 6, 7, 12)
"""Generated variants the parser was tuned on."""
HELDOUT_SEEDS: tuple[int, ...] = (101, 102, 103, 104, 105, 106, 107, 108)
"""Written before tuning and never looked at while tuning: the figures that count."""


@dataclass
class Known:
    """A report whose numbers we know: the data of its tables and the blocks to render."""

    name: str
    data: dict[str, Any]
    blocks: list[Any]
    docx_options: dict[str, Any] = field(default_factory=dict)
    """Page furniture for ``render_docx`` (``footer``, ``header``)."""
    html_options: dict[str, Any] = field(default_factory=dict)
    """``portal`` style for ``render_html``."""
    consistent: bool = False
    """Every 勾稽关系 holds: any error on any form, the original included, is a false alarm."""


def _flat_active(data: dict[str, Any]) -> dict[str, Any]:
    """表二 by item: the gold's 2019 shape nests the items under their 第二十条 paragraph."""
    active = data["active"]
    if data["format"] == "2019" and "columns_note" in active:
        return {
            key: vals
            for para, items in active.items()
            if para != "columns_note"
            for key, vals in items.items()
        }
    return dict(active)


def sample_known(stem: str) -> Known:
    """A shipped sample as a Word file: its sections as parsed, its tables from the gold."""
    gold = json.loads((SAMPLES / "gold" / f"{stem}.gold.json").read_text("utf-8"))
    report = parser.parse_report(readers.read_document(SAMPLES / f"{stem}.txt"))
    data = dict(gold)
    data["active"] = _flat_active(gold)
    tables: dict[str, RTable] = {
        "二": rtable2_2021(data["active"])
        if gold["format"] == "2021"
        else rtable2_2019(data["active"]),
        "三": rtable3(data),
        "四": rtable4(data),
    }
    blocks: list[Any] = [f"# {report.title}"]
    for s in sorted(report.sections, key=lambda s: s.order):
        blocks.append(f"## {s.number + '、' if s.number else ''}{s.title}")
        blocks += [line for line in s.text.split("\n") if line.strip()]
        if s.key in tables:
            blocks.append(tables.pop(s.key))
    return Known(stem, data, blocks)


def realistic_known(name: str) -> Known:
    from tests.auxil.realistic import realistic

    data, blocks, docx_options, html_options = realistic(name)
    return Known(name, data, blocks, docx_options, html_options, consistent=True)


def realistic2_known(name: str) -> Known:
    from tests.auxil.realistic2 import realistic2

    data, blocks, docx_options, html_options = realistic2(name)
    return Known(name, data, blocks, docx_options, html_options, consistent=True)


def hand_known(name: str) -> Known:
    from tests.auxil.handwritten import handwritten

    data, blocks = handwritten(name)
    return Known(name, data, blocks)


def variant_known(seed: int, fmt: str | None = None) -> Known:
    data = variant(seed, fmt)
    return Known(f"variant-{seed}-{data['format']}", data, variant_blocks(data))


def expected_cells(data: dict[str, Any]) -> dict[str, Any]:
    """The tables of ``data`` in the JSON shape of ``report_to_json``'s tables (a table the
    report does not have, ``None`` in the data, is left out)."""
    active = data["active"]
    if data["format"] == "2019" and active is not None:
        nested: dict[str, Any] = {"columns_note": "2019 format"}
        for key, (para, _cols) in T2_ITEMS_2019.items():
            nested.setdefault(para, {})[key] = active[key]
        active = nested
    tables = {
        "active": active,
        "applications": data["applications"],
        "review_litigation": data["review_litigation"],
    }
    return {key: value for key, value in tables.items() if value is not None}


def _leaves(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k == "columns_note":
                continue
            out |= _leaves(v, f"{prefix}/{k}")
        return out
    if isinstance(value, list):
        return {f"{prefix}[{i}]": v for i, v in enumerate(value)}
    return {prefix: value}


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


@dataclass
class Outcome:
    """One report in one form."""

    report: str
    form: str
    cells: int = 0
    exact: int = 0
    unread_cells: int = 0
    wrong: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    false_errors: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    refused: str | None = None

    @property
    def ok(self) -> bool:
        return not self.wrong and not self.false_errors and self.refused is None


_TABLE_OF = {"active": "表二", "applications": "表三", "review_litigation": "表四"}


def evaluate(
    known: Known, form: str, path: Path, baseline: set[tuple[str, str]] | None
) -> tuple[Outcome, AnnualReport | None]:
    """Parse and check ``path``; compare with the known numbers and the baseline's errors."""
    outcome = Outcome(known.name, form)
    try:
        report = parser.parse_report(readers.read_document(path))
    except Exception as exc:
        outcome.refused = f"{type(exc).__name__}: {exc}"
        return outcome, None
    findings = run_checks(report)
    outcome.unread = [f.location for f in findings if f.code == "P-UNREAD"]
    # exact names: a second 表三 declared unreadable (表三（全区汇总）) is not the organ's 表三
    named = {name for u in outcome.unread for name in u.split("、")}
    unread_tables = {t for t in _TABLE_OF.values() if t in named}
    got = _leaves({k: v for k, v in report_to_json(report).items() if k in _TABLE_OF})
    want = _leaves(expected_cells(known.data))
    for key, value in want.items():
        outcome.cells += 1
        table = _TABLE_OF[key.split("/")[1].split("[")[0]]
        if _same(got.get(key), value):
            outcome.exact += 1
        elif table in unread_tables:
            outcome.unread_cells += 1
        else:
            outcome.wrong.append(f"{key}: {got.get(key)!r} != {value!r}")
    outcome.errors = sorted(
        f"{f.code} {f.location}" for f in findings if f.severity == Severity.ERROR
    )
    if baseline is not None:
        outcome.false_errors = [
            e
            for f in findings
            if f.severity == Severity.ERROR
            and f.code != "P-UNREAD"
            and (f.code, f.location) not in baseline
            for e in [f"{f.code} {f.location}: {f.message}"]
        ]
    return outcome, report


def baseline_errors(known: Known, docx: Path | None = None) -> set[tuple[str, str]]:
    """The errors the original has: none for a generated (consistent) variant; a sample's
    from its shipped text; a hand-written report's from its Word file (``docx``)."""
    if known.name.startswith("variant") or known.consistent:
        return set()
    source = docx if known.name.startswith("hand") and docx else SAMPLES / f"{known.name}.txt"
    report = parser.parse_report(readers.read_document(source))
    return {(f.code, f.location) for f in run_checks(report) if f.severity == Severity.ERROR}


def build(
    knowns: list[Known], workdir: Path, forms: tuple[str, ...] = FORMS
) -> dict[str, dict[str, Path]]:
    """Write every report as DOCX and HTML, then convert them all."""
    sources: dict[str, tuple[Path, Path]] = {}
    for known in knowns:
        src = workdir / "src"
        src.mkdir(parents=True, exist_ok=True)
        docx = render_docx(known.blocks, src / f"{known.name}.docx", **known.docx_options)
        page = render_html(known.blocks, src / f"{known.name}.html", **known.html_options)
        sources[known.name] = (docx, page)
    return convert_batch(sources, workdir, forms)


def summarize(outcomes: list[Outcome]) -> str:
    """The matrix as a text table: per form, reports passed, cells exact, unread, false errors."""
    forms = sorted({o.form for o in outcomes}, key=lambda f: FORMS.index(f) if f in FORMS else 99)
    lines = [
        f"{'form':<18}{'reports':>8}{'passed':>8}{'cells':>8}{'exact%':>9}{'unread%':>9}"
        f"{'wrong':>7}{'falseErr':>9}{'refused':>8}"
    ]
    total = Outcome("all", "all")
    for form in forms:
        rows = [o for o in outcomes if o.form == form]
        cells = sum(o.cells for o in rows)
        exact = sum(o.exact for o in rows)
        unread = sum(o.unread_cells for o in rows)
        wrong = sum(len(o.wrong) for o in rows)
        false = sum(len(o.false_errors) for o in rows)
        refused = sum(1 for o in rows if o.refused)
        total.cells += cells
        total.exact += exact
        total.unread_cells += unread
        lines.append(
            f"{form:<18}{len(rows):>8}{sum(o.ok for o in rows):>8}{cells:>8}"
            f"{100 * exact / max(cells, 1):>9.2f}{100 * unread / max(cells, 1):>9.2f}"
            f"{wrong:>7}{false:>9}{refused:>8}"
        )
    wrong_all = sum(len(o.wrong) for o in outcomes)
    false_all = sum(len(o.false_errors) for o in outcomes)
    lines.append(
        f"{'ALL':<18}{len(outcomes):>8}{sum(o.ok for o in outcomes):>8}{total.cells:>8}"
        f"{100 * total.exact / max(total.cells, 1):>9.2f}"
        f"{100 * total.unread_cells / max(total.cells, 1):>9.2f}{wrong_all:>7}{false_all:>9}"
        f"{sum(1 for o in outcomes if o.refused):>8}"
    )
    return "\n".join(lines)
