"""Who sees what: kinds, organ/region/year filters, and drafts only for their own organ;
organ names as staff type them."""

from __future__ import annotations

from retrieval.filters import SearchFilter, resolve_organs
from retrieval.mentions import mentioned_organs, mentioned_years, organ_aliases, unknown_places

REG = {"kind": "regulation", "article": 33, "status": "published"}
PUB = {"kind": "report", "organ": "大洼区平安镇人民政府", "year": 2021, "region": "大洼区",
       "status": "published"}  # fmt: skip
DRAFT = {**PUB, "status": "draft", "year": 2022, "organ_id": 7}
SAME_NAME_DRAFT = {**DRAFT, "organ": "金乡县平安镇人民政府", "region": "金乡县", "organ_id": 8}
OTHER = {"kind": "report", "organ": "保安镇人民政府", "year": 2021, "status": "published"}


def test_default_filter_shows_regulation_and_published_reports_only() -> None:
    flt = SearchFilter()
    assert flt.allows(REG)
    assert flt.allows(PUB)
    assert not flt.allows(DRAFT)
    where = flt.where()
    assert where == {
        "$or": [
            {"kind": {"$in": ["regulation", "format"]}},
            {"$and": [{"kind": "report"}, {"status": "published"}]},
        ]
    }


def test_a_draft_is_visible_to_its_own_organ_only() -> None:
    own = SearchFilter(viewer_organ_ids=frozenset({7}))
    assert own.allows(DRAFT)
    assert not own.allows(SAME_NAME_DRAFT)  # 平安镇 of another county: another organ id
    assert not SearchFilter(viewer_organ_ids=frozenset({9})).allows(DRAFT)
    assert not SearchFilter().allows({**DRAFT, "organ_id": None})
    status = own.where()["$or"][1]["$and"][1]  # type: ignore[index]
    assert status == {
        "$or": [
            {"status": "published"},
            {"$and": [{"status": "draft"}, {"organ_id": {"$in": [7]}}]},
        ]
    }


def test_organ_region_year_narrow_reports_but_not_the_regulation() -> None:
    flt = SearchFilter(organs=frozenset({"保安镇人民政府"}))
    assert flt.allows(REG) and flt.allows(OTHER) and not flt.allows(PUB)
    assert SearchFilter(years=frozenset({2020})).allows(REG)
    assert not SearchFilter(years=frozenset({2020})).allows(PUB)
    assert SearchFilter(regions=frozenset({"大洼区"})).allows(PUB)
    assert not SearchFilter(regions=frozenset({"大洼区"})).allows(OTHER)
    where = SearchFilter(organs=frozenset({"保安镇人民政府"}), years=frozenset({2021})).where()
    report = where["$or"][1]["$and"]  # type: ignore[index]
    assert {"organ": {"$in": ["保安镇人民政府"]}} in report
    assert {"year": {"$in": [2021]}} in report


def test_kinds_and_empty_sets() -> None:
    only_reports = SearchFilter(kinds=("report",))
    assert not only_reports.allows(REG)
    assert only_reports.where() == {"$and": [{"kind": "report"}, {"status": "published"}]}
    nobody = SearchFilter(kinds=("report",), organs=frozenset())
    assert not nobody.allows(PUB)
    assert nobody.where() == {"kind": {"$in": ["∅"]}}


def test_narrowed_intersects() -> None:
    flt = SearchFilter(organs=frozenset({"a", "b"})).narrowed(organs=["b", "c"], years=[2021])
    assert flt.organs == {"b"} and flt.years == {2021}


def test_organ_aliases_and_resolution() -> None:
    assert organ_aliases("大洼区平安镇人民政府") == {
        "大洼区平安镇人民政府",
        "大洼区平安镇",
        "平安镇",
    }
    assert "霄云镇" in organ_aliases("金乡县霄云镇人民政府")
    known = ["大洼区平安镇人民政府", "保安镇人民政府"]
    assert resolve_organs("平安镇", known) == {"大洼区平安镇人民政府"}
    assert resolve_organs("大洼区平安镇人民政府", known) == {"大洼区平安镇人民政府"}
    assert resolve_organs("张庄镇", known) == frozenset()


def test_what_a_question_names() -> None:
    known = ["大洼区平安镇人民政府", "保安镇人民政府"]
    assert mentioned_organs("平安镇2021年新收几件申请", known) == {"大洼区平安镇人民政府"}
    assert mentioned_years("平安镇2021年新收几件申请") == {2021}
    assert mentioned_years("2021年度报告") == {2021}
    assert unknown_places("张庄镇2021年新收几件申请", known) == ["张庄镇"]
    assert unknown_places("乡镇政府还应当主动公开哪些信息", known) == []
    assert unknown_places("各乡镇、本镇和农村乡镇", known) == []


def test_organ_ids_keep_only_that_organs_reports() -> None:
    """A general question from an organ sees its own reports, not another organ's."""
    own = SearchFilter(viewer_organ_ids=frozenset({7}), organ_ids=frozenset({7}))
    assert own.allows(DRAFT) and own.allows(REG)
    assert not own.allows(SAME_NAME_DRAFT) and not own.allows({**PUB, "organ_id": 9})
    report = own.where()["$or"][1]  # type: ignore[index]
    assert {"organ_id": {"$in": [7]}} in report["$and"]


def test_the_town_as_a_word_of_its_own_is_no_unknown_town() -> None:
    # staff write 镇政府, 某镇, 全镇 after a verb or a pronoun: no town is named, so the
    # question must not be routed to a report no one has (a town name ends where 镇 begins)
    known = ["大洼区平安镇人民政府"]
    assert unknown_places("有人申请镇政府机关食堂的采购明细，我们不予公开", known) == []
    assert unknown_places("复核某镇表三：本年新收9件", known) == []
    assert unknown_places("通知对全镇村民普遍适用", known) == []
    assert unknown_places("要县发改委对镇上一个光伏项目的立项批复", known) == []
    assert unknown_places("城关镇和白鹭街道的年报", known) == ["城关镇", "白鹭街道"]
    assert unknown_places("建设镇2022年新收几件", known) == ["建设镇"]
