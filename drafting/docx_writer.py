"""The draft as a Word document: A4, Chinese fonts, headings, and the three tables as real
Word tables with the format's merged cells.

Fonts: Word picks the font of Chinese characters from ``w:eastAsia``, not from the Latin font
name, and python-docx's default heading styles take theirs from the theme, which overrides an
explicit name. So every style used gets explicit ``ascii/hAnsi/eastAsia`` names and loses its
theme attributes. 宋体/黑体 are what Chinese offices have; the language tag
zh-CN lets LibreOffice (which lacks them on Linux) fall back to an installed CJK font such as
WenQuanYi Micro Hei (Debian package fonts-wqy-microhei); without any CJK font the PDF has no
Chinese glyphs.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph

from drafting.drafted_report import Draft, token_table
from drafting.tables import Grid

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"

BODY_PT = 12
TABLE_PT = {"表二": 10.5, "表三": 9, "表四": 8}

_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(style: BaseStyle, east_asia: str, latin: str = LATIN_FONT) -> None:
    """Explicit Latin and East Asian font names, no theme fonts, language zh-CN."""
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr, name in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:cs", latin),
        ("w:eastAsia", east_asia),
    ):
        fonts.set(qn(attr), name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:  # w:lang comes late in rPr; python-docx inserts its own elements before it
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _setup_styles(document: docx.document.Document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    _set_fonts(normal, BODY_FONT)
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.first_line_indent = Pt(BODY_PT * 2)
    fmt.line_spacing_rule = WD_LINE_SPACING.ONE_POINT_FIVE
    fmt.space_after = Pt(0)
    fmt.space_before = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = styles["Title"]
    _set_fonts(title, HEADING_FONT)
    title.font.size = Pt(18)
    title.font.bold = False
    title.font.color.rgb = RGBColor(0, 0, 0)
    tfmt = title.paragraph_format
    tfmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tfmt.first_line_indent = Pt(0)
    tfmt.space_after = Pt(18)
    ppr = title.element.get_or_add_pPr()
    border = ppr.find(qn("w:pBdr"))
    if border is not None:
        ppr.remove(border)

    heading = styles["Heading 1"]
    _set_fonts(heading, HEADING_FONT)
    heading.font.size = Pt(14)
    heading.font.bold = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    hfmt = heading.paragraph_format
    hfmt.first_line_indent = Pt(BODY_PT * 2)
    hfmt.space_before = Pt(12)
    hfmt.space_after = Pt(6)
    hfmt.keep_with_next = True


def _page_setup(document: docx.document.Document) -> None:
    """A4 portrait with the margins of a 公文 page (GB/T 9704: 37/35/28/26 mm)."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)


def _repeat_header(row: docx.table._Row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _cell_format(paragraph: Paragraph, size: Pt, align: WD_ALIGN_PARAGRAPH) -> None:
    """Table text: no first-line indent, single spacing (direct formatting: setting a style
    per cell paragraph costs python-docx a style-table scan each time)."""
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.alignment = align


def _add_table(document: docx.document.Document, grid: Grid) -> Table:
    table = document.add_table(rows=len(grid.rows), cols=grid.n_cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # the cells of the plain grid, taken once: table.cell() re-reads the whole grid each call
    cells = [row.cells for row in table.rows]
    for c, width in enumerate(grid.widths_mm):
        table.columns[c].width = Mm(width)
        for row_cells in cells:
            row_cells[c].width = Mm(width)
    for r0, c0, r1, c1 in grid.merges:  # merge first: merging joins the cells' paragraphs
        cells[r0][c0].merge(cells[r1][c1])
    size = Pt(TABLE_PT.get(grid.name, 9))
    for r, row in enumerate(grid.rows):
        if r < grid.header_rows:
            _repeat_header(table.rows[r])
        for c, text in enumerate(row):
            merge = grid.owner(r, c)
            if merge is not None and (r, c) != (merge[0], merge[1]):
                continue
            cell = cells[r][c]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            label = c < grid.label_cols and r >= grid.header_rows
            paragraph = cell.paragraphs[0]
            _cell_format(
                paragraph, size, WD_ALIGN_PARAGRAPH.LEFT if label else WD_ALIGN_PARAGRAPH.CENTER
            )
            paragraph.add_run(text).font.size = size
    return table


def build_docx(draft: Draft) -> docx.document.Document:
    """The draft as a python-docx document (not yet saved)."""
    document = docx.Document()
    _page_setup(document)
    _setup_styles(document)
    document.core_properties.title = draft.title
    document.core_properties.language = "zh-CN"
    document.add_paragraph(draft.title, style="Title")
    for paragraph in draft.preface.split("\n\n") if draft.preface else []:
        document.add_paragraph(paragraph.strip())
    for section in draft.sections:
        document.add_paragraph(section.heading, style="Heading 1")
        for block in section.blocks():
            name = token_table(block)
            if name:
                _add_table(document, draft.tables[name])
                document.add_paragraph()  # Word needs a paragraph between adjacent tables
            else:
                document.add_paragraph(block)
    return document


def write_docx(draft: Draft, path: Path) -> Path:
    """Save the draft as DOCX at ``path`` (parent directories are created)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    build_docx(draft).save(str(path))
    return path
