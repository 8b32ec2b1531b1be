"""The three tables as the 2021 format lays them out: labels, merged header cells, and the same
layout in Markdown and in Word."""

from __future__ import annotations

import io
import re

import docx
from docx.oxml.ns import qn

from drafting.compose import compose
from drafting.data import prepare_data
from drafting.docx_writer import build_docx
from drafting.drafted_report import to_markdown
from drafting.tables import Grid, table2, table3, table4
from ingest.readers.docx import read_docx
from tests.auxil.layouts import sample_data
from tests.conftest import CORPUS

FORMAT_FILE = CORPUS / "regulation" / "nianbao_geshi_2021.md"


def _format_table(first_cell: str) -> list[list[str]]:
    """A pipe table of the format file (its separator row dropped), found by its first cell."""
    lines = FORMAT_FILE.read_text("utf-8").splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith(f"| {first_cell} |"))
    rows: list[list[str]] = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        if not re.fullmatch(r"\|(?:-+\|)+", line):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def _blank_values(grid: Grid) -> list[list[str]]:
    """The grid's flat rows with the data cells emptied, as the format file prints them."""
    rows = grid.flat_rows()
    return [
        [cell if r < grid.header_rows or c < grid.label_cols else "" for c, cell in enumerate(row)]
        for r, row in enumerate(rows)
    ]


def test_table3_matches_the_format_cell_for_cell() -> None:
    grid = table3(sample_data()["applications"])
    assert _blank_values(grid) == _format_table(
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )


def test_table4_matches_the_format_cell_for_cell() -> None:
    grid = table4(sample_data()["review_litigation"])
    assert grid.flat_rows()[:3] == _format_table("行政复议")[:3]
    assert grid.flat_rows()[3] == [
        "1",
        "0",
        "0",
        "1",
        "2",
        "0",
        "1",
        "0",
        "0",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
    ]


def test_table2_labels_are_the_formats() -> None:
    grid = table2(sample_data()["active"])
    flat = grid.flat_rows()
    assert flat[0][0] == "第二十条第（一）项"
    assert flat[1] == _format_table("信息内容")[0]
    assert flat[3] == ["行政规范性文件", "3", "1", "12"]
    assert ["行政事业性收费", "1.5", "", ""] in flat
    assert ["信息内容", "本年收费金额（单位：万元）", "", ""] in flat


def test_table3_merged_cells() -> None:
    merges = set(table3(sample_data()["applications"]).merges)
    assert (0, 0, 2, 2) in merges  # the 勾稽关系 note over three header rows and label columns
    assert (0, 3, 0, 9) in merges  # 申请人情况 over the seven columns
    assert (1, 4, 1, 8) in merges  # 法人或其他组织 over its five kinds
    assert {(1, 3, 2, 3), (1, 9, 2, 9)} <= merges  # 自然人, 总计 down two rows
    assert (5, 0, 26, 0) in merges  # 三、本年度办理结果 down every outcome row
    assert {
        (7, 1, 14, 1),
        (15, 1, 17, 1),
        (18, 1, 22, 1),
        (23, 1, 25, 1),
    } <= merges  # （三）…（六）
    assert {(3, 0, 3, 2), (4, 0, 4, 2), (27, 0, 27, 2), (26, 1, 26, 2)} <= merges


def test_table4_merged_cells() -> None:
    merges = set(table4([0] * 15).merges)
    assert {(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)} <= merges
    assert {(1, c, 2, c) for c in range(5)} <= merges


def _document() -> docx.document.Document:
    draft = compose(prepare_data(sample_data())).draft
    buffer = io.BytesIO()
    build_docx(draft).save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue()))


def _unique_texts(row: docx.table._Row) -> list[str]:
    """A row's cell texts, a merged cell once (python-docx repeats it for each position)."""
    seen: list[object] = []
    out: list[str] = []
    for cell in row.cells:
        if not any(cell._tc is tc for tc in seen):
            seen.append(cell._tc)
            out.append(cell.text)
    return out


def test_docx_tables_have_the_formats_merges() -> None:
    document = _document()
    assert len(document.tables) == 3
    t3 = document.tables[1]
    head = t3.rows[0]._tr.tc_lst
    assert [tc.grid_span for tc in head] == [3, 7]
    assert t3.cell(0, 3).text == "申请人情况"
    assert t3.cell(1, 4).text == "法人或其他组织" and t3.rows[1]._tr.tc_lst[2].grid_span == 5
    first_col = [row._tr.tc_lst[0].vMerge for row in t3.rows[5:27]]
    assert first_col == ["restart"] + ["continue"] * 21
    assert t3.cell(5, 0).text == "三、本年度办理结果"
    t4 = document.tables[2]
    assert [tc.grid_span for tc in t4.rows[0]._tr.tc_lst] == [5, 10]
    assert [t4.cell(0, 0).text, t4.cell(0, 5).text] == ["行政复议", "行政诉讼"]
    assert _unique_texts(t4.rows[1]) == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
        "未经复议直接起诉",
        "复议后起诉",
    ]


def test_docx_reads_back_as_the_grid() -> None:
    """Our own DOCX reader sees each merged cell once, the covered positions as None."""
    buffer = io.BytesIO()
    draft = compose(prepare_data(sample_data())).draft
    build_docx(draft).save(buffer)
    tables = [b for b in read_docx(buffer.getvalue(), "x.docx").blocks if hasattr(b, "rows")]
    grid = draft.tables["表三"]
    for r, row in enumerate(tables[1].rows):
        for c, text in enumerate(row):
            owner = grid.owner(r, c)
            if owner is not None and (r, c) != (owner[0], owner[1]):
                assert text is None, (r, c)
            else:
                assert text == grid.rows[r][c], (r, c)


def test_docx_page_fonts_and_headings() -> None:
    document = _document()
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for name, east_asia in (("Normal", "宋体"), ("Heading 1", "黑体"), ("Title", "黑体")):
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == east_asia
        assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    assert document.paragraphs[0].text == "东城镇人民政府2023年政府信息公开工作年度报告"
    assert document.paragraphs[0].style.name == "Title"


def test_markdown_has_the_title_sections_and_pipe_tables() -> None:
    text = to_markdown(compose(prepare_data(sample_data())).draft)
    assert text.startswith("# 东城镇人民政府2023年政府信息公开工作年度报告\n\n本报告根据")
    assert "## 三、收到和处理政府信息公开申请情况\n\n| （本列数据的勾稽关系为" in text
    row = "| 三、本年度办理结果 | （三）不予公开 | 5.属于三类内部事务信息 |"
    assert f"{row} 0 | 1 | 0 | 0 | 0 | 0 | 1 |" in text
