"""Chunking: one article per chunk (plus passages of long ones), formats by heading, reports
by section and table row, with stable ids and the metadata filters rely on."""

from __future__ import annotations

import dataclasses

from ingest.model import Section
from retrieval.chunking import (
    ReportInfo,
    chunk_format,
    chunk_regulation,
    chunk_report,
    is_regulation_file,
)
from tests.auxil.make_report import make_report, make_report_2019
from tests.conftest import CORPUS

TIAOLI = CORPUS / "regulation" / "zhengfu_xinxi_gongkai_tiaoli_2019.md"
FORMAT_2021 = CORPUS / "regulation" / "nianbao_geshi_2021.md"
INFO = ReportInfo("R1", "示例镇人民政府", "示例区", 2023, "published", "示例镇2023.docx")


def _articles() -> dict[int, str]:
    chunks = chunk_regulation(TIAOLI.read_text("utf-8"), TIAOLI.name)
    return {int(c.metadata["article"]): c.text for c in chunks if c.metadata["part"] == "article"}


def test_regulation_has_one_chunk_per_article_with_its_paragraphs() -> None:
    chunks = chunk_regulation(TIAOLI.read_text("utf-8"), TIAOLI.name)
    articles = [c for c in chunks if c.metadata["part"] == "article"]
    assert [c.metadata["article"] for c in articles] == list(range(1, 57))
    art33 = next(c for c in articles if c.metadata["article"] == 33)
    assert art33.id == "reg:zhengfu_xinxi_gongkai_tiaoli_2019:033"
    assert art33.text.startswith("第三十三条")
    assert "20个工作日内予以答复" in art33.text
    assert art33.text.count("\n") == 2  # three 款
    assert art33.metadata["chapter"] == "第四章 依申请公开"
    assert art33.metadata["kind"] == "regulation"
    assert art33.metadata["status"] == "published"
    assert "第四章" in art33.context


def test_articles_keep_all_their_items() -> None:
    art20 = _articles()[20]
    assert "（一）行政法规、规章和规范性文件" in art20
    assert "（十五）" in art20


def test_long_articles_also_get_passages_pointing_to_the_article() -> None:
    chunks = chunk_regulation(TIAOLI.read_text("utf-8"), TIAOLI.name)
    passages = [c for c in chunks if c.metadata.get("parent", "").endswith(":036")]
    assert len(passages) == 7
    assert passages[5].text.startswith("第三十六条 对政府信息公开申请")
    assert "不予重复处理" in passages[5].text
    assert {p.metadata["article"] for p in passages} == {36}
    short = [c for c in chunks if c.metadata.get("parent", "").endswith(":002")]
    assert short == []


def test_regulation_chunking_is_stable() -> None:
    text = TIAOLI.read_text("utf-8")
    assert chunk_regulation(text, TIAOLI.name) == chunk_regulation(text, TIAOLI.name)


def test_format_by_heading_with_tables_as_text_rows() -> None:
    text = FORMAT_2021.read_text("utf-8")
    assert not is_regulation_file(text)
    assert is_regulation_file(TIAOLI.read_text("utf-8"))
    chunks = chunk_format(text, FORMAT_2021.name)
    assert all(c.metadata["kind"] == "format" for c in chunks)
    assert all(c.metadata["format_version"] == "2021" for c in chunks)
    t3 = [c for c in chunks if "三、收到和处理政府信息公开申请情况" in str(c.metadata["heading"])]
    assert any("三、本年度办理结果｜（三）不予公开｜3.危及“三安全一稳定”" in c.text for c in t3)
    assert not any("|" in c.text for c in chunks)
    assert not any("zrzy.smx.gov.cn" in c.text for c in chunks)  # 来源 is skipped
    assert all(len(c.text) >= 40 for c in chunks)


def test_report_sections_and_table_rows() -> None:
    chunks = chunk_report(make_report(), INFO)
    ids = [c.id for c in chunks]
    assert len(ids) == len(set(ids))
    text_chunks = [c for c in chunks if c.metadata["part"] == "text"]
    assert {c.metadata["section"] for c in text_chunks} >= {"一", "二", "三", "四", "五", "六"}
    first = text_chunks[0]
    assert first.metadata["organ"] == "示例镇人民政府"
    assert first.metadata["region"] == "示例区"
    assert first.metadata["year"] == 2023
    assert first.metadata["report_id"] == "R1"
    assert first.metadata["status"] == "published"
    assert first.metadata["source"] == "示例镇2023.docx"
    assert "示例镇人民政府 2023年" in first.context

    new = next(c for c in chunks if c.id == "rpt:R1:t3:01")
    assert new.text.startswith("一、本年新收政府信息公开申请数量：自然人 8，商业企业 2")
    assert new.text.endswith("总计 12")
    assert new.metadata["section"] == "三"
    assert "表三" in new.context
    t2 = next(c for c in chunks if c.id.startswith("rpt:R1:t2:") and "行政规范性文件" in c.text)
    assert (
        t2.text
        == "第二十条第（一）项 行政规范性文件：本年制发件数 3，本年废止件数 1，现行有效件数 25"
    )
    t4 = next(c for c in chunks if c.id == "rpt:R1:t4:01")
    assert t4.text.startswith("行政复议：结果维持 1，")


def test_long_sections_are_split_into_paragraph_groups() -> None:
    long_text = "\n".join(f"第{i}段。" + "政务公开工作稳步推进。" * 12 for i in range(10))
    report = make_report()
    sections = tuple(
        dataclasses.replace(s, text=long_text) if s.key == "一" else s for s in report.sections
    )
    chunks = chunk_report(dataclasses.replace(report, sections=sections), INFO)
    parts = [c for c in chunks if c.metadata["section"] == "一" and c.metadata["part"] == "text"]
    assert len(parts) > 2
    assert all(len(c.text) <= 420 for c in parts)
    assert "".join(p.text.replace("\n", "") for p in parts) == long_text.replace("\n", "")


def test_text_before_the_first_section_is_kept_as_preface() -> None:
    report = make_report()
    full = (
        "示例镇人民政府2023年政府信息公开工作年度报告\n如对本报告有疑问，请联系党政办，电话：0000-1234567。\n"
        + report.full_text.split("\n", 1)[1]
    )
    chunks = chunk_report(dataclasses.replace(report, full_text=full), INFO)
    preface = [c for c in chunks if c.metadata["section"] == "前言"]
    assert len(preface) == 1
    assert "0000-1234567" in preface[0].text


def test_2019_report_and_unnumbered_sections() -> None:
    report = make_report_2019()
    sections = tuple(
        Section(s.key, None, s.title, s.text, s.order) if s.key == "六" else s
        for s in report.sections
    )
    chunks = chunk_report(dataclasses.replace(report, sections=sections), INFO)
    assert any("政府集中采购" in c.text for c in chunks)
    six = next(c for c in chunks if c.metadata["section"] == "六")
    assert six.metadata["section_title"] == "其他需要报告的事项"
