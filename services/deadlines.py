"""Deadline use cases shared by the CLI, the bot and the scheduler: turns ``Settings`` into the
plain arguments of the pure ``deadlines`` package and its data errors into ``XxgkError``s.

    deadlines = application_deadlines_for(parse_date("2026-03-02"), settings)
"""

from __future__ import annotations

import logging
import re
from datetime import date, time
from pathlib import Path

from base.errors import ConfigError, InputError, InvalidSetting
from base.settings import Settings, env_name
from deadlines.holiday_data import load_holiday_dirs
from deadlines.reminders import ReminderPolicy
from deadlines.reporting import ANY, DeadlineConfigError, validate_overrides
from deadlines.workdays import (
    ApplicationDeadlines,
    HolidayCalendar,
    HolidayDataError,
    application_deadlines,
)
from organs import OrganKind

logger = logging.getLogger(__name__)

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


FIRST_YEAR, LAST_YEAR = 2008, 2100
"""The years a received date may fall in: the 条例 applies from 2008; a deadline counted
from a date near ``date.max`` does not exist (an OverflowError, before: 系统内部错误)."""


def parse_date(text: str) -> date:
    """Read ``2026-03-02``, ``2026/3/2`` or ``2026年3月2日``; anything else is an InputError."""
    m = _DATE.match(text)
    if m:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise InputError(f"「{text}」不是有效的日期，请检查月份和日期。") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:  # 9999-12-31 + 20 working days overflowed
            raise InputError(
                f"「{text}」不在可计算的范围内，"
                f"请输入 {FIRST_YEAR}—{LAST_YEAR} 年之间的收到申请之日。"
            )
        return day
    raise InputError(f"无法识别日期「{text}」，请按 2026-03-02 的格式输入。")


def holiday_dirs(settings: Settings) -> list[Path]:
    """The shipped ``corpus/holidays`` then ``holidays_dir`` (which wins for the same year)."""
    dirs = [settings.corpus_dir / "holidays"]
    if settings.holidays_dir is not None:
        if not settings.holidays_dir.is_dir():
            raise ConfigError(
                f"补充节假日数据目录「{settings.holidays_dir}」不存在（XXGK_HOLIDAYS_DIR）。"
            )
        dirs.append(settings.holidays_dir)
    return dirs


def build_calendar(settings: Settings) -> HolidayCalendar:
    """chinesecalendar plus the year files of ``holiday_dirs``."""
    try:
        calendar = HolidayCalendar.from_sources(load_holiday_dirs(holiday_dirs(settings)))
    except HolidayDataError as exc:
        raise ConfigError(str(exc)) from exc
    if calendar.ignored_years:
        logger.info(
            "holiday files ignored, chinesecalendar covers years %s", calendar.ignored_years
        )
    return calendar


def application_deadlines_for(received: date, settings: Settings) -> ApplicationDeadlines:
    """The four 依申请公开 deadlines for an application received on ``received``."""
    return application_deadlines(received, build_calendar(settings))


def report_overrides(settings: Settings) -> dict[str, dict[str, str]]:
    """``default_deadline`` / ``county_deadline`` as report-deadline overrides for all regions;
    a date later than the 条例 allows is an ``InvalidSetting`` naming its variable."""
    kinds = {
        "default_deadline": (OrganKind.DEPARTMENT, OrganKind.TOWNSHIP, OrganKind.STREET),
        "county_deadline": (OrganKind.COUNTY,),
    }
    overrides: dict[str, dict[str, str]] = {ANY: {}}
    for field, organ_kinds in kinds.items():
        value = getattr(settings, field)
        one = {ANY: {kind.value: value for kind in organ_kinds}}
        try:
            validate_overrides(one)
        except DeadlineConfigError as exc:
            raise InvalidSetting(f'环境变量 {env_name(field)} 的值 "{value}" 无效：{exc}') from exc
        overrides[ANY] |= one[ANY]
    return overrides


def reminder_policy(settings: Settings) -> ReminderPolicy:
    """``reminder_offsets``, ``overdue_days`` and ``timezone`` as a ``ReminderPolicy``."""
    return ReminderPolicy(
        offsets=settings.reminder_offsets,
        overdue_days=settings.overdue_days,
        send_time=time(9, 0),
        timezone=settings.timezone,
    )


def supervisors(settings: Settings) -> dict[str, list[int]]:
    """``supervisor_chats`` as region → chat ids; ``"*"`` (a bare id) is every region."""
    return {region: list(chats) for region, chats in settings.supervisor_chats.items()}


def check_settings(settings: Settings) -> Settings:
    """The checks on ``settings`` that need the domain's rules (the 条例's latest deadlines),
    run at start-up like the settings' own validation."""
    report_overrides(settings)
    return settings
