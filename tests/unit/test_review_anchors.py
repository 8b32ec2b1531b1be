"""Placing findings in a document (``review.anchors``): pure, on documents built in the test."""

from __future__ import annotations

import pytest

from checks.registry import Finding, Severity
from ingest.document import Document, Paragraph, Table, document_from_text
from ingest.model import APPLICANT_COLUMNS
from ingest.parser import parse_report
from review.anchors import CellAnchor, ParagraphAnchor, plan_review, reviewed_filename
from tests.auxil.layouts import sample_data, table3_rows

HEADER: tuple[str | None, ...] = (
    "说明",
    None,
    None,
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)


def _finding(code: str, section: str, location: str, message: str = "有问题") -> Finding:
    return Finding(code, Severity.ERROR, section, location, "1", "2", message, "改正", "格式")


def _t3_grid(rows: list[tuple[str, str, list[str]]]) -> list[tuple[str | None, ...]]:
    """表三 rows as a Word table lays them out: group label merged down (None below it)."""
    out: list[tuple[str | None, ...]] = []
    for group, item, values in rows:
        if item.startswith(("一、", "二、", "四、")):
            out.append((item, None, None, *values))
        elif item.startswith("（"):
            out.append((None, item, None, *values))
        else:
            out.append((None, group or None, item, *values))
    return out


def _split_document() -> Document:
    """表三 split over two Word tables (a page break); the second repeats no header and no
    group label, and the narrative before it."""
    rows = _t3_grid(table3_rows(sample_data()))
    first, second = rows[:5], rows[5:]
    blocks = (
        Paragraph("东城镇人民政府2023年政府信息公开工作年度报告", position=0),
        Paragraph("一、总体情况", heading_level=2, position=1),
        Paragraph("本年度共收到政府信息公开申请10件，均已按期答复。", position=2),
        Paragraph("三、收到和处理政府信息公开申请情况", heading_level=2, position=3),
        Table(rows=(HEADER, *first), position=0),
        Table(rows=tuple(second), position=1),
    )
    return Document(blocks=blocks, source_name="a.docx")


def test_a_table_split_over_pages_keeps_rows_and_columns() -> None:
    document = _split_document()
    report = parse_report(document)
    findings = [
        _finding("T3-VALUE", "表三", "（三）不予公开 2.其他法律行政法规禁止公开 / 商业企业"),
        _finding("T3-VALUE", "表三", "（三）不予公开 1.属于国家秘密 / 总计"),
        _finding("T3-ROWSUM", "表三", "四、结转下年度继续办理"),
        _finding("T3-BALANCE", "表三", "科研机构列"),
    ]
    plan = plan_review(document, report, findings)
    assert plan.unplaced == ()
    anchors = [c.anchor for c in plan.placed]
    # second table: no header, so counted from the right; the group comes from above
    second = document.blocks[5]
    assert isinstance(second, Table)
    assert anchors[0] == CellAnchor(1, 0, 4)
    assert second.rows[0][2] == "2.其他法律行政法规禁止公开"
    assert anchors[1] == CellAnchor(0, 5, 9)  # under the printed 总计 header
    last = len(second.rows) - 1
    assert anchors[2] == CellAnchor(1, last, 0) and second.rows[last][0] == "四、结转下年度继续办理"
    assert anchors[3] == CellAnchor(0, 0, 5)  # the column's header


def test_what_has_no_place_goes_into_the_summary_on_the_title() -> None:
    document = _split_document()
    report = parse_report(document)
    missing = _finding("S-SECTION", "五", "五、存在的主要问题及改进情况", "报告缺少「五」部分")
    no_table = _finding("T4-ROW", "表四", "表四", "未找到表四")
    # the 2019 format's single 其他处理 row: this 2021 table has the three numbered ones
    row = _finding("T3-ROW", "表三", "（六）其他处理", "表三缺少一行")
    plan = plan_review(document, report, [missing, no_table, row])
    assert plan.unplaced == (missing, no_table, row)
    (summary,) = plan.comments
    assert summary.anchor == ParagraphAnchor(0)
    assert "报告缺少「五」部分" in summary.text and "未找到表四" in summary.text
    assert "以下意见在文中没有对应位置" in summary.text


def test_text_findings_mark_the_quoted_sentence_else_the_heading() -> None:
    document = _split_document()
    report = parse_report(document)
    quoted = _finding("X-APPS", "一", "一、总体情况", "正文写「本年度共收到政府信息公开申请10件」")
    unquoted = _finding("X-ART50", "一", "一、总体情况", "总体情况未报告考核结果")
    title = _finding("S-TITLE", "标题", "标题", "标题缺少年份")
    plan = plan_review(document, report, [quoted, unquoted, title])
    assert [c.anchor for c in plan.placed] == [
        ParagraphAnchor(2, "本年度共收到政府信息公开申请10件"),
        ParagraphAnchor(1),
        ParagraphAnchor(0),
    ]
    assert plan.placed[0].text.splitlines() == [
        "【错误】正文写「本年度共收到政府信息公开申请10件」",
        "应为：1；实际：2",
        "修改建议：改正",
        "（X-APPS，一、总体情况；依据：格式）",
    ]


