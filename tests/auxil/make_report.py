"""Build ``AnnualReport`` objects for rule tests, without a parser (cf. PTB's make_message).

``make_report()`` is a complete, consistent 2021-format report of 示例镇人民政府 for 2023: six
sections with realistic text, and tables whose 勾稽关系 all hold with nonzero numbers. Tests
break one thing and expect exactly the finding(s) it causes::

    report = set_t3(make_report(), "新收", "自然人", 9)
    report = blank_t3_row(report, "上年结转")
    report = drop_section(report, "五")

``make_previous_report()`` is the same organ's 2022 report, consistent with it (for H-*).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ingest.model import (
    APPLICANT_COLUMNS,
    SECTION_TITLES,
    T2_ITEMS_2019,
    T2_ITEMS_2021,
    T3_ROWS_2019,
    T3_ROWS_2021,
    T4_COLUMNS,
    ActiveTable,
    AnnualReport,
    ApplicationTable,
    Cell,
    Diagnostic,
    ReviewTable,
    Section,
    TableRow,
    cells,
)

ORGAN = "示例镇人民政府"
YEAR = 2023

# 表三, 2021 format: six applicant columns and 总计; rows not listed are all 0.
T3_VALUES: dict[str, tuple[int, ...]] = {
    "新收": (8, 2, 0, 0, 1, 1, 12),
    "上年结转": (1, 0, 0, 0, 0, 0, 1),
    "予以公开": (4, 1, 0, 0, 1, 0, 6),
    "部分公开": (1, 0, 0, 0, 0, 0, 1),
    "不予公开.三类内部事务信息": (1, 0, 0, 0, 0, 0, 1),
    "无法提供.本机关不掌握": (1, 1, 0, 0, 0, 0, 2),
    "不予处理.重复申请": (1, 0, 0, 0, 0, 0, 1),
    "其他处理.逾期不补正": (0, 0, 0, 0, 0, 1, 1),
    "总计": (8, 2, 0, 0, 1, 1, 12),
    "结转下年度": (1, 0, 0, 0, 0, 0, 1),
}
T4_VALUES: tuple[int, ...] = (1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0)
"""表四: one 行政复议 (维持), one 行政诉讼 without review (尚未审结)."""
T2_VALUES: dict[str, tuple[int | str, ...]] = {
    "规章": (0, 0, 0),
    "行政规范性文件": (3, 1, 25),
    "行政许可": (56,),
    "行政处罚": (12,),
    "行政强制": (0,),
    "行政事业性收费": ("1.25",),
}

SECTION_TEXTS: dict[str, str] = {
    "一": (
        "本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号印发的年度报告格式"
        "编制，所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
        "（一）主动公开。全年在区政府门户网站示例镇专栏主动公开政府信息415条，其中财政预决算"
        "信息24条、乡村振兴政策38条、惠民补贴公示96条，并通过村务公开栏同步公开低保、特困供养"
        "等民生信息。\n"
        "（二）依申请公开。2023年共收到政府信息公开申请12件，上年结转1件，均在法定期限内答复，"
        "结转下年度继续办理1件。\n"
        "（三）政府信息管理。落实公开前保密审查和“三审三校”制度，全年更新政府信息公开指南和"
        "主动公开目录各1次，清理过期信息17条。\n"
        "（四）平台建设。完成镇政务公开专区标准化改造，在便民服务中心设置查阅点，为群众提供"
        "信息查询、打印服务。\n"
        "（五）监督保障。将政府信息公开工作纳入各村、各站所年度绩效考核，组织社会评议1次，"
        "群众满意率95%；全年未发生因政府信息公开工作引起的责任追究情况。"
    ),
    "二": (
        "本年度按照条例第二十条的规定主动公开行政规范性文件、行政许可、行政处罚等信息，"
        "具体情况见下表。"
    ),
    "三": (
        "本年度新收政府信息公开申请12件，上年结转1件；予以公开6件，部分公开1件，不予公开1件，"
        "无法提供2件，不予处理1件，其他处理1件，结转下年度继续办理1件。"
    ),
    "四": (
        "2023年，本镇因政府信息公开工作被申请行政复议1件，结果维持；被提起行政诉讼1件，"
        "目前尚在审理中。"
    ),
    "五": (
        "存在的主要问题：一是部分站所信息报送不及时，更新频率不高；二是政策解读形式较为单一，"
        "图解、视频解读较少。改进情况：一是建立信息报送月通报制度，将报送情况纳入考核；"
        "二是开展政务公开业务培训2次，提高工作人员业务能力；三是丰富政策解读形式，"
        "增加图文、短视频解读。"
    ),
    "六": (
        "（一）信息处理费收取情况：本年度未收取信息处理费。\n"
        "（二）落实上级年度政务公开工作要点情况：按照区政务公开工作要点，完成基层政务公开"
        "标准目录动态调整，重点领域信息公开率100%。"
    ),
}

PREVIOUS_TEXTS: dict[str, str] = {
    "一": (
        "2022年，本镇以推进基层政务公开标准化规范化为主线，统计期限自2022年1月1日至2022年"
        "12月31日。全年通过门户网站专栏发布政府信息302条，重点公开疫情防控、人居环境整治和"
        "农村危房改造信息。收到政府信息公开申请7件，结转下年度1件。监督保障方面，政务公开"
        "工作纳入镇对村的目标考核，年内开展社会评议，未发生责任追究。"
    ),
    "二": "主动公开数据见下表，行政规范性文件以镇政府名义制发。",
    "三": "2022年新收申请7件，全部依法答复，1件因需征求第三方意见结转下年度继续办理。",
    "四": "2022年未发生政府信息公开行政复议和行政诉讼案件。",
    "五": (
        "问题：公开栏更新不及时，部分村公开内容不规范。改进：制定村级公开清单，"
        "由镇党政办每季度检查一次，并对检查情况进行通报，对落后村开展指导。"
    ),
    "六": "本年度未收取信息处理费，无其他需要报告的事项。",
}


def _t3_table(fmt: str = "2021") -> ApplicationTable:
    spec = T3_ROWS_2021 if fmt == "2021" else T3_ROWS_2019
    rows: dict[str, TableRow] = {}
    for key, label in spec:
        values = T3_VALUES.get(key)
        if fmt == "2019" and key == "其他处理":
            values = T3_VALUES["其他处理.逾期不补正"]
        rows[key] = TableRow(key, label, cells(*(values or (0,) * 7)))
    return ApplicationTable(rows=rows)


def _t2_table() -> ActiveTable:
    rows = {key: TableRow(key, key, cells(*T2_VALUES[key])) for key in T2_ITEMS_2021}
    headers = {para: cols for para, cols in T2_ITEMS_2021.values()}
    return ActiveTable(rows=rows, headers=headers)


def _t2_table_2019() -> ActiveTable:
    rows = {
        key: TableRow(key, key, cells(*((0,) * len(cols))))
        for key, (_para, cols) in T2_ITEMS_2019.items()
    }
    return ActiveTable(rows=rows)


def render_full_text(report: AnnualReport) -> str:
    """The report as a text export would read: title, headings, prose and table lines."""
    lines = [report.title]
    for s in sorted(report.sections, key=lambda s: s.order):
        lines.append(f"{s.number}、{s.title}" if s.number else s.title)
        lines.append(s.text)
        if s.key == "二":
            for row in report.active.rows.values():
                lines.append("\t".join([row.label, *(c.raw or "" for c in row.cells)]))
        if s.key == "三" and report.applications is not None:
            for row in report.applications.rows.values():
                lines.append("\t".join([row.label, *(c.raw or "" for c in row.cells)]))
        if s.key == "四" and report.review_litigation is not None:
            lines.append("\t".join(f"{g}{r}" for g, r in T4_COLUMNS))
            lines.append("\t".join(c.raw or "" for c in report.review_litigation.cells))
    return "\n".join(lines)


def refresh(report: AnnualReport) -> AnnualReport:
    """Recompute ``full_text`` after the sections, title or tables changed."""
    return dataclasses.replace(report, full_text=render_full_text(report))


def make_report(**overrides: Any) -> AnnualReport:
    """A complete, consistent 2021-format report; keyword arguments replace fields."""
    sections = tuple(
        Section(key=k, number=k, title=t, text=SECTION_TEXTS[k], order=i)
        for i, (k, t) in enumerate(SECTION_TITLES.items())
    )
    report = AnnualReport(
        organ=ORGAN,
        year=YEAR,
        format="2021",
        title=f"{ORGAN}{YEAR}年政府信息公开工作年度报告",
        sections=sections,
        active=_t2_table(),
        applications=_t3_table(),
        review_litigation=ReviewTable(cells=cells(*T4_VALUES)),
    )
    report = dataclasses.replace(report, **overrides)
    if "full_text" in overrides:
        return report
    return refresh(report)


def make_previous_report(**overrides: Any) -> AnnualReport:
    """The same organ's 2022 report, consistent with ``make_report()``: its 结转下年度 is this
    year's 上年结转, its 现行有效件数 is this year's minus 制发 plus 废止, and its text differs."""
    report = make_report()
    sections = tuple(dataclasses.replace(s, text=PREVIOUS_TEXTS[s.key]) for s in report.sections)
    active = dict(report.active.rows)
    active["行政规范性文件"] = TableRow("行政规范性文件", "行政规范性文件", cells(2, 0, 23))
    t3 = dict(report.applications.rows) if report.applications else {}
    t3["新收"] = TableRow("新收", T3_ROWS_2021[0][1], cells(6, 1, 0, 0, 0, 0, 7))
    t3["上年结转"] = TableRow("上年结转", T3_ROWS_2021[1][1], cells(0, 0, 0, 0, 0, 0, 0))
    t3["予以公开"] = TableRow("予以公开", T3_ROWS_2021[2][1], cells(5, 1, 0, 0, 0, 0, 6))
    for key in T3_VALUES:
        if key not in ("新收", "上年结转", "予以公开", "总计", "结转下年度"):
            t3[key] = dataclasses.replace(t3[key], cells=cells(*(0,) * 7))
    t3["总计"] = TableRow("总计", "（七）总计", cells(5, 1, 0, 0, 0, 0, 6))
    report = dataclasses.replace(
        report,
        year=YEAR - 1,
        title=f"{ORGAN}{YEAR - 1}年政府信息公开工作年度报告",
        sections=sections,
        active=ActiveTable(rows=active, headers=report.active.headers),
        applications=ApplicationTable(rows=t3),
        review_litigation=ReviewTable(cells=cells(*(0,) * 15)),
    )
    return refresh(dataclasses.replace(report, **overrides))


def make_report_2019(**overrides: Any) -> AnnualReport:
    """A consistent 2019-format report (for 2019): 表二 with the trial format's items (all 0)
    and 表三 with the single row （六）其他处理."""
    report = make_report(
        year=2019,
        format="2019",
        title=f"{ORGAN}2019年政府信息公开工作年度报告",
        active=_t2_table_2019(),
        applications=_t3_table("2019"),
    )
    sections = tuple(
        dataclasses.replace(s, text=s.text.replace("2023", "2019")) for s in report.sections
    )
    report = refresh(dataclasses.replace(report, sections=sections))
    return refresh(dataclasses.replace(report, **overrides)) if overrides else report


# --- mutations ------------------------------------------------------------------------------


def _column(column: int | str) -> int:
    return APPLICANT_COLUMNS.index(column) if isinstance(column, str) else column


def set_t3(
    report: AnnualReport, key: str, column: int | str, value: int | str | None
) -> AnnualReport:
    """Set one 表三 cell (row key, column name or index); None makes it blank."""
    assert report.applications is not None
    row = report.applications.rows[key]
    new = list(row.cells)
    new[_column(column)] = Cell(None if value is None else str(value))
    return set_t3_row(report, key, new)


def set_t3_row(
    report: AnnualReport, key: str, values: Sequence[Cell | int | str | None], **fields: Any
) -> AnnualReport:
    """Replace a 表三 row's cells (any count, to mimic a lost or extra cell)."""
    assert report.applications is not None
    row = report.applications.rows[key]
    new = tuple(v if isinstance(v, Cell) else cells(v)[0] for v in values)
    rows = dict(report.applications.rows)
    rows[key] = dataclasses.replace(row, cells=new, **fields)
    return refresh(dataclasses.replace(report, applications=ApplicationTable(rows=rows)))


