"""Which guide rows a question may be answered from, decided without an index: the table a
question names, and the support a row needs."""

from __future__ import annotations

from dataclasses import replace

import pytest

from retrieval.guide_answer import COUNT_ASKED, _table_ok, equation_told, supported, topics_first
from retrieval.hybrid import Hit
from retrieval.routing import FILL_CUES, Route

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
        "第8到10页是企业的报价明细，企业不同意公开，我们给了其他9页",
    ]
    assert all(PARTIAL.search(q) for q in partial)
    assert not PARTIAL.search("不归我们管，转给了其他部门")
    assert FULL.search("他要的三份文件我们全部提供了")
    assert not FULL.search("三份文件都不给")
    assert not PARTIAL.search("三份文件都给了")


def test_a_reply_told_is_an_outcome_and_a_count_asked_is_the_counting_rule() -> None:
    from retrieval.guide_answer import COUNT_ASKED, OUTCOME

    assert OUTCOME.search("第三方回函同意公开，最后整改报告全给申请人了")
    assert OUTCOME.search("结果就公开了")
    assert not OUTCOME.search("第三方一直没回函，能不能公开")
    assert COUNT_ASKED.search("一个人分12次来申请，每次内容都不一样，这是算12件吧？")
    assert COUNT_ASKED.search("一张申请表要了三项，算几件")
    assert not COUNT_ASKED.search("今年共收到12件申请，算哪一行")


def test_a_correction_never_made_and_a_case_left_open_at_year_end_are_recognised() -> None:
    from retrieval.guide_answer import CARRIES_OVER, LAST_YEAR, NOT_CORRECTED

    assert NOT_CORRECTED.search("11.08发补正通知（期限10个工作日）｜截至12.31无回复")
    assert NOT_CORRECTED.search("补正通知发出后申请人逾期没补正")
    assert not NOT_CORRECTED.search("补正后申请内容仍不明确")
    assert not NOT_CORRECTED.search("他补正了 还是不清楚要啥 这种咋填 算逾期不补正吗")
    assert NOT_CORRECTED.search("让他补正了，过了期限他一直没回")
    assert CARRIES_OVER.search("第三方意见还没回来，这件就跨年了")
    assert CARRIES_OVER.search("12月25日收到，年底前答复不完")
    assert LAST_YEAR.search("去年跨年的那件今年才答复")


def _entry(guide_id: str, label: str, table: str) -> Hit:
    hit = _hit(label, table, 0.9, 10.0, 0.5)
    hit.metadata["guide_id"] = guide_id
    return Hit(f"guide:{guide_id}", label, hit.metadata, 0.0, "fused", 0.9, 10.0, 0.5)


BALANCE = _entry("rel-t3-balance", "表三勾稽关系", "综合")
CARRY = _entry("rel-carry-over", "结转衔接（结转下年度 → 下一年度上年结转）", "综合")
COUNT = _entry("count-unit", "表三计件口径", "综合")
OUT = _entry("t3-carried-out", "四、结转下年度继续办理", "表三")
TOTAL = _entry("t3-7", "（七）总计", "表三")
COL_TOTAL = _entry("t3-col-total", "申请人情况 总计", "表三")
COL_TOTAL.metadata["guide_id"] = "t3-col-total"


def test_adding_up_and_counting_go_to_the_topics_and_totals_to_their_rows() -> None:
    hits = [OUT, TOTAL, CARRY, BALANCE]
    assert topics_first("去年结转下年度填了3件，今年上年结转是不是必须也填3", hits)[0] is CARRY
    checked = [OUT, TOTAL, BALANCE, CARRY]
    assert topics_first("表三数字对不上，总计和各项加起来不一致", checked)[0] is BALANCE
    assert topics_first("一份申请书要了四份文件，算1件还是4件", [OUT, COUNT])[0] is COUNT
    totals = [OUT, TOTAL, COL_TOTAL, BALANCE]
    assert topics_first("（七）那一行是不是（一）到（六）加起来", totals)[0] is TOTAL
    assert topics_first("申请人情况总计那一列是不是各列之和", totals)[0] is COL_TOTAL
    assert topics_first("表四每一组的总计是不是前面四列加起来", totals)[0] is BALANCE


