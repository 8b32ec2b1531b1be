"""Three reports written by hand in the style of other provinces and levels (a county
department, a district government, a 街道), with the wording variants real reports have.

Unlike the generated variants they carry real-looking prose: a sentence about one applicant's
补正, a fee written with its unit, a kept 2019 （六）其他处理 row, a typo in a heading, a
信息处理费 part, and (the 街道's draft) placeholders left in. Used in the conversion matrix and
for reading ``xxgk check`` output as a clerk would.
"""

from __future__ import annotations

import copy
from typing import Any

from ingest.model import T3_ROWS_2021
from tests.auxil.variants import rtable2_2021, rtable3, rtable4

_ZERO = [0] * 7


def _apps(**rows: list[int | None]) -> dict[str, list[int | None]]:
    out: dict[str, list[int | None]] = {key: list(_ZERO) for key, _ in T3_ROWS_2021}
    out.update(rows)
    return out


EDUCATION: dict[str, Any] = {
    "name": "hand-county-education-2023",
    "organ": "临川县教育局",
    "organ_kind": "部门",
    "year": 2023,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [2, 1, 9],
        "行政许可": 146,
        "行政处罚": 3,
        "行政强制": 0,
        "行政事业性收费": 0,
    },
    "applications": _apps(
        新收=[5, 1, 0, 0, 0, 0, 6],
        上年结转=[0, 0, 0, 0, 0, 0, 0],
        予以公开=[2, 1, 0, 0, 0, 0, 3],
        **{
            "无法提供.本机关不掌握": [1, 0, 0, 0, 0, 0, 1],
            "其他处理.逾期不补正": [1, 0, 0, 0, 0, 0, 1],
        },
        总计=[4, 1, 0, 0, 0, 0, 5],
        结转下年度=[1, 0, 0, 0, 0, 0, 1],
    ),
    "review_litigation": [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
}

DISTRICT: dict[str, Any] = {
    "name": "hand-district-government-2022",
    "organ": "东湖区人民政府",
    "organ_kind": "县级政府",
    "year": 2022,
    "format": "2021",
    "old_other_row": True,
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [7, 3, 58],
        "行政许可": 21873,
        "行政处罚": 1264,
        "行政强制": 35,
        "行政事业性收费": 12.5,
    },
    "applications": _apps(
        新收=[61, 9, 0, 1, 2, 0, 73],
        上年结转=[4, 0, 0, 0, 0, 0, 4],
        予以公开=[20, 3, 0, 1, 1, 0, 25],
        部分公开=[6, 1, 0, 0, 0, 0, 7],
        **{
            "不予公开.三类内部事务信息": [2, 0, 0, 0, 0, 0, 2],
            "不予公开.四类过程性信息": [3, 1, 0, 0, 0, 0, 4],
            "无法提供.本机关不掌握": [18, 2, 0, 0, 1, 0, 21],
            "无法提供.没有现成信息需要另行制作": [4, 0, 0, 0, 0, 0, 4],
            "不予处理.信访举报投诉类申请": [5, 0, 0, 0, 0, 0, 5],
            "不予处理.重复申请": [2, 1, 0, 0, 0, 0, 3],
            "其他处理.逾期不补正": [None] * 7,
            "其他处理.逾期未缴费": [None] * 7,
            "其他处理.其他": [3, 1, 0, 0, 0, 0, 4],
        },
        总计=[63, 9, 0, 1, 2, 0, 75],
        结转下年度=[2, 0, 0, 0, 0, 0, 2],
    ),
    "review_litigation": [3, 1, 0, 0, 4, 2, 0, 0, 1, 3, 0, 0, 0, 0, 0],
}

STREET: dict[str, Any] = {
    "name": "hand-street-draft-2024",
    "organ": "南门街道办事处",
    "organ_kind": "街道",
    "year": 2024,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [0, 0, 0],
        "行政许可": 0,
        "行政处罚": 0,
        "行政强制": 0,
        "行政事业性收费": 0,
    },
    "applications": _apps(),
    "review_litigation": [0] * 15,
}