def blank_t3_row(report: AnnualReport, key: str) -> AnnualReport:
    return set_t3_row(report, key, [None] * 7)


def drop_t3_row(report: AnnualReport, key: str) -> AnnualReport:
    assert report.applications is not None
    rows = {k: r for k, r in report.applications.rows.items() if k != key}
    return refresh(dataclasses.replace(report, applications=ApplicationTable(rows=rows)))


def set_t4(report: AnnualReport, index: int, value: int | str | None) -> AnnualReport:
    """Set one of 表四's fifteen cells; None makes it blank."""
    assert report.review_litigation is not None
    new = list(report.review_litigation.cells)
    new[index] = Cell(None if value is None else str(value))
    table = dataclasses.replace(report.review_litigation, cells=tuple(new))
    return refresh(dataclasses.replace(report, review_litigation=table))


def set_t4_row(report: AnnualReport, values: Sequence[int | str | None]) -> AnnualReport:
    assert report.review_litigation is not None
    table = dataclasses.replace(report.review_litigation, cells=cells(*values))
    return refresh(dataclasses.replace(report, review_litigation=table))


def set_t2(report: AnnualReport, item: str, index: int, value: int | str | None) -> AnnualReport:
    """Set one 表二 cell of ``item`` (column index); None makes it blank."""
    row = report.active.rows[item]
    new = list(row.cells)
    new[index] = Cell(None if value is None else str(value))
    return set_t2_row(report, item, new)