def test_a_quoted_window_of_characters_is_widened_to_its_clause() -> None:
    document = _split_document()
    cut = _finding("X-YEAR", "全文", "一、总体情况", "「共收到政府信息公开」中的年份有误")
    (comment,) = plan_review(document, parse_report(document), [cut]).placed
    assert comment.anchor == ParagraphAnchor(2, "本年度共收到政府信息公开申请10件")


def test_a_document_without_positions_cannot_be_reviewed() -> None:
    document = document_from_text("2023年政府信息公开工作年度报告\n一、总体情况\n")
    with pytest.raises(ValueError):
        plan_review(document, parse_report(document), [])


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        ("东城镇2023年报草稿.docx", "东城镇2023年报草稿（检查意见）.docx"),
        ("../../etc/passwd.docx", "passwd（检查意见）.docx"),
        ("..\\..\\windows\\草稿.docx", "草稿（检查意见）.docx"),
        ("a\x00b:c*?.docx", "a_b_c（检查意见）.docx"),
        ("..docx", "年报（检查意见）.docx"),
        ("", "年报（检查意见）.docx"),
        ("长" * 200 + ".docx", "长" * 60 + "（检查意见）.docx"),
    ],
)
def test_the_reviewed_file_name_is_safe(upload: str, expected: str) -> None:
    assert reviewed_filename(upload) == expected


def test_a_table_typed_as_lines_of_text_gets_comments_on_its_lines() -> None:
    """No Word table: 表三 typed with tabs. A row's finding goes on the row's line, a column's
    on the header line."""
    lines = [
        "东城镇人民政府2023年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度共收到申请10件。",
        "三、收到和处理政府信息公开申请情况",
        "\t".join(["申请人", *APPLICANT_COLUMNS]),
        *("\t".join([item, *values]) for _g, item, values in table3_rows(sample_data())),
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    blocks = tuple(Paragraph(text, position=i) for i, text in enumerate(lines))
    document = Document(blocks=blocks, source_name="a.docx")
    report = parse_report(document)
    rowsum = _finding("T3-ROWSUM", "表三", "（七）总计")
    cell = _finding("T3-VALUE", "表三", "（三）不予公开 2.其他法律行政法规禁止公开 / 其他")
    column = _finding("T3-BALANCE", "表三", "其他列")
    t4 = _finding("T4-SUM", "表四", "行政复议 / 总计")
    plan = plan_review(document, report, [rowsum, cell, column, t4])
    placed = {c.finding.code: c.anchor for c in plan.placed if c.finding is not None}
    assert placed == {
        "T3-ROWSUM": ParagraphAnchor(
            lines.index("\t".join(["（七）总计", *["5", "2", "1", "0", "1", "2", "11"]]))
        ),
        "T3-VALUE": ParagraphAnchor(
            next(i for i, t in enumerate(lines) if t.startswith("2.其他法律"))
        ),
        "T3-BALANCE": ParagraphAnchor(4),  # the header line, not 2.其他法律… (其他 is a column)
    }
    assert plan.unplaced == (t4,)  # nothing under 表四's heading


def test_unreadable_values_and_rows_without_leading_cells_keep_their_columns() -> None:
    """「若干」 in a cell is no label; a row starting after the first grid column (its missing
    positions read as "") still has its label. Second table without header: counted from the
    right, so these are what decide the column."""
    rows = _t3_grid(table3_rows(sample_data()))
    second = [list(r) for r in rows[5:]]
    second[0][4] = "若干"  # 2.其他法律行政法规禁止公开 / 商业企业
    second[1] = ["", *second[1][1:]]  # no cell in the first grid column (w:gridBefore)
    t4_data = ("1", "0", "若干", "1", "2", *["0"] * 10)
    blocks = (
        Paragraph("东城镇人民政府2023年政府信息公开工作年度报告", position=0),
        Table(rows=(HEADER, *rows[:5]), position=0),
        Table(rows=tuple(tuple(r) for r in second), position=1),
        Table(rows=(T4_HEADER, t4_data), position=2),
    )
    document = Document(blocks=blocks, source_name="a.docx")
    findings = [
        _finding("T3-VALUE", "表三", "（三）不予公开 2.其他法律行政法规禁止公开 / 商业企业"),
        _finding("T3-VALUE", "表三", "（三）不予公开 3.危及“三安全一稳定” / 总计"),
        _finding("T4-VALUE", "表四", "行政复议 / 其他结果"),
        _finding("T4-SUM", "表四", "未经复议直接起诉 / 总计"),
    ]
    plan = plan_review(document, parse_report(document), findings)
    assert [c.anchor for c in plan.placed] == [
        CellAnchor(1, 0, 4),
        CellAnchor(1, 1, 9),
        CellAnchor(2, 1, 2),
        CellAnchor(2, 1, 9),
    ]


T4_HEADER = ("行政复议", *[None] * 4, "未经复议直接起诉", *[None] * 4, "复议后起诉", *[None] * 4)
