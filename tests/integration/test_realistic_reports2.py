"""Round-two realistic reports (tests/auxil/realistic2.py) as staff upload them.

A 供水公司's own outline, a 表三 with reworded labels and a 小计 column, two 表三 (本级 and
全区), words and units in cells (零, 3件, 1.2万元), headings numbered 1.–6., a 2019-format
report for 2020: each written as DOCX, as a portal page, as tab text and as a chat paste with
broken pipes. Consistent, each must give exactly its numbers and no error; with one slip, exactly
the finding(s) it causes with its numbers. Converted forms run in test_conversion_matrix.py.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from checks import Severity, run_checks
from ingest import parser, readers
from ingest.model import report_to_json
from tests.auxil.matrix import expected_cells
from tests.auxil.realistic2 import (
    DISTRICT_ALL,
    INJECTIONS2,
    REALISTIC2,
    chat_markdown,
    district_summary_slip,
    injected2,
    realistic2,
)
from tests.auxil.render import render_docx, render_html, render_txt

FORMS = ("docx", "html", "txt", "chat")


def _write(blocks: list[Any], form: str, path: Path, docx_opts: dict, html_opts: dict) -> Path:
    if form == "docx":
        return render_docx(blocks, path.with_suffix(".docx"), **docx_opts)
    if form == "html":
        return render_html(blocks, path.with_suffix(".html"), **html_opts)
    if form == "chat":
        md = path.with_suffix(".md")
        md.write_text(chat_markdown(blocks), "utf-8")
        return md
    return render_txt(blocks, path.with_suffix(".txt"))


def _read(path: Path) -> tuple[dict[str, Any], list[Any]]:
    report = parser.parse_report(readers.read_document(path))
    return report_to_json(report), run_checks(report)


def _errors(findings: list[Any]) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (f.code, f.location, f.expected, f.actual) for f in findings if f.severity == Severity.ERROR
    ]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", list(REALISTIC2))
def test_a_consistent_report_reads_exactly_and_has_no_error(
    tmp_path: Path, name: str, form: str
) -> None:
    data, blocks, docx_opts, html_opts = realistic2(name)
    tables, findings = _read(_write(blocks, form, tmp_path / name, docx_opts, html_opts))
    assert _errors(findings) == []
    for key, want in expected_cells(data).items():
        assert tables[key] == want, key


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", list(INJECTIONS2))
def test_a_slip_is_found_where_it_is_with_its_numbers(tmp_path: Path, name: str, form: str) -> None:
    blocks, docx_opts, html_opts, want = injected2(name)
    _tables, findings = _read(_write(blocks, form, tmp_path / name, docx_opts, html_opts))
    assert _errors(findings) == want


@pytest.mark.parametrize("form", ("docx", "txt"))
def test_a_public_institution_is_said_once_and_not_held_to_the_government_format(
    tmp_path: Path, form: str
) -> None:
    _data, blocks, docx_opts, html_opts = realistic2("r2-water-company-2023")
    _tables, findings = _read(_write(blocks, form, tmp_path / "water", docx_opts, html_opts))
    assert [f.code for f in findings if f.severity != Severity.INFO] == ["S-KIND"]
    assert "江城市自来水有限公司" in findings[0].message or any(
        "江城市自来水有限公司" in f.message for f in findings
    )


def test_an_institution_that_used_the_government_format_is_checked_as_one(tmp_path: Path) -> None:
    """A hospital whose report has 表二–表四 is held to them: its slips are still errors."""
    blocks, docx_opts, html_opts, want = injected2("r2-city-market-units-2023")
    blocks = [
        b.replace("白沙市市场监督管理局", "白沙市第一人民医院") if isinstance(b, str) else b
        for b in blocks
    ]
    _tables, findings = _read(_write(blocks, "docx", tmp_path / "hospital", docx_opts, html_opts))
    assert "S-KIND" not in {f.code for f in findings}
    assert _errors(findings) == want


def test_a_wider_count_in_the_text_is_a_warning_not_an_error(tmp_path: Path) -> None:
    """区政府本级 46 in 表三, "全区各单位共新收申请497件" in the text: another scope, said so."""
    _data, blocks, docx_opts, html_opts = realistic2("r2-district-two-tables-2022")
    _tables, findings = _read(_write(blocks, "docx", tmp_path / "d", docx_opts, html_opts))
    apps = [f for f in findings if f.code == "X-APPS"]
    assert [(f.severity, f.expected, f.actual) for f in apps] == [(Severity.WARNING, "46", "497")]
    assert "全区" in apps[0].message


def test_the_same_count_without_a_scope_word_is_still_an_error(tmp_path: Path) -> None:
    _data, blocks, docx_opts, html_opts = realistic2("r2-district-two-tables-2022")
    blocks = [
        b.replace("全区各单位共新收申请497件", "共新收申请497件") if isinstance(b, str) else b
        for b in blocks
    ]
    _tables, findings = _read(_write(blocks, "txt", tmp_path / "d", docx_opts, html_opts))
    assert [(f.code, f.expected, f.actual) for f in findings if f.severity == Severity.ERROR] == [
        ("X-APPS", "46", "497")
    ]


def test_digit_numbered_headings_are_one_warning(tmp_path: Path) -> None:
    _data, blocks, docx_opts, html_opts = realistic2("r2-township-numbered-2024")
    _tables, findings = _read(_write(blocks, "docx", tmp_path / "v", docx_opts, html_opts))
    sections = [f for f in findings if f.code == "S-SECTION"]
    assert [(f.severity, f.location) for f in sections] == [(Severity.WARNING, "全文")]


def test_a_wrong_subtotal_column_is_a_row_sum_error(tmp_path: Path) -> None:
    """The 小计 column, once the rows prove it, is checked like 总计: off by one in one row,
    one T3-ROWSUM error there with its numbers, and no other error."""
    _data, blocks, docx_opts, html_opts = realistic2("r2-province-transport-reworded-2024")
    table = next(b for b in blocks if not isinstance(b, str) and "小计" in str(b.rows[2]))
    row = next(r for r in table.rows if r[1] == "（一）予以公开")
    row[-2] = str(int(row[-2] or 0) + 1)  # 小计 19 printed 20
    _tables, findings = _read(_write(blocks, "docx", tmp_path / "t", docx_opts, html_opts))
    assert _errors(findings) == [("T3-ROWSUM", "（一）予以公开 / 法人或其他组织小计", "19", "20")]


DISTRICT = "r2-district-two-tables-2022"
SUMMARY = "表三（全区汇总）"


@pytest.mark.parametrize("form", FORMS)
def test_the_district_summary_table_is_read_under_its_own_name(tmp_path: Path, form: str) -> None:
    """The second 表三 is read (not skipped), so its clean bill below means something."""
    _data, blocks, docx_opts, html_opts = realistic2(DISTRICT)
    path = _write(blocks, form, tmp_path / "d", docx_opts, html_opts)
    report = parser.parse_report(readers.read_document(path))
    summary = report.summary_applications
    assert summary is not None
    assert summary.name == SUMMARY
    assert {key: row.values() for key, row in summary.rows.items()} == DISTRICT_ALL
    assert not [f for f in run_checks(report) if f.section == SUMMARY]


@pytest.mark.parametrize("form", FORMS)
def test_a_broken_row_sum_in_the_district_summary_is_found_in_that_table(
    tmp_path: Path, form: str
) -> None:
    blocks, docx_opts, html_opts, want = district_summary_slip()
    path = _write(blocks, form, tmp_path / "d", docx_opts, html_opts)
    tables, findings = _read(path)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    assert _errors(errors) == want
    assert {f.section for f in errors} == {SUMMARY}
    assert all(f.message.startswith(SUMMARY) for f in errors)
    assert all(SUMMARY in f.fix for f in errors)
    assert tables["applications"] == realistic2(DISTRICT)[0]["applications"]  # 本级 untouched


def _summary_without_rows(blocks: list[Any], labels: tuple[str, ...]) -> list[Any]:
    """The blocks with the given rows cut from the second 表三 (as a converter may lose them)."""
    tables = [
        i for i, b in enumerate(blocks) if not isinstance(b, str) and "本年新收" in str(b.rows)
    ]
    second = blocks[tables[1]]
    gone = [
        i
        for i, r in enumerate(second.rows)
        if any(x in "".join(c or "" for c in r) for x in labels)
    ]
    assert len(gone) == len(labels)
    merges = list(second.merges)
    for r in reversed(gone):  # none is the first row of a merged group label
        merges = [
            (r0, c0, r1, c1)
            if r1 < r
            else (r0 - 1, c0, r1 - 1, c1)
            if r0 > r
            else (r0, c0, r1 - 1, c1)
            for r0, c0, r1, c1 in merges
            if not (r0 == r1 == r)
        ]
    rows = [row for i, row in enumerate(second.rows) if i not in gone]
    table = dataclasses.replace(second, rows=rows, merges=merges)
    return [*blocks[: tables[1]], table, *blocks[tables[1] + 1 :]]


def test_a_summary_table_partly_read_from_text_is_said_unreadable_not_broken(
    tmp_path: Path,
) -> None:
    """Rows of the 全区汇总 lost in a text form: one P-UNREAD naming that table, none of its sums
    (the broken 予以公开 row included) and the 本级 表三 still checked and clean."""
    blocks, docx_opts, html_opts, _want = district_summary_slip()
    cut = _summary_without_rows(blocks, ("重复申请", "出版物", "大量反复", "收费通知", "仍不明确"))
    _tables, findings = _read(_write(cut, "txt", tmp_path / "d", docx_opts, html_opts))
    assert _errors(findings) == []
    unread = [f for f in findings if f.code == "P-UNREAD"]
    assert [f.location for f in unread] == [SUMMARY]
    assert SUMMARY in unread[0].message
    assert not [f for f in findings if f.section == SUMMARY]


def test_a_summary_table_missing_rows_in_word_is_reported_in_that_table(tmp_path: Path) -> None:
    """In the Word original a lost row is really missing: T3-ROW errors filed under its name."""
    _data, blocks, docx_opts, html_opts = realistic2(DISTRICT)
    cut = _summary_without_rows(blocks, ("出版物",))
    _tables, findings = _read(_write(cut, "docx", tmp_path / "d", docx_opts, html_opts))
    errors = [f for f in findings if f.severity == Severity.ERROR]
    assert [(f.code, f.section, f.location) for f in errors] == [
        ("T3-ROW", SUMMARY, "（五）不予处理 3.要求提供公开出版物")
    ]
    assert errors[0].message.startswith(SUMMARY)
