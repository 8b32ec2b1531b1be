"""The same numbers in every layout a real export takes parse to the same values."""

from __future__ import annotations

import pytest

from ingest.document import Document, Paragraph, Table, document_from_text
from ingest.model import T3_ROWS_2021, report_to_json
from ingest.parser import parse_report
from tests.auxil.layouts import (
    render_text,
    report_blocks,
    sample_data,
    to_traditional_fullwidth,
)

LAYOUTS = ["tabs", "pipes", "cells", "spaces", "broken", "vertical"]
VALUE_KEYS = ["organ", "year", "format", "active", "applications", "review_litigation"]


def _parse_text(text: str) -> dict:
    return report_to_json(parse_report(document_from_text(text)))


def _assert_same_values(got: dict, data: dict) -> None:
    for key in VALUE_KEYS:
        if isinstance(data[key], dict):
            for sub, value in data[key].items():
                assert got[key][sub] == value, (key, sub)
        else:
            assert got[key] == data[key], key


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_parses_to_the_same_values(layout: str) -> None:
    data = sample_data()
    got = _parse_text(render_text(data, layout))
    _assert_same_values(got, data)
    assert not [d for d in got["diagnostics"] if d["kind"] in ("missing_row", "cells")]


def test_traditional_characters_and_fullwidth_digits() -> None:
    data = sample_data()
    got = _parse_text(to_traditional_fullwidth(render_text(data, "tabs")))
    _assert_same_values(got, data)


@pytest.mark.parametrize("level", [1, 2, 3, 4])
def test_markdown_headings_of_any_level(level: int) -> None:
    text = render_text(sample_data(), "pipes")
    for head in (
        "一、总体情况",
        "二、主动公开",
        "三、收到和处理",
        "四、政府信息公开行政复议",
        "五、存在的主要问题",
        "六、其他需要报告",
    ):
        text = text.replace("\n" + head, "\n" + "#" * level + " " + head)
    got = _parse_text(text)
    assert [s["key"] for s in got["sections"]] == ["一", "二", "三", "四", "五", "六"]
    _assert_same_values(got, sample_data())


def test_blank_cells_stay_blank_in_tab_layout() -> None:
    data = sample_data()
    data["applications"]["上年结转"] = [None, None, None, None, None, None, 2]
    data["applications"]["新收"] = [5, 2, 1, None, 1, 1, 10]
    got = _parse_text(render_text(data, "tabs"))
    assert got["applications"]["上年结转"] == [None] * 6 + [2]
    assert got["applications"]["新收"] == [5, 2, 1, None, 1, 1, 10]


def test_blank_cells_stay_blank_one_cell_per_line() -> None:
    data = sample_data()
    data["applications"]["部分公开"] = [1, None, None, None, 1, None, 2]
    got = _parse_text(render_text(data, "cells"))
    assert got["applications"]["部分公开"] == [1, None, None, None, 1, None, 2]


def test_row_that_lost_a_cell_is_repaired_from_its_total_and_reported() -> None:
    text = render_text(sample_data(), "tabs")
    # 予以公开 2 1 0 0 0 1 4 loses its 0 for 社会公益组织
    text = text.replace("（一）予以公开\t2\t1\t0\t0\t0\t1\t4", "（一）予以公开\t2\t1\t0\t0\t1\t4")
    got = _parse_text(text)
    assert got["applications"]["予以公开"] == [2, 1, 0, 0, 0, 1, 4]
    cells = [d for d in got["diagnostics"] if d["kind"] == "cells"]
    assert [(d["location"], d["expected"], d["actual"]) for d in cells] == [
        ("（一）予以公开", "7", "6")
    ]


def test_lost_cell_goes_where_the_table_balances() -> None:
    text = render_text(sample_data(), "tabs")
    # 新收 5 2 1 0 1 1 10 loses the 2: the row total says the value, the columns say where
    text = text.replace("数量\t5\t2\t1\t0\t1\t1\t10", "数量\t5\t1\t0\t1\t1\t10")
    got = _parse_text(text)
    assert got["applications"]["新收"] == [5, 2, 1, 0, 1, 1, 10]
    assert any(d["kind"] == "cells" and d["actual"] == "6" for d in got["diagnostics"])


def test_lost_cell_is_not_guessed_when_nothing_decides() -> None:
    data = sample_data()
    text = render_text(data, "tabs")
    # the table no longer balances anywhere (总计 changed too): no position is better
    text = text.replace("数量\t5\t2\t1\t0\t1\t1\t10", "数量\t5\t1\t0\t1\t1\t10")
    text = text.replace("（七）总计\t5\t2\t1\t0\t1\t2\t11", "（七）总计\t9\t9\t9\t9\t9\t9\t9")
    got = _parse_text(text)
    row = got["applications"]["新收"]
    assert row[:4] == [5, 1, 0, 1] and row[-1] == 10  # as printed, the gap put before 总计


