"""DOCX reader: merged cells, headings, and the body XML python-docx's API skips."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from ingest.document import Document, Paragraph, Table
from ingest.readers import read_document
from tests.auxil.render import SAMPLE_TABLE, RTable, render_docx

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def add_xml(document: docx.document.Document, xml: str) -> None:
    """Append a body element (before the section properties, where Word keeps it last)."""
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(xml.replace("NS", NS, 1)))


def read(document: docx.document.Document, tmp_path: Path) -> Document:
    path = tmp_path / "文档.docx"
    document.save(str(path))
    return read_document(path)


def blocks_of(doc: Document) -> list[tuple[str, int | None] | Table]:
    return [(b.text, b.heading_level) if isinstance(b, Paragraph) else b for b in doc.blocks]


def test_merged_header_cells(tmp_path: Path) -> None:
    doc = read_document(render_docx(["表三", SAMPLE_TABLE, "表后"], tmp_path / "表三.docx"))
    assert blocks_of(doc) == [("表三", None), Table(rows=SAMPLE_TABLE.grid()), ("表后", None)]
    rows = Table(rows=SAMPLE_TABLE.grid()).rows
    assert rows[0][:3] == (SAMPLE_TABLE.rows[0][0], None, "申请人情况")  # gridSpan
    assert [r[0] for r in rows[:3]] == [SAMPLE_TABLE.rows[0][0], None, None]  # vMerge
    assert rows[5][3] == ""  # an empty cell is "", not None


def test_cell_paragraphs_are_joined_with_newlines(tmp_path: Path) -> None:
    table = RTable([["规范性文件\n（含转发）", "5"], ["规章", "0"]])
    doc = read_document(render_docx([table], tmp_path / "t.docx"))
    assert doc.blocks == (Table(rows=(("规范性文件\n（含转发）", "5"), ("规章", "0"))),)


def test_headings_from_styles_and_outline_levels(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("年度报告", level=0)  # the Title style
    document.add_heading("一、总体情况", level=1)
    document.add_heading("（一）主动公开", level=2)
    chinese = document.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("1. 规章", style=chinese)
    derived = document.styles.add_style("我的标题", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = document.styles["Heading 2"]
    document.add_paragraph("（二）依申请公开", style=derived)
    add_xml(
        document, '<w:p NS><w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:r><w:t>大纲</w:t></w:r></w:p>'
    )
    document.add_paragraph("正文")
    assert blocks_of(read(document, tmp_path)) == [
        ("年度报告", 1),
        ("一、总体情况", 1),
        ("（一）主动公开", 2),
        ("1. 规章", 3),
        ("（二）依申请公开", 2),
        ("大纲", 2),
        ("正文", None),
    ]


def test_line_breaks_tabs_and_blank_paragraphs(tmp_path: Path) -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("第一行")
    run.add_break()
    run.add_text("项目\t数量")
    document.add_paragraph("")
    document.add_paragraph("　　缩进保留")
    assert blocks_of(read(document, tmp_path)) == [
        ("第一行", None),
        ("项目\t数量", None),
        ("", None),
        ("　　缩进保留", None),
    ]


def test_tracked_changes_read_as_accepted(tmp_path: Path) -> None:
    document = docx.Document()
    add_xml(
        document,
        '<w:p NS><w:r><w:t>原文</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>新增</w:t></w:r>'
        '</w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        "<w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>",
    )
    assert blocks_of(read(document, tmp_path)) == [("原文新增链接", None)]


def test_text_box_read_once_after_its_paragraph(tmp_path: Path) -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent>"
    document = docx.Document()
    add_xml(
        document,
        '<w:p NS><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        f"<a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict>"
        f"<v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t>锚点段落</w:t></w:r></w:p>",
    )
    assert blocks_of(read(document, tmp_path)) == [("锚点段落", None), ("文本框内容", None)]


def test_content_controls_are_read(tmp_path: Path) -> None:
    document = docx.Document()
    add_xml(
        document,
        "<w:sdt NS><w:sdtContent><w:p><w:r><w:t>控件内文字</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>",
    )
    assert blocks_of(read(document, tmp_path)) == [("控件内文字", None)]


def test_frame_table_around_a_data_table_is_unwrapped(tmp_path: Path) -> None:
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.paragraphs[0].text = "表一"
    inner = cell.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "信息内容", (0, 1): "数量", (1, 0): "规章", (1, 1): "0"}.items():
        inner.cell(r, c).text = text
    assert blocks_of(read(document, tmp_path)) == [
        ("表一", None),
        Table(rows=(("信息内容", "数量"), ("规章", "0"))),
        ("", None),  # Word requires a paragraph after a table in a cell
    ]


def test_table_nested_in_a_data_cell_is_flattened(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "其他"
    nested = table.cell(0, 1).add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "a", (0, 1): "1", (1, 0): "b", (1, 1): "2"}.items():
        nested.cell(r, c).text = text
    [block] = read(document, tmp_path).blocks
    assert block == Table(rows=(("其他", "a 1\nb 2"),))


def test_row_starting_after_the_first_column(tmp_path: Path) -> None:
    """``w:gridBefore``: the row has no cell in the first grid column."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate("甲乙丙"):
        table.cell(0, c).text = text
    tr = table.rows[1]._tr
    tr.remove(tr.tc_lst[0])
    tr.insert(0, parse_xml(f'<w:trPr {NS}><w:gridBefore w:val="1"/></w:trPr>'))
    tr.tc_lst[0].append(parse_xml(f"<w:p {NS}><w:r><w:t>丁</w:t></w:r></w:p>"))
    [block] = read(document, tmp_path).blocks
    assert block == Table(rows=(("甲", "乙", "丙"), ("", "丁", "")))


