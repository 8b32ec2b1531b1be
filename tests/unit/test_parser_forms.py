"""Text forms of a report as converters make them, without the converters (fast): blank lines
read for what they are in each layout, headings wherever they land, lost tables said once.

The real converters run in tests/integration/test_conversion_matrix.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from checks import Severity, run_checks
from ingest.document import document_from_text
from ingest.model import T3_ROWS_2021, AnnualReport, report_to_json
from ingest.parser import parse_report, to_wan_yuan
from tests.auxil.matrix import expected_cells
from tests.auxil.render import RTable, heading_level
from tests.auxil.variants import variant, variant_blocks


def _text(blocks: list[Any], table_style: str) -> str:
    """The report as text: paragraphs one per line, tables in ``table_style``:

    * ``lo``: one cell per line, an empty cell an empty line, nothing between rows
      (LibreOffice's text export);
    * ``crawler``: every cell followed by a blank line (a crawler's "save as text");
    * ``none``: tables dropped (python-docx paragraph text).
    """
    out: list[str] = []
    for block in blocks:
        if isinstance(block, RTable):
            if table_style == "none":
                continue
            for row in block.grid():
                for cell in row:
                    if cell is None:
                        continue
                    out += [cell, ""] if table_style == "crawler" else [cell]
            continue
        text = heading_level(block)[1]
        out += [text, ""] if table_style == "crawler" else [text]
    return "\n".join(out)


def _parse(text: str) -> AnnualReport:
    return parse_report(document_from_text(text))


def _tables(report: AnnualReport) -> dict[str, Any]:
    got = report_to_json(report)
    return {k: got[k] for k in ("active", "applications", "review_litigation")}


def _errors(report: AnnualReport) -> list[str]:
    return [f"{f.code} {f.location}" for f in run_checks(report) if f.severity == Severity.ERROR]


@pytest.mark.parametrize("style", ["lo", "crawler"])
@pytest.mark.parametrize("seed", [1, 5, 6, 7])
def test_a_cell_stream_reads_its_blank_lines_by_the_tables_evidence(style: str, seed: int) -> None:
    data = variant(seed)
    report = _parse(_text(variant_blocks(data), style))
    assert _tables(report) == expected_cells(data)
    assert _errors(report) == []


def test_a_text_without_its_tables_gets_one_could_not_read_finding() -> None:
    report = _parse(_text(variant_blocks(variant(2)), "none"))
    findings = run_checks(report)
    unread = [f for f in findings if f.code == "P-UNREAD"]
    assert [f.location for f in unread] == ["表二、表三、表四"]
    assert "DOCX" in unread[0].fix
    assert not [f for f in findings if f.section in ("表二", "表三", "表四")]
    assert _errors(report) == []


def test_a_word_file_whose_tables_are_paragraphs_is_not_taken_for_the_original() -> None:
    """The text pasted or converted into Word (``pandoc -t docx`` of a text file) has no Word
    table: its missing rows are the conversion's, so one could-not-read finding, no errors."""
    text = _text(variant_blocks(variant(2)), "none")
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    report = parse_report(document_from_text(text, source_name="草稿.docx", media_type=docx))
    unread = [f for f in run_checks(report) if f.code == "P-UNREAD"]
    assert [f.location for f in unread] == ["表二、表三、表四"]
    assert _errors(report) == []


def test_a_report_whose_line_breaks_were_lost_is_read() -> None:
    data = variant(3)
    lines = _text(variant_blocks(data), "lo").split("\n")
    report = _parse(" ".join(line for line in lines if line))
    assert {s.key for s in report.sections} >= {"一", "二", "三", "四", "五", "六"}


@pytest.mark.parametrize("seed", [3, 8])
def test_headings_glued_to_the_text_before_them_are_found(seed: int) -> None:
    """Line breaks removed with nothing left in their place (a crawler, a one-field paste):
    「…年度报告一、总体情况…」, 「…0四、政府信息公开行政复议…」.
    No section may be called missing."""
    lines = _text(variant_blocks(variant(seed)), "lo").split("\n")
    report = _parse("".join(line for line in lines if line))
    assert {s.key for s in report.sections} >= {"一", "二", "三", "四", "五", "六"}
    assert [e for e in _errors(report) if e.startswith("S-SECTION")] == []


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("四、政府信息公开行政法复议、行政诉讼情况", "四"),  # a typo
        ("五、存在的主要问题及明年工作计划", "五"),
        ("五、政府信息公开工作存在的主要问题及改进情况", "五"),
        ("\f五、存在的主要问题及改进情况", "五"),  # at the top of a PDF page
    ],
)
def test_a_variant_heading_finds_its_section_and_is_only_a_wording_warning(
    heading: str, key: str
) -> None:
    data = variant(2)
    blocks = variant_blocks(data)
    index = next(
        i for i, b in enumerate(blocks) if isinstance(b, str) and b.startswith(f"## {key}、")
    )
    blocks[index] = heading
    report = _parse(_text(blocks, "lo"))
    assert report.section(key) is not None
    assert not [e for e in _errors(report) if e.startswith("S-SECTION")]


def test_a_title_wrapped_over_two_lines_is_one_heading() -> None:
    blocks = variant_blocks(variant(2))
    index = next(i for i, b in enumerate(blocks) if isinstance(b, str) and b.startswith("## 五、"))
    blocks[index : index + 1] = ["五、政府信息公开工作存在的主要问题", "及改进情况"]
    report = _parse(_text(blocks, "lo"))
    assert report.section("五") is not None
    assert _errors(report) == []


