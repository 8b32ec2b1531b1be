"""LLM citations are checked against the retrieved sources: kept, or removed and flagged."""

from __future__ import annotations

from typing import Any

from retrieval.citations import tag_sources, verify_citations
from retrieval.hybrid import Hit


def _hit(cid: str, text: str, **meta: Any) -> Hit:
    return Hit(cid, text, meta, 0.03, "fused", 0.9, 10.0, 0.8)


ART33 = _hit("reg:x:033", "第三十三条　……应当自收到申请之日起20个工作日内予以答复……",
             kind="regulation", article=33)  # fmt: skip
ROW = _hit("rpt:R7:t3:01", "一、本年新收政府信息公开申请数量：自然人 3，总计 3",
           kind="report", report_id="R7", organ="平安镇人民政府", year=2021)  # fmt: skip
FMT = _hit("fmt:f:001", "年度报告内容，要严格按照第五十条的规定确定……", kind="format")
SOURCES = tag_sources([ART33, ROW, FMT])


def test_tags() -> None:
    assert [s.tag for s in SOURCES] == ["第三十三条", "【报告R1】", "【格式F1】"]


def test_a_retrieved_article_is_kept() -> None:
    checked = verify_citations("依据第三十三条，应在20个工作日内答复。", SOURCES)
    assert checked.text == "依据第三十三条，应在20个工作日内答复。"
    assert checked.cited == [ART33]
    assert checked.removed == []
    assert checked.unsupported_numbers == []


def test_other_spellings_of_a_retrieved_article_count() -> None:
    checked = verify_citations("《条例》第33条规定……", SOURCES)
    assert checked.cited == [ART33]


def test_an_article_that_was_not_retrieved_is_removed() -> None:
    checked = verify_citations("根据《条例》第九十九条和第三十三条，应当答复。", SOURCES)
    assert "第九十九条" not in checked.text
    assert "第三十三条" in checked.text
    assert checked.removed == ["第九十九条"]
    assert checked.cited == [ART33]


def test_report_tags_are_checked() -> None:
    checked = verify_citations("平安镇新收3件【报告R1】，另见【报告R4】和【格式F1】。", SOURCES)
    assert checked.cited == [ROW, FMT]
    assert checked.removed == ["【报告R4】"]
    assert "【报告R4】" not in checked.text
    assert "【报告R1】" in checked.text


def test_numbers_absent_from_the_sources_are_flagged() -> None:
    checked = verify_citations("依据第三十三条，应在30个工作日内答复。", SOURCES, "多久答复？")
    assert checked.unsupported_numbers == ["30"]
    assert checked.removed == []


def test_leftover_brackets_are_tidied() -> None:
    checked = verify_citations("应当答复（第九十九条）。", SOURCES)
    assert checked.text == "应当答复。"
