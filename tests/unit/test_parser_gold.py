"""The five sample reports parse to their gold values, cell by cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.document import document_from_text
from ingest.model import report_to_json
from ingest.parser import parse_report
from tests.conftest import GOLD, REPORTS

SAMPLES = sorted(p.stem for p in REPORTS.glob("*.txt"))


def _parse(stem: str) -> dict:
    text = (REPORTS / f"{stem}.txt").read_text(encoding="utf-8")
    return report_to_json(parse_report(document_from_text(text, source_name=stem)))


def _gold(stem: str) -> dict:
    return json.loads(Path(GOLD / f"{stem}.gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", SAMPLES)
@pytest.mark.parametrize("key", ["organ", "year", "format", "active", "review_litigation"])
def test_sample_matches_gold(stem: str, key: str) -> None:
    assert _parse(stem)[key] == _gold(stem)[key]


@pytest.mark.parametrize("stem", SAMPLES)
def test_sample_table3_matches_gold_row_by_row(stem: str) -> None:
    got = _parse(stem)["applications"]
    gold = _gold(stem)["applications"]
    assert list(got) == list(gold)
    for row, values in gold.items():
        assert got[row] == values, row


def test_five_samples_are_present() -> None:
    assert len(SAMPLES) == 5


@pytest.mark.parametrize("stem", SAMPLES)
def test_sample_has_six_sections_in_order(stem: str) -> None:
    sections = _parse(stem)["sections"]
    assert [s["key"] for s in sections] == ["一", "二", "三", "四", "五", "六"]


def test_lost_cells_are_reported_not_hidden() -> None:
    """003 was extracted from a PDF: rows with 6 or 8 values instead of 7."""
    diags = _parse("003_cad348b87ea66ad4")["diagnostics"]
    cells = {(d["location"], d["actual"]) for d in diags if d["kind"] == "cells"}
    assert ("（一）予以公开", "6") in cells
    assert ("（七）总计", "8") in cells
    assert ("四、结转下年度继续办理", "8") in cells


def test_missing_section_numbers_are_kept_as_printed() -> None:
    """004 prints 总体情况 and 其他需要报告的事项 without 一、 and 六、."""
    sections = {s["key"]: s["number"] for s in _parse("004_bd5d810af7c26391")["sections"]}
    assert sections["一"] is None and sections["六"] is None
    assert sections["二"] == "二"


def test_table2_label_deviation_is_a_diagnostic() -> None:
    diags = _parse("001_2b40a9866e892a0f")["diagnostics"]
    assert any(d["kind"] == "label" and d["actual"] == "本年度止件数" for d in diags)


@pytest.mark.parametrize("stem", SAMPLES)
def test_json_round_trip_keeps_every_value(stem: str) -> None:
    from ingest.model import report_from_json

    data = _parse(stem)
    again = report_to_json(report_from_json(data))
    for key in ("organ", "year", "format", "active", "applications", "review_litigation"):
        assert again[key] == data[key], key
    assert [s["text"] for s in again["sections"]] == [s["text"] for s in data["sections"]]
