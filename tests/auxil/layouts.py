"""Render one report's numbers as text in the layouts real exports take.

Used by the parser tests: the same numbers written with tabs, pipes, one cell per line, PDF-like
white space, labels broken across lines, vertical group labels, traditional characters and
full-width digits must all parse back to the same values.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.model import T3_ROWS_2021, T4_COLUMNS

if TYPE_CHECKING:
    from tests.auxil.render import RTable

# A consistent 2021 report with distinct non-zero numbers, so a value read into the wrong
# row or column cannot hide behind zeros.
SAMPLE_DATA: dict[str, Any] = {
    "organ": "东城镇人民政府",
    "year": 2023,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [3, 1, 12],
        "行政许可": 25,
        "行政处罚": 7,
        "行政强制": 2,
        "行政事业性收费": 1.5,
    },
    "applications": {
        "新收": [5, 2, 1, 0, 1, 1, 10],
        "上年结转": [1, 0, 0, 0, 0, 1, 2],
        "予以公开": [2, 1, 0, 0, 0, 1, 4],
        "部分公开": [1, 0, 0, 0, 1, 0, 2],
        "不予公开.国家秘密": [0, 0, 0, 0, 0, 0, 0],
        "不予公开.其他法律行政法规禁止公开": [0, 0, 0, 0, 0, 0, 0],
        "不予公开.三安全一稳定": [0, 0, 0, 0, 0, 0, 0],
        "不予公开.保护第三方合法权益": [0, 0, 0, 0, 0, 0, 0],
        "不予公开.三类内部事务信息": [0, 1, 0, 0, 0, 0, 1],
        "不予公开.四类过程性信息": [0, 0, 0, 0, 0, 0, 0],
        "不予公开.行政执法案卷": [0, 0, 0, 0, 0, 0, 0],
        "不予公开.行政查询事项": [0, 0, 0, 0, 0, 0, 0],
        "无法提供.本机关不掌握": [1, 0, 1, 0, 0, 0, 2],
        "无法提供.没有现成信息需要另行制作": [0, 0, 0, 0, 0, 0, 0],
        "无法提供.补正后申请内容仍不明确": [0, 0, 0, 0, 0, 0, 0],
        "不予处理.信访举报投诉类申请": [0, 0, 0, 0, 0, 0, 0],
        "不予处理.重复申请": [1, 0, 0, 0, 0, 0, 1],
        "不予处理.要求提供公开出版物": [0, 0, 0, 0, 0, 0, 0],
        "不予处理.无正当理由大量反复申请": [0, 0, 0, 0, 0, 0, 0],
        "不予处理.要求行政机关确认或重新出具已获取信息": [0, 0, 0, 0, 0, 0, 0],
        "其他处理.逾期不补正": [0, 0, 0, 0, 0, 0, 0],
        "其他处理.逾期未缴费": [0, 0, 0, 0, 0, 0, 0],
        "其他处理.其他": [0, 0, 0, 0, 0, 1, 1],
        "总计": [5, 2, 1, 0, 1, 2, 11],
        "结转下年度": [1, 0, 0, 0, 0, 0, 1],
    },
    "review_litigation": [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0],
}

# (group label, item label) per 表三 row, as the 2021 format prints them
T3_PRINTED: dict[str, tuple[str, str]] = {
    "新收": ("", "一、本年新收政府信息公开申请数量"),
    "上年结转": ("", "二、上年结转政府信息公开申请数量"),
    "予以公开": ("三、本年度办理结果", "（一）予以公开"),
    "部分公开": ("", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    "不予公开.国家秘密": ("（三）不予公开", "1.属于国家秘密"),
    "不予公开.其他法律行政法规禁止公开": ("", "2.其他法律行政法规禁止公开"),
    "不予公开.三安全一稳定": ("", "3.危及“三安全一稳定”"),
    "不予公开.保护第三方合法权益": ("", "4.保护第三方合法权益"),
    "不予公开.三类内部事务信息": ("", "5.属于三类内部事务信息"),
    "不予公开.四类过程性信息": ("", "6.属于四类过程性信息"),
    "不予公开.行政执法案卷": ("", "7.属于行政执法案卷"),
    "不予公开.行政查询事项": ("", "8.属于行政查询事项"),
    "无法提供.本机关不掌握": ("（四）无法提供", "1.本机关不掌握相关政府信息"),
    "无法提供.没有现成信息需要另行制作": ("", "2.没有现成信息需要另行制作"),
    "无法提供.补正后申请内容仍不明确": ("", "3.补正后申请内容仍不明确"),
    "不予处理.信访举报投诉类申请": ("（五）不予处理", "1.信访举报投诉类申请"),
    "不予处理.重复申请": ("", "2.重复申请"),
    "不予处理.要求提供公开出版物": ("", "3.要求提供公开出版物"),
    "不予处理.无正当理由大量反复申请": ("", "4.无正当理由大量反复申请"),
    "不予处理.要求行政机关确认或重新出具已获取信息": (
        "",
        "5.要求行政机关确认或重新出具已获取信息",
    ),
    "其他处理.逾期不补正": (
        "（六）其他处理",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    "其他处理.逾期未缴费": (
        "",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    "其他处理.其他": ("", "3.其他"),
    "总计": ("", "（七）总计"),
    "结转下年度": ("", "四、结转下年度继续办理"),
}

NARRATIVE = {
    "一": (
        "本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n"
        "（一）主动公开。全年通过门户网站主动公开政府信息356条。\n"
        "（二）依申请公开。本年度共收到政府信息公开申请{new}件，均已按期答复。\n"
        "（三）政府信息管理。严格落实信息发布审核制度。\n"
        "（四）平台建设。持续优化政府网站信息公开专栏。\n"
        "（五）监督保障。将政务公开纳入年度绩效考核，本年度未发生工作考核、社会评议和责任追究情况。"
    ),
    "五": "存在的主要问题是公开内容不够丰富，改进措施是加强培训、完善制度。",
    "六": "本年度未收取信息处理费。无其他需要报告的事项。",
}


def sample_data(**overrides: Any) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE_DATA)
    data.update(overrides)
    return data


def t3_header() -> tuple[list[list[str | None]], list[tuple[int, int, int, int]]]:
    """表三's three header rows as the format prints them, with their merges (fresh lists: the
    caller appends its body rows and their merges)."""
    rows: list[list[str | None]] = [
        [
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            None,
            None,
            "申请人情况",
            *[None] * 6,
        ],
        [None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"],
        [
            None,
            None,
            None,
            None,
            "商业企业",
            "科研机构",
            "社会公益组织",
            "法律服务机构",
            "其他",
            None,
        ],
    ]
    merges = [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9)]
    return rows, merges


def t4_table(values: list[str]) -> RTable:
    """表四 with the format's merged three-row header and one data row of 15 values."""
    from tests.auxil.render import RTable

    results = [r for _, r in T4_COLUMNS]
    group = ["未经复议直接起诉", *[None] * 4, "复议后起诉", *[None] * 4]
    return RTable(
        rows=[
            ["行政复议", *[None] * 4, "行政诉讼", *[None] * 9],
            [*results[:5], *group],
            [None] * 5 + results[5:],
            values,
        ],
        merges=[(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)]
        + [(1, c, 2, c) for c in range(5)],
    )


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    return str(v)


