"""PDF reader: ruled tables with merged cells, Chinese spacing, page breaks, headers/footers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ingest.document import Document, Paragraph, Table
from ingest.readers import read_document
from tests.auxil.render import (
    PAGE_BREAK,
    SAMPLE_BLOCKS,
    SAMPLE_TABLE,
    RTable,
    register_cjk_font,
    render_docx,
    render_pdf,
)

SPACE_BETWEEN_CJK = re.compile(r"[\u4e00-\u9fff，。、（）《》：] +[\u4e00-\u9fff，。、（）《》：]")


def lines(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def test_chinese_table_with_merged_cells(tmp_path: Path) -> None:
    doc = read_document(render_pdf(["表三", SAMPLE_TABLE], tmp_path / "表三.pdf"))
    [table] = tables(doc)
    assert table.page == 1
    flat = tuple(tuple(None if c is None else c.replace("\n", "") for c in r) for r in table.rows)
    assert flat == SAMPLE_TABLE.grid()
    # the 30-character note wraps inside its cell; the line breaks are kept for the parser
    assert table.rows[0][0] is not None and "\n" in table.rows[0][0]
    assert table.rows[5][3] == ""  # an empty cell
    assert table.rows[1][0] is None and table.rows[0][3] is None  # covered positions
    for row in table.rows:
        for cell in row:
            assert not cell or not SPACE_BETWEEN_CJK.search(cell)


def test_letter_spaced_chinese_has_no_spaces(tmp_path: Path) -> None:
    """Justified Word exports space out every character; pdfplumber would insert spaces."""
    text = "一、本年新收政府信息公开申请数量为12件，比上年增加3件。"
    path = render_pdf([text, "二、上年结转"], tmp_path / "spaced.pdf", char_space=4)
    with pdfplumber.open(path) as pdf:
        assert "本 年 新 收" in pdf.pages[0].extract_text()  # what we are guarding against
    assert lines(read_document(path))[:2] == [text, "二、上年结转"]


def test_real_spaces_and_latin_words_are_kept(tmp_path: Path) -> None:
    text = "保安镇人民政府 2021 年 Open Government Data 报告"
    path = render_pdf([text], tmp_path / "latin.pdf")
    assert lines(read_document(path)) == [text]


def test_table_continued_across_page_break(tmp_path: Path) -> None:
    rows = [["序号", "事项名称", "办理数量"]]
    rows += [[str(i), f"第{i}项政府信息公开申请", str(i * 3)] for i in range(1, 61)]
    long = RTable(rows)
    path = render_pdf(
        ["# 附表", "正文第一段。", long, "表后文字。"],
        tmp_path / "跨页.pdf",
        page_number="- {n} -",
        running_header="某某县人民政府信息公开年报",
    )
    doc = read_document(path)

    assert doc.pages == 2
    first, second = tables(doc)
    assert (first.page, second.page) == (1, 2)
    assert 10 < len(first.rows) < 60
    assert first.rows + second.rows == long.grid()
    assert lines(doc) == ["附表", "正文第一段。", "表后文字。"]  # no header, no "- 1 -"
    assert doc.blocks[-1] == Paragraph("表后文字。", page=2)
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph"] * 2 + ["Table"] * 2 + [
        "Paragraph"
    ]


@pytest.mark.parametrize(
    "page_number",
    [
        *("- {n} -", "— {n} —", "{n}", "第{n}页", "第 {n} 页 共 3 页", "{n}/3", "{n} / 3"),
        *("Page {n}", "某某县人民政府办公室 第{n}页"),  # the last one: a running footer
    ],
)
def test_page_numbers_are_dropped(tmp_path: Path, page_number: str) -> None:
    body = ["本机关全年主动公开政府信息。", "依申请公开情况良好。", "行政复议未发生。"]
    blocks = [body[0], PAGE_BREAK, body[1], PAGE_BREAK, body[2]]
    doc = read_document(render_pdf(blocks, tmp_path / "页码.pdf", page_number=page_number))
    assert doc.pages == 3
    assert lines(doc) == body
    assert [b.page for b in doc.blocks] == [1, 2, 3]


def test_title_like_running_header_keeps_the_title(tmp_path: Path) -> None:
    """The header repeats the title in small print: the big title on page 1 stays."""
    title = "某某县2023年政府信息公开工作年度报告"
    blocks = [f"# {title}", "正文。", PAGE_BREAK, "第二页正文。", PAGE_BREAK, "第三页正文。"]
    doc = read_document(render_pdf(blocks, tmp_path / "h.pdf", running_header=title))
    assert lines(doc) == [title, "正文。", "第二页正文。", "第三页正文。"]


def test_single_page_keeps_its_first_line(tmp_path: Path) -> None:
    """Repetition is what marks a running header; one page has none to compare with."""
    doc = read_document(render_pdf(["某某县人民政府办公室", "正文。"], tmp_path / "one.pdf"))
    assert lines(doc) == ["某某县人民政府办公室", "正文。"]


def test_page_without_text_is_reported_in_meta(tmp_path: Path) -> None:
    blocks = ["第一页正文。", PAGE_BREAK, "", PAGE_BREAK, "第三页正文。"]
    doc = read_document(render_pdf(blocks, tmp_path / "部分扫描.pdf", page_number=None))
    assert lines(doc) == ["第一页正文。", "第三页正文。"]
    assert doc.meta == {"pages_without_text": "2"}


def test_one_column_frame_is_text_not_a_table(tmp_path: Path) -> None:
    """A bordered box around text is found as a one-column "table"; it is read as lines."""
    frame = RTable([["注：本表数据统计期限为2023年1月1日至12月31日。"]])
    doc = read_document(render_pdf(["正文。", frame], tmp_path / "frame.pdf"))
    assert tables(doc) == []
    assert lines(doc) == ["正文。", "注：本表数据统计期限为2023年1月1日至12月31日。"]


def test_overprinted_bold_and_rotated_watermark(tmp_path: Path) -> None:
    """Some exporters fake bold by drawing text twice, a hair apart; watermarks are rotated."""
    font = register_cjk_font()
    path = tmp_path / "bold.pdf"
    canvas = Canvas(str(path))
    canvas.setFont(font, 16)
    for dx in (0, 0.3, 0.6):
        canvas.drawString(80 + dx, 700, "一、总体情况")
    canvas.setFont(font, 12)
    canvas.drawString(80, 670, "全年主动公开政府信息。")
    canvas.saveState()
    canvas.translate(300, 400)
    canvas.rotate(45)
    canvas.setFont(font, 48)
    canvas.drawString(0, 0, "内部资料")
    canvas.restoreState()
    canvas.save()
    assert lines(read_document(path)) == ["一、总体情况", "全年主动公开政府信息。"]


def test_automatic_space_between_chinese_and_latin_is_dropped(tmp_path: Path) -> None:
    """Word and LibreOffice leave a quarter-em gap between Chinese and digits ("2023 年")."""
    font = register_cjk_font()
    path = tmp_path / "autospace.pdf"
    canvas = Canvas(str(path))
    canvas.setFont(font, 12)
    x = 80.0
    for segment in ["本年新收申请", "12", "件，其中", "PDF", "格式", "3", "件。"]:
        canvas.drawString(x, 700, segment)
        x += stringWidth(segment, font, 12) + 3  # 0.25 em
    canvas.drawString(80, 670, "Open Data 平台")  # a real space is kept
    canvas.save()
    assert lines(read_document(path)) == ["本年新收申请12件，其中PDF格式3件。", "Open Data 平台"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_word_export_through_libreoffice(tmp_path: Path) -> None:
    """A DOCX with justified text, a running header and a "- PAGE -" footer, exported to PDF
    by LibreOffice (embedded TrueType subset fonts, as real reports have)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    text = (
        "2023年，我县认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息1234条。"
    )
    rows = [["序号", "事项名称", "办理数量"]]
    rows += [[str(i), f"第{i}项政府信息公开申请", str(i * 3)] for i in range(1, 50)]
    source = render_docx(
        [*SAMPLE_BLOCKS, text * 3, RTable(rows), "表后文字。"], tmp_path / "a.docx"
    )
    document = docx.Document(str(source))
    for paragraph in document.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    section = document.sections[0]
    section.header.paragraphs[0].text = "某某县人民政府信息公开年报"
    footer = section.footer.paragraphs[0]._p
    footer.append(parse_xml(f'<w:r {w}><w:t xml:space="preserve">- </w:t></w:r>'))
    footer.append(
        parse_xml(f'<w:fldSimple {w} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    )
    footer.append(parse_xml(f'<w:r {w}><w:t xml:space="preserve"> -</w:t></w:r>'))
    document.save(str(source))
    profile = f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}"  # no clash with others
    subprocess.run(
        ["soffice", "--headless", profile, "--convert-to", "pdf", "--outdir", tmp_path, source],
        check=True,
        capture_output=True,
        timeout=120,
    )
    doc = read_document(tmp_path / "a.pdf")

    assert doc.pages == 2
    sample, first, second = tables(doc)
    flat = tuple(tuple(None if c is None else c.replace("\n", "") for c in r) for r in sample.rows)
    assert flat == SAMPLE_TABLE.grid()
    assert first.rows + second.rows == RTable(rows).grid()
    text_lines = lines(doc)
    assert text_lines[0] == "某某县人民政府2023年政府信息公开工作年度报告"
    assert "".join(text_lines).count(text) == 3
    assert text_lines[-1] == "表后文字。"
    assert not any("年报" in line or re.fullmatch(r"- \d -", line) for line in text_lines)


def _scan_pdf(path: Path, *, cover: str | None, pages: int = 3) -> Path:
    """A scan as offices make one: page pictures (a PIL image of grey text lines) without
    text, behind an optional typed cover page with text."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader

    from tests.auxil.render import register_cjk_font

    image = Image.new("RGB", (300, 420), "white")
    draw = ImageDraw.Draw(image)
    for i in range(30):
        draw.rectangle((20, 20 + i * 12, 260 - (i % 4) * 20, 26 + i * 12), fill=(90, 90, 90))
    canvas = Canvas(str(path), pagesize=A4)
    if cover:
        canvas.setFont(register_cjk_font(), 14)
        canvas.drawString(60, A4[1] - 100, cover)
        canvas.showPage()
    for _ in range(pages):
        canvas.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
        canvas.showPage()
    canvas.save()
    return path


def test_a_scan_without_any_text_is_refused_with_what_to_upload(tmp_path: Path) -> None:
    from ingest.readers.errors import InputError

    with pytest.raises(InputError, match=r"没有文字层.*请上传带文字层的 PDF 或 Word 原件"):
        read_document(_scan_pdf(tmp_path / "扫描件.pdf", cover=None))


def test_scanned_pages_behind_a_typed_cover_are_said_once_and_nothing_is_missing(
    tmp_path: Path,
) -> None:
    """Page 1 typed, pages 2–4 pictures: the six parts are on the pictures, so the checker says
    it cannot read those pages instead of reporting six missing parts."""
    from checks import Severity, run_checks
    from ingest import parser

    title = "柳溪乡人民政府2024年政府信息公开工作年度报告"
    doc = read_document(_scan_pdf(tmp_path / "封面加扫描.pdf", cover=title))
    assert doc.meta == {"pages_without_text": "2,3,4", "scanned_pages": "2,3,4"}
    findings = run_checks(parser.parse_report(doc))
    assert [f.code for f in findings if f.severity != Severity.INFO] == ["P-SCAN"]
    assert "第2、3、4页" in findings[-1].message or any(
        "第2、3、4页" in f.message for f in findings
    )
