"""The register's dates decide 本年新收, 上年结转 and 结转下年度 (retrieval.timeline). Written
for these tests, not taken from the evaluation sets."""

from __future__ import annotations

import pytest

from retrieval.timeline import CARRIED_IN, CARRIED_OUT, NEW, entry_row, read_dates


@pytest.mark.parametrize(
    ("question", "row"),
    [
        # received the year before, answered in the report year
        (
            "台账：2021年12月28日收到李某申请，2022年1月6日答复。编2022年度年报，这件算新收吗",
            CARRIED_IN,
        ),
        ("2021.12.30收｜张某｜某村规划｜2022.01.14答复。做2022年度年报，表三记哪", CARRIED_IN),
        ("去年12月收到、今年1月答复的那件，我记进了今年的“本年新收”，对吗", CARRIED_IN),
        # received in the report year and still open at its end
        (
            "2022-12-05收到申请，征求第三方意见中，截至12-31尚未答复。2022年度年报咋体现",
            CARRIED_OUT,
        ),
        (
            "2022年12月20日收到申请，2023年1月9日答复不予公开，2022年度年报这件办理结果填哪",
            CARRIED_OUT,
        ),
        # posted in one year, signed for in the next: 第三十一条 counts the signing
        ("2022年12月29日寄出的申请，我们2023年1月4日签收。现在做2023年度的表三。", NEW),
    ],
)
def test_the_dates_put_the_application_in_its_row(question: str, row: str) -> None:
    assert entry_row(question) == row


@pytest.mark.parametrize(
    "question",
    [
        # one year throughout, and the outcome is asked: the words decide
        "2022年5月收到的申请，6月答复予以公开，2022年度年报填哪",
        # no report year to measure the dates against
        "2021年12月28日收到申请，2022年1月6日答复，这件算新收吗",
        # no dates
        "年底还没答复完的申请，年报怎么体现",
    ],
)
def test_without_decisive_dates_no_row_is_forced(question: str) -> None:
    assert entry_row(question) is None


def test_a_date_that_dates_no_answer_is_not_the_answer() -> None:
    dated = read_dates("2022年11月3日收到，12-31尚未答复，2022年度年报")
    assert dated.received == 2022 and dated.answered is None and dated.open_at_year_end


def test_a_later_date_without_its_year_follows_on() -> None:
    """「12月19日收到…，1月10日答复」: January after December is the next year."""
    dated = read_dates("2022年12月19日收到申请，1月10日答复。2023年度年报")
    assert (dated.received, dated.answered) == (2022, 2023)


def test_answered_after_new_year_is_answered_the_next_year() -> None:
    """「12月26号收到…元旦后才答复」 under 「今年的年报」: the receipt is the report year's (the
    only year named), the answer falls in the next one, so the application is carried out."""
    question = "街道12月26号收到一件申请，我们元旦后才答复的。今年的年报里这件放哪一行？"
    dated = read_dates(question)
    assert dated.received == dated.report and dated.answered == dated.report + 1
    assert entry_row(question) == CARRIED_OUT


def test_a_register_date_without_year_is_the_report_years_only_when_no_year_is_named() -> None:
    assert entry_row("今年的年报：12月20日收到申请，12月28日答复，算新收吗") == NEW
    # a year named elsewhere: the bare date is not guessed
    assert read_dates("2022年度年报：2021年12月收到，3月5日收到补正").received == 2021
