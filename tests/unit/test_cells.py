"""Reading a 表四 cell from the two axes a clerk describes, and the 表二 row × column pairs."""

from __future__ import annotations

import pytest

from ingest.model import T4_GROUPS, T4_RESULTS
from retrieval.cells import T2_COLUMNS, t2_cell, t2_column, t4_cell


@pytest.mark.parametrize(
    ("question", "cell"),
    [
        ("复议机关驳回了申请人的复议申请，表四记在哪？", "行政复议 结果维持"),
        ("市政府复议后确认我们的答复违法，怎么填？", "行政复议 结果纠正"),
        ("复议期间申请人撤回了复议申请", "行政复议 其他结果"),
        ("复议申请刚受理，年底还没出决定", "行政复议 尚未审结"),
        ("没经过复议就直接到法院起诉我们，法院判我们胜诉", "未经复议直接起诉 结果维持"),
        ("申请人直接向法院提起诉讼，后来撤诉了", "未经复议直接起诉 其他结果"),
        ("对复议决定不服又向法院起诉，判决撤销我们的答复", "复议后起诉 结果纠正"),
        ("复议完了又去打官司，一审还在审理中", "复议后起诉 尚未审结"),
        ("法院驳回起诉，申请人是直接起诉的", "未经复议直接起诉 其他结果"),
        ("那件直诉的行政案子，法院判了撤销我们的告知书", "未经复议直接起诉 结果纠正"),
        ("12月收到复议机关的通知书，年底前肯定出不了结果", "行政复议 尚未审结"),
        ("申请了行政复议，复议决定维持我们的答复，他后来也没去起诉", "行政复议 结果维持"),
        ("去县政府申请咗行政复议，维持我哋嘅答复，佢之后冇再去法院告", "行政复议 结果维持"),
        ("没经过复议直接起诉，法院判决维持", "未经复议直接起诉 结果维持"),
    ],
)
def test_both_axes_name_the_cell(question: str, cell: str) -> None:
    assert t4_cell(question) == cell


@pytest.mark.parametrize("question", ["表四怎么填？", "申请人申请了行政复议", "结果维持填什么"])
def test_one_axis_is_not_enough(question: str) -> None:
    assert t4_cell(question) is None


def test_every_cell_named_is_a_cell_of_the_format() -> None:
    groups = {g for g in T4_GROUPS}
    results = {r for r in T4_RESULTS}
    for question in ["复议后起诉，还没判", "直接起诉，维持", "复议，纠正", "复议总计"]:
        cell = t4_cell(question)
        assert cell is not None
        group, result = cell.split(" ")
        assert group in groups and result in results


def test_table_two_rows_and_columns_meet_in_cells() -> None:
    assert t2_cell("行政规范性文件", "本年废止件数") == ("行政规范性文件", "本年废止件数")
    assert t2_cell("本年处理决定数量", "行政处罚") == ("行政处罚", "本年处理决定数量")
    assert t2_cell("规章", "本年处理决定数量") is None  # no such cell
    assert t2_cell("规章", "行政处罚") is None  # two rows
    assert all(rows for rows in T2_COLUMNS.values())


def test_a_claim_of_illegality_is_not_the_result_and_offered_results_are_not_read() -> None:
    # the applicant says the reply was 违法; the court rejected the claim: 维持
    assert (
        t4_cell("没走复议，直接到法院告我们答复违法，一审判决驳回了他的诉讼请求")
        == "未经复议直接起诉 结果维持"
    )
    # 确认违法 corrects; the results offered as alternatives are not read as the result
    offered = "复议决定确认我们逾期答复违法，算复议结果纠正还是其他结果？"
    assert t4_cell(offered) == "行政复议 结果纠正"


def test_the_last_column_of_a_group_is_its_total() -> None:
    """「未经复议那组最后一格填3」: each 表四 group ends with its 总计, whatever results the
    question lists before it."""
    question = "今年被直接起诉3件：1件判决驳回，1件撤诉，1件还没判。未经复议那组最后一格填3对吧"
    assert t4_cell(question) == "未经复议直接起诉 总计"


def test_a_group_called_by_its_label_wins_over_words_of_another_group() -> None:
    question = "复议后起诉那组的总计，是不是只算先复议后起诉的案子，直接起诉的不放进来？"
    assert t4_cell(question) == "复议后起诉 总计"


def test_a_dismissal_that_left_the_merits_undecided_is_another_result() -> None:
    """驳回 upholds the reply, unless the question says the merits were never decided."""
    question = "超过法定申请期限了，复议机关受理后又驳回了复议申请，没审实体问题。表四这件算啥？"
    assert t4_cell(question) == "行政复议 其他结果"
    assert t4_cell("复议机关审理后驳回了复议申请") == "行政复议 结果维持"


def test_that_last_cell_is_the_groups_total() -> None:
    question = "直接起诉那组 今年3件 维持1 纠正1 在审1 最后那格填3对吧 那格是啥"
    assert t4_cell(question) == "未经复议直接起诉 总计"


@pytest.mark.parametrize(
    ("question", "column"),
    [
        ("去年废止了一件政府规章，表二规章那行填哪一列", "本年废止件数"),
        ("今年印发了3件规范性文件", "本年制发件数"),
        ("规章现行有效的有5件", "现行有效件数"),
        ("规章那行怎么填", None),
        ("今年印发2件、废止1件规范性文件", None),  # two events: two cells, the ranking decides
    ],
)
def test_the_years_event_tells_the_column_of_table_two(question: str, column: str | None) -> None:
    assert t2_column(question) == column
