"""Deadline use cases shared by the CLI, the bot and the scheduler: turns ``Settings`` into the
plain arguments of the pure ``deadlines`` package and its data errors into ``XxgkError``s.

    deadlines = application_deadlines_for(parse_date("2026-03-02"), settings)
"""

from __future__ import annotations

import logging
import re
from datetime import date, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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
from xxgk.errors import ConfigError, InputError
from xxgk.settings import Settings

logger = logging.getLogger(__name__)

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date(text: str) -> date:
    """Read ``2026-03-02``, ``2026/3/2`` or ``2026年3月2日``; anything else is an InputError."""
    m = _DATE.match(text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise InputError(f"「{text}」不是有效的日期，请检查月份和日期。") from None
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
    """``default_deadline`` / ``county_deadline`` as report-deadline overrides for all regions."""
    overrides = {
        ANY: {
            OrganKind.DEPARTMENT.value: settings.default_deadline,
            OrganKind.TOWNSHIP.value: settings.default_deadline,
            OrganKind.STREET.value: settings.default_deadline,
            OrganKind.COUNTY.value: settings.county_deadline,
        }
    }
    try:
        validate_overrides(overrides)
    except DeadlineConfigError as exc:
        raise ConfigError(f"{exc}（XXGK_DEFAULT_DEADLINE / XXGK_COUNTY_DEADLINE）") from exc
    return overrides


def reminder_policy(settings: Settings) -> ReminderPolicy:
    """``reminder_offsets``, ``overdue_days`` and ``timezone`` as a ``ReminderPolicy``."""
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(
            f"时区「{settings.timezone}」无效，如 Asia/Shanghai（XXGK_TIMEZONE）。"
        ) from exc
    try:
        offsets = tuple(
            int(p) for p in settings.reminder_offsets.replace("，", ",").split(",") if p.strip()
        )
        return ReminderPolicy(
            offsets=offsets,
            overdue_days=settings.overdue_days,
            send_time=time(9, 0),
            timezone=settings.timezone,
        )
    except ValueError as exc:
        raise ConfigError(
            f"提醒天数「{settings.reminder_offsets}」有误，应为不重复的非负整数，"
            "逗号分隔，如 30,14,7,3,1,0（XXGK_REMINDER_OFFSETS）。"
        ) from exc


def supervisors(settings: Settings) -> dict[str, list[int]]:
    """``supervisor_chats`` (``地区:ID`` or bare ``ID``, comma-separated) as region → chat ids;
    a bare id supervises every region (``"*"``)."""
    out: dict[str, list[int]] = {}
    for part in settings.supervisor_chats.replace("；", ",").replace(";", ",").split(","):
        part = part.strip().replace("：", ":")
        if not part:
            continue
        region, _, raw = part.rpartition(":")
        raw = raw.strip()
        if not raw.lstrip("-").isdigit():
            raise ConfigError(
                f"督导会话「{part}」有误，应写成 会话ID 或 地区:会话ID（XXGK_SUPERVISOR_CHATS）。"
            )
        out.setdefault(region.strip() or ANY, []).append(int(raw))
    return out