def test_table_continued_across_a_page_break() -> None:
    text = render_text(sample_data(), "tabs")
    cut = "（四）无法提供\t1.本机关不掌握相关政府信息"
    page_break = (
        "- 3 -\n\n申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
    )
    text = text.replace(cut, page_break + cut)
    _assert_same_values(_parse_text(text), sample_data())


def test_tables_with_merged_cells_as_readers_deliver_them() -> None:
    """DOCX/PDF/HTML tables: labels merged across columns and down rows (None where covered)."""
    from tests.auxil.render import RTable, heading_level

    data = sample_data()
    blocks: list[Paragraph | Table] = []
    for block in report_blocks(data):
        if isinstance(block, RTable):
            blocks.append(Table(rows=block.grid()))
        else:
            level, text = heading_level(block)
            blocks.append(Paragraph(text, heading_level=level))
    got = report_to_json(parse_report(Document(blocks=tuple(blocks))))
    _assert_same_values(got, data)
    assert got["diagnostics"] == []


def test_recent_report_with_an_added_section_is_renumbered() -> None:
    text = render_text(sample_data(), "tabs")
    text = text.replace(
        "五、存在的主要问题及改进情况",
        "五、信息处理费收取情况\n本年度未收取信息处理费。\n\n六、存在的主要问题及改进情况",
    )
    text = text.replace("六、其他需要报告的事项", "七、其他需要报告的事项")
    got = _parse_text(text)
    assert [(s["key"], s["number"]) for s in got["sections"]] == [
        ("一", "一"),
        ("二", "二"),
        ("三", "三"),
        ("四", "四"),
        ("extra", "五"),
        ("五", "六"),
        ("六", "七"),
    ]
    _assert_same_values(got, sample_data())


def test_2019_other_row_is_one_row() -> None:
    data = sample_data(year=2019, format="2019")
    text = render_text(data, "tabs")
    lines = []
    for line in text.splitlines():
        if "逾期不补正" in line or "逾期未按收费" in line:
            continue
        lines.append(line.replace("\t3.其他", "（六）其他处理"))
    got = _parse_text("\n".join(lines))
    assert got["format"] == "2019"
    assert got["applications"]["其他处理"] == [0, 0, 0, 0, 0, 1, 1]
    outcome_keys = [k for k, _ in T3_ROWS_2021 if "逾期" not in k and k != "其他处理.其他"]
    assert list(got["applications"]) == [*outcome_keys[:20], "其他处理", "总计", "结转下年度"]


@pytest.mark.parametrize(
    ("head", "organ", "year"),
    [
        ("东城镇人民政府2023年政府信息公开工作年度报告", "东城镇人民政府", 2023),
        ("城关街道\n2022年度政府信息公开工作年度报告", "城关街道办事处", 2022),
        ("某某县教育局 2024 年政府信息公开工作年度报告", "某某县教育局", 2024),
        ("XX市YY区人民政府二〇二二年政府信息公开工作年度报告", "XX市YY区人民政府", 2022),
    ],
)
def test_organ_and_year_from_the_title(head: str, organ: str, year: int) -> None:
    text = render_text(sample_data(), "tabs").split("\n", 1)[1]
    got = _parse_text(head + "\n" + text)
    assert (got["organ"], got["year"]) == (organ, year)


def test_portal_navigation_before_the_title_is_not_the_title() -> None:
    nav = (
        "当前位置：首页 > 政务公开 > 政府信息公开年报\n政府信息公开年度报告\n发布时间：2024-01-20\n"
    )
    got = _parse_text(nav + render_text(sample_data(), "tabs"))
    assert got["title"] == "东城镇人民政府2023年政府信息公开工作年度报告"
    assert (got["organ"], got["year"]) == ("东城镇人民政府", 2023)


def test_review_table_written_one_group_per_row() -> None:
    """Some reports print 表四 as three rows (行政复议 / 未经复议直接起诉 / 复议后起诉)."""
    data = sample_data()
    text = render_text(data, "tabs")
    before, rest = text.split("四、政府信息公开行政复议、行政诉讼情况", 1)
    after = rest[rest.index("五、存在的主要问题") :]
    values = [str(v) for v in data["review_litigation"]]
    table = ["类别\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计"]
    for i, group in enumerate(("行政复议", "未经复议直接起诉", "复议后起诉")):
        table.append("\t".join([group, *values[5 * i : 5 * i + 5]]))
    text = before + "四、政府信息公开行政复议、行政诉讼情况\n" + "\n".join(table) + "\n\n" + after
    got = _parse_text(text)
    assert got["review_litigation"] == data["review_litigation"]
    assert not [d for d in got["diagnostics"] if d["section"] == "表四"]
