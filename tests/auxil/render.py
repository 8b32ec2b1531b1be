"""Render the same report content as DOCX, PDF, HTML and TXT, for reader and parser tests.

A test writes its content once, as a list of blocks, and renders it in every format a user may
upload, so each reader (and the parser behind it) is checked against the same expectations:

* a ``str`` is a paragraph; one starting with ``#`` is a heading (``"## 一、总体情况"``);
  ``PAGE_BREAK`` (``"\f"``) starts a new page in DOCX and PDF and is left out elsewhere;
* an ``RTable`` is a table with merged ranges (``merges``: inclusive ``(r0, c0, r1, c1)``).

``RTable.grid()`` gives what a reader that sees real cells should return: the text in the
top-left position of each merged range, ``None`` in the covered positions, ``""`` for an empty
cell. Fixtures are generated at test time, so no binary file is committed.

    table = RTable([["申请人情况", None], ["自然人", "法人"]], merges=[(0, 0, 0, 1)])
    blocks = ["# 2024年政府信息公开工作年度报告", "一、总体情况", table]
    render_pdf(blocks, tmp_path / "report.pdf")
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import docx
import docx.document
import docx.text.paragraph
from docx.oxml.ns import qn
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

__all__ = [
    "PAGE_BREAK",
    "SAMPLE_BLOCKS",
    "SAMPLE_TABLE",
    "Block",
    "RTable",
    "heading_level",
    "register_cjk_font",
    "render_docx",
    "render_html",
    "render_pdf",
    "render_pdf_without_text",
    "render_txt",
]

PAGE_BREAK = "\f"

CJK_FONT = "STSong-Light"
"""reportlab's built-in CID font: Chinese PDFs without a font file."""


@dataclass(frozen=True)
class RTable:
    """A table to render: ``rows[r][c]`` is the cell text; covered positions are ignored."""

    rows: list[list[str | None]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    header_rows: int = 0
    """Rows Word repeats at the top of every page the table runs onto (``w:tblHeader``)."""

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(row) for row in self.rows), default=0)

    def cell(self, r: int, c: int) -> str:
        """The text written at ``(r, c)`` ("" past the end of a short row or for ``None``)."""
        row = self.rows[r]
        return (row[c] if c < len(row) else None) or ""

    def origin(self, r: int, c: int) -> tuple[int, int] | None:
        """The top-left position of the merged range covering ``(r, c)``, if any."""
        for r0, c0, r1, c1 in self.merges:
            if r0 <= r <= r1 and c0 <= c <= c1:
                return r0, c0
        return None

    def span(self, r: int, c: int) -> tuple[int, int]:
        """``(rowspan, colspan)`` of the cell whose top-left position is ``(r, c)``."""
        for r0, c0, r1, c1 in self.merges:
            if (r0, c0) == (r, c):
                return r1 - r0 + 1, c1 - c0 + 1
        return 1, 1

    def is_covered(self, r: int, c: int) -> bool:
        """True for a position inside a merged range other than its top-left one."""
        origin = self.origin(r, c)
        return origin is not None and origin != (r, c)

    def grid(self) -> tuple[tuple[str | None, ...], ...]:
        """The grid a reader should produce, in ``ingest.document.Table.rows`` form."""
        return tuple(
            tuple(None if self.is_covered(r, c) else self.cell(r, c) for c in range(self.n_cols))
            for r in range(self.n_rows)
        )


Block = str | RTable


def heading_level(block: str) -> tuple[int | None, str]:
    """Split a ``"## 标题"`` block into ``(2, "标题")``; ``(None, text)`` for a paragraph."""
    stripped = block.lstrip()
    hashes = len(stripped) - len(stripped.lstrip("#"))
    if 1 <= hashes <= 6 and stripped[hashes : hashes + 1] in (" ", ""):
        return hashes, stripped[hashes:].strip()
    return None, block


# ---------------------------------------------------------------------------------------- DOCX


