"""Working days and 依申请公开 deadlines, checked against chinesecalendar's 2025–2026 data."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest

from deadlines.holiday_data import load_holiday_dirs, load_year_file
from deadlines.workdays import (
    DEADLINE_RULES,
    ApplicationDeadlines,
    CalendarNotCovered,
    HolidayCalendar,
    HolidayDataError,
    application_deadlines,
    parse_year_schedule,
)

CORPUS_HOLIDAYS = Path(__file__).resolve().parents[2] / "corpus" / "holidays"

# A made-up year for tests only: 2030 is far outside chinesecalendar's data, so nothing here
# can be mistaken for a real State Council schedule.
FAKE_2030: dict[str, Any] = {
    "year": 2030,
    "source": "测试用虚构数据（非真实通知）",
    "holidays": ["2030-01-01", "2030-01-02", "2030-01-03"],
    "workdays": ["2030-01-05"],
}


@pytest.fixture(scope="module")
def cal() -> HolidayCalendar:
    return HolidayCalendar.from_sources()


def reference(start: date, n: int) -> date:
    """A plain day-by-day loop straight on chinesecalendar: the oracle for our calendar."""
    d = start
    while n > 0:
        d += timedelta(days=1)
        if chinese_calendar.is_workday(d):
            n -= 1
    return d


def write_year(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{data['year']}.json")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- the calendar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2026, 9, 18), 20, date(2026, 10, 22)),  # across 中秋/国庆, 09-20 Sunday 调休上班
        (date(2026, 4, 30), 20, date(2026, 6, 1)),  # across 劳动节, 05-09 Saturday 调休上班
        (date(2026, 11, 20), 20, date(2026, 12, 18)),
        (date(2026, 10, 3), 20, date(2026, 11, 3)),  # a holiday (find_workday: 11-04)
        (date(2026, 11, 21), 20, date(2026, 12, 18)),  # a Saturday (find_workday: 12-21)
        (date(2025, 1, 24), 7, date(2025, 2, 10)),  # 春节 2025: 01-26 Sun and 02-08 Sat 上班
        (date(2025, 9, 27), 7, date(2025, 10, 13)),  # Saturday before the 09-28 Sunday 上班
        (date(2026, 2, 13), 7, date(2026, 3, 2)),  # 春节 2026: 02-14 and 02-28 Saturdays 上班
        (date(2026, 9, 19), 7, date(2026, 9, 29)),  # the day before the 09-20 Sunday 上班
    ],
)
def test_working_days_after_known_dates(
    cal: HolidayCalendar, start: date, n: int, due: date
) -> None:
    result = cal.working_days_after(start, n)
    assert result.due == due == reference(start, n)
    assert result.calendar_covers is True
    assert result.warnings == ()
    assert cal.add_workdays(start, n) == due


def test_every_start_in_2025_and_2026_matches_chinesecalendar(cal: HolidayCalendar) -> None:
    d = date(2025, 1, 1)
    while d <= date(2026, 11, 20):
        for n in (7, 20):
            assert cal.add_workdays(d, n) == reference(d, n), (d, n)
        d += timedelta(days=1)


def test_is_workday_follows_the_2026_notice(cal: HolidayCalendar) -> None:
    assert cal.is_workday(date(2026, 9, 20)) is True  # Sunday, 调休上班
    assert cal.is_workday(date(2026, 10, 10)) is True  # Saturday, 调休上班
    assert cal.is_workday(date(2026, 10, 8)) is True
    assert cal.is_workday(date(2026, 10, 7)) is False  # 国庆
    assert cal.is_workday(date(2026, 2, 16)) is False  # 春节, a Monday
    assert cal.is_workday(date(2026, 11, 21)) is False  # plain Saturday


def test_start_is_not_counted_and_zero_days_is_the_start(cal: HolidayCalendar) -> None:
    assert cal.add_workdays(date(2026, 3, 2), 1) == date(2026, 3, 3)
    assert cal.add_workdays(date(2026, 3, 6), 1) == date(2026, 3, 9)  # Friday -> Monday
    assert cal.add_workdays(date(2026, 3, 2), 0) == date(2026, 3, 2)
    with pytest.raises(ValueError):
        cal.working_days_after(date(2026, 3, 2), -1)


def test_beyond_coverage_falls_back_to_weekends_with_warning(cal: HolidayCalendar) -> None:
    assert cal.covers(date(2026, 12, 31)) and not cal.covers(date(2027, 1, 1))
    result = cal.working_days_after(date(2026, 12, 10), 20)
    # 12-11 … 12-31 are 15 working days; the last 5 are weekdays of 2027 (no 元旦 deducted).
    assert result.due == date(2027, 1, 7)
    assert result.calendar_covers is False
    assert result.uncovered_years == (2027,)
    (warning,) = result.warnings
    assert "2027年" in warning and "只扣除了周末" in warning and "2004–2026年" in warning
    with pytest.raises(CalendarNotCovered):
        cal.add_workdays(date(2026, 12, 10), 20)
    with pytest.raises(CalendarNotCovered, match="2027"):
        cal.is_workday(date(2027, 1, 4))


def test_span_inside_coverage_near_year_end_is_covered(cal: HolidayCalendar) -> None:
    result = cal.working_days_after(date(2026, 12, 1), 7)
    assert result.due == date(2026, 12, 10) and result.calendar_covers


def test_library_wins_over_a_file_for_a_covered_year() -> None:
    fake_2026 = {**FAKE_2030, "year": 2026, "holidays": ["2026-03-03"], "workdays": []}
    cal = HolidayCalendar.from_sources([fake_2026])
    assert cal.ignored_years == (2026,)
    assert cal.is_workday(date(2026, 3, 3)) is True
    assert cal.source(2026) is not None and cal.source(2026).startswith("chinesecalendar")


def test_cross_year_december_dates_override_the_previous_year() -> None:
    y2029 = {"year": 2029, "source": "测试", "holidays": ["2029-01-01"], "workdays": []}
    y2030 = {**FAKE_2030, "holidays": ["2029-12-31", *FAKE_2030["holidays"]]}
    cal = HolidayCalendar.from_sources([y2029, y2030], include_chinese_calendar=False)
    assert cal.years == (2029, 2030)
    assert cal.is_workday(date(2029, 12, 31)) is False  # a Monday, made a holiday by 2030's notice


# --- supplementary year data --------------------------------------------------------------


def test_synthetic_year_file_extends_coverage(tmp_path: Path) -> None:
    start = date(2029, 12, 31)  # the count runs entirely in 2030
    before = HolidayCalendar.from_sources(load_holiday_dirs([tmp_path]))
    assert not before.covers(date(2030, 1, 2))
    fallback = before.working_days_after(start, 5)
    assert fallback.calendar_covers is False
    assert fallback.due == date(2030, 1, 7)  # weekdays 01-01…01-04 and 01-07, holidays ignored

    write_year(tmp_path, FAKE_2030)
    after = HolidayCalendar.from_sources(load_holiday_dirs([tmp_path]))
    assert after.covers(date(2030, 1, 2)) and after.source(2030) == FAKE_2030["source"]
    result = after.working_days_after(start, 5)
    # 01-01…03 holidays, 01-04 Fri (1), 01-05 Sat 调休 (2), 01-07…01-09 (3–5)
    assert result.due == date(2030, 1, 9)
    assert result.calendar_covers is True and result.warnings == ()
    assert "2004–2026年、2030年" in after.uncovered_warning([2031])


def test_later_folder_wins_and_other_files_are_ignored(tmp_path: Path) -> None:
    shipped, local = tmp_path / "shipped", tmp_path / "local"
    write_year(shipped, FAKE_2030)
    (shipped / "README.md").write_text("说明", encoding="utf-8")
    (shipped / "schema.json").write_text("{}", encoding="utf-8")
    write_year(local, {**FAKE_2030, "source": "本地更正", "workdays": []})
    schedules = load_holiday_dirs([shipped, None, tmp_path / "missing", local])
    assert [(s.year, s.source, s.workdays) for s in schedules] == [(2030, "本地更正", frozenset())]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"holiday": []}, "不认识的字段"),
        ({"year": "2030"}, "year"),
        ({"source": " "}, "source"),
        ({"holidays": []}, "不能为空"),
        ({"holidays": "2030-01-01"}, "日期列表"),
        ({"holidays": ["2030-1-1"]}, "YYYY-MM-DD"),
        ({"holidays": ["2030-02-30"]}, "不是有效日期"),
        ({"holidays": ["2031-01-01"]}, "不属于2030年"),
        ({"holidays": ["2030-01-01", "2030-01-01"]}, "重复"),
        ({"workdays": ["2030-01-07"]}, "本来就是工作日"),
        ({"workdays": ["2030-01-05"], "holidays": ["2030-01-05"]}, "同时出现"),
    ],
)
def test_bad_year_data_is_rejected_in_chinese(change: dict[str, Any], message: str) -> None:
    with pytest.raises(HolidayDataError, match=message):
        parse_year_schedule({**FAKE_2030, **change})


def test_bad_files_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "2030.json"
    broken.write_text("{ not json", encoding="utf-8")
    with pytest.raises(HolidayDataError, match=r"2030\.json.*不是有效的 JSON"):
        load_year_file(broken)
    mismatch = write_year(tmp_path, FAKE_2030, name="2031.json")
    with pytest.raises(HolidayDataError, match="与文件名不一致"):
        load_year_file(mismatch)
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("", encoding="utf-8")
    with pytest.raises(HolidayDataError, match="不是文件夹"):
        load_holiday_dirs([not_a_dir])


def test_shipped_year_files_are_valid_and_schema_agrees() -> None:
    """Every shipped ``YYYY.json`` loads, and schema.json accepts/rejects like the parser."""
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((CORPUS_HOLIDAYS / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for s in load_holiday_dirs([CORPUS_HOLIDAYS]):
        assert s.source.strip()
    assert not list(validator.iter_errors(FAKE_2030))
    assert list(validator.iter_errors({**FAKE_2030, "holiday": []}))
    assert list(validator.iter_errors({k: v for k, v in FAKE_2030.items() if k != "source"}))
    assert (CORPUS_HOLIDAYS / "README.md").is_file()


# --- 依申请公开 deadlines -----------------------------------------------------------------


def test_application_deadlines_for_an_ordinary_monday(cal: HolidayCalendar) -> None:
    result = application_deadlines(date(2026, 3, 2), cal)
    assert result == ApplicationDeadlines(
        received=date(2026, 3, 2),
        reply_by=date(2026, 3, 30),
        extended_reply_by=date(2026, 4, 28),
        correction_notice_by=date(2026, 3, 11),
        third_party_by=date(2026, 3, 23),
        calendar_covers=True,
        warnings=(),
    )


@pytest.mark.parametrize(
    ("received", "reply", "extended", "correction", "third"),
    [
        # 国庆 2025 (10-01…08 off; 09-28 Sunday and 10-11 Saturday 上班); received on Saturday
        # 09-27, the day before the 调休 Sunday, which is the first day counted.
        (date(2025, 9, 27), date(2025, 10, 30), date(2025, 11, 27), date(2025, 10, 13),
         date(2025, 10, 23)),
        # received on a holiday of 国庆 2025
        (date(2025, 10, 1), date(2025, 11, 4), date(2025, 12, 2), date(2025, 10, 16),
         date(2025, 10, 28)),
        # 春节 2025 (01-28…02-04 off; 01-26 Sunday and 02-08 Saturday 上班), received Saturday
        (date(2025, 1, 25), date(2025, 2, 27), date(2025, 3, 27), date(2025, 2, 10),
         date(2025, 2, 20)),
        # 春节 2026: received on the 调休 Saturday 02-14 itself, and during the holiday
        (date(2026, 2, 14), date(2026, 3, 20), date(2026, 4, 20), date(2026, 3, 3),
         date(2026, 3, 13)),
        (date(2026, 2, 16), date(2026, 3, 20), date(2026, 4, 20), date(2026, 3, 3),
         date(2026, 3, 13)),
        # 国庆 2026: Saturday 09-19 before the 调休 Sunday 09-20, and a holiday 10-03
        (date(2026, 9, 19), date(2026, 10, 22), date(2026, 11, 19), date(2026, 9, 29),
         date(2026, 10, 15)),
        (date(2026, 10, 3), date(2026, 11, 3), date(2026, 12, 1), date(2026, 10, 15),
         date(2026, 10, 27)),
    ],
)  # fmt: skip
def test_application_deadlines_around_holidays(
    cal: HolidayCalendar,
    received: date,
    reply: date,
    extended: date,
    correction: date,
    third: date,
) -> None:
    r = application_deadlines(received, cal)
    assert (r.reply_by, r.extended_reply_by, r.correction_notice_by, r.third_party_by) == (
        reply,
        extended,
        correction,
        third,
    )
    assert r.reply_by == reference(received, 20)
    assert r.extended_reply_by == reference(r.reply_by, 20)  # 20 more after reply_by
    assert r.correction_notice_by == reference(received, 7)
    assert r.third_party_by == reference(received, 15)
    assert r.calendar_covers and r.warnings == ()


def test_application_deadlines_beyond_coverage_warn(cal: HolidayCalendar) -> None:
    r = application_deadlines(date(2026, 12, 1), cal)
    assert r.correction_notice_by == date(2026, 12, 10)  # this one is still exact
    assert r.reply_by == date(2026, 12, 29)
    assert r.extended_reply_by == date(2027, 1, 26)
    assert r.calendar_covers is False
    assert len(r.warnings) == 1 and "2027年" in r.warnings[0]
    assert r.as_dict()["warnings"] == list(r.warnings)


def test_third_party_period_can_start_from_the_letter(cal: HolidayCalendar) -> None:
    r = application_deadlines(date(2026, 3, 2), cal, third_party_notified=date(2026, 3, 9))
    assert r.third_party_by == reference(date(2026, 3, 9), 15)


def test_applications_before_the_2019_revision_warn(cal: HolidayCalendar) -> None:
    r = application_deadlines(date(2019, 5, 14), cal)
    assert r.calendar_covers is True
    assert any("原条例" in w for w in r.warnings)
    assert application_deadlines(date(2019, 5, 15), cal).warnings == ()


def test_as_dict_has_exactly_the_documented_keys(cal: HolidayCalendar) -> None:
    d = application_deadlines(date(2026, 3, 2), cal).as_dict()
    assert d == {
        "received": "2026-03-02",
        "reply_by": "2026-03-30",
        "extended_reply_by": "2026-04-28",
        "correction_notice_by": "2026-03-11",
        "third_party_by": "2026-03-23",
        "calendar_covers": True,
    }
    assert [r.field for r in DEADLINE_RULES] == list(d)[1:5]
    assert {r.article for r in DEADLINE_RULES} == {"第三十三条第二款", "第三十条", "第三十二条"}
