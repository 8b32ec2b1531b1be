"""HTML reader: portal chrome dropped, the report container found, tables expanded to grids."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import Document, Paragraph, Table
from ingest.readers import read_bytes, read_document
from tests.auxil.render import SAMPLE_BLOCKS, SAMPLE_TABLE, render_html

CHROME = [
    *("首页", "政务服务", "无障碍浏览", "请输入关键词", "搜索", "当前位置"),  # top bar, nav, crumb
    *("政府信息公开指南", "法定主动公开内容"),  # sidebar
    *("分享到", "打印本页", "关闭窗口"),  # share bar
    *("网站标识码", "ICP备", "主办单位", "统计代码", "loaded"),  # footer, scripts
]


def paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def read_html(markup: str, encoding: str = "utf-8", name: str = "页面.html") -> Document:
    return read_bytes(markup.encode(encoding), name)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_portal_page_keeps_only_the_report(tmp_path: Path, encoding: str) -> None:
    doc = read_document(render_html(SAMPLE_BLOCKS, tmp_path / "年报.html", encoding=encoding))
    for word in CHROME:
        assert word not in doc.text, word
    assert [(p.text, p.heading_level) for p in paragraphs(doc)] == [
        ("某某县人民政府2023年政府信息公开工作年度报告", 1),
        ("一、总体情况", 2),
        (SAMPLE_BLOCKS[2], None),
        ("三、收到和处理政府信息公开申请情况", 2),
        ("四、政府信息公开行政复议、行政诉讼情况", 2),
        ("本年度未发生行政复议和行政诉讼案件。", None),
    ]
    [table] = tables(doc)
    assert table.rows == SAMPLE_TABLE.grid()


OLD_PORTAL = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某县交通运输局2023年政府信息公开工作年度报告_某某县人民政府</title></head><body>
<table width="100%"><tr><td class="left-side" width="200">
<a href="/">首页</a><br><a href="/zwgk">政务公开</a><br><a href="/nb">信息公开年报</a></td>
<td>
<div class="title"><span>某某县交通运输局2023年政府信息公开
工作年度报告</span></div>
<div class="info">发布时间：2024-01-20　来源：县交通局</div>
<div class="con">
<p>　　一、总体情况</p>
<p>2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，
坚持以公开为常态、不公开为例外，全年主动公开政府信息一百余条。</p>
<p>第一行<br>第二行&nbsp;结束</p>
<table class="layout"><tr><td>
<table border=1>
<tr><th rowspan=2>信息内容</th><th colspan="2">本年</th><th rowspan="2">现行有效件数</th></tr>
<tr><th>制发件数</th><th>废止件数</th></tr>
<tr><td>规章</td><td>0</td><td></td><td>&nbsp;</td></tr>
<tr><td>规范性文件<br>（含转发）</td><td>5</td><td>1</td></tr>
</table></td></tr></table>
<ul><li>条目一</li><li>条目二</li></ul>
<p>本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p>
</div></td></tr></table>
<div class="foot">版权所有：某某县人民政府 地址：某某路1号</div>
<div style="display:none">隐藏文字</div>
</body></html>"""