def test_where_a_sum_goes_is_the_total_not_the_balance_topic() -> None:
    totals = [BALANCE, OUT, TOTAL, COL_TOTAL]
    assert topics_first("各种结果加起来一共15件，这个15放哪一行", totals)[0] is TOTAL
    assert topics_first("个人9件、企业2件，合计11填在哪一列", totals)[0] is COL_TOTAL
    # a sum that does not add up is still the 勾稽关系 topic
    assert topics_first("各项加起来跟总计对不上，是哪一行错了", totals)[0] is BALANCE


def test_a_reply_that_withheld_is_not_予以公开_and_a_row_named_is_not_a_case() -> None:
    from retrieval.guide_answer import FULL, PARTIAL, WITHHELD

    asked_all = "申请人要全部复印整本案卷，我们不予公开了"
    assert FULL.search(asked_all) and WITHHELD.search(asked_all)
    # 「还是要算部分公开」 names the row; it does not say that part was given
    assert not PARTIAL.search("全部给了，只是给的电子版，还算予以公开吧？还是要算部分公开")
    assert not PARTIAL.search("需要重新加工统计才能给的那种，表三算哪个")
    assert PARTIAL.search("能给的都给了，涉及隐私的那几页没给")


def test_the_part_of_the_report_is_asked_for() -> None:
    from retrieval.guide_answer import PART_CUE

    assert PART_CUE.search("复议的事年报里在哪部分反映")
    assert PART_CUE.search("收了几件、怎么答复的，放在第几部分")
    assert PART_CUE.search("被起诉的案子在年报哪里反映")
    assert not PART_CUE.search("这件在表三哪一行反映")
    # where a case is reflected is a filling question, whatever names the report
    assert FILL_CUES.search("今年收了一笔信息处理费，年报里在哪里体现？")


def test_what_was_given_decides_full_or_partial() -> None:
    from retrieval.guide_answer import FULL, PARTIAL

    assert FULL.search("对方没回，我们审查后觉得可以公开，就公开了")
    assert FULL.search("企业来函要财政决算表，我们复印了一份寄过去了")
    assert PARTIAL.search("身份证号银行卡号打了码，其余都给他了")
    assert PARTIAL.search("前两样给了，会议纪要没给")


def test_a_row_is_as_near_as_its_five_nearest_probes_not_one_lucky_one() -> None:
    from retrieval.fusion import mean_of_nearest
    from retrieval.guide_answer import NEAREST_PROBES

    # one typical question of t3-carried-in happens to share the words of the question; five
    # of t3-new are about what it asks
    pairs = [("t3-carried-in", 0.95)] + [("t3-new", 0.94)] * 5 + [("t3-carried-in", 0.90)] * 6
    score = mean_of_nearest(pairs, NEAREST_PROBES)
    assert max(score, key=score.__getitem__) == "t3-new"
    assert mean_of_nearest([("t3-1", 0.9), ("t3-1", 0.8)], 5)["t3-1"] == pytest.approx(0.85)


def test_a_probe_is_compared_without_its_filling_cue() -> None:
    from retrieval.guide import case_text

    told = case_text("群众以申请的名义来投诉村干部，年报表三填在哪一行？")
    assert "投诉村干部" in told
    assert not any(cue in told for cue in ("年报", "表三", "填在哪"))


def test_a_row_whose_typical_questions_are_close_is_offered_as_unsure() -> None:
    """「食品经营许可证新办的和延续的都算吗？表二放哪一项」 shares few words with 「行政许可」
    and its own vector is far, but five of its typical questions are close: the row is
    offered, marked unsure, instead of 没有找到依据 when the 条例 has nothing either; a form
    that is not the report is not."""
    from retrieval.evidence import EvidencePolicy
    from retrieval.guide_answer import _near

    policy = EvidencePolicy()
    close = replace(_hit("行政许可", "表二", 0.85, 0.0, 0.0), probe_score=0.91)
    other_form = replace(_hit("行政许可", "表二", 0.85, 0.0, 0.0), probe_score=0.89)
    assert _near(close, policy, last_resort=True)
    assert not _near(other_form, policy, last_resort=True)
    assert not _near(close, policy)  # only when the 条例 has nothing either