def render_docx(
    blocks: Sequence[Block],
    path: Path,
    *,
    footer: str | None = None,
    header: str | None = None,
) -> Path:
    """Write a Word document: Heading styles for headings, real merged cells (``cell.merge``).

    ``footer``/``header`` are page furniture as offices set them (``"第 {PAGE} 页 共 {NUMPAGES}
    页"``, ``"- {PAGE} -"``): ``{PAGE}``/``{NUMPAGES}`` become Word fields, so a PDF export
    prints the page's own number between the lines of a table that runs over a page."""
    document = docx.Document()
    section = document.sections[0]
    if footer:
        _docx_furniture(section.footer.paragraphs[0], footer)
    if header:
        _docx_furniture(section.header.paragraphs[0], header)
    for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Title"):
        style = document.styles[style_name]
        style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for block in blocks:
        if isinstance(block, RTable):
            _docx_table(document, block)
            continue
        if block == PAGE_BREAK:
            document.add_page_break()
            continue
        level, text = heading_level(block)
        if level is None:
            document.add_paragraph(text)
        else:
            document.add_heading(text, level=level)
    document.save(str(path))
    return path


def _docx_furniture(paragraph: docx.text.paragraph.Paragraph, template: str) -> None:
    """A header/footer line with live PAGE/NUMPAGES fields."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in re.split(r"(\{PAGE\}|\{NUMPAGES\})", template):
        if piece in ("{PAGE}", "{NUMPAGES}"):
            run = paragraph.add_run()
            for kind, text in (("begin", None), (None, piece[1:-1]), ("separate", None)):
                if kind is None:
                    instr = OxmlElement("w:instrText")
                    instr.set(qn("xml:space"), "preserve")
                    instr.text = f" {text} "
                    run._r.append(instr)
                else:
                    fld = OxmlElement("w:fldChar")
                    fld.set(qn("w:fldCharType"), kind)
                    run._r.append(fld)
            paragraph.add_run("1")
            end = paragraph.add_run()
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), "end")
            end._r.append(fld)
        elif piece:
            paragraph.add_run(piece)


def _docx_table(document: docx.document.Document, table: RTable) -> None:
    out = document.add_table(rows=table.n_rows, cols=table.n_cols)
    out.style = "Table Grid"
    for r in range(table.header_rows):
        from docx.oxml import OxmlElement

        tr_pr = out.rows[r]._tr.get_or_add_trPr()
        flag = OxmlElement("w:tblHeader")
        flag.set(qn("w:val"), "true")
        tr_pr.append(flag)
    for r0, c0, r1, c1 in table.merges:
        out.cell(r0, c0).merge(out.cell(r1, c1))
    for r in range(table.n_rows):
        for c in range(table.n_cols):
            if not table.is_covered(r, c) and table.cell(r, c):
                cell = out.cell(r, c)
                lines = table.cell(r, c).split("\n")
                cell.paragraphs[0].text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)


# ----------------------------------------------------------------------------------------- PDF


def render_pdf(
    blocks: Sequence[Block],
    path: Path,
    *,
    page_number: str | None = "- {n} -",
    running_header: str | None = None,
    encrypt: str | StandardEncryption | None = None,
    font_size: float = 10.5,
    char_space: float = 0.0,
) -> Path:
    """Write an A4 PDF with the STSong-Light CID font and ruled tables (``GRID`` + ``SPAN``).

    * ``page_number``: the footer template (``{n}`` is the page number; None for no footer);
    * ``running_header``: drawn at the top of every page;
    * ``encrypt``: a user password (or a ``StandardEncryption`` for owner-only protection);
    * ``char_space``: spreads characters apart, as justified text in Word exports does
      (pdfplumber then sees gaps between Chinese characters).

    Tables split across pages by themselves, repeating no header row.
    """
    register_cjk_font()

    def style(size: float, name: str) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=CJK_FONT,
            fontSize=size,
            leading=size * 1.5,
            wordWrap="CJK",
            spaceAfter=size * 0.4,
        )

    body = style(font_size, "body")
    cell_style = ParagraphStyle("cell", parent=body, spaceAfter=0, leading=font_size * 1.3)
    headings = {
        level: style(font_size + 2 * (4 - min(level, 3)), f"h{level}") for level in range(1, 7)
    }

    def para(text: str, st: ParagraphStyle) -> Paragraph:
        return Paragraph(html.escape(text).replace("\n", "<br/>"), st)

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=25 * mm,
        bottomMargin=25 * mm,
        encrypt=encrypt,
        title="",
    )
    width = A4[0] - 50 * mm

    story: list[object] = []
    for block in blocks:
        if isinstance(block, RTable):
            data = [
                [para(text, cell_style) if text else "" for text in row] for row in block.grid()
            ]
            commands: list[tuple[object, ...]] = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
            commands += [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in block.merges]
            table = Table(data, colWidths=[width / block.n_cols] * block.n_cols)
            table.setStyle(TableStyle(commands))
            story += [table, Spacer(1, font_size)]
            continue
        if block == PAGE_BREAK:
            story.append(PageBreak())
            continue
        level, text = heading_level(block)
        st = body if level is None else headings[level]
        story.append(_SpacedText(text, st, char_space) if char_space else para(text, st))

    def decorate(canvas: Canvas, _doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(CJK_FONT, 9)
        if page_number:
            footer = page_number.format(n=canvas.getPageNumber())
            canvas.drawCentredString(A4[0] / 2, 12 * mm, footer)
        if running_header:
            canvas.drawCentredString(A4[0] / 2, A4[1] - 14 * mm, running_header)
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


def render_pdf_without_text(path: Path, pages: int = 1) -> Path:
    """Write a PDF that looks like a scan: grey blocks where text lines would be, no text layer
    (the first page is left blank, as scanners often add one)."""
    canvas = Canvas(str(path), pagesize=A4)
    for n in range(pages):
        if n:
            canvas.setFillGray(0.6)
            for i in range(30):
                canvas.rect(70, A4[1] - 90 - i * 22, 450 - (i % 4) * 40, 9, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return path


def register_cjk_font() -> str:
    """Register reportlab's built-in Chinese font (once) and return its name, for tests that
    draw on a ``Canvas`` themselves."""
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    return CJK_FONT


class _SpacedText(Flowable):  # type: ignore[misc]
    """Text drawn with extra space between characters (``Tc``), wrapped by character."""

    def __init__(self, text: str, style: ParagraphStyle, char_space: float) -> None:
        super().__init__()
        self.text, self.style, self.char_space = text, style, char_space
        self.lines: list[str] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        font, size = self.style.fontName, self.style.fontSize
        self.lines, line, used = [], "", 0.0
        for ch in self.text:
            w = pdfmetrics.stringWidth(ch, font, size) + self.char_space
            if line and used + w > avail_width:
                self.lines.append(line)
                line, used = "", 0.0
            line, used = line + ch, used + w
        self.lines.append(line)
        self.width = avail_width
        self.height = len(self.lines) * self.style.leading + self.style.spaceAfter
        return self.width, self.height

    def draw(self) -> None:
        text = self.canv.beginText()
        text.setFont(self.style.fontName, self.style.fontSize)
        text.setCharSpace(self.char_space)
        text.setTextOrigin(0, self.height - self.style.fontSize - self.style.spaceAfter)
        text.setLeading(self.style.leading)
        for line in self.lines:
            text.textLine(line)
        self.canv.drawText(text)


# ---------------------------------------------------------------------------------------- HTML

_PORTAL_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_某某县人民政府</title>
<style>body {{ font-family: SimSun; }} .nav li {{ display: inline; }}</style>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
</head>
<body>
<div class="top-bar"><a href="/">无障碍浏览</a> <a href="/">长者模式</a> <a href="/">登录</a></div>
<div id="header" class="header"><img src="logo.png" alt="某某县人民政府门户网站">
<div class="search"><input type="text" value="请输入关键词"><button>搜索</button></div></div>
<div class="nav main-menu"><ul>
<li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li>
<li><a href="/xxgknb">政府信息公开年报</a></li>
</ul></div>
<div class="wrapper">
<div class="sidebar left-side"><h3>政府信息公开</h3><ul>
<li><a href="/a">政府信息公开指南</a></li><li><a href="/b">政府信息公开制度</a></li>
<li><a href="/c">法定主动公开内容</a></li><li><a href="/d">政府信息公开年报</a></li></ul></div>
<div class="main-content">
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt;
<a href="/xxgknb">政府信息公开年报</a></div>
<div class="article">
"""