def test_old_portal_with_layout_tables() -> None:
    """GB2312, a layout table with a link sidebar, the title in a sibling block, a data table
    nested in a layout table, ``<br>`` and ``&nbsp;``, a hidden element."""
    doc = read_html(OLD_PORTAL, encoding="gbk", name="交通局年报.htm")
    assert [p.text for p in paragraphs(doc)] == [
        "某某县交通运输局2023年政府信息公开工作年度报告",
        "一、总体情况",
        "2023年，我局认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，全年主动公开政府信息一百余条。",
        "第一行",
        "第二行 结束",
        "条目一",
        "条目二",
        "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    ]
    assert paragraphs(doc)[0].heading_level == 1
    assert tables(doc) == [
        Table(
            rows=(
                ("信息内容", "本年", None, "现行有效件数"),
                (None, "制发件数", "废止件数", None),
                ("规章", "0", "", ""),
                ("规范性文件\n（含转发）", "5", "1", ""),  # a short row is padded with ""
            )
        )
    ]


def test_title_from_the_page_title_when_the_page_has_none() -> None:
    markup = """<html><head><title>某镇2023年度政府信息公开工作报告 - 某县政府网</title></head>
    <body><div class="nav"><a href="/">首页</a></div>
    <div id="zoom"><p>一、总体情况</p>
    <p>本镇认真贯彻落实条例，全年主动公开信息。</p></div></body></html>"""
    doc = read_html(markup)
    assert paragraphs(doc)[0] == Paragraph("某镇2023年度政府信息公开工作报告", heading_level=1)
    assert [p.text for p in paragraphs(doc)][1:] == [
        "一、总体情况",
        "本镇认真贯彻落实条例，全年主动公开信息。",
    ]


def test_chrome_class_holding_the_report_is_kept() -> None:
    """A class that sounds like chrome ("main-side") does not hide a long report."""
    body = "本机关坚持以公开为常态、不公开为例外，推进决策、执行、管理、服务、结果公开。" * 8
    markup = f"""<html><body><div class="share">分享到微信</div>
    <div class="main-side"><h1>2023年政府信息公开工作年度报告</h1>
    <p>{body}</p></div></body></html>"""
    doc = read_html(markup)
    assert [p.text for p in paragraphs(doc)] == ["2023年政府信息公开工作年度报告", body]


def test_header_element_with_the_title_is_kept() -> None:
    markup = """<html><body><header class="site-header"><a href="/">首页</a></header>
    <article><header><h1>2023年政府信息公开工作年度报告</h1></header>
    <p>一、总体情况</p><p>全年主动公开政府信息。</p></article>
    <footer>网站标识码</footer></body></html>"""
    doc = read_html(markup)
    assert [p.text for p in paragraphs(doc)] == [
        "2023年政府信息公开工作年度报告",
        "一、总体情况",
        "全年主动公开政府信息。",
    ]


def test_span_edge_cases() -> None:
    """rowspan past the end is clamped, rowspan="0" runs to the end, bad numbers mean 1."""
    markup = """<html><body><table>
    <tr><td rowspan="9">甲</td><td colspan="x">乙</td><td rowspan="0">丙</td></tr>
    <tr><td>丁</td></tr>
    <tr><td>戊</td></tr>
    </table></body></html>"""
    [table] = tables(read_html(markup))
    assert table.rows == (("甲", "乙", "丙"), (None, "丁", None), (None, "戊", None))


def test_whitespace_rules() -> None:
    """Source line breaks vanish between Chinese characters and become spaces elsewhere."""
    markup = "<html><body><p>政府信息\n    公开 Open\n Data 报告</p></body></html>"
    assert [p.text for p in paragraphs(read_html(markup))] == ["政府信息公开 Open Data 报告"]


def test_xhtml_declaration_and_plain_text_html() -> None:
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>年度报告正文</p></body></html>'
    assert read_html(xhtml, name="a.xhtml").text == "年度报告正文"
    assert read_html("没有标签的文字\n第二行", name="a.html").text == "没有标签的文字\n第二行"


def test_wrongly_declared_charset_falls_back() -> None:
    markup = '<html><head><meta charset="utf-8"></head><body><p>政府信息公开</p></body></html>'
    assert read_html(markup, encoding="gbk").text == "政府信息公开"


def test_western_charset_declared_on_a_gbk_page() -> None:
    """windows-1252 would decode GBK bytes into plausible mojibake; GB18030 is tried first."""
    markup = (
        '<html><head><meta charset="windows-1252"></head><body><p>政府信息公开</p></body></html>'
    )
    assert read_html(markup, encoding="gbk").text == "政府信息公开"


def test_inline_link_with_a_chrome_class_stays_in_its_paragraph() -> None:
    markup = (
        '<html><body><p>依据<a class="link" href="/tl">《条例》</a>第五十条编制。</p></body></html>'
    )
    assert read_html(markup).text == "依据《条例》第五十条编制。"
