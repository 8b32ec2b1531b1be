"""The realistic reports (tests/auxil/realistic.py) as staff upload them, without converters.

Each report in its own style (thousands separators, full-width digits, "无"/"/"/"—" in empty
cells, "第一部分" headings, notes under tables, page footers, an old table-laid portal page)
is written as DOCX, as a portal page and as tab text. Consistent, it must give exactly its
numbers and no error; with one slip a clerk makes, exactly the finding(s) the slip causes, at
the right place with the right numbers. The converted forms run in test_conversion_matrix.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checks import Severity, run_checks
from ingest import parser, readers
from ingest.model import report_to_json
from tests.auxil.converters import FORMS as CONVERTED_FORMS
from tests.auxil.converters import available
from tests.auxil.matrix import expected_cells
from tests.auxil.realistic import INJECTIONS, REALISTIC, injected, realistic
from tests.auxil.render import render_docx, render_html, render_txt

FORMS = ("docx", "html", "txt")


def _write(blocks: list[Any], form: str, path: Path, docx_opts: dict, html_opts: dict) -> Path:
    if form == "docx":
        return render_docx(blocks, path.with_suffix(".docx"), **docx_opts)
    if form == "html":
        return render_html(blocks, path.with_suffix(".html"), **html_opts)
    return render_txt(blocks, path.with_suffix(".txt"))


def _errors(path: Path) -> tuple[dict[str, Any], list[tuple[str, str, str | None, str | None]]]:
    report = parser.parse_report(readers.read_document(path))
    tables = report_to_json(report)
    errors = [
        (f.code, f.location, f.expected, f.actual)
        for f in run_checks(report)
        if f.severity == Severity.ERROR
    ]
    return tables, errors


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", list(REALISTIC))
def test_a_consistent_report_reads_exactly_and_has_no_error(
    tmp_path: Path, name: str, form: str
) -> None:
    data, blocks, docx_opts, html_opts = realistic(name)
    tables, errors = _errors(_write(blocks, form, tmp_path / name, docx_opts, html_opts))
    assert errors == []
    want = expected_cells(data)
    assert tables["active"] == want["active"]
    assert tables["applications"] == want["applications"]
    assert tables["review_litigation"] == want["review_litigation"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", list(INJECTIONS))
def test_a_slip_is_found_where_it_is_with_its_numbers(tmp_path: Path, name: str, form: str) -> None:
    blocks, docx_opts, html_opts, want = injected(name)
    _tables, errors = _errors(_write(blocks, form, tmp_path / name, docx_opts, html_opts))
    assert errors == want


@pytest.fixture(scope="module")
def slipped_forms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """The reports with their slip, in every form of the conversion matrix (one LibreOffice
    start per target for all five)."""
    from tests.auxil.matrix import Known, build

    knowns = []
    for name in INJECTIONS:
        blocks, docx_opts, html_opts = injected(name)[:3]
        knowns.append(Known(f"{name}-slip", {}, blocks, docx_opts, html_opts))
    return build(knowns, tmp_path_factory.mktemp("slips"))


@pytest.mark.slow
@pytest.mark.parametrize("form", CONVERTED_FORMS)
@pytest.mark.parametrize("name", list(INJECTIONS))
def test_a_slip_survives_conversion_or_its_table_is_said_unread(
    slipped_forms: dict[str, dict[str, Path]], name: str, form: str
) -> None:
    """In every form the slip is found with its numbers, or the table it is in is named in the
    "could not read" finding; never another error instead."""
    if not available(form):
        pytest.skip(f"converter for {form} not installed (scripts/system-deps.sh)")
    want = injected(name)[3]
    report = parser.parse_report(readers.read_document(slipped_forms[f"{name}-slip"][form]))
    findings = run_checks(report)
    unread = " ".join(f.location for f in findings if f.code == "P-UNREAD")
    errors = [
        (f.code, f.location, f.expected, f.actual)
        for f in findings
        if f.severity == Severity.ERROR and f.code != "P-UNREAD"
    ]
    table = "表" + {"T2": "二", "T3": "三", "T4": "四"}[want[0][0][:2]]
    if table in unread:
        assert errors == []
    else:
        assert errors == want