_PORTAL_FOOT = """</div>
<div class="share bdsharebuttonbox">分享到：<a href="#">微信</a> <a href="#">微博</a>
【<a href="javascript:window.print()">打印本页</a>】
【<a href="javascript:window.close()">关闭窗口</a>】</div>
</div>
</div>
<div id="footer" class="footer"><p>主办单位：某某县人民政府办公室 承办单位：某某县大数据中心</p>
<p>网站标识码：1234000001 <a href="https://beian.miit.gov.cn">皖ICP备12345678号</a>
公安机关备案号：34000002000001</p><p>联系电话：0551-12345678 地址：某某县政务中心三楼</p></div>
<script>document.getElementById("footer").className += " loaded";</script>
</body>
</html>
"""


_NESTED_HEAD = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}</title></head>
<body>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td colspan="2"><table width="100%"><tr><td><img src="banner.jpg" alt="政务公开"></td>
<td align="right">今天是：<span id="today"></span> | <a href="/">设为首页</a> |
<a href="/">加入收藏</a></td></tr></table></td></tr>
<tr><td colspan="2"><table width="100%"><tr>
<td><a href="/">首页</a></td><td><a href="/zwgk">政务公开</a></td>
<td><a href="/znwh">机构职能</a></td><td><a href="/ldzc">领导之窗</a></td>
<td><a href="/nb">年度报告</a></td><td><a href="/yjzj">意见征集</a></td></tr></table></td></tr>
<tr><td width="220" valign="top"><table width="100%">
<tr><td>信息公开目录</td></tr>
<tr><td><a href="/zn">信息公开指南</a></td></tr>
<tr><td><a href="/zd">信息公开制度</a></td></tr>
<tr><td><a href="/nb">信息公开年报</a></td></tr>
<tr><td><a href="/ysq">依申请公开</a></td></tr>
</table></td>
<td valign="top"><table width="100%" border="0">
<tr><td>索引号：{index_no}</td><td>发布机构：{organ}</td></tr>
<tr><td>发文日期：{date}</td><td>主题分类：政务公开</td></tr>
<tr><td colspan="2">名称：{title}</td></tr>
<tr><td colspan="2">
"""

_NESTED_FOOT = """</td></tr>
<tr><td colspan="2">【<a href="#">字体：大 中 小</a>】【<a href="#">打印</a>】
【<a href="#">关闭</a>】</td></tr>
<tr><td colspan="2">上一篇：<a href="/nb/{prev}">{organ}{prev}年政府信息公开工作年度报告</a>
</td></tr>
<tr><td colspan="2">下一篇：<a href="/nb/next">{organ}关于{next_year}年政务公开工作要点的通知</a>
</td></tr>
</table>
<table width="100%"><tr><td>相关链接：</td></tr>
<tr><td><a href="/x">{organ}{prev2}年政府信息公开工作年度报告</a></td></tr>
<tr><td><a href="/y">政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）</a></td></tr>
</table></td></tr>
<tr><td colspan="2"><table width="100%"><tr><td>版权所有：{organ} 技术支持：某某科技有限公司
ICP备案：某ICP备05000001号-1 网站标识码：3400000099</td></tr></table></td></tr>
</table>
</body></html>
"""


def render_html(
    blocks: Sequence[Block],
    path: Path,
    portal: bool | str = True,
    *,
    encoding: str = "utf-8",
) -> Path:
    """Write an HTML page; ``portal`` wraps it in a government-portal page (scripts, a top bar,
    header, nav menu, sidebar, breadcrumb, share bar and footer) as a saved web page has it.
    ``portal="nested"`` is the older portal style: the whole page laid out in nested tables,
    the report inside a cell, with the metadata grid, 上一篇/下一篇 links to other years'
    reports and a related-links list around it.

    Tables use ``colspan``/``rowspan``; ``encoding`` (e.g. ``"gbk"``) is declared in a meta tag.
    """
    title = next((heading_level(b)[1] for b in blocks if isinstance(b, str) and b.strip()), "")
    body: list[str] = []
    for block in blocks:
        if isinstance(block, RTable):
            body.append(_html_table(block))
            continue
        if block == PAGE_BREAK:
            continue
        level, text = heading_level(block)
        escaped = html.escape(text).replace("\n", "<br>")
        body.append(f"<p>{escaped}</p>" if level is None else f"<h{level}>{escaped}</h{level}>")
    content = "\n".join(body) + "\n"
    if portal == "nested":
        m = re.search(r"((?:19|20)\d{2})年", title)
        year = int(m.group(1)) if m else 2023
        fields = {
            "charset": encoding,
            "title": html.escape(title),
            "organ": html.escape(title[: m.start()] if m else "某某单位"),
            "index_no": f"11340000MB{year}-00123",
            "date": f"{year + 1}-01-18",
            "prev": year - 1,
            "prev2": year - 2,
            "next_year": year + 1,
        }
        page = _NESTED_HEAD.format(**fields) + content + _NESTED_FOOT.format(**fields)
    elif portal:
        page = _PORTAL_HEAD.format(charset=encoding, title=html.escape(title)) + content
        page += _PORTAL_FOOT
    else:
        page = (
            f'<!DOCTYPE html>\n<html><head><meta charset="{encoding}"><title>'
            f"{html.escape(title)}</title></head>\n<body>\n{content}</body></html>\n"
        )
    path.write_bytes(page.encode(encoding))
    return path


def _html_table(table: RTable) -> str:
    lines = ['<table border="1" cellspacing="0">']
    for r in range(table.n_rows):
        cells = []
        for c in range(table.n_cols):
            if table.is_covered(r, c):
                continue
            rowspan, colspan = table.span(r, c)
            attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
                f' colspan="{colspan}"' if colspan > 1 else ""
            )
            text = html.escape(table.cell(r, c)).replace("\n", "<br>")
            cells.append(f"<td{attrs}>{text}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


# ----------------------------------------------------------------------------------------- TXT

TxtLayout = Literal["tabs", "pipes", "cells"]


def render_txt(
    blocks: Sequence[Block],
    path: Path,
    layout: TxtLayout = "tabs",
    *,
    encoding: str = "utf-8",
) -> Path:
    """Write a text export; headings keep their ``#`` only in a ``.md``/``.markdown`` file.

    Table layouts, as copy-paste and converters produce them:

    * ``"tabs"``: one row per line, cells separated by tabs (covered positions empty);
    * ``"pipes"``: a Markdown pipe table, with the ``| --- |`` line after the first row;
    * ``"cells"``: one cell per line (covered positions skipped), a blank line after each row.

    ``encoding`` may be ``"gbk"``, ``"gb18030"`` or ``"utf-8-sig"`` (UTF-8 with a BOM).
    """
    markdown = path.suffix.lower() in (".md", ".markdown")
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, RTable):
            lines += _txt_table(block, layout)
            continue
        if block == PAGE_BREAK:
            continue
        level, text = heading_level(block)
        lines += text.split("\n") if level is None or not markdown else [block.strip()]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def _txt_table(table: RTable, layout: TxtLayout) -> list[str]:
    grid = table.grid()
    flat = [[(cell or "").replace("\n", "") for cell in row] for row in grid]
    if layout == "tabs":
        return ["\t".join(row) for row in flat]
    if layout == "pipes":
        rows = ["| " + " | ".join(row) + " |" for row in flat]
        return [rows[0], "|" + " --- |" * table.n_cols, *rows[1:]]
    if layout == "cells":
        lines: list[str] = []
        for row in grid:
            lines += [cell.replace("\n", "") for cell in row if cell is not None]
            lines.append("")
        return lines
    raise ValueError(f"unknown layout: {layout!r}")


# -------------------------------------------------------------------------------------- sample

_BALANCE_NOTE = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和"

SAMPLE_TABLE = RTable(
    rows=[
        [_BALANCE_NOTE, None, "申请人情况", None, None, None],
        [None, None, "自然人", "法人或其他组织", None, "总计"],
        [None, None, None, "商业企业", "科研机构", None],
        ["一、本年新收政府信息公开申请数量", None, "12", "3", "0", "15"],
        ["三、本年度办理结果", "（一）予以公开", "5", "1", "0", "6"],
        [None, "（二）部分公开", "2", "", "0", "2"],
    ],
    merges=[
        (0, 0, 2, 1),  # the note: three rows, two columns
        (0, 2, 0, 5),  # 申请人情况 across all applicant columns
        (1, 2, 2, 2),  # 自然人 down two rows
        (1, 3, 1, 4),  # 法人或其他组织 across two columns
        (1, 5, 2, 5),  # 总计 down two rows
        (3, 0, 3, 1),  # a row label across both label columns
        (4, 0, 5, 0),  # 三、本年度办理结果 down two rows
    ],
)
"""A 表三-style header: merged across and down, every grid column separated by some row
(a PDF cannot show a column that no row divides), one empty cell."""

SAMPLE_BLOCKS: list[Block] = [
    "# 某某县人民政府2023年政府信息公开工作年度报告",
    "## 一、总体情况",
    "2023年，我县认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外。",
    "## 三、收到和处理政府信息公开申请情况",
    SAMPLE_TABLE,
    "## 四、政府信息公开行政复议、行政诉讼情况",
    "本年度未发生行政复议和行政诉讼案件。",
]
"""A short report: headings, paragraphs and ``SAMPLE_TABLE`` between them."""
