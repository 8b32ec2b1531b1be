"""Six consistent reports in styles the generated variants and hand-written reports lack.

Each is written the way a real office writes it, with the habits that trip a reader:

* a 省直部门 (province department): 表三 almost all zeros, thousands separators in 表二
  (``1,286``; a fee of ``3,562.48`` 万元), table captions and ``注：`` notes under the tables,
  "第 3 页 共 8 页" footers and 表三's header repeated on every page it runs onto;
* a 市政府 (city government): numbers in the thousands with separators in 表三 too, every
  表二 row filled, headings as plain bold-less paragraphs (no Word heading styles), a running
  header and "- 3 -" footers, "一是…二是…" prose;
* a 县政府 (county government): full-width digits in every table (``１２``), "无" in the
  empty 表三 cells, "第一部分 总体情况" headings, a "单位：件" row merged over 表四's header;
* a 街道 in the 2019 format (a 2020 report): "/" in empty cells, signed 本年增/减 (``+5``,
  ``-3``), "— 3 —" footers;
* a 区卫生健康委员会 (a district department) with 表四 drawn by hand as three rows by five
  columns, a 信息处理费 part before 七、其他需要报告的事项 and a fee of "0.00";
* a 乡镇 report for 2025 as an old nested-table portal page (metadata grid, 上一篇/下一篇 and
  related links naming other years' reports), "—" in zero cells, a signature and date after
  section 六, "3/8" footers.

Every 勾稽关系 holds, so any error the checker raises on any form is a false alarm.
``realistic(name)`` gives (data, render blocks, DOCX options, HTML options); the data's
numbers are what a careful reader takes from the tables ("无", "/", "—" count as 0).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ingest.model import OUTCOME_KEYS_2019, OUTCOME_KEYS_2021, T3_ROWS_2019, T3_ROWS_2021
from tests.auxil.layouts import t4_table
from tests.auxil.render import RTable
from tests.auxil.variants import rtable2_2019, rtable2_2021, rtable3

Style = Callable[[str], str]
_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def applications(
    fmt: str,
    new: list[int],
    carried: list[int],
    outcomes: dict[str, list[int]],
) -> dict[str, list[Any]]:
    """表三 with 总计 the sum of the outcomes and 结转下年度 what is left (six columns given,
    总计 column added); raises if a column would carry a negative count forward."""
    rows = T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019
    keys = OUTCOME_KEYS_2021 if fmt == "2021" else OUTCOME_KEYS_2019
    unknown = set(outcomes) - set(keys)
    if unknown:
        raise KeyError(unknown)
    out: dict[str, list[Any]] = {}

    def put(key: str, six: list[int]) -> None:
        out[key] = [*six, sum(six)]

    put("新收", new)
    put("上年结转", carried)
    for key in keys:
        put(key, outcomes.get(key, [0] * 6))
    put("总计", [sum(outcomes.get(k, [0] * 6)[c] for k in keys) for c in range(6)])
    put("结转下年度", [out["新收"][c] + out["上年结转"][c] - out["总计"][c] for c in range(6)])
    if min(out["结转下年度"]) < 0:
        raise ValueError(f"表三: more handled than received: {out['结转下年度']}")
    assert [k for k, _ in rows] == list(out)
    return out


def restyle(table: RTable, style: Style, rows: range | None = None) -> RTable:
    """The table with every number cell (in ``rows``) written in ``style``."""
    new_rows = copy.deepcopy(table.rows)
    for r, row in enumerate(new_rows):
        if rows is not None and r not in rows:
            continue
        for c, text in enumerate(row):
            if text is not None and _NUMBER.match(text):
                row[c] = style(text)
    return RTable(new_rows, list(table.merges), table.header_rows)


def thousands(text: str) -> str:
    """``1286`` -> ``1,286``; ``3562.48`` -> ``3,562.48``."""
    value = Decimal(text)
    return f"{value:,}"


def fullwidth(text: str) -> str:
    return text.translate({ord(ch): 0xFF10 + int(ch) for ch in "0123456789"} | {ord("."): "．"})


def zero_as(mark: str) -> Style:
    return lambda text: mark if text == "0" else text


def _t3_body(table: RTable) -> range:
    return range(3, table.n_rows)


# ------------------------------------------------------------------------------ 省直部门

PROVINCE: dict[str, Any] = {
    "name": "real-province-department-2023",
    "organ": "江淮省自然资源厅",
    "organ_kind": "部门",
    "year": 2023,
    "format": "2021",
    "active": {
        "规章": [2, 1, 15],
        "行政规范性文件": [12, 4, 86],
        "行政许可": 1286,
        "行政处罚": 57,
        "行政强制": 3,
        "行政事业性收费": 3562.48,
    },
    "applications": applications(
        "2021",
        new=[187, 23, 0, 2, 5, 1],
        carried=[9, 1, 0, 0, 0, 0],
        outcomes={
            "予以公开": [61, 8, 0, 1, 2, 0],
            "部分公开": [14, 2, 0, 0, 0, 0],
            "不予公开.国家秘密": [1, 0, 0, 0, 0, 0],
            "不予公开.保护第三方合法权益": [3, 1, 0, 0, 0, 0],
            "不予公开.四类过程性信息": [5, 0, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [72, 9, 0, 1, 2, 1],
            "无法提供.没有现成信息需要另行制作": [8, 1, 0, 0, 0, 0],
            "不予处理.信访举报投诉类申请": [6, 0, 0, 0, 0, 0],
            "不予处理.重复申请": [4, 1, 0, 0, 1, 0],
            "其他处理.逾期不补正": [7, 0, 0, 0, 0, 0],
            "其他处理.其他": [3, 0, 0, 0, 0, 0],
        },
    ),
    "review_litigation": [3, 1, 0, 1, 5, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0],
}


def _blocks_province(d: dict[str, Any]) -> list[Any]:
    t2 = restyle(rtable2_2021(d["active"]), thousands)
    t3 = rtable3(d)
    t3 = RTable(t3.rows, t3.merges, header_rows=3)
    return [
        "# 江淮省自然资源厅2023年政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府"
        "信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。全文包括总体情况、主动"
        "公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
        "存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自2023年1月1日"
        "起至2023年12月31日止。如对本报告有疑问，请与江淮省自然资源厅办公室联系（地址：江淮省"
        "合城市政务区天鹅湖路8号，邮编：230091，电话：0551-62861023）。",
        "## 一、总体情况",
        "2023年，省自然资源厅深入贯彻落实党中央、国务院关于全面推进政务公开的决策部署，"
        "围绕耕地保护、国土空间规划、不动产登记等重点领域，全面推进决策、执行、管理、服务、结果公开。",
        "### （一）主动公开",
        "全年通过厅门户网站主动公开政府信息3,215条，其中政策文件98件、政策解读46篇；"
        "发布建设用地审批信息1,032条、采矿权出让信息214条。",
        "### （二）依申请公开",
        "全年新收政府信息公开申请218件，上年结转10件，办结214件，结转下年度继续办理14件。"
        "申请内容主要集中在征地补偿安置、不动产登记资料查询和矿业权审批等方面。",
        "### （三）政府信息管理",
        "严格执行公开属性源头认定和保密审查制度，全年开展规范性文件清理1次，废止4件。",
        "### （四）平台建设",
        "优化厅门户网站政府信息公开专栏，完善“自然资源数据开放”栏目。",
        "### （五）监督保障",
        "将政务公开纳入厅机关处室和直属单位年度考核，开展业务培训3次，未发生责任追究情况。",
        "## 二、主动公开政府信息情况",
        "表1 主动公开政府信息情况",
        t2,
        "注：行政许可数量含建设用地审批、采矿权和探矿权审批；收费金额为不动产登记费等。",
        "## 三、收到和处理政府信息公开申请情况",
        "表2 收到和处理政府信息公开申请情况（单位：件）",
        t3,
        "注：1.申请人情况中“法人或其他组织”按申请人登记类型统计；2.“结转下年度继续办理”均为"
        "依法延期答复的申请。",
        "## 四、政府信息公开行政复议、行政诉讼情况",
        "表3 政府信息公开行政复议、行政诉讼情况（单位：件）",
        t4_table([str(v) for v in d["review_litigation"]]),
        "注：“尚未审结”指截至2023年12月31日尚未作出决定或判决的案件。",
        "## 五、存在的主要问题及改进情况",
        "2023年，我厅政府信息公开工作取得一定成效，但仍存在政策解读形式不够丰富、"
        "依申请公开答复规范化水平有待提升等问题。2024年，我厅将重点做好以下工作：一是加强"
        "政策解读；二是规范依申请公开办理流程；三是加强业务培训。",
        "## 六、其他需要报告的事项",
        "（一）信息处理费收取情况。依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
        "（二）人大代表建议和政协提案办理结果公开情况。全年承办省人大代表建议112件、"
        "省政协提案87件，均已按期办复，办理复文全文公开率100%。",
        "（三）年度工作要点落实情况。按照省政府办公厅年度政务公开工作要点，逐项落实各项任务。",
    ]


# ------------------------------------------------------------------------------ 市政府

CITY: dict[str, Any] = {
    "name": "real-city-government-2022",
    "organ": "临江市人民政府",
    "organ_kind": "市政府",
    "year": 2022,
    "format": "2021",
    "active": {
        "规章": [3, 2, 41],
        "行政规范性文件": [58, 23, 412],
        "行政许可": 186420,
        "行政处罚": 24817,
        "行政强制": 1263,
        "行政事业性收费": 128473.56,
    },
    "applications": applications(
        "2021",
        new=[2386, 386, 12, 27, 41, 63],
        carried=[118, 21, 0, 2, 3, 4],
        outcomes={
            "予以公开": [903, 154, 5, 11, 16, 22],
            "部分公开": [212, 37, 2, 3, 4, 6],
            "不予公开.国家秘密": [3, 0, 0, 0, 0, 0],
            "不予公开.其他法律行政法规禁止公开": [11, 2, 0, 0, 0, 0],
            "不予公开.三安全一稳定": [4, 1, 0, 0, 0, 0],
            "不予公开.保护第三方合法权益": [37, 9, 0, 1, 1, 2],
            "不予公开.三类内部事务信息": [25, 4, 0, 0, 1, 1],
            "不予公开.四类过程性信息": [48, 7, 0, 1, 2, 2],
            "不予公开.行政执法案卷": [19, 3, 0, 0, 0, 1],
            "不予公开.行政查询事项": [27, 5, 0, 0, 1, 1],
            "无法提供.本机关不掌握": [684, 101, 3, 9, 12, 18],
            "无法提供.没有现成信息需要另行制作": [96, 18, 1, 1, 2, 3],
            "无法提供.补正后申请内容仍不明确": [41, 6, 0, 0, 1, 1],
            "不予处理.信访举报投诉类申请": [73, 11, 0, 1, 1, 2],
            "不予处理.重复申请": [88, 14, 0, 1, 1, 1],
            "不予处理.要求提供公开出版物": [6, 1, 0, 0, 0, 0],
            "不予处理.无正当理由大量反复申请": [22, 0, 0, 0, 0, 0],
            "不予处理.要求行政机关确认或重新出具已获取信息": [9, 2, 0, 0, 0, 0],
            "其他处理.逾期不补正": [104, 17, 0, 0, 1, 1],
            "其他处理.逾期未缴费": [2, 0, 0, 0, 0, 0],
            "其他处理.其他": [55, 15, 0, 0, 1, 1],
        },
    ),
    "review_litigation": [12, 4, 3, 2, 21, 5, 1, 2, 6, 14, 3, 1, 0, 2, 6],
}


def _blocks_city(d: dict[str, Any]) -> list[Any]:
    t2 = restyle(rtable2_2021(d["active"]), thousands)
    t3 = restyle(rtable3(d), thousands)
    t4 = restyle(t4_table([str(v) for v in d["review_litigation"]]), thousands)
    return [
        "临江市人民政府2022年政府信息公开工作年度报告",
        "根据《中华人民共和国政府信息公开条例》规定，现公布2022年临江市人民政府政府信息公开工作"
        "年度报告。报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。本报告电子版可在"
        "临江市人民政府门户网站下载。",
        "一、总体情况",
        "2022年，市政府坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，"
        "全市政府信息公开工作取得新成效。",
        "（一）主动公开。一是加大重点领域信息公开力度，全市各级行政机关主动公开政府信息"
        "48,726条，其中市政府门户网站发布12,385条；二是强化政策解读，发布解读材料1,126篇，"
        "其中图解、视频等形式解读412篇；三是做好回应关切，召开新闻发布会86场。",
        "（二）依申请公开。全市共收到政府信息公开申请2,915件，较上年增长12.6%；上年结转148件；"
        "办结3,021件，结转下年度继续办理42件。",
        "（三）政府信息管理。一是完善公开属性认定制度；二是开展行政规范性文件集中清理，"
        "废止规章2件、行政规范性文件23件。",
        "（四）平台建设。完成市县两级政府网站集约化平台迁移，整合政务新媒体37个。",
        "（五）监督保障。将政务公开纳入市直单位和各县区绩效考核，占比4%；组织培训6期，"
        "培训1,200余人次；对3家单位予以通报。",
        "二、主动公开政府信息情况",
        t2,
        "三、收到和处理政府信息公开申请情况",
        t3,
        "四、政府信息公开行政复议、行政诉讼情况",
        t4,
        "五、存在的主要问题及改进情况",
        "2022年全市政府信息公开工作虽取得一定成效，但对照新要求仍有差距：一是部分单位依申请"
        "公开答复不够规范；二是基层政务公开标准化建设不够平衡。2023年，我们将从以下方面改进："
        "一是加强答复文书审核；二是推进基层政务公开标准化规范化。",
        "六、其他需要报告的事项",
        "（一）信息处理费收取情况。2022年，全市各级行政机关共发出收费通知2件，"
        "实际收取信息处理费0元。",
        "（二）人大代表建议和政协提案办理情况。市政府系统共承办市人大代表建议412件、"
        "市政协提案536件，已全部办结。",
    ]


# ------------------------------------------------------------------------------ 县政府

COUNTY: dict[str, Any] = {
    "name": "real-county-fullwidth-2024",
    "organ": "青阳县人民政府",
    "organ_kind": "县级政府",
    "year": 2024,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [9, 2, 47],
        "行政许可": 3527,
        "行政处罚": 412,
        "行政强制": 17,
        "行政事业性收费": 86.3,
    },
    "applications": applications(
        "2021",
        new=[43, 6, 0, 0, 1, 2],
        carried=[2, 0, 0, 0, 0, 0],
        outcomes={
            "予以公开": [17, 2, 0, 0, 1, 1],
            "部分公开": [4, 1, 0, 0, 0, 0],
            "不予公开.四类过程性信息": [2, 0, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [12, 2, 0, 0, 0, 1],
            "不予处理.信访举报投诉类申请": [3, 0, 0, 0, 0, 0],
            "不予处理.重复申请": [2, 0, 0, 0, 0, 0],
            "其他处理.逾期不补正": [2, 0, 0, 0, 0, 0],
        },
    ),
    "review_litigation": [2, 1, 0, 0, 3, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0],
}


def _blocks_county(d: dict[str, Any]) -> list[Any]:
    t2 = restyle(rtable2_2021(d["active"]), fullwidth)
    t3 = rtable3(d)
    fixed = {"新收", "上年结转", "总计", "结转下年度"}
    body = range(3, t3.n_rows)
    # "无" in the zero cells of the outcome rows, full-width digits everywhere
    outcome_rows = range(5, t3.n_rows - 2)
    t3 = restyle(restyle(t3, zero_as("无"), outcome_rows), fullwidth, body)
    assert fixed  # the first two and last two rows keep their zeros
    t4 = t4_table([str(v) for v in d["review_litigation"]])
    unit_row: list[str | None] = ["单位：件", *[None] * 14]
    t4 = RTable(
        [unit_row, *t4.rows],
        [(0, 0, 0, 14)] + [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in t4.merges],
    )
    t4 = restyle(t4, fullwidth)
    return [
        "# 青阳县人民政府2024年政府信息公开工作年度报告",
        "本年度报告根据《中华人民共和国政府信息公开条例》要求，由青阳县人民政府办公室编制。"
        "所列数据的统计期限自2024年1月1日起至2024年12月31日止。",
        "## 第一部分 总体情况",
        "2024年，县政府坚持以人民为中心，持续深化政务公开，不断提升政府透明度。",
        "（一）主动公开。全县通过县政府门户网站主动公开各类政府信息6,842条。",
        "（二）依申请公开。全年新收政府信息公开申请52件，上年结转2件，结转下年度4件。",
        "（三）政府信息管理。规范政府信息公开审核发布流程。",
        "（四）平台建设。升级县政府门户网站政府信息公开平台。",
        "（五）监督保障。开展政务公开第三方评估1次，未发生责任追究情况。",
        "## 第二部分 主动公开政府信息情况",
        t2,
        "## 第三部分 收到和处理政府信息公开申请情况",
        t3,
        "## 第四部分 政府信息公开行政复议、行政诉讼情况",
        t4,
        "## 第五部分 存在的主要问题及改进情况",
        "一是部分乡镇信息发布不够及时；二是政策解读质量有待提高。下一步，县政府将加强督导，"
        "提高解读质量。",
        "## 第六部分 其他需要报告的事项",
        "本年度未收取信息处理费。其他无需要报告的事项。",
    ]


# ------------------------------------------------------------------------------ 街道 2019

STREET_2019: dict[str, Any] = {
    "name": "real-street-2019-format-2020",
    "organ": "滨河街道办事处",
    "organ_kind": "街道",
    "year": 2020,
    "format": "2019",
    "active": {
        "规章": [0, 0, 0],
        "规范性文件": [0, 0, 0],
        "行政许可": [12, 5, 86],
        "其他对外管理服务事项": [7, -3, 142],
        "行政处罚": [3, 0, 27],
        "行政强制": [0, 0, 0],
        "行政事业性收费": [0, 0],
        "政府集中采购": [4, 36.8],
    },
    "applications": applications(
        "2019",
        new=[6, 1, 0, 0, 0, 0],
        carried=[0, 0, 0, 0, 0, 0],
        outcomes={
            "予以公开": [2, 1, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [2, 0, 0, 0, 0, 0],
            "其他处理": [1, 0, 0, 0, 0, 0],
        },
    ),
    "review_litigation": [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
}


def _blocks_street_2019(d: dict[str, Any]) -> list[Any]:
    t2 = rtable2_2019(d["active"])
    t2 = restyle(t2, lambda t: "+5" if t == "5" else t, range(6, 7))  # 本年增/减 with its sign
    t2 = restyle(t2, zero_as("/"))
    t3 = restyle(rtable3(d), zero_as("/"), range(5, rtable3(d).n_rows - 2))
    return [
        "# 滨河街道办事处2020年政府信息公开工作年度报告",
        "## 一、总体情况",
        "2020年，滨河街道在区委、区政府的领导下，按照《中华人民共和国政府信息公开条例》要求，"
        "扎实做好政府信息公开工作。本报告所列数据的统计期限自2020年1月1日至2020年12月31日。",
        "（一）主动公开情况",
        "通过区政府门户网站街道专栏主动公开信息236条，其中疫情防控信息87条。",
        "（二）依申请公开情况",
        "全年收到政府信息公开申请7件，办结6件，结转下年度1件。",
        "（三）政府信息管理情况",
        "落实信息发布“三审”制度。",
        "（四）平台建设情况",
        "维护街道政务公开栏和社区公开栏12个。",
        "（五）监督保障情况",
        "将政务公开纳入社区考核。",
        "## 二、主动公开政府信息情况",
        t2,
        "## 三、收到和处理政府信息公开申请情况",
        t3,
        "## 四、政府信息公开行政复议、行政诉讼情况",
        t4_table([str(v) for v in d["review_litigation"]]),
        "## 五、存在的主要问题及改进情况",
        "主要问题：信息公开人员力量薄弱。改进情况：加强业务培训，明确专人负责。",
        "## 六、其他需要报告的事项",
        "无。",
    ]


# ------------------------------------------------------------------------------ 乡镇 portal

TOWNSHIP: dict[str, Any] = {
    "name": "real-township-portal-2025",
    "organ": "石门镇人民政府",
    "organ_kind": "乡镇",
    "year": 2025,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [1, 0, 3],
        "行政许可": 0,
        "行政处罚": 0,
        "行政强制": 0,
        "行政事业性收费": 0,
    },
    "applications": applications(
        "2021",
        new=[3, 0, 0, 0, 0, 0],
        carried=[0, 0, 0, 0, 0, 0],
        outcomes={
            "予以公开": [1, 0, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [2, 0, 0, 0, 0, 0],
        },
    ),
    "review_litigation": [0] * 15,
}


def _blocks_township(d: dict[str, Any]) -> list[Any]:
    dash = zero_as("—")
    t2 = restyle(rtable2_2021(d["active"]), dash)
    t3 = rtable3(d)
    t3 = restyle(t3, dash, range(5, t3.n_rows - 2))
    t4 = restyle(t4_table([str(v) for v in d["review_litigation"]]), dash)
    return [
        "# 石门镇人民政府2025年政府信息公开工作年度报告",
        "## 一、总体情况",
        "2025年，石门镇严格落实《中华人民共和国政府信息公开条例》，统计期限为2025年1月1日至"
        "2025年12月31日。",
        "（一）主动公开。在县政府门户网站石门镇专栏主动公开信息173条，在村务公开栏公开信息"
        "420余条。",
        "（二）依申请公开。全年收到政府信息公开申请3件，均已办结。",
        "（三）政府信息管理。完善信息公开审核机制。",
        "（四）平台建设。更新镇政务公开专栏栏目设置。",
        "（五）监督保障。开展政务公开培训1次。",
        "## 二、主动公开政府信息情况",
        t2,
        "## 三、收到和处理政府信息公开申请情况",
        t3,
        "## 四、政府信息公开行政复议、行政诉讼情况",
        t4,
        "## 五、存在的主要问题及改进情况",
        "存在问题：信息公开内容不够全面。改进措施：2026年将进一步规范公开目录。",
        "## 六、其他需要报告的事项",
        "本年度未收取信息处理费，无其他需要报告的事项。",
        "石门镇人民政府",
        "2026年1月20日",
    ]


# ------------------------------------------------------------------------------ 区县部门

HEALTH: dict[str, Any] = {
    "name": "real-district-health-commission-2022",
    "organ": "云溪区卫生健康委员会",
    "organ_kind": "部门",
    "year": 2022,
    "format": "2021",
    "active": {
        "规章": [0, 0, 0],
        "行政规范性文件": [2, 0, 11],
        "行政许可": 864,
        "行政处罚": 129,
        "行政强制": 0,
        "行政事业性收费": 0.0,
    },
    "applications": applications(
        "2021",
        new=[21, 3, 0, 0, 2, 0],
        carried=[1, 0, 0, 0, 0, 0],
        outcomes={
            "予以公开": [8, 1, 0, 0, 1, 0],
            "部分公开": [2, 0, 0, 0, 0, 0],
            "不予公开.保护第三方合法权益": [3, 0, 0, 0, 0, 0],
            "无法提供.本机关不掌握": [5, 1, 0, 0, 1, 0],
            "不予处理.信访举报投诉类申请": [2, 0, 0, 0, 0, 0],
            "其他处理.其他": [1, 0, 0, 0, 0, 0],
        },
    ),
    "review_litigation": [1, 1, 0, 0, 2, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1],
}


def _t4_by_group(values: list[str]) -> RTable:
    """表四 drawn by hand as three rows (行政复议, 未经复议直接起诉, 复议后起诉) by five
    columns (结果维持 … 总计): the same fifteen numbers, the grid turned."""
    return RTable(
        rows=[
            ["类别", None, "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
            ["行政复议", None, *values[0:5]],
            ["行政诉讼", "未经复议直接起诉", *values[5:10]],
            [None, "复议后起诉", *values[10:15]],
        ],
        merges=[(0, 0, 0, 1), (1, 0, 1, 1), (2, 0, 3, 0)],
    )


def _blocks_health(d: dict[str, Any]) -> list[Any]:
    t2 = restyle(rtable2_2021(d["active"]), lambda t: "0.00" if t == "0.0" else t)
    return [
        "# 云溪区卫生健康委员会2022年政府信息公开工作年度报告",
        "根据《中华人民共和国政府信息公开条例》和上级有关要求，区卫生健康委编制本年度报告。"
        "报告所列数据统计期限自2022年1月1日起至2022年12月31日止。",
        "## 一、总体情况",
        "（一）主动公开情况",
        "2022年，区卫生健康委主动公开政府信息512条，其中疫情防控信息236条、医疗机构执业许可"
        "信息97条、卫生监督行政处罚信息129条。",
        "（二）依申请公开情况",
        "全年新收政府信息公开申请26件，上年结转1件，办结25件，结转下年度2件。",
        "（三）政府信息管理情况",
        "建立信息公开“一事一审”机制。",
        "（四）政府信息公开平台建设情况",
        "依托区政府门户网站开设卫生健康专栏。",
        "（五）监督保障情况",
        "将政务公开纳入委机关科室年度考核，开展培训2次。",
        "## 二、主动公开政府信息情况",
        t2,
        "## 三、收到和处理政府信息公开申请情况",
        rtable3(d),
        "## 四、政府信息公开行政复议、行政诉讼情况",
        _t4_by_group([str(v) for v in d["review_litigation"]]),
        "## 五、存在的主要问题及改进情况",
        "一是公开信息的时效性有待提升；二是政策解读方式较为单一。下一步将建立信息发布时限"
        "提醒机制，增加图解解读。",
        "## 六、信息处理费收取情况",
        "本年度未收取信息处理费。",
        "## 七、其他需要报告的事项",
        "无。",
    ]


REALISTIC: dict[str, tuple[dict[str, Any], Callable[[dict[str, Any]], list[Any]], dict, dict]] = {
    PROVINCE["name"]: (PROVINCE, _blocks_province, {"footer": "第 {PAGE} 页 共 {NUMPAGES} 页"}, {}),
    CITY["name"]: (
        CITY,
        _blocks_city,
        {"footer": "- {PAGE} -", "header": "临江市人民政府办公室"},
        {},
    ),
    COUNTY["name"]: (COUNTY, _blocks_county, {"footer": "第{PAGE}页"}, {}),
    STREET_2019["name"]: (STREET_2019, _blocks_street_2019, {"footer": "— {PAGE} —"}, {}),
    TOWNSHIP["name"]: (
        TOWNSHIP,
        _blocks_township,
        {"footer": "{PAGE}/{NUMPAGES}"},
        {"portal": "nested"},
    ),
    HEALTH["name"]: (HEALTH, _blocks_health, {"footer": "第{PAGE}页 共{NUMPAGES}页"}, {}),
}


def realistic(name: str) -> tuple[dict[str, Any], list[Any], dict[str, Any], dict[str, Any]]:
    """(data, render blocks, ``render_docx`` options, ``render_html`` options) of one report."""
    data, blocks, docx_options, html_options = REALISTIC[name]
    return data, blocks(data), dict(docx_options), dict(html_options)


# ------------------------------------------------------------------------------ injected errors

Injected = tuple[str, str, str, str]
"""(code, location, expected, actual) of the one finding an injected slip must cause."""


def _bump(data: dict[str, Any], key: str, col: int, by: int) -> None:
    data["applications"][key][col] += by


def _inject_province(d: dict[str, Any]) -> list[Injected]:
    d["review_litigation"][4] = 6  # 行政复议 3 + 1 + 0 + 1 = 5, printed 6
    return [("T4-SUM", "行政复议 / 总计", "5", "6")]


def _inject_city(d: dict[str, Any]) -> list[Injected]:
    _bump(d, "新收", 0, 100)  # 自然人 2,386 -> 2,486 and the row's 总计 with it
    _bump(d, "新收", 6, 100)
    a = d["applications"]
    lhs = [a["新收"][c] + a["上年结转"][c] for c in (0, 6)]
    rhs = [a["总计"][c] + a["结转下年度"][c] for c in (0, 6)]
    return [
        ("T3-BALANCE", "自然人列", str(lhs[0]), str(rhs[0])),
        ("T3-BALANCE", "总计列", str(lhs[1]), str(rhs[1])),
    ]


def _inject_county(d: dict[str, Any]) -> list[Injected]:
    _bump(d, "结转下年度", 0, 1)  # 自然人 43 + 2 = 45, but 42 + 4 = 46
    _bump(d, "结转下年度", 6, 1)
    return [("T3-BALANCE", "自然人列", "45", "46"), ("T3-BALANCE", "总计列", "54", "55")]


def _inject_street(d: dict[str, Any]) -> list[Injected]:
    d["review_litigation"][0] = 0  # 行政复议 结果维持 1 -> 0, 总计 still 1
    return [("T4-SUM", "行政复议 / 总计", "0", "1")]


def _inject_township(d: dict[str, Any]) -> list[Injected]:
    d["review_litigation"][10] = 1  # 复议后起诉 结果维持 1, 总计 left "—"
    return [("T4-SUM", "行政诉讼 / 复议后起诉 / 总计", "1", "0")]


def _inject_health(d: dict[str, Any]) -> list[Injected]:
    d["review_litigation"][9] = 2  # 未经复议直接起诉 0 + 0 + 0 + 1 = 1, printed 2
    return [("T4-SUM", "行政诉讼 / 未经复议直接起诉 / 总计", "1", "2")]


INJECTIONS: dict[str, Callable[[dict[str, Any]], list[Injected]]] = {
    PROVINCE["name"]: _inject_province,
    CITY["name"]: _inject_city,
    COUNTY["name"]: _inject_county,
    STREET_2019["name"]: _inject_street,
    TOWNSHIP["name"]: _inject_township,
    HEALTH["name"]: _inject_health,
}


def injected(
    name: str,
) -> tuple[list[Any], dict[str, Any], dict[str, Any], list[Injected]]:
    """The report with one slip a clerk makes, written in the report's own style: (render
    blocks, DOCX options, HTML options, the findings it must cause)."""
    data, blocks, docx_options, html_options = REALISTIC[name]
    broken = copy.deepcopy(data)
    want = INJECTIONS[name](broken)
    return blocks(broken), dict(docx_options), dict(html_options), want
