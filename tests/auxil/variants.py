"""Generated report variants for the conversion matrix: consistent random numbers in either
format, different organ kinds, heading wordings and an optional 信息处理费 section.

``variant(seed)`` gives the data (the shape of the gold JSON: ``organ``, ``year``, ``format``,
``active``, ``applications``, ``review_litigation``) and ``variant_blocks(data)`` the report as
``tests.auxil.render`` blocks, so the same report can be written as DOCX, PDF or HTML and then
pushed through the converters staff use. The numbers are random but always consistent (every
勾稽关系 holds), so any error the checker raises on a converted form is a false alarm.
"""

from __future__ import annotations

import random
from typing import Any

from ingest.model import T3_ROWS_2019, T3_ROWS_2021
from tests.auxil.layouts import T3_PRINTED, t3_header, t4_table
from tests.auxil.render import RTable

ORGANS: tuple[tuple[str, str], ...] = (
    ("乡镇", "青山镇人民政府"),
    ("街道", "城东街道办事处"),
    ("县级政府", "清河县人民政府"),
    ("部门", "平江县教育局"),
    ("部门", "南湖区市场监督管理局"),
    ("县级政府", "西城区人民政府"),
)

# Heading wordings seen in published reports (the format's own first)
HEADINGS: dict[str, tuple[str, ...]] = {
    "一": ("一、总体情况", "一、总体情况", "一、 总体情况"),
    "二": ("二、主动公开政府信息情况", "二、主动公开政府信息情况"),
    "三": ("三、收到和处理政府信息公开申请情况", "三、收到和处理政府信息公开申请情况"),
    "四": (
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    ),
    "五": (
        "五、存在的主要问题及改进情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "五、存在的主要问题及改进措施",
    ),
    "六": ("六、其他需要报告的事项", "六、其他需要报告的事项"),
}

_T3_2019_PRINTED = dict(T3_PRINTED) | {"其他处理": ("", "（六）其他处理")}


def _split(rng: random.Random, total: int, parts: int, sparse: float = 0.6) -> list[int]:
    """``total`` spread over ``parts`` counts, most of them zero, as real tables are."""
    out = [0] * parts
    slots = [i for i in range(parts) if rng.random() > sparse] or [rng.randrange(parts)]
    for _ in range(total):
        out[rng.choice(slots)] += 1
    return out


