"""Synthetic annual reports at province scale, for the scale benchmarks.

    python -m benchmarks.make_corpus N --out DIR [--formats txt,docx,pdf] [--errors 0.2] [--seed 7]

Writes ``N`` reports (one file per report and format) and ``manifest.jsonl`` (organ, kind,
region, year, format, injected error and the finding code it should cause). What is realistic:

* organ kinds and their sizes: townships and sub-districts (few applications), county and city
  departments (more), city governments (most); counts drawn from a log-normal per kind;
* the same township names (平安镇, 城关镇, 新华镇…) in several counties, so an organ is only
  unique together with its region;
* years 2019–2025, 2019/2020 in the 2019 format (国办公开办函〔2019〕60号 tables), later years
  in the 2021 format (国办公开办函〔2021〕30号);
* tables whose 勾稽关系 hold (row totals, 一 + 二 = （七）总计 + 四, 表四 totals), except in the
  chosen share of reports that get exactly one injected error;
* narrative assembled from interchangeable sentences with the organ's own numbers, so many
  reports are near-duplicates of each other without being identical.

The renderers are the tests' (``tests.auxil.render``): the same blocks become TXT, DOCX or PDF.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if not __package__:  # run as a script: python benchmarks/make_corpus.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.model import T2_ITEMS_2019, T2_ITEMS_2021, T3_ROWS_2019, T3_ROWS_2021
from tests.auxil.layouts import T3_PRINTED, t3_header, t4_table
from tests.auxil.render import RTable, render_docx, render_pdf, render_txt

YEARS = tuple(range(2019, 2026))
FORMATS = ("txt", "docx", "pdf")

CITIES: dict[str, tuple[str, ...]] = {
    "江州市": ("安平县", "临河县", "清水县", "江北区", "东山县"),
    "汉阳市": ("新安县", "白石县", "长宁县", "汉南区"),
    "云岭市": ("平原县", "龙泉县", "青山县", "云中区", "石门县"),
    "河西市": ("永宁县", "高台县", "河东区"),
    "南屏市": ("桃源县", "宁远县", "南湖区", "双峰县"),
}
TOWNS = (
    "平安镇", "城关镇", "新华镇", "太平镇", "红星乡", "永安镇", "和平乡", "东风镇", "前进乡",
    "河口镇", "三合镇", "石桥镇", "新民乡", "长安镇", "白马镇", "青龙镇",
)  # fmt: skip
"""Township names that recur across counties, as they do in reality."""
STREETS = ("城南街道", "城北街道", "东湖街道", "人民路街道", "文昌街道")
DEPARTMENTS = (
    "教育局", "公安局", "民政局", "财政局", "人力资源和社会保障局", "自然资源局",
    "住房和城乡建设局", "交通运输局", "农业农村局", "卫生健康局", "市场监督管理局",
    "生态环境局", "应急管理局", "医疗保障局",
)  # fmt: skip

KIND_SCALE: dict[str, float] = {
    "township": 4.0,
    "street": 6.0,
    "county_department": 18.0,
    "county_government": 40.0,
    "city_department": 60.0,
    "city_government": 150.0,
}
"""Median applications per year by organ kind (log-normal around it)."""

ERRORS = {
    "t3_balance": "T3-BALANCE",
    "t3_rowsum": "T3-CELL",  # one 予以公开 cell: its row and column sums, named as one cell
    "t4_sum": "T4-SUM",
    "period_year": "S-PERIOD",
    "missing_section": "S-SECTION",
    "narrative_count": "X-APPS",
}
"""Injected error → the finding code it is meant to cause."""


@dataclass
class Organ:
    name: str
    kind: str
    region: str


@dataclass
class Spec:
    """One report: organ, year, numbers and narrative before rendering."""

    organ: Organ
    year: int
    fmt: str
    t2: dict[str, list[Any]]
    t3: dict[str, list[int]]
    t4: list[int]
    sections: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None


def organs(rng: random.Random) -> list[Organ]:
    """Every organ of the fictional province (a few hundred), in a stable order."""
    out: list[Organ] = []
    for city, counties in CITIES.items():
        out.append(Organ(f"{city}人民政府", "city_government", city))
        for dept in DEPARTMENTS:
            out.append(Organ(f"{city}{dept}", "city_department", city))
        for county in counties:
            region = f"{city}{county}"
            out.append(Organ(f"{county}人民政府", "county_government", region))
            for dept in rng.sample(DEPARTMENTS, 8):
                out.append(Organ(f"{county}{dept}", "county_department", region))
            for town in rng.sample(TOWNS, 6):
                out.append(Organ(f"{town}人民政府", "township", region))
            if county.endswith("区"):
                for street in rng.sample(STREETS, 2):
                    out.append(Organ(f"{street}办事处", "street", region))
    return out


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """``total`` items spread over buckets by ``weights`` (a multinomial draw)."""
    counts = [0] * len(weights)
    for i in rng.choices(range(len(weights)), weights=weights, k=total):
        counts[i] += 1
    return counts


def _t3_table(rng: random.Random, kind: str, fmt: str) -> dict[str, list[int]]:
    rows = [k for k, _ in (T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019)]
    outcomes = rows[2:-2]
    scale = KIND_SCALE[kind]
    new_total = int(rng.lognormvariate(0, 0.9) * scale) if rng.random() > 0.12 else 0
    carried_total = _split(rng, new_total, [0.9, 0.1])[1] if new_total else 0
    applicants = [0.82, 0.06, 0.01, 0.01, 0.04, 0.06]
    new = _split(rng, new_total, applicants)
    carried = _split(rng, carried_total, applicants)
    weights = {
        "予以公开": 0.45, "部分公开": 0.1, "无法提供.本机关不掌握": 0.18,
        "无法提供.没有现成信息需要另行制作": 0.03, "无法提供.补正后申请内容仍不明确": 0.02,
        "不予处理.信访举报投诉类申请": 0.04, "不予处理.重复申请": 0.03,
        "不予公开.三类内部事务信息": 0.02, "不予公开.四类过程性信息": 0.03,
        "不予公开.保护第三方合法权益": 0.02, "不予公开.国家秘密": 0.005,
        "其他处理.其他": 0.03, "其他处理": 0.04, "其他处理.逾期不补正": 0.02,
    }  # fmt: skip
    table = {key: [0] * 7 for key in rows}
    for col in range(6):
        pending = new[col] + carried[col]
        forward = _split(rng, pending, [0.93, 0.07])[1] if pending else 0
        done = _split(rng, pending - forward, [weights.get(k, 0.003) for k in outcomes])
        for key, n in zip(outcomes, done, strict=True):
            table[key][col] = n
        table["新收"][col] = new[col]
        table["上年结转"][col] = carried[col]
        table["结转下年度"][col] = forward
        table["总计"][col] = sum(done)
    for values in table.values():
        values[6] = sum(values[:6])
    return table


def _t4(rng: random.Random, kind: str) -> list[int]:
    out: list[int] = []
    for share in (0.04, 0.03, 0.01):
        cases = int(rng.lognormvariate(0, 0.8) * KIND_SCALE[kind] * share)
        split = _split(rng, cases, [0.7, 0.08, 0.12, 0.1])
        out += [*split, cases]
    return out


def _t2(rng: random.Random, kind: str, fmt: str) -> dict[str, list[Any]]:
    big = kind.startswith("city") or kind == "county_government"
    scale = KIND_SCALE[kind]
    if fmt == "2021":
        made = rng.randint(0, 6 if big else 2)
        valid = made + rng.randint(0, 40 if big else 8)
        return {
            "规章": [rng.randint(0, 2), 0, rng.randint(0, 20)] if kind == "city_government" else
                    [0, 0, 0],
            "行政规范性文件": [made, rng.randint(0, made), valid],
            "行政许可": [int(rng.lognormvariate(0, 1) * scale * 8)],
            "行政处罚": [int(rng.lognormvariate(0, 1) * scale * 2)],
            "行政强制": [int(rng.lognormvariate(0, 1) * scale * 0.2)],
            "行政事业性收费": [round(rng.lognormvariate(0, 1) * scale * 0.4, 2)],
        }  # fmt: skip
    out: dict[str, list[Any]] = {}
    for key, (_para, cols) in T2_ITEMS_2019.items():
        if len(cols) == 3 and cols[0] == "本年新制作数量":
            made = rng.randint(0, 5 if big else 1)
            out[key] = [made, made, made + rng.randint(0, 30 if big else 5)]
        elif key == "政府集中采购":
            n = rng.randint(0, 12 if big else 3)
            out[key] = [n, round(n * rng.uniform(3, 80), 2)]
        elif len(cols) == 3:
            items = rng.randint(0, 60 if big else 10)
            out[key] = [items, rng.randint(-2, 3), int(rng.lognormvariate(0, 1) * scale * 3)]
        else:
            out[key] = [rng.randint(0, 8), rng.randint(-1, 1)]
    return out


_OVERVIEW_OPENERS = (
    "{year}年，{short}深入贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，"
    "围绕中心工作扎实推进政务公开。",
    "{year}年，在{region}党委、政府的领导下，{short}认真落实政务公开工作要点，"
    "持续提升政府信息公开质量。",
    "{year}年度，{short}以群众需求为导向，把政府信息公开作为转变作风、建设法治政府的重要抓手。",
    "按照{region}政务公开工作部署，{short}{year}年着力完善公开制度、拓展公开渠道、强化监督保障。",
)
_PERIOD = "本报告所列数据的统计期限自{pyear}年1月1日起至{pyear}年12月31日止。"
_ACTIVE = (
    "（一）主动公开。全年通过政府门户网站主动公开政府信息{active}条，其中政策文件{policy}条、"
    "财政预决算信息{budget}条。",
    "（一）主动公开。全年累计发布各类政府信息{active}条，及时公开{focus}等重点领域信息。",
    "（一）主动公开。依托门户网站、政务新媒体和公开栏主动公开信息{active}条，"
    "开展政策解读{policy}次。",
)
_FOCUS = ("乡村振兴", "财政预决算", "惠民补贴", "安全生产", "环境保护", "教育招生", "医疗卫生")
_APPLY = (
    "（二）依申请公开。本年度共收到政府信息公开申请{new}件，上年结转{carried}件，"
    "均在法定期限内予以答复。",
    "（二）依申请公开。全年新收政府信息公开申请{new}件，结转下年度继续办理{forward}件。",
    "（二）依申请公开。{year}年受理政府信息公开申请{new}件，办结{done}件，未出现超期答复情况。",
)
_MANAGE = (
    "（三）政府信息管理。严格落实公开前保密审查制度，全年更新政府信息公开指南和目录各1次。",
    "（三）政府信息管理。建立健全信息发布审核机制，清理过期失效信息{stale}条。",
    "（三）政府信息管理。落实“三审三校”制度，规范公文公开属性认定。",
)
_PLATFORM = (
    "（四）平台建设。持续优化政府网站信息公开专栏，提升栏目规范化水平。",
    "（四）平台建设。完成政务公开专区标准化改造，在便民服务中心设置查阅点。",
    "（四）平台建设。加强政务新媒体管理，整合优化栏目{columns}个。",
)
_SUPERVISE = (
    "（五）监督保障。将政务公开纳入年度工作考核，组织业务培训{training}次；本年度未开展社会评议，"
    "未发生责任追究情况。",
    "（五）监督保障。政务公开工作纳入工作考核，开展社会评议1次，群众满意率{satisfaction}%，"
    "全年未发生因政府信息公开工作引起的责任追究情况。",
)
_PROBLEMS = (
    "存在的主要问题：一是公开内容不够丰富，二是政策解读形式较为单一。改进措施：加强业务培训，"
    "丰富解读形式。",
    "存在的主要问题是基层公开队伍人员变动较大、专业能力不足。下一步将定期开展培训，"
    "完善公开工作制度。",
    "{prev}年报告中指出的栏目更新不及时问题已整改。本年度存在的问题主要是依申请公开答复文书"
    "还不够规范，将进一步加强法制审核。",
)
_OTHER = (
    "本年度未收取信息处理费。无其他需要报告的事项。",
    "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
    "本年度共收取信息处理费0元。{short}无其他需要报告的事项。",
)


def _short(organ: Organ) -> str:
    for suffix in ("人民政府", "办事处"):
        if organ.name.endswith(suffix) and organ.kind in ("township", "street"):
            return organ.name[: -len(suffix)]
    return "我" + ("镇" if organ.kind == "township" else "局" if "局" in organ.name else "单位")


def _narrative(rng: random.Random, spec: Spec) -> dict[str, list[str]]:
    t3 = spec.t3
    vals = {
        "year": spec.year,
        "pyear": spec.year,
        "prev": spec.year - 1,
        "short": _short(spec.organ),
        "region": spec.organ.region,
        "new": t3["新收"][6],
        "carried": t3["上年结转"][6],
        "forward": t3["结转下年度"][6],
        "done": t3["总计"][6],
        "active": rng.randint(40, 3000),
        "policy": rng.randint(2, 60),
        "budget": rng.randint(2, 40),
        "focus": "、".join(rng.sample(_FOCUS, 3)),
        "stale": rng.randint(1, 80),
        "columns": rng.randint(2, 12),
        "training": rng.randint(1, 6),
        "satisfaction": rng.randint(90, 99),
    }
    pick = rng.choice
    return {
        "一": [
            pick(_OVERVIEW_OPENERS).format(**vals) + _PERIOD.format(**vals),
            pick(_ACTIVE).format(**vals),
            pick(_APPLY).format(**vals),
            pick(_MANAGE).format(**vals),
            pick(_PLATFORM).format(**vals),
            pick(_SUPERVISE).format(**vals),
        ],
        "五": [pick(_PROBLEMS).format(**vals)],
        "六": [pick(_OTHER).format(**vals)],
    }


def _inject(rng: random.Random, spec: Spec, error: str) -> None:
    t3 = spec.t3
    if error == "t3_balance":
        t3["新收"][0] += 1
        t3["新收"][6] += 1
    elif error == "t3_rowsum":
        t3["予以公开"][0] += 1
    elif error == "t4_sum":
        spec.t4[4] += 1
    elif error == "period_year":
        first = spec.sections["一"][0]
        spec.sections["一"][0] = first.replace(f"{spec.year}年1月1日", f"{spec.year - 1}年1月1日")
        spec.sections["一"][0] = spec.sections["一"][0].replace(
            f"{spec.year}年12月31日", f"{spec.year - 1}年12月31日"
        )
    elif error == "missing_section":
        del spec.sections["五"]
    elif error == "narrative_count":
        spec.sections["一"][2] = (
            f"（二）依申请公开。本年度共收到政府信息公开申请{t3['新收'][6] + 7}件，"
            "均在法定期限内予以答复。"
        )
    spec.error = error


def make_spec(rng: random.Random, organ: Organ, year: int, error_share: float) -> Spec:
    fmt = "2021" if year >= 2021 else "2019"
    spec = Spec(organ, year, fmt, _t2(rng, organ.kind, fmt), _t3_table(rng, organ.kind, fmt),
                _t4(rng, organ.kind))  # fmt: skip
    spec.sections = _narrative(rng, spec)
    if rng.random() < error_share:
        _inject(rng, spec, rng.choice(sorted(ERRORS)))
    return spec


# ---- blocks -------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    return str(value)


def _t2_block(spec: Spec) -> RTable:
    items = T2_ITEMS_2021 if spec.fmt == "2021" else T2_ITEMS_2019
    width = 4
    rows: list[list[str | None]] = []
    merges: list[tuple[int, int, int, int]] = []
    para_seen = ""
    for key, (para, cols) in items.items():
        if para != para_seen:
            para_seen = para
            merges.append((len(rows), 0, len(rows), width - 1))
            rows.append([para, None, None, None])
            header: list[str | None] = ["信息内容", *cols]
            rows.append(header + [""] * (width - len(header)))
        values = [_fmt(v) for v in spec.t2[key]]
        rows.append([key, *values] + [""] * (width - 1 - len(values)))
    return RTable(rows=rows, merges=merges)


def _t3_block(spec: Spec) -> RTable:
    labels = T3_ROWS_2021 if spec.fmt == "2021" else T3_ROWS_2019
    rows, merges = t3_header()
    for key, _label in labels:
        group, item = T3_PRINTED.get(key, ("（六）其他处理", "（六）其他处理"))
        if key == "其他处理":
            group, item = "", "（六）其他处理"
        vals = [_fmt(v) for v in spec.t3[key]]
        r = len(rows)
        if item.startswith(("一、", "二、", "四、")):
            rows.append([item, None, None, *vals])
            merges.append((r, 0, r, 2))
        elif item.startswith("（"):
            rows.append(["三、本年度办理结果" if key == "予以公开" else None, item, None, *vals])
            merges.append((r, 1, r, 2))
        else:
            rows.append([None, group or None, item, *vals])
    return RTable(rows=rows, merges=merges)


def _t4_block(spec: Spec) -> RTable:
    return t4_table([_fmt(v) for v in spec.t4])


def blocks(spec: Spec) -> list[Any]:
    """The report as ``tests.auxil.render`` blocks."""
    organ = spec.organ
    county = organ.region.split("市", 1)[-1] or organ.region
    prefix = county if organ.kind in ("township", "street") else ""
    out: list[Any] = [f"# {prefix}{organ.name}{spec.year}年政府信息公开工作年度报告"]
    if spec.fmt == "2021":
        out.append(
            "本报告根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作"
            "年度报告格式》（国办公开办函〔2021〕30号）要求编制。"
        )
    titles = {
        "一": "一、总体情况",
        "二": "二、主动公开政府信息情况",
        "三": "三、收到和处理政府信息公开申请情况",
        "四": "四、政府信息公开行政复议、行政诉讼情况",
        "五": "五、存在的主要问题及改进情况",
        "六": "六、其他需要报告的事项",
    }
    tables = {"二": _t2_block(spec), "三": _t3_block(spec), "四": _t4_block(spec)}
    for key, title in titles.items():
        if key in tables:
            out += [f"## {title}", tables[key]]
        elif key in spec.sections:
            out += [f"## {title}", *spec.sections[key]]
    return out


def write_report(spec: Spec, stem: str, out: Path, fmt: str) -> Path:
    report_blocks = blocks(spec)
    if fmt == "txt":
        return render_txt(report_blocks, out / f"{stem}.txt")
    if fmt == "docx":
        return render_docx(report_blocks, out / f"{stem}.docx")
    if fmt == "pdf":
        return render_pdf(report_blocks, out / f"{stem}.pdf")
    raise ValueError(f"unknown format {fmt!r}")


def make_corpus(
    n: int, out: Path, formats: tuple[str, ...] = ("txt",), *, error_share: float = 0.2,
    seed: int = 7,
) -> list[dict[str, Any]]:  # fmt: skip
    """Write ``n`` reports in each of ``formats`` under ``out``; returns the manifest rows.

    Organs are drawn in turn, years cycle 2019–2025, so 10,000 reports give every organ several
    years (what the history checks and "last year's report" questions need)."""
    rng = random.Random(seed)
    all_organs = organs(rng)
    out.mkdir(parents=True, exist_ok=True)
    manifest: list[dict[str, Any]] = []
    for i in range(n):
        organ = all_organs[i % len(all_organs)]
        year = YEARS[(i // len(all_organs) + i) % len(YEARS)]
        spec = make_spec(rng, organ, year, error_share)
        stem = f"{i:05d}"
        files = [write_report(spec, stem, out, fmt).name for fmt in formats]
        manifest.append(
            {
                "id": stem,
                "files": files,
                "organ": organ.name,
                "kind": organ.kind,
                "region": organ.region,
                "year": year,
                "format": spec.fmt,
                "error": spec.error,
                "expected_code": ERRORS.get(spec.error or ""),
                "new_applications": spec.t3["新收"][6],
            }
        )
    with (out / "manifest.jsonl").open("w", encoding="utf-8") as fh:
        for row in manifest:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--formats", default="txt")
    parser.add_argument("--errors", type=float, default=0.2, help="share with one injected error")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    formats = tuple(f.strip().lower() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or args.n < 1:
        parser.error(f"formats must be among {','.join(FORMATS)} and N ≥ 1")
    rows = make_corpus(args.n, args.out, formats, error_share=args.errors, seed=args.seed)
    errors = sum(1 for r in rows if r["error"])
    print(f"{len(rows)} reports × {len(formats)} formats in {args.out} ({errors} with an error)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
