"""Which guide rows a question may be answered from, decided without an index: the table a
question names, and the support a row needs."""

from __future__ import annotations

from retrieval.guide_answer import _table_ok, supported
from retrieval.hybrid import Hit
from retrieval.routing import Route

FILL = Route("fill")


def _hit(label: str, table: str, dense: float, bm25: float, coverage: float) -> Hit:
    meta = {"kind": "guide", "guide_id": "x", "label": label, "table": table}
    return Hit("guide:x", label, meta, 0.0, "fused", dense, bm25, coverage)


def test_a_topic_naming_another_table_is_not_an_answer_about_this_one() -> None:
    assert _table_ok({"table": "综合", "label": "表二勾稽关系"}, "表二")
    assert not _table_ok({"table": "综合", "label": "表三勾稽关系"}, "表二")
    assert _table_ok({"table": "综合", "label": "答复期限"}, "表二")
    assert not _table_ok({"table": "表三", "label": "（一）予以公开"}, "表二")
    assert _table_ok({"table": "表三", "label": "（一）予以公开"}, None)


def test_a_story_plainly_about_a_row_needs_no_word_cover() -> None:
    from retrieval.evidence import EvidencePolicy

    policy = EvidencePolicy()
    story = _hit("（五）不予处理 1.信访举报投诉类申请", "表三", 0.91, 12.0, 0.10)
    assert supported(story, FILL, "隔壁工厂夜里噪音扰民，要求我们处理，这种怎么算", policy)
    vague = _hit("（五）不予处理 1.信访举报投诉类申请", "表三", 0.885, 12.0, 0.10)
    assert not supported(vague, FILL, "隔壁工厂夜里噪音扰民，要求我们处理，这种怎么算", policy)
    far = _hit("（五）不予处理 1.信访举报投诉类申请", "表三", 0.86, 30.0, 0.90)
    assert not supported(far, FILL, "噪音怎么算", policy)


def test_an_applicant_column_is_decided_by_the_applicants_words() -> None:
    column = _hit("法人或其他组织 其他", "表三", 0.85, 20.0, 0.34)
    column.metadata["guide_id"] = "t3-col-other"
    assert supported(column, FILL, "小区业主委员会申请公开维修资金，申请人放哪一列")
    from retrieval.evidence import EvidencePolicy

    assert not supported(column, FILL, "小区业主委员会的事怎么办", EvidencePolicy())


def test_a_reply_that_gave_part_or_all_is_recognised() -> None:
    from retrieval.guide_answer import FULL, PARTIAL

    partial = [
        "会议纪要里和他有关的那一段给了，其他议题没给",
        "报告正文给了，附件里的工艺参数删掉了",
        "把身份证号遮了再给他",
    ]
    assert all(PARTIAL.search(q) for q in partial)
    assert FULL.search("他要的三份文件我们全部提供了")
    assert not FULL.search("三份文件都不给")
    assert not PARTIAL.search("三份文件都给了")