@pytest.mark.parametrize("rows", [1, 40])
def test_vertical_merge_down_the_whole_table(tmp_path: Path, rows: int) -> None:
    table = RTable(
        [["合计" if r == 0 else None, str(r)] for r in range(rows)], [(0, 0, rows - 1, 0)]
    )
    doc = read_document(render_docx([table], tmp_path / "v.docx"))
    assert doc.blocks == (Table(rows=table.grid()),)


LIST_LEVELS = (
    '<w:abstractNum NS w:abstractNumId="90">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="（%2）"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%3."/><w:suff w:val="space"/></w:lvl>'
    "</w:abstractNum>"
)


def test_automatic_list_numbers(tmp_path: Path) -> None:
    """Multilevel lists as report templates use them, on paragraphs and on a heading style."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(LIST_LEVELS.replace("NS", NS)))
    numbering.append(parse_xml(f'<w:num {NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {NS} w:numId="91"><w:abstractNumId w:val="90"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    heading = document.styles["Heading 1"].element.get_or_add_pPr()
    heading.append(parse_xml(f'<w:numPr {NS}><w:numId w:val="90"/></w:numPr>'))

    def listed(text: str, num_id: int, ilvl: int) -> None:
        add_xml(
            document,
            f'<w:p NS><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/>'
            f"</w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>",
        )

    document.add_heading("总体情况", level=1)
    listed("主动公开", 90, 1)
    listed("依申请公开", 90, 1)
    listed("规章", 90, 2)
    listed("", 90, 1)  # an empty list paragraph shows no number and takes none
    document.add_heading("收到和处理政府信息公开申请情况", level=1)
    listed("本年新收", 90, 1)
    listed("不编号", 0, 0)
    listed("重新开始的列表", 91, 0)
    assert blocks_of(read(document, tmp_path)) == [
        ("一、总体情况", 1),
        ("（一）主动公开", None),
        ("（二）依申请公开", None),
        ("1. 规章", None),
        ("", None),
        ("二、收到和处理政府信息公开申请情况", 1),
        ("（一）本年新收", None),
        ("不编号", None),
        ("一、重新开始的列表", None),
    ]


@pytest.mark.parametrize(
    ("n", "fmt", "label"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (15, "chineseCountingThousand", "十五"),
        (20, "chineseCounting", "二十"),
        (105, "chineseCounting", "一百零五"),
        (3, "ideographTraditional", "丙"),
        (4, "decimalEnclosedCircle", "④"),
        (12, "decimalFullWidth", "１２"),
        (28, "upperLetter", "BB"),
        (14, "lowerRoman", "xiv"),
        (7, "somethingNew", "7"),
    ],
)
def test_number_formats(n: int, fmt: str, label: str) -> None:
    from ingest.readers.numbering import format_number

    assert format_number(n, fmt) == label


def test_blocks_record_where_they_are_in_the_file(tmp_path: Path) -> None:
    """``position``: the n-th ``<w:p>`` / ``<w:tbl>`` of the body, so a finding can be put
    back on the paragraph or cell it came from (the reviewed copy); values are unaffected."""
    document = docx.Document()
    document.add_paragraph("标题")
    frame = document.add_table(rows=1, cols=1)  # a frame: its inner table is read as the table
    frame.cell(0, 0).paragraphs[0].text = "表一"
    inner = frame.cell(0, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "规章", "0"
    document.add_paragraph("第一行\n第二行")
    read_back = read(document, tmp_path)
    saved = docx.Document(str(tmp_path / "文档.docx")).element.body
    paragraphs, tables = list(saved.iter(qn("w:p"))), list(saved.iter(qn("w:tbl")))
    seen = []
    for block in read_back.blocks:
        assert block.position is not None
        if isinstance(block, Paragraph):
            element_text = "".join(t.text or "" for t in paragraphs[block.position].iter())
            seen.append((block.text, block.position))
            assert block.text in element_text or block.text == ""
        else:
            assert tables[block.position] is not None and block.rows == (("规章", "0"),)
            seen.append(("table", block.position))
    assert seen == [("标题", 0), ("表一", 1), ("table", 1), ("", 4), ("第一行", 5), ("第二行", 5)]
    assert Paragraph("标题", position=0) == Paragraph("标题")  # a position is no part of the value