def variant(
    seed: int, fmt: str | None = None, *, fee_section: bool | None = None
) -> dict[str, Any]:
    """A consistent report: its format, organ, year and numbers drawn from ``seed``."""
    rng = random.Random(seed)
    fmt = fmt or rng.choice(("2021", "2021", "2019"))
    kind, organ = ORGANS[seed % len(ORGANS)]
    year = rng.choice((2019, 2020)) if fmt == "2019" else rng.choice((2021, 2022, 2023, 2024))
    rows = T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019
    outcome_keys = [k for k, _ in rows[2:-2]]
    big = rng.random() < 0.3
    columns: list[dict[str, int]] = []
    for col in range(6):
        scale = (40 if col == 0 else 6) * (10 if big else 1)
        new = rng.randint(0, scale) if rng.random() > 0.3 else 0
        carried = rng.randint(0, max(1, scale // 5)) if rng.random() > 0.6 else 0
        forward = rng.randint(0, new + carried) if rng.random() > 0.6 else 0
        done = new + carried - forward
        spread = _split(rng, done, len(outcome_keys))
        column = {"新收": new, "上年结转": carried, "总计": done, "结转下年度": forward}
        column |= dict(zip(outcome_keys, spread, strict=True))
        columns.append(column)
    applications = {
        key: [c[key] for c in columns] + [sum(c[key] for c in columns)] for key, _ in rows
    }
    review: list[int] = []
    for _group in range(3):
        parts = _split(rng, rng.choice((0, 0, 1, 2, 5, 13)), 4, sparse=0.4)
        review += [*parts, sum(parts)]
    if fmt == "2021":
        active: dict[str, Any] = {
            "规章": [0, 0, 0] if rng.random() < 0.7 else [1, 0, 4],
            "行政规范性文件": [rng.randint(0, 30), rng.randint(0, 5), rng.randint(10, 120)],
            "行政许可": rng.randint(0, 3000),
            "行政处罚": rng.randint(0, 400),
            "行政强制": rng.randint(0, 30),
            "行政事业性收费": rng.choice((0, 1.5, 12.36, 251.2)),
        }
    else:
        active = {
            "规章": [0, 0, 0],
            "规范性文件": [rng.randint(0, 20), rng.randint(0, 20), rng.randint(20, 90)],
            "行政许可": [rng.randint(0, 60), rng.randint(-3, 5), rng.randint(0, 900)],
            "其他对外管理服务事项": [rng.randint(0, 20), 0, rng.randint(0, 90)],
            "行政处罚": [rng.randint(0, 30), rng.randint(-2, 2), rng.randint(0, 300)],
            "行政强制": [rng.randint(0, 9), 0, rng.randint(0, 12)],
            "行政事业性收费": [rng.randint(0, 5), 0],
            "政府集中采购": [rng.randint(0, 40), rng.choice((0, 86.5, 1203.75))],
        }
    # drawn last, so the earlier draws (and the held-out reports written before them) stay
    blank_zeros = rng.random() < 0.35
    old_other_row = fmt == "2021" and rng.random() < 0.2
    if blank_zeros:
        # many clerks leave the rows with nothing to report blank instead of writing 0
        for key, values in applications.items():
            if key not in ("新收", "上年结转", "总计", "结转下年度") and not any(values):
                applications[key] = [None] * 7
    if old_other_row:
        # a 2021 report that kept the 2019 single （六）其他处理 row: the three items in one
        parts = [
            applications[k] for k in ("其他处理.逾期不补正", "其他处理.逾期未缴费", "其他处理.其他")
        ]
        applications["其他处理.其他"] = [
            None if all(p[i] is None for p in parts) else sum(p[i] or 0 for p in parts)
            for i in range(7)
        ]
        applications["其他处理.逾期不补正"] = [None] * 7
        applications["其他处理.逾期未缴费"] = [None] * 7
    return {
        "old_other_row": old_other_row,
        "seed": seed,
        "organ": organ,
        "organ_kind": kind,
        "year": year,
        "format": fmt,
        "fee_section": rng.random() < 0.3 if fee_section is None else fee_section,
        "headings": {k: rng.choice(v) for k, v in HEADINGS.items()},
        "active": active,
        "applications": applications,
        "review_litigation": review,
    }


def _fmt(v: Any) -> str:
    return "" if v is None else str(v)


def rtable2_2021(a: dict[str, Any]) -> RTable:
    return RTable(
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


def rtable2_2019(a: dict[str, Any]) -> RTable:
    three = ["上一年项目数量", "本年增/减", "处理决定数量"]
    rows: list[list[str | None]] = [
        ["第二十条第（一）项", None, None, None],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", *map(_fmt, a["规章"])],
        ["规范性文件", *map(_fmt, a["规范性文件"])],
        ["第二十条第（五）项", None, None, None],
        ["信息内容", *three],
        ["行政许可", *map(_fmt, a["行政许可"])],
        ["其他对外管理服务事项", *map(_fmt, a["其他对外管理服务事项"])],
        ["第二十条第（六）项", None, None, None],
        ["信息内容", *three],
        ["行政处罚", *map(_fmt, a["行政处罚"])],
        ["行政强制", *map(_fmt, a["行政强制"])],
        ["第二十条第（八）项", None, None, None],
        ["信息内容", "上一年项目数量", "本年增/减", None],
        ["行政事业性收费", *map(_fmt, a["行政事业性收费"]), None],
        ["第二十条第（九）项", None, None, None],
        ["信息内容", "采购项目数量", "采购总金额", None],
        ["政府集中采购", *map(_fmt, a["政府集中采购"]), None],
    ]
    merges = [(r, 0, r, 3) for r in (0, 4, 8, 12, 15)] + [(r, 2, r, 3) for r in (13, 14, 16, 17)]
    return RTable(rows=rows, merges=merges)


def rtable3(data: dict[str, Any]) -> RTable:
    fmt = data["format"]
    spec = T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019
    printed = T3_PRINTED if fmt == "2021" else _T3_2019_PRINTED
    rows, merges = t3_header()
    if data.get("old_other_row"):
        spec = tuple(r for r in spec if r[0] not in ("其他处理.逾期不补正", "其他处理.逾期未缴费"))
        printed = dict(printed) | {"其他处理.其他": ("", "（六）其他处理")}
    body = [
        (printed[k][0], printed[k][1], [_fmt(v) for v in data["applications"][k]]) for k, _ in spec
    ]
    for i, (group, item, vals) in enumerate(body):
        r = len(rows)
        if item.startswith(("一、", "二、", "四、")):
            rows.append([item, None, None, *vals])
            merges.append((r, 0, r, 2))
        elif item.startswith("（"):
            rows.append([None, item, None, *vals])
            merges.append((r, 1, r, 2))
        else:
            rows.append([None, group or None, item, *vals])
            if group:
                n_items = 1
                for later_group, later_item, _ in body[i + 1 :]:
                    if later_group or later_item.startswith(("（", "四、")):
                        break
                    n_items += 1
                merges.append((r, 1, r + n_items - 1, 1))
    start = next(r for r, row in enumerate(rows) if row[1] == "（一）予以公开")
    end = next(r for r, row in enumerate(rows) if row[1] == "（七）总计")
    rows[start][0] = "三、本年度办理结果"
    merges.append((start, 0, end, 0))
    return RTable(rows=rows, merges=merges)


def rtable4(data: dict[str, Any]) -> RTable:
    return t4_table([_fmt(v) for v in data["review_litigation"]])


_PLACE = {"乡镇": "我镇", "街道": "我街道", "县级政府": "我县", "部门": "我局"}


def variant_blocks(data: dict[str, Any]) -> list[Any]:
    """The report as render blocks: title, six sections (a 信息处理费 section before 六 when
    ``fee_section``), the tables of the data's format."""
    year = data["year"]
    we = _PLACE[data["organ_kind"]]
    new = data["applications"]["新收"][6]
    h = data["headings"]
    fmt_doc = "国办公开办函〔2021〕30号" if data["format"] == "2021" else "国办公开办函〔2019〕60号"
    t2 = rtable2_2021(data["active"]) if data["format"] == "2021" else rtable2_2019(data["active"])
    blocks: list[Any] = [
        f"# {data['organ']}{year}年政府信息公开工作年度报告",
        f"本报告根据《中华人民共和国政府信息公开条例》和{fmt_doc}要求编制。本报告所列数据的统计期限"
        f"自{year}年1月1日起至{year}年12月31日止。",
        f"## {h['一']}",
        f"{year}年，{we}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、"
        "不公开为例外，推进决策、执行、管理、服务、结果公开。",
        f"（一）主动公开。全年通过政府门户网站主动公开政府信息{200 + data['seed'] % 300}条。",
        f"（二）依申请公开。全年共收到政府信息公开申请{new}件，均在法定期限内答复。",
        "（三）政府信息管理。严格落实公开前保密审查制度，动态更新政府信息公开指南。",
        "（四）平台建设。持续优化政府信息公开专栏，完善栏目设置。",
        "（五）监督保障。将政务公开工作纳入年度绩效考核，开展社会评议1次，"
        "本年度未发生责任追究情况。",
        f"## {h['二']}",
        t2,
        f"## {h['三']}",
        rtable3(data),
        f"## {h['四']}",
        rtable4(data),
        f"## {h['五']}",
        "存在的主要问题：一是公开内容的针对性有待加强；二是工作人员业务能力有待提高。"
        "改进情况：加强业务培训，完善信息发布审核机制。",
    ]
    if data["fee_section"]:
        blocks += [
            "## 六、信息处理费收取情况",
            "本年度未收取信息处理费。",
            f"## {h['六'].replace('六、', '七、')}",
        ]
    else:
        blocks.append(f"## {h['六']}")
    blocks.append(f"本年度{we}未收取信息处理费。无其他需要报告的事项。")
    return blocks