def set_t2_row(
    report: AnnualReport, item: str, values: Sequence[Cell | int | str | None]
) -> AnnualReport:
    rows = dict(report.active.rows)
    new = tuple(v if isinstance(v, Cell) else cells(v)[0] for v in values)
    rows[item] = dataclasses.replace(rows[item], cells=new)
    active = dataclasses.replace(report.active, rows=rows)
    return refresh(dataclasses.replace(report, active=active))


def drop_t2_row(report: AnnualReport, item: str) -> AnnualReport:
    rows = {k: r for k, r in report.active.rows.items() if k != item}
    return refresh(
        dataclasses.replace(report, active=dataclasses.replace(report.active, rows=rows))
    )


def drop_section(report: AnnualReport, key: str) -> AnnualReport:
    """Remove a section (by canonical numeral) and renumber the order of the rest."""
    kept = [s for s in report.sections if s.key != key]
    sections = tuple(dataclasses.replace(s, order=i) for i, s in enumerate(kept))
    return refresh(dataclasses.replace(report, sections=sections))


def set_section(report: AnnualReport, key: str, **fields: Any) -> AnnualReport:
    """Replace fields of a section (``text``, ``title``, ``number``, ``order``)."""
    sections = tuple(
        dataclasses.replace(s, **fields) if s.key == key else s for s in report.sections
    )
    return refresh(dataclasses.replace(report, sections=sections))


def set_text(report: AnnualReport, key: str, text: str) -> AnnualReport:
    return set_section(report, key, text=text)


def replace_text(report: AnnualReport, key: str, old: str, new: str) -> AnnualReport:
    """Replace a phrase in one section's text (asserting that it is there)."""
    section = report.section(key)
    assert section is not None and old in section.text, f"{old!r} not in section {key}"
    return set_text(report, key, section.text.replace(old, new))


def with_diagnostics(report: AnnualReport, *diagnostics: Diagnostic) -> AnnualReport:
    return dataclasses.replace(report, diagnostics=(*report.diagnostics, *diagnostics))
