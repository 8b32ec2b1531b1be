"""One report rendered as DOCX, PDF, HTML and text reads back to the same numbers and gets the
same findings: a staff member's file type must not change the verdict."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checks import run_checks
from ingest.model import report_to_json
from ingest.parser import parse_report
from ingest.readers import read_document
from tests.auxil.layouts import render_text, report_blocks, sample_data
from tests.auxil.render import render_docx, render_html, render_pdf

FORMATS = ["docx", "pdf", "html", "tabs", "cells", "pipes"]
VALUE_KEYS = ["organ", "year", "format", "active", "applications", "review_litigation"]


def _render(data: dict[str, Any], fmt: str, tmp_path: Path) -> Path:
    if fmt == "docx":
        return render_docx(report_blocks(data), tmp_path / "r.docx")
    if fmt == "pdf":
        return render_pdf(report_blocks(data, vertical_merges=False), tmp_path / "r.pdf")
    if fmt == "html":
        return render_html(report_blocks(data), tmp_path / "r.html", portal=True)
    path = tmp_path / f"r.{fmt}.txt"
    path.write_text(render_text(data, fmt), encoding="utf-8")
    return path


def _read(data: dict[str, Any], fmt: str, tmp_path: Path) -> tuple[dict, list[tuple[str, str]]]:
    report = parse_report(read_document(_render(data, fmt, tmp_path)))
    findings = sorted((f.code, f.location) for f in run_checks(report))
    return report_to_json(report), findings


def _broken() -> dict[str, Any]:
    data = sample_data()
    data["applications"]["总计"][0] = 4  # 自然人: 5 + 1 ≠ 4 + 1
    data["applications"]["部分公开"][4] = None  # a blank cell
    data["review_litigation"][4] = 3  # 行政复议 总计 ≠ 1 + 0 + 0 + 1
    return data


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reads_the_same_numbers(fmt: str, tmp_path: Path) -> None:
    data = sample_data()
    got, findings = _read(data, fmt, tmp_path)
    for key in VALUE_KEYS:
        assert got[key] == data[key], key
    assert findings == [("S-FORMAT", "格式")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_gets_the_same_findings(fmt: str, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    _, expected = _read(_broken(), "tabs", reference)
    _, got = _read(_broken(), fmt, tmp_path)
    assert got == expected
    codes = {code for code, _ in got}
    assert {"T3-CELL", "T3-BLANK", "T4-SUM"} <= codes