def table3_rows(data: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(group label, item label, seven cell strings) per row."""
    out = []
    for key, _ in T3_ROWS_2021:
        group, item = T3_PRINTED[key]
        out.append((group, item, [_fmt(v) for v in data["applications"][key]]))
    return out


def render_text(data: dict[str, Any], layout: str = "tabs") -> str:
    """The whole report as text in ``layout``: tabs | pipes | cells | spaces | broken | vertical."""
    year = data["year"]
    new = data["applications"]["新收"][6]
    lines: list[str] = [
        f"{data['organ']}{year}年政府信息公开工作年度报告",
        "",
        "一、总体情况",
        NARRATIVE["一"].format(year=year, new=new),
        "",
        "二、主动公开政府信息情况",
    ]
    lines += _table2(data, layout)
    lines += ["", "三、收到和处理政府信息公开申请情况", ""]
    lines += _table3(data, layout)
    lines += ["", "四、政府信息公开行政复议、行政诉讼情况", ""]
    lines += _table4(data, layout)
    lines += [
        "",
        "五、存在的主要问题及改进情况",
        NARRATIVE["五"],
        "",
        "六、其他需要报告的事项",
        NARRATIVE["六"],
    ]
    return "\n".join(lines) + "\n"


def _row(cells: list[str], layout: str) -> list[str]:
    if layout == "pipes":
        return ["| " + " | ".join(cells) + " |"]
    if layout == "cells":
        return ["\t" + c for c in cells] + [""]
    if layout in ("spaces", "broken", "vertical"):
        return [" ".join(c for c in cells if c)]
    return ["\t".join(cells)]


def _table2(data: dict[str, Any], layout: str) -> list[str]:
    a = data["active"]
    out: list[str] = []
    groups = [
        (
            "第二十条第（一）项",
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            [["规章", *map(_fmt, a["规章"])], ["行政规范性文件", *map(_fmt, a["行政规范性文件"])]],
        ),
        (
            "第二十条第（五）项",
            ["信息内容", "本年处理决定数量"],
            [["行政许可", _fmt(a["行政许可"])]],
        ),
        (
            "第二十条第（六）项",
            ["信息内容", "本年处理决定数量"],
            [["行政处罚", _fmt(a["行政处罚"])], ["行政强制", _fmt(a["行政强制"])]],
        ),
        (
            "第二十条第（八）项",
            ["信息内容", "本年收费金额（单位：万元）"],
            [["行政事业性收费", _fmt(a["行政事业性收费"])]],
        ),
    ]
    if layout == "pipes":
        out.append("| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |")
        out.append("|---|---|---|---|")
    for para, header, rows in groups:
        out += _row([para], layout)
        if layout != "pipes":
            out += _row(header, layout)
        for r in rows:
            out += _row(r, layout)
    return out


def _table3(data: dict[str, Any], layout: str) -> list[str]:
    head = [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "申请人情况",
    ]
    out: list[str] = []
    if layout == "pipes":
        out.append(
            "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | "
            "自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |"
        )
        out.append("|---|---|---|---|---|---|---|---|---|")
    elif layout == "cells":
        out += [
            "\t" + head[0],
            "\t" + head[1],
            "",
            "\t",
            "\t自然人",
            "\t法人或其他组织",
            "\t总计",
            "",
        ]
        out += [
            "\t",
            "\t",
            "\t商业企业",
            "\t科研机构",
            "\t社会公益组织",
            "\t法律服务机构",
            "\t其他",
            "\t",
            "",
        ]
    else:
        out += _row([head[0], "", head[1], "", "", "", "", "", "总计"], layout)
        out += _row(["", "", "自然人", "法人或其他组织", "", "", "", "", ""], layout)
        out += _row(
            ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""], layout
        )
    for group, item, vals in table3_rows(data):
        if layout == "broken" and len(item) > 8:
            # a PDF export: the label wraps inside its cell, values on the first line
            cut = len(item) // 2
            out.append(f"{group} {item[:cut]} {' '.join(vals)}".strip())
            out.append(item[cut:])
        elif layout == "vertical" and group:
            # the group label written one character per line down the merged cell
            out += [ch for ch in group]
            out.append(f"{item} {' '.join(vals)}")
        elif layout == "pipes":
            out.append(f"| {group} | {item} | " + " | ".join(vals) + " |")
        elif layout == "cells":
            out += ["\t" + group, "\t" + item] + ["\t" + v for v in vals] + [""]
        else:
            out += _row([group, item, *vals], layout)
    return out


def _table4(data: dict[str, Any], layout: str) -> list[str]:
    vals = [_fmt(v) for v in data["review_litigation"]]
    groups = ["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9
    sub = [""] * 5 + ["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]
    results = [r for _, r in T4_COLUMNS]
    if layout == "pipes":
        return [
            "| " + " | ".join(results) + " |",
            "|" + "---|" * 15,
            "| " + " | ".join(vals) + " |",
        ]
    if layout == "cells":
        out = ["\t行政复议", "\t行政诉讼", ""]
        out += ["\t" + r for r in results[:5]] + ["\t未经复议直接起诉", "\t复议后起诉", ""]
        out += ["\t" + r for r in results[5:]] + [""]
        out += ["\t" + v for v in vals] + [""]
        return out
    if layout in ("spaces", "broken", "vertical"):
        return [
            " ".join(g for g in groups if g),
            " ".join(results[:5]) + " 未经复议直接起诉 复议后起诉",
            " ".join(results[5:]),
            " ".join(v for v in vals if v),
        ]
    return ["\t".join(groups), "\t".join(sub), "\t".join(results), "\t".join(vals)]


def to_traditional_fullwidth(text: str) -> str:
    """Traditional characters and full-width digits, as some exports produce."""
    import opencc

    conv = opencc.OpenCC("s2t").convert(text)
    return conv.translate({ord(str(d)): chr(0xFF10 + d) for d in range(10)})


def report_blocks(data: dict[str, Any], *, vertical_merges: bool = True) -> list[Any]:
    """The whole report as ``tests.auxil.render`` blocks: paragraphs and tables laid out as the
    2021 format prints them (merged header cells, row-group labels merged down their rows).

    ``vertical_merges=False`` repeats no group label and merges nothing down the rows, as PDF
    exports that split 表三 across pages do (a cell merged over 22 rows cannot break a page)."""
    from tests.auxil.render import RTable

    year = data["year"]
    new = data["applications"]["新收"][6]
    a = data["active"]
    t2 = RTable(
        rows=[
            ["第二十条第（一）项", None, None, None],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", *map(_fmt, a["规章"])],
            ["行政规范性文件", *map(_fmt, a["行政规范性文件"])],
            ["第二十条第（五）项", None, None, None],
            ["信息内容", "本年处理决定数量", None, None],
            ["行政许可", _fmt(a["行政许可"]), None, None],
            ["第二十条第（六）项", None, None, None],
            ["信息内容", "本年处理决定数量", None, None],
            ["行政处罚", _fmt(a["行政处罚"]), None, None],
            ["行政强制", _fmt(a["行政强制"]), None, None],
            ["第二十条第（八）项", None, None, None],
            ["信息内容", "本年收费金额（单位：万元）", None, None],
            ["行政事业性收费", _fmt(a["行政事业性收费"]), None, None],
        ],
        merges=[(0, 0, 0, 3), (4, 0, 4, 3), (7, 0, 7, 3), (11, 0, 11, 3)]
        + [(r, 1, r, 3) for r in (5, 6, 8, 9, 10, 12, 13)],
    )
    rows, merges = t3_header()
    body = table3_rows(data)
    for i, (group, item, vals) in enumerate(body):
        r = len(rows)
        if item.startswith(("一、", "二、", "四、")):
            rows.append([item, None, None, *vals])
            merges.append((r, 0, r, 2))
        elif item.startswith("（"):  # （一）（二）（七）: the item spans the sub-group column
            rows.append([None, item, None, *vals])
            merges.append((r, 1, r, 2))
        else:
            rows.append([None, group or None, item, *vals])
            if group and vertical_merges:  # （三）…（六） runs down its numbered items
                n_items = 1
                for later_group, later_item, _ in body[i + 1 :]:
                    if later_group or later_item.startswith(("（", "四、")):
                        break
                    n_items += 1
                merges.append((r, 1, r + n_items - 1, 1))
    start = next(r for r, row in enumerate(rows) if row[1] == "（一）予以公开")
    end = next(r for r, row in enumerate(rows) if row[1] == "（七）总计")
    rows[start][0] = "三、本年度办理结果"
    if vertical_merges:
        merges.append((start, 0, end, 0))
    t3 = RTable(rows=rows, merges=merges)
    t4 = t4_table([_fmt(v) for v in data["review_litigation"]])
    return [
        f"# {data['organ']}{year}年政府信息公开工作年度报告",
        "## 一、总体情况",
        *NARRATIVE["一"].format(year=year, new=new).split("\n"),
        "## 二、主动公开政府信息情况",
        t2,
        "## 三、收到和处理政府信息公开申请情况",
        t3,
        "## 四、政府信息公开行政复议、行政诉讼情况",
        t4,
        "## 五、存在的主要问题及改进情况",
        NARRATIVE["五"],
        "## 六、其他需要报告的事项",
        NARRATIVE["六"],
    ]


def broken_balance_data() -> dict[str, Any]:
    """The sample report with 表三 新收 raised by one (自然人 and 总计): the row still sums, but
    一 + 二 = （七）总计 + 四 fails in both columns (T3-BALANCE: 应为 7/13，实际 6/12)."""
    data = sample_data()
    data["applications"]["新收"][0] += 1
    data["applications"]["新收"][6] += 1
    return data


def write_docx(data: dict[str, Any], path: Path) -> Path:
    """The report as a Word file with real tables (merged headers), as staff upload it."""
    from tests.auxil.render import render_docx

    return render_docx(report_blocks(data), path)