def test_an_inserted_fee_section_shifts_the_numbers_without_a_finding() -> None:
    data = variant(1, fee_section=True)
    report = _parse(_text(variant_blocks(data), "lo"))
    assert [s.key for s in report.sections][-2:] == ["extra", "六"]
    assert not [f for f in run_checks(report) if f.code == "S-SECTION" and f.section == "六"]


def test_a_2021_report_that_kept_the_old_other_row_is_2021_with_one_warning() -> None:
    data = variant(7)
    assert data["old_other_row"] and data["format"] == "2021"
    report = _parse(_text(variant_blocks(data), "lo"))
    assert report.format == "2021"
    findings = run_checks(report)
    assert _errors(report) == []
    rows = [f for f in findings if f.code == "T3-ROW"]
    assert [(f.severity, f.location) for f in rows] == [
        (Severity.WARNING, "（六）其他处理 分为 1.逾期不补正、2.逾期未缴费、3.其他 三行")
    ]


@pytest.mark.parametrize(
    ("printed", "read", "unit"),
    [("251000元", "25.1", "元"), ("12.5万元", "12.5", None), ("3.5", "3.5", None)],
)
def test_an_amount_with_its_unit_is_read_in_wan_yuan(
    printed: str, read: str, unit: str | None
) -> None:
    assert to_wan_yuan(printed) == (read, unit)


def test_a_fee_written_in_yuan_is_converted_and_reported() -> None:
    data = variant(2)
    blocks = variant_blocks(data)
    table = next(b for b in blocks if isinstance(b, RTable) and "第二十条第（一）项" in str(b.rows))
    table.rows[13][1] = "251000元"
    report = _parse(_text(blocks, "lo"))
    assert report.active.rows["行政事业性收费"].cells[0].text == "25.1"
    values = [f for f in run_checks(report) if f.code == "T2-VALUE"]
    assert [(f.severity, f.actual) for f in values] == [(Severity.WARNING, "251000元")]


def test_pdf_text_with_torn_labels_is_read_by_row_order_when_the_arithmetic_confirms() -> None:
    """pdftotext -layout of narrow label columns: "1.属 41 0 …" / "于国" / "家秘" / "密"."""
    data = variant(2)
    lines = ["# 清河县人民政府2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"]
    for key, label in T3_ROWS_2021:
        values = "   ".join(str(v) for v in data["applications"][key])
        torn = label.replace(" ", "")
        lines += [f"{torn[:3]}      {values}", torn[3:5], torn[5:7]]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议        行政诉讼"]
    lines += ["结  结  其  尚  总", "果  果  他  未  计", "维  纠  结  审"]
    lines += ["   ".join(str(v) for v in data["review_litigation"])]
    lines += ["五、存在的主要问题及改进情况", "无。"]
    report = _parse("\n".join(lines))
    got = _tables(report)
    assert got["applications"] == data["applications"]
    assert got["review_litigation"] == data["review_litigation"]
    assert not [d for d in report.diagnostics if d.section in ("表三", "表四")]


def test_rows_read_by_order_are_refused_when_a_column_does_not_add_up() -> None:
    data = variant(2)
    lines = ["三、收到和处理政府信息公开申请情况"]
    for i, (key, label) in enumerate(T3_ROWS_2021):
        values = list(data["applications"][key])
        if i == 3:  # two rows swapped: the column equations fail
            values = list(data["applications"][T3_ROWS_2021[4][0]])
        torn = label.replace(" ", "")
        lines += [f"{torn[:3]}      {'   '.join(map(str, values))}", torn[3:5]]
    report = _parse("\n".join(lines))
    assert "表三" in [d.section for d in report.diagnostics if d.kind == "unreadable"]


@pytest.mark.parametrize(
    ("heading", "name"),
    [
        ("（二）全区汇总（含区政府各部门、各街道）", "表三（全区汇总）"),
        ("表三（全县汇总）", "表三（全县汇总）"),
        ("2.全县政府信息公开申请办理情况汇总表（含县直各部门、各乡镇）", "表三（全县汇总）"),
        ("（二）全区合计", "表三（全区合计）"),
        (None, "表三（第二张）"),
    ],
)
def test_a_second_table_three_is_read_under_the_name_its_heading_gives(
    heading: str | None, name: str
) -> None:
    from tests.auxil.realistic2 import DISTRICT_ALL, realistic2

    data, blocks, _docx, _html = realistic2("r2-district-two-tables-2022")
    old = "（二）全区汇总（含区政府各部门、各街道）"
    blocks = [b for b in blocks if b != old or heading is not None]
    blocks = [heading if b == old else b for b in blocks]
    report = _parse(_text(blocks, "lo"))
    assert _tables(report)["applications"] == data["applications"]
    summary = report.summary_applications
    assert summary is not None and summary.name == name
    assert {k: r.values() for k, r in summary.rows.items()} == DISTRICT_ALL
    assert _errors(report) == []


def test_a_sentence_after_table_three_that_names_its_rows_is_no_second_table() -> None:
    data = variant(3, "2021")
    blocks = variant_blocks(data)
    at = next(
        i for i, b in enumerate(blocks) if isinstance(b, RTable) and "本年新收" in str(b.rows)
    )
    blocks.insert(at + 1, "全区各单位本年新收申请497件，上年结转20件，结转下年度21件。")
    blocks.insert(at + 2, "本年新收 497 上年结转 20 结转下年度 21")
    report = _parse(_text(blocks, "lo"))
    assert report.summary_applications is None
    assert _tables(report) == expected_cells(data)