def _blocks_education(d: dict[str, Any]) -> list[Any]:
    return [
        "# 临川县教育局2023年政府信息公开工作年度报告",
        "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息"
        "与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》"
        "（国办公开办函〔2021〕30号）要求编制。本报告所列数据的统计期限自2023年1月1日起至2023年"
        "12月31日止。",
        "## 一、总体情况",
        "2023年，县教育局坚持以人民为中心的发展思想，围绕学前教育普惠、义务教育招生入学、"
        "教师招聘等群众关注事项，扎实推进政府信息公开工作。",
        "（一）主动公开。全年在县政府门户网站“县教育局”栏目发布信息287条，其中招生入学信息42条、"
        "学生资助信息31条。",
        "（二）依申请公开。全年共收到政府信息公开申请6件，已办结5件，结转下年度继续办理1件。"
        "对1件内容不明确的申请依法出具补正告知书，目前未收到该申请人提交的补正。",
        "（三）政府信息管理。严格执行信息发布“三审三校”制度。",
        "（四）平台建设。完善教育收费公示专栏。",
        "（五）监督保障。将政务公开纳入局机关年度考核。",
        "## 二、主动公开政府信息情况",
        rtable2_2021(d["active"]),
        "## 三、收到和处理政府信息公开申请情况",
        rtable3(d),
        "## 四、政府信息公开行政复议、行政诉讼情况",
        rtable4(d),
        "## 五、存在的主要问题及改进情况",
        "一是公开内容解读不够通俗；二是个别学校信息更新不及时。2024年将加强政策图解，"
        "督促各学校按时更新。",
        "## 六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]


def _blocks_district(d: dict[str, Any]) -> list[Any]:
    active = copy.deepcopy(d["active"])
    t2 = rtable2_2021(active)
    t2.rows[13][1] = "12.5万元"
    return [
        "# 东湖区人民政府2022年政府信息公开工作年度报告",
        "## 一、总体情况",
        "2022年，区政府办公室在区委、区政府的坚强领导下，认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "本报告所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
        "（一）主动公开。全区通过区政府门户网站主动公开政府信息1.2万余条。",
        "（二）依申请公开。全年新收政府信息公开申请73件，上年结转4件，结转下年度继续办理2件。",
        "（三）政府信息管理。开展规范性文件清理，废止3件。",
        "（四）平台建设。优化政府网站集约化平台。",
        "（五）监督保障。开展政务公开培训2次，组织社会评议1次，未发生责任追究情况。",
        "## 二、主动公开政府信息情况",
        t2,
        "## 三、收到和处理政府信息公开申请情况",
        rtable3(d),
        "## 四、政府信息公开行政法复议、行政诉讼情况",
        rtable4(d),
        "本年度因政府信息公开工作被申请行政复议4件，被提起行政诉讼3件。",
        "## 五、政府信息公开工作存在的主要问题及改进情况",
        "部分部门对依申请公开答复的规范性把握不够。下一步将加强答复文书审核。",
        "## 六、信息处理费收取情况",
        "本年度未收取信息处理费。",
        "## 七、其他需要报告的事项",
        "无其他需要报告的事项。",
    ]


def _blocks_street(d: dict[str, Any]) -> list[Any]:
    return [
        "# 南门街道办事处2024年政府信息公开工作年度报告",
        "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
        "## 一、总体情况",
        "2024年，南门街道认真落实政府信息公开各项要求。",
        "（一）主动公开。全年通过区政府网站街道专栏主动公开政府信息【待补充】条。",
        "（二）依申请公开。本年度未收到政府信息公开申请。",
        "（三）政府信息管理。由XX同志负责信息发布审核。",
        "（四）平台建设。持续维护街道政务公开栏。",
        "（五）监督保障。将政务公开纳入社区年度考核，本年度未发生责任追究情况。",
        "## 二、主动公开政府信息情况",
        rtable2_2021(d["active"]),
        "## 三、收到和处理政府信息公开申请情况",
        rtable3(d),
        "## 四、政府信息公开行政复议、行政诉讼情况",
        rtable4(d),
        "本年度未发生政府信息公开行政复议、行政诉讼案件。",
        "## 五、存在的主要问题及明年工作计划",
        "存在的问题：【】。明年计划：进一步规范信息发布流程。",
        "## 六、其他需要报告的事项",
        "本年度未收取信息处理费。",
    ]


HANDWRITTEN: dict[str, tuple[dict[str, Any], Any]] = {
    EDUCATION["name"]: (EDUCATION, _blocks_education),
    DISTRICT["name"]: (DISTRICT, _blocks_district),
    STREET["name"]: (STREET, _blocks_street),
}


def handwritten(name: str) -> tuple[dict[str, Any], list[Any]]:
    """(data, render blocks) of one hand-written report."""
    data, blocks = HANDWRITTEN[name]
    return data, blocks(data)
