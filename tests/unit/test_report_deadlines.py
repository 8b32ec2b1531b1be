"""Annual report due dates per organ kind and region (条例第四十九条 plus county settings)."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines.reporting import (
    DeadlineConfigError,
    OrganKind,
    current_report_year,
    report_deadline,
    validate_overrides,
)


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        (OrganKind.DEPARTMENT, date(2027, 1, 31)),  # 第四十九条第一款
        ("部门", date(2027, 1, 31)),
        (OrganKind.COUNTY, date(2027, 3, 31)),  # 第四十九条第二款
        ("乡镇", date(2027, 1, 31)),
        ("街道", date(2027, 1, 31)),
    ],
)
def test_defaults_per_kind_report_for_year_y_is_due_in_y_plus_1(
    kind: OrganKind | str, due: date
) -> None:
    assert report_deadline(kind, "某某县", 2026, None) == due


OVERRIDES = {
    "*": {"乡镇": "01-25"},
    "甲县": {"乡镇": "01-15", "*": "01-20"},
    "乙县": {"街道": "1-10"},
}


@pytest.mark.parametrize(
    ("kind", "region", "due"),
    [
        ("乡镇", "甲县", date(2027, 1, 15)),  # region + kind beats everything
        ("街道", "甲县", date(2027, 1, 20)),  # region + *
        ("部门", "甲县", date(2027, 1, 20)),  # earlier than the statute: allowed
        ("县级政府", "甲县", date(2027, 1, 20)),
        ("乡镇", "乙县", date(2027, 1, 25)),  # * + kind
        ("街道", "乙县", date(2027, 1, 10)),
        ("街道", "丙县", date(2027, 1, 31)),  # nothing applies: default
        ("乡镇", None, date(2027, 1, 25)),  # no region: only wildcards
        ("部门", "丙县", date(2027, 1, 31)),
    ],
)
def test_overrides_most_specific_wins(kind: str, region: str | None, due: date) -> None:
    assert report_deadline(kind, region, 2026, OVERRIDES) == due


def test_statutory_dates_cannot_be_moved_later() -> None:
    with pytest.raises(DeadlineConfigError, match="晚于条例第四十九条规定的1月31日"):
        report_deadline("部门", "甲县", 2026, {"甲县": {"部门": "02-15"}})
    with pytest.raises(DeadlineConfigError, match="3月31日"):
        validate_overrides({"*": {"县级政府": "04-30"}})
    # A wildcard meant for 乡镇/街道 is capped for statutory kinds instead of rejected.
    loose = {"甲县": {"*": "02-28"}}
    assert report_deadline("乡镇", "甲县", 2026, loose) == date(2027, 2, 28)
    assert report_deadline("部门", "甲县", 2026, loose) == date(2027, 1, 31)
    assert report_deadline("县级政府", "甲县", 2026, loose) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"*": {"社区": "01-31"}}, "不认识的单位类型「社区」"),
        ({"*": {"乡镇": "1月20日"}}, "格式不对"),
        ({"*": {"乡镇": "02-30"}}, "不是有效日期"),
        ({"甲县": "01-20"}, "对应表"),
    ],
)
def test_bad_overrides_are_rejected_in_chinese(overrides: dict, message: str) -> None:
    with pytest.raises(DeadlineConfigError, match=message):
        report_deadline("乡镇", "甲县", 2026, overrides)


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(DeadlineConfigError, match="可选：部门、县级政府、乡镇、街道"):
        report_deadline("村委会", "甲县", 2026)


def test_february_29_falls_back_in_common_years() -> None:
    leap = {"*": {"街道": "02-29"}}
    assert report_deadline("街道", None, 2027, leap) == date(2028, 2, 29)
    assert report_deadline("街道", None, 2026, leap) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 11, 22), 2026),
        (date(2027, 1, 10), 2026),
        (date(2027, 4, 3), 2026),
        (date(2027, 5, 1), 2027),
    ],
)
def test_current_report_year(today: date, year: int) -> None:
    assert current_report_year(today) == year
