"""Round two of realistic reports: forms the first six (``realistic.py``) and the hand-written
and generated ones lack, each a habit seen in reports from other provinces and levels.

* a 供水公司 (公共企事业单位) report: its own looser outline (基本情况, 主动公开, 依申请公开,
  收费及减免, 存在的问题, 其他), no 表二 or 表四, a small 依申请公开 table of its own;
* a 省直厅 whose 表三 header is reworded (企业, 科研院所, 社会组织, 律师事务所) with an extra
  法人或其他组织 小计 column between 其他 and 总计;
* a 区政府 with two 表三 (区政府本级, then 全区汇总 including its departments) and a
  three-year comparison table in 一、总体情况;
* a 市局 whose cells carry words and units (``零``, ``无``, ``3件``, ``1.2万元``);
* a 乡 whose six headings are numbered ``1.``…``6.`` with its subsections ``（1）``;
* a 2019-format report for 2020 of a 县局 with 表二's 2019 columns, signed 本年增/减, a
  decimal 采购总金额 and a filled （六）其他处理 row.

Every 勾稽关系 holds (in both 表三 of the 区政府), so any error on any form is a false alarm.
``realistic2(name)`` gives (data, render blocks, DOCX options, HTML options); a table the
report does not have is ``None`` in the data.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tests.auxil.layouts import t4_table
from tests.auxil.realistic import applications, restyle, thousands
from tests.auxil.render import RTable
from tests.auxil.variants import rtable2_2019, rtable2_2021, rtable3

# ------------------------------------------------------------------------------ 供水公司

WATER: dict[str, Any] = {
    "name": "r2-water-company-2023",
    "organ": "江城市自来水有限公司",
    "organ_kind": "公共企事业单位",
    "year": 2023,
    "format": "2021",
    "active": None,
    "applications": None,
    "review_litigation": None,
}


def _blocks_water(d: dict[str, Any]) -> list[Any]:
    apps = RTable(
        rows=[
            ["项目", "数量（件）"],
            ["收到信息公开申请", "5"],
            ["其中：予以公开", "3"],
            ["部分公开", "1"],
            ["不予公开", "0"],
            ["无法提供", "1"],
            ["因信息公开被投诉、举报", "0"],
        ]
    )
    return [
        "# 江城市自来水有限公司2023年信息公开工作年度报告",
        "根据《供水、供气、供热等公共企事业单位信息公开实施办法》和江城市住房和城乡建设局"
        "有关要求，现发布江城市自来水有限公司2023年信息公开工作年度报告。本报告统计期限"
        "为2023年1月1日至2023年12月31日。",
        "## 一、基本情况",
        "江城市自来水有限公司是市属国有独资企业，承担中心城区供水服务，日供水能力60万立方米，"
        "服务人口约180万人。公司成立信息公开工作领导小组，由综合办公室负责日常工作。",
        "## 二、主动公开信息情况",
        "通过公司网站、“江城水务”微信公众号和营业厅公告栏，全年主动公开水质检测信息365条、"
        "计划停水通知126条、水价及收费标准2条、服务承诺和投诉渠道等信息48条。",
        "## 三、依申请公开信息情况",
        "全年收到用户信息公开申请5件，均在规定期限内答复，具体情况如下：",
        apps,
        "## 四、信息公开收费及减免情况",
        "公司提供信息公开服务不收取任何费用。",
        "## 五、存在的主要问题及改进措施",
        "一是停水信息发布时效有待提高；二是水质信息展示方式较为单一。2024年将上线停水信息"
        "短信推送，增加水质信息图表展示。",
        "## 六、其他需要报告的事项",
        "无。",
    ]


# ------------------------------------------------------------------ 省直厅, 表三 reworded

TRANSPORT: dict[str, Any] = {
    "name": "r2-province-transport-reworded-2024",
    "organ": "岭南省交通运输厅",
    "organ_kind": "部门",
    "year": 2024,
    "format": "2021",
    "active": {
        "规章": [1, 0, 12],
        "行政规范性文件": [7, 3, 54],
        "行政许可": 4216,
        "行政处罚": 318,
        "行政强制": 6,
        "行政事业性收费": 0,
    },
    "applications": applications(
        "2021",
        new=[96, 31, 2, 4, 9, 3],
        carried=[5, 2, 0, 0, 1, 0],
        outcomes={
            "予以公开": [38, 12, 1, 2, 3, 1],
            "部分公开": [9, 4, 0, 0, 1, 0],
            "不予公开.保护第三方合法权益": [2, 1, 0, 0, 0, 0],
            "不予公开.四类过程性信息": [3, 1, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [31, 9, 1, 1, 4, 1],
            "无法提供.没有现成信息需要另行制作": [4, 2, 0, 0, 0, 0],
            "不予处理.信访举报投诉类申请": [5, 1, 0, 0, 0, 1],
            "不予处理.重复申请": [3, 0, 0, 0, 0, 0],
            "其他处理.逾期不补正": [2, 1, 0, 1, 1, 0],
        },
    ),
    "review_litigation": [4, 1, 1, 0, 6, 2, 0, 0, 1, 3, 1, 0, 0, 0, 1],
}


def _t3_reworded(d: dict[str, Any]) -> RTable:
    """表三 with reworded applicant labels and an extra 小计 column (sum of the five
    法人或其他组织 columns) before 总计: eight value columns instead of seven."""
    base = rtable3(d)
    rows: list[list[str | None]] = []
    for r, row in enumerate(base.rows):
        head, vals = list(row[:3]), list(row[3:])
        if r == 0:
            rows.append([*head, "申请人情况", *[None] * 7])
        elif r == 1:
            rows.append([*head, "自然人", "法人或其他组织", None, None, None, None, None, "总计"])
        elif r == 2:
            rows.append(
                [*head, None, "企业", "科研院所", "社会组织", "律师事务所", "其他", "小计", None]
            )
        else:
            six = [int(v) for v in vals[1:6]]
            rows.append([*head, vals[0], *vals[1:6], str(sum(six)), vals[6]])
    merges = [(0, 0, 2, 2), (0, 3, 0, 10), (1, 3, 2, 3), (1, 4, 1, 9), (1, 10, 2, 10)]
    merges += [m for m in base.merges if m[0] >= 3]
    return RTable(rows, merges)


def _blocks_transport(d: dict[str, Any]) -> list[Any]:
    return [
        "# 岭南省交通运输厅2024年政府信息公开工作年度报告",
        "根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
        "要求，编制本报告。本报告所列数据统计期限为2024年1月1日至2024年12月31日。",
        "## 一、总体情况",
        "2024年，省交通运输厅围绕交通强省建设，扎实推进政务公开。",
        "（一）主动公开。在厅门户网站发布各类信息2,846条，发布政策解读31篇。",
        "（二）依申请公开。全年新收政府信息公开申请145件，上年结转8件，办结140件，结转下年度13件。",
        "（三）政府信息管理。完善公开属性认定和保密审查流程。",
        "（四）平台建设。优化“交通政务公开”专栏。",
        "（五）监督保障。将政务公开纳入厅机关年度考核，开展培训2次，未发生责任追究事项。",
        "## 二、主动公开政府信息情况",
        restyle(rtable2_2021(d["active"]), thousands),
        "## 三、收到和处理政府信息公开申请情况",
        _t3_reworded(d),
        "## 四、政府信息公开行政复议、行政诉讼情况",
        t4_table([str(v) for v in d["review_litigation"]]),
        "## 五、存在的主要问题及改进情况",
        "一是政策解读形式不够丰富；二是部分直属单位答复文书不够规范。2025年将加强解读、"
        "统一文书模板。",
        "## 六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]


# ------------------------------------------------------------------------------ 区政府, two 表三

DISTRICT_TWO: dict[str, Any] = {
    "name": "r2-district-two-tables-2022",
    "organ": "南岸区人民政府",
    "organ_kind": "县级政府",
    "year": 2022,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [11, 5, 63],
        "行政许可": 9274,
        "行政处罚": 1532,
        "行政强制": 48,
        "行政事业性收费": 612.7,
    },
    "applications": applications(
        "2021",
        new=[38, 5, 0, 1, 2, 0],
        carried=[3, 0, 0, 0, 0, 0],
        outcomes={
            "予以公开": [14, 2, 0, 1, 1, 0],
            "部分公开": [3, 1, 0, 0, 0, 0],
            "不予公开.四类过程性信息": [2, 0, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [11, 1, 0, 0, 1, 0],
            "不予处理.信访举报投诉类申请": [4, 0, 0, 0, 0, 0],
            "其他处理.逾期不补正": [2, 0, 0, 0, 0, 0],
        },
    ),
    "review_litigation": [3, 1, 0, 0, 4, 1, 0, 1, 0, 2, 0, 0, 0, 0, 0],
}

DISTRICT_ALL = applications(
    "2021",
    new=[412, 63, 1, 6, 11, 4],
    carried=[17, 2, 0, 0, 1, 0],
    outcomes={
        "予以公开": [168, 27, 1, 3, 5, 2],
        "部分公开": [41, 6, 0, 1, 1, 0],
        "不予公开.保护第三方合法权益": [9, 1, 0, 0, 0, 0],
        "不予公开.四类过程性信息": [12, 2, 0, 0, 0, 0],
        "无法提供.本机关不掌握": [121, 18, 0, 2, 4, 1],
        "无法提供.没有现成信息需要另行制作": [14, 3, 0, 0, 0, 0],
        "不予处理.信访举报投诉类申请": [22, 3, 0, 0, 1, 1],
        "不予处理.重复申请": [11, 2, 0, 0, 0, 0],
        "其他处理.逾期不补正": [13, 1, 0, 0, 0, 0],
    },
)
"""The 全区汇总 表三 (区政府本级 and its departments and 街道), consistent like the first."""
DISTRICT_TWO["applications_all"] = DISTRICT_ALL


def _blocks_district_two(d: dict[str, Any]) -> list[Any]:
    years = RTable(
        rows=[
            ["年度", "新收申请", "办结", "结转下年度"],
            ["2020年", "31", "29", "2"],
            ["2021年", "36", "33", "3"],
            ["2022年", "46", "41", "8"],
        ]
    )
    whole = dict(d, applications=d["applications_all"])
    return [
        "# 南岸区人民政府2022年政府信息公开工作年度报告",
        "本报告由南岸区人民政府办公室根据《中华人民共和国政府信息公开条例》编制，统计期限"
        "自2022年1月1日起至2022年12月31日止。",
        "## 一、总体情况",
        "2022年，区政府持续深化政务公开，全区政府信息公开工作平稳有序。",
        "（一）主动公开。区政府门户网站全年发布信息7,316条。",
        "（二）依申请公开。区政府本级新收申请46件，全区各单位共新收申请497件。近三年区政府"
        "本级依申请公开情况如下：",
        years,
        "（三）政府信息管理。开展行政规范性文件清理，废止5件。",
        "（四）平台建设。推进区政府网站集约化。",
        "（五）监督保障。将政务公开纳入全区绩效考核，开展社会评议1次，未发生责任追究情况。",
        "## 二、主动公开政府信息情况",
        rtable2_2021(d["active"]),
        "## 三、收到和处理政府信息公开申请情况",
        "（一）区政府本级",
        rtable3(d),
        "（二）全区汇总（含区政府各部门、各街道）",
        rtable3(whole),
        "## 四、政府信息公开行政复议、行政诉讼情况",
        t4_table([str(v) for v in d["review_litigation"]]),
        "## 五、存在的主要问题及改进情况",
        "一是部分街道信息更新不及时；二是依申请公开答复质量不够均衡。下一步将加强督查考核。",
        "## 六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]


# ------------------------------------------------------------------ 市局, words and units

MARKET: dict[str, Any] = {
    "name": "r2-city-market-units-2023",
    "organ": "白沙市市场监督管理局",
    "organ_kind": "部门",
    "year": 2023,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [3, 1, 17],
        "行政许可": 12463,
        "行政处罚": 857,
        "行政强制": 41,
        "行政事业性收费": 1.2,
    },
    "applications": applications(
        "2021",
        new=[57, 12, 0, 0, 3, 1],
        carried=[2, 1, 0, 0, 0, 0],
        outcomes={
            "予以公开": [21, 5, 0, 0, 1, 0],
            "部分公开": [6, 1, 0, 0, 0, 0],
            "不予公开.保护第三方合法权益": [3, 1, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [18, 4, 0, 0, 1, 1],
            "不予处理.信访举报投诉类申请": [5, 0, 0, 0, 0, 0],
            "其他处理.逾期不补正": [2, 0, 0, 0, 1, 0],
        },
    ),
    "review_litigation": [2, 0, 1, 0, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
}


def _with_unit(unit: str) -> Callable[[str], str]:
    def style(text: str) -> str:
        return "零" if text == "0" else f"{text}{unit}"

    return style


def _blocks_market(d: dict[str, Any]) -> list[Any]:
    t2 = rtable2_2021(d["active"])
    t2 = restyle(t2, _with_unit("件"), range(0, 11))
    t2 = restyle(t2, lambda t: f"{t}万元", range(13, 14))
    t3 = rtable3(d)
    t3 = restyle(t3, lambda t: "无" if t == "0" else t, range(5, t3.n_rows - 2))
    t3 = restyle(t3, lambda t: t if t == "0" else f"{t}件", range(3, t3.n_rows))
    t4 = restyle(t4_table([str(v) for v in d["review_litigation"]]), _with_unit("件"))
    return [
        "# 白沙市市场监督管理局2023年政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》编制。统计期限自2023年1月1日起至"
        "2023年12月31日止。",
        "## 一、总体情况",
        "2023年，市市场监管局持续推进市场监管领域政务公开。",
        "（一）主动公开。全年主动公开信息3,128条，其中行政许可信息12,463条通过国家企业信用"
        "信息公示系统同步公示。",
        "（二）依申请公开。新收申请73件，上年结转3件，办结69件，结转下年度7件。",
        "（三）政府信息管理。落实“双随机、一公开”信息公示要求。",
        "（四）平台建设。完善门户网站“市场监管”专栏。",
        "（五）监督保障。将政务公开纳入科室年度考核，开展培训2次。",
        "## 二、主动公开政府信息情况",
        t2,
        "## 三、收到和处理政府信息公开申请情况",
        t3,
        "## 四、政府信息公开行政复议、行政诉讼情况",
        t4,
        "## 五、存在的主要问题及改进情况",
        "一是基层所信息公开工作不够均衡；二是答复文书规范化有待加强。2024年将开展专项培训。",
        "## 六、其他需要报告的事项",
        "本年度收取信息处理费0元。",
    ]


# ------------------------------------------------------------------------------ 乡, headings 1. 2.

VILLAGE: dict[str, Any] = {
    "name": "r2-township-numbered-2024",
    "organ": "柳溪乡人民政府",
    "organ_kind": "乡镇",
    "year": 2024,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [0, 0, 2],
        "行政许可": 14,
        "行政处罚": 2,
        "行政强制": 0,
        "行政事业性收费": 0,
    },
    "applications": applications(
        "2021",
        new=[4, 1, 0, 0, 0, 0],
        carried=[0, 0, 0, 0, 0, 0],
        outcomes={
            "予以公开": [2, 1, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [1, 0, 0, 0, 0, 0],
            "不予处理.信访举报投诉类申请": [1, 0, 0, 0, 0, 0],
        },
    ),
    "review_litigation": [0] * 15,
}


def _blocks_village(d: dict[str, Any]) -> list[Any]:
    return [
        "# 柳溪乡人民政府2024年政府信息公开工作年度报告",
        "本报告统计期限自2024年1月1日起至2024年12月31日止。",
        "## 1.总体情况",
        "2024年，柳溪乡认真落实政府信息公开工作要求。",
        "（1）主动公开。在县政府门户网站乡镇专栏公开信息96条。",
        "（2）依申请公开。全年收到申请5件，办结5件。",
        "（3）政府信息管理。落实信息发布审核制度。",
        "（4）平台建设。更新乡政务公开栏。",
        "（5）监督保障。将政务公开纳入村级年度考核，开展群众满意度测评，未发生责任追究情况。",
        "## 2.主动公开政府信息情况",
        rtable2_2021(d["active"]),
        "## 3.收到和处理政府信息公开申请情况",
        rtable3(d),
        "## 4.政府信息公开行政复议、行政诉讼情况",
        t4_table([str(v) for v in d["review_litigation"]]),
        "## 5.存在的主要问题及改进情况",
        "公开内容不够丰富。下一步将加强与村级公开栏衔接。",
        "## 6.其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]


# ------------------------------------------------------------------------------ 县局, 2019 format

HRSS_2019: dict[str, Any] = {
    "name": "r2-county-hrss-2019-format-2020",
    "organ": "宁远县人力资源和社会保障局",
    "organ_kind": "部门",
    "year": 2020,
    "format": "2019",
    "active": {
        "规章": [0, 0, 0],
        "规范性文件": [2, 2, 14],
        "行政许可": [9, 2, 37],
        "其他对外管理服务事项": [46, -4, 1208],
        "行政处罚": [3, 1, 6],
        "行政强制": [0, 0, 0],
        "行政事业性收费": [2, 0],
        "政府集中采购": [7, 126.45],
    },
    "applications": applications(
        "2019",
        new=[18, 2, 0, 0, 1, 0],
        carried=[1, 0, 0, 0, 0, 0],
        outcomes={
            "予以公开": [7, 1, 0, 0, 1, 0],
            "部分公开": [1, 0, 0, 0, 0, 0],
            "不予公开.保护第三方合法权益": [1, 0, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [5, 1, 0, 0, 0, 0],
            "不予处理.信访举报投诉类申请": [2, 0, 0, 0, 0, 0],
            "其他处理": [2, 0, 0, 0, 0, 0],
        },
    ),
    "review_litigation": [1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0],
}


def _blocks_hrss(d: dict[str, Any]) -> list[Any]:
    t2 = rtable2_2019(d["active"])
    return [
        "# 宁远县人力资源和社会保障局2020年政府信息公开工作年度报告",
        "根据《中华人民共和国政府信息公开条例》（国务院令第711号）和国办公开办函〔2019〕60号"
        "要求，编制本报告。本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。",
        "## 一、总体情况",
        "2020年，县人社局围绕就业、社保、人才等重点领域做好政府信息公开工作。",
        "（一）主动公开。发布稳就业政策、社保费减免等信息412条。",
        "（二）依申请公开。全年收到申请21件，上年结转1件，办结19件，结转下年度3件。",
        "（三）政府信息管理。规范文件公开属性审查。",
        "（四）平台建设。在县政府门户网站开设人社专栏。",
        "（五）监督保障。将政务公开纳入股室考核。",
        "## 二、主动公开政府信息情况",
        t2,
        "## 三、收到和处理政府信息公开申请情况",
        rtable3(d),
        "## 四、政府信息公开行政复议、行政诉讼情况",
        t4_table([str(v) for v in d["review_litigation"]]),
        "## 五、存在的主要问题及改进情况",
        "信息公开的及时性和针对性有待提高。2021年将按新格式规范年报编制。",
        "## 六、其他需要报告的事项",
        "无。",
    ]


REALISTIC2: dict[str, tuple[dict[str, Any], Callable[[dict[str, Any]], list[Any]], dict, dict]] = {
    WATER["name"]: (WATER, _blocks_water, {"footer": "第{PAGE}页"}, {}),
    TRANSPORT["name"]: (
        TRANSPORT,
        _blocks_transport,
        {"footer": "第 {PAGE} 页 共 {NUMPAGES} 页"},
        {},
    ),
    DISTRICT_TWO["name"]: (DISTRICT_TWO, _blocks_district_two, {"footer": "- {PAGE} -"}, {}),
    MARKET["name"]: (MARKET, _blocks_market, {}, {}),
    VILLAGE["name"]: (VILLAGE, _blocks_village, {}, {"portal": "nested"}),
    HRSS_2019["name"]: (HRSS_2019, _blocks_hrss, {"footer": "— {PAGE} —"}, {}),
}


def realistic2(name: str) -> tuple[dict[str, Any], list[Any], dict[str, Any], dict[str, Any]]:
    """(data, render blocks, ``render_docx`` options, ``render_html`` options) of one report."""
    data, blocks, docx_options, html_options = REALISTIC2[name]
    return data, blocks(data), dict(docx_options), dict(html_options)


# ------------------------------------------------------------------------------ injected errors

Injected = tuple[str, str, str, str]
"""(code, location, expected, actual) of the finding an injected slip must cause."""


def _inject_transport(d: dict[str, Any]) -> list[Injected]:
    d["applications"]["予以公开"][6] += 1  # 总计 of 予以公开: 57 printed 58
    # the 总计 column's outcomes then add up to 147 against （七）总计 146: one cell, one finding
    return [("T3-CELL", "（一）予以公开 / 总计", "57", "58")]


def _inject_district(d: dict[str, Any]) -> list[Injected]:
    d["applications"]["上年结转"][0] += 1  # 区政府本级: 自然人 上年结转 3 -> 4, its 总计 too
    d["applications"]["上年结转"][6] += 1
    return [("T3-BALANCE", "自然人列", "42", "41"), ("T3-BALANCE", "总计列", "50", "49")]


def _inject_market(d: dict[str, Any]) -> list[Injected]:
    d["review_litigation"][4] = 4  # 行政复议 2 + 0 + 1 + 0 = 3, printed 4件
    return [("T4-SUM", "行政复议 / 总计", "3", "4")]


def _inject_village(d: dict[str, Any]) -> list[Injected]:
    d["applications"]["结转下年度"][0] = 1  # 自然人 4 + 0 = 4, but 4 + 1 = 5
    d["applications"]["结转下年度"][6] = 1
    return [("T3-BALANCE", "自然人列", "4", "5"), ("T3-BALANCE", "总计列", "5", "6")]


def _inject_hrss(d: dict[str, Any]) -> list[Injected]:
    d["review_litigation"][9] = 2  # 未经复议直接起诉 0 + 0 + 1 + 0 = 1, printed 2
    return [("T4-SUM", "行政诉讼 / 未经复议直接起诉 / 总计", "1", "2")]


INJECTIONS2: dict[str, Callable[[dict[str, Any]], list[Injected]]] = {
    TRANSPORT["name"]: _inject_transport,
    DISTRICT_TWO["name"]: _inject_district,
    MARKET["name"]: _inject_market,
    VILLAGE["name"]: _inject_village,
    HRSS_2019["name"]: _inject_hrss,
}


def injected2(name: str) -> tuple[list[Any], dict[str, Any], dict[str, Any], list[Injected]]:
    """The report with one slip: (render blocks, DOCX options, HTML options, its findings)."""
    data, blocks, docx_options, html_options = REALISTIC2[name]
    broken = copy.deepcopy(data)
    want = INJECTIONS2[name](broken)
    return blocks(broken), dict(docx_options), dict(html_options), want


def district_summary_slip() -> tuple[list[Any], dict[str, Any], dict[str, Any], list[Injected]]:
    """The 区政府 report whose second 表三 (全区汇总) has a broken row sum: the 予以公开 row adds
    up to 206 and its 总计 is printed 207, so the 总计 column's outcomes then add up to 497
    against （七）总计 496 (one mistyped cell: one T3-CELL). The 区政府本级 表三 is untouched.
    (render blocks, DOCX options, HTML options, the findings as (code, location, expected,
    actual))."""
    data, blocks, docx_options, html_options = REALISTIC2[DISTRICT_TWO["name"]]
    broken = copy.deepcopy(data)
    broken["applications_all"]["予以公开"][6] += 1
    want = [("T3-CELL", "（一）予以公开 / 总计", "206", "207")]
    return blocks(broken), dict(docx_options), dict(html_options), want


# ------------------------------------------------------------------------------ pasted in chat


def chat_markdown(blocks: list[Any]) -> str:
    """The report as a clerk pastes it into a chat: headings in bold, tables as pipe rows
    typed by hand, so the alignment is broken — merged cells left out (rows of different
    lengths), a separator line of two columns, outer pipes on some rows only, full-width
    ``｜`` on others, padding spaces of any width."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, RTable):
            for r, row in enumerate(block.grid()):
                cells = [c for c in row if c]
                if not cells:
                    continue
                if r % 3 == 0:
                    line = " | ".join(cells)
                elif r % 3 == 1:
                    line = "| " + "  |   ".join(cells) + " |"
                else:
                    line = "｜" + "｜".join(cells) + "｜"
                out.append(line)
                if r == 0:
                    out.append("|---|---|")
            out.append("")
            continue
        text = block.lstrip("#").strip()
        out.append(f"**{text}**" if block.startswith("#") else text)
    return "\n".join(out) + "\n"