def test_a_question_that_did_not_ask_where_gets_a_row_only_when_it_plainly_fits() -> None:
    from retrieval.evidence import EvidencePolicy
    from retrieval.guide_answer import UNCUED_PROBES, plainly_fits

    e5 = EvidencePolicy(dense_min=0.8)
    told = Route("fill", uncued=True)
    close = replace(OUT, probe_score=UNCUED_PROBES + 0.01)
    loose = replace(OUT, probe_score=UNCUED_PROBES - 0.01)
    assert plainly_fits(close, told, e5)
    assert not plainly_fits(loose, told, e5)
    # a question that asked where something goes keeps the usual support rules
    assert plainly_fits(loose, FILL, e5)
    # a row the question names fits, however far its typical questions are
    assert plainly_fits(loose, replace(told, named_label="四、结转下年度继续办理"), e5)
    # an uncalibrated embedding: the words must cover half the question
    assert plainly_fits(replace(loose, coverage=0.6), told, EvidencePolicy(dense_min=None))
    assert not plainly_fits(replace(loose, coverage=0.3), told, EvidencePolicy(dense_min=None))


class _Scores:
    def __init__(self, scores: dict[str, float]) -> None:
        self._scores = scores

    def scores(self, question: str) -> dict[str, float]:
        return self._scores


class _Index:
    def __init__(self, scores: dict[str, float]) -> None:
        self._classifier = _Scores(scores)

    def classifier(self, *kinds: str) -> _Scores:
        return self._classifier


def test_the_classifiers_lead_is_over_its_second_and_only_for_its_first() -> None:
    """Every margin below zero, one row far ahead (LEARNED_LEAD): its lead is over the
    second; a row that is not the classifier's first has none."""
    from retrieval.guide_answer import LEARNED_LEAD, learned_lead

    scores = {"guide:t3-4-1": -0.49, "guide:t3-5-2": -0.78, "guide:t3-1": -0.79}
    index = _Index(scores)
    first = replace(_hit("不掌握", "表三", 0.8, 1.0, 0.1), id="guide:t3-4-1", learned_score=-0.49)
    second = replace(first, id="guide:t3-5-2", learned_score=-0.78)
    assert learned_lead(index, "q", first) == pytest.approx(0.29)  # type: ignore[arg-type]
    assert learned_lead(index, "q", first) >= LEARNED_LEAD  # type: ignore[arg-type]
    assert learned_lead(index, "q", second) == 0.0  # type: ignore[arg-type]
    close = _Index({"guide:t3-4-1": -0.49, "guide:t3-5-2": -0.55})
    assert learned_lead(close, "q", first) < LEARNED_LEAD  # type: ignore[arg-type]


def test_a_topic_about_other_tables_does_not_answer_for_the_table_named() -> None:
    """结转衔接 is 表三's: 「许可证数量在表二里填哪一项」 never gets it, whatever its words."""
    carry = {
        "table": "综合",
        "label": "结转衔接（结转下年度 → 下一年度上年结转）",
        "tables": "表三",
    }
    fee = {"table": "综合", "label": "信息处理费", "tables": "表二、表三"}
    contents = {"table": "综合", "label": "年报内容", "tables": ""}
    assert not _table_ok(carry, "表二") and _table_ok(carry, "表三") and _table_ok(carry, None)
    assert _table_ok(fee, "表二") and not _table_ok(fee, "表四")
    assert _table_ok(contents, "表四")
    assert not _table_ok({"table": "综合", "label": "表三勾稽关系"}, "表二")


def test_the_guides_topics_say_which_tables_they_are_about() -> None:
    from retrieval.guide import load_guide
    from tests.conftest import CORPUS

    topics = {e.id: e.tables for e in load_guide(CORPUS)}
    assert topics["rel-carry-over"] == ("表三",) and topics["count-unit"] == ("表三",)
    assert topics["report-contents"] == ()


def test_three_balance_terms_told_with_figures_ask_the_balance() -> None:
    assert equation_told("自然人列 新收28 上年结转2 办理结果总计27 结转下年度该填几")
    assert equation_told("今年新收10件，上年结转2件，办结11件，结转下年1件，表三对得上不？")
    # the carry-over of two years tells two terms; a case tells one
    assert not equation_told("去年年报结转下年度填了3件，今年上年结转是不是必须也填3")
    assert not equation_told("新收5件，其中予以公开3件，剩下的怎么填")


def test_whether_a_call_counts_as_an_application_is_the_counting_rule() -> None:
    assert COUNT_ASKED.search("电话里咨询政策的、来窗口口头问问的，算不算申请件数")
    assert COUNT_ASKED.search("补正后再交来的，要不要计入件数")
    assert FILL_CUES.search("口头问的算不算件数")
    assert not COUNT_ASKED.search("这件算不予公开吗")
