"""The reminder plan keeps off rest days when given a 工作日 test (``workday``): reminders
come earlier, overdue notices and escalations later, digests skip the day; keys stay put."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from deadlines.reminders import Organ, PlannedMessage, ReminderPolicy, plan_reminders
from deadlines.workdays import HolidayCalendar

TZ = ZoneInfo("Asia/Shanghai")
TOWN = Organ("甲镇人民政府", "乡镇", "某县", chat_ids=(1001,))
SUPERVISORS = {"某县": [-900]}


def weekday(d: date) -> bool:
    return d.weekday() < 5


def plan(workday: Callable[[date], bool] | None = weekday) -> list[PlannedMessage]:
    start = datetime(2026, 12, 1, tzinfo=TZ)
    end = datetime(2027, 2, 10, 23, 59, tzinfo=TZ)
    return plan_reminders([TOWN], SUPERVISORS, 2026, start, end, ReminderPolicy(), workday=workday)


def test_nothing_is_planned_on_a_weekend() -> None:
    assert all(m.at.weekday() < 5 for m in plan())
    assert any(m.at.weekday() >= 5 for m in plan(workday=None))  # 2027-01-31 is a Sunday


def test_reminders_come_on_the_working_day_before_with_the_true_count() -> None:
    reminders = [m for m in plan() if m.kind == "reminder"]
    friday = [m for m in reminders if m.at.date() == date(2027, 1, 29)]
    # D-1 (Saturday) and D-0 (Sunday) both fall back to Friday: one message, not two
    assert len(friday) == 1
    assert "还有2天" in friday[0].text
    assert friday[0].period_key.startswith("reminder:2026:D-1:")  # the original key
    assert friday[0].at.time() == time(9, 0)


def test_overdue_and_escalation_wait_for_the_next_working_day() -> None:
    messages = plan()
    overdue = [m for m in messages if m.kind == "overdue"]
    assert [m.at.date() for m in overdue] == [date(2027, 2, 1), date(2027, 2, 2), date(2027, 2, 3)]
    assert "已过1天" in overdue[0].text
    (escalation,) = [m for m in messages if m.kind == "escalation"]
    assert escalation.at.date() == date(2027, 2, 1)  # the day after the deadline, a Monday
    digests = {m.at.date() for m in messages if m.kind == "digest"}
    assert date(2027, 1, 30) not in digests and date(2027, 1, 29) in digests


def test_fixed_date_holidays_are_rest_days_without_the_years_notice() -> None:
    calendar = HolidayCalendar([])  # no year covered
    assert not calendar.likely_workday(date(2027, 1, 1))  # 元旦, a Friday
    assert not calendar.likely_workday(date(2027, 10, 1))
    assert calendar.likely_workday(date(2027, 1, 4))
    assert not calendar.likely_workday(date(2027, 1, 2))  # Saturday
