"""Working-day arithmetic (工作日) for the 依申请公开 deadlines of the 条例.

A 工作日 is a day the State Council's holiday notice makes a working day: Monday to Friday
unless it is a 法定节假日, plus the weekend days it makes working days (调休上班). The data
comes from chinesecalendar (2004–2026 in 1.11) and from supplementary year schedules passed in
as plain dicts (``corpus/holidays/<year>.json``, loaded by ``deadlines.holiday_data``).

Pure: no files, no clock. A day without data is never guessed silently: the lenient counter
falls back to weekends only and says so (``calendar_covers=False`` plus a Chinese warning).

    cal = HolidayCalendar.from_sources([{"year": 2027, "source": "…", "holidays": […], …}])
    cal.working_days_after(date(2026, 9, 18), 20).due     # date(2026, 10, 22)
    application_deadlines(date(2026, 3, 2), cal).reply_by
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

import chinese_calendar

REGULATION_2019_EFFECTIVE = date(2019, 5, 15)
"""The revised 条例 applies from this day; earlier applications had 15-working-day periods."""

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ALLOWED_KEYS = frozenset({"year", "source", "holidays", "workdays", "$schema", "notes"})
_WEEKDAYS_CN = "一二三四五六日"


class HolidayDataError(ValueError):
    """A supplementary year schedule is malformed; ``str(error)`` is Chinese."""


class CalendarNotCovered(LookupError):
    """A date has no holiday data, so whether it is a working day is unknown."""


FIXED_DATE_HOLIDAYS: frozenset[tuple[int, int]] = frozenset(
    {(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)}
)
"""Holidays whose date never moves (《全国年节及纪念日放假办法》: 元旦, 劳动节, 国庆节);
春节 and the other lunar holidays need the year's notice."""


def weekday_cn(d: date) -> str:
    """``星期一`` … ``星期日``: users check deadlines against a wall calendar."""
    return f"星期{_WEEKDAYS_CN[d.weekday()]}"


def format_cn_date(d: date) -> str:
    """``2027年1月31日`` — the way dates are written in government documents."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """One year's 节假日安排: rest days (放假) and weekend working days (调休上班).

    ``holidays`` and ``workdays`` may include late-December days of the previous year, because
    a notice's 元旦 block sometimes starts there (e.g. 2018-12-31 came from the 2019 notice).
    """

    year: int
    source: str
    holidays: frozenset[date]
    workdays: frozenset[date]


def _parse_dates(data: Mapping[str, Any], key: str, year: int, where: str) -> list[date]:
    raw = data.get(key)
    if not isinstance(raw, list):
        raise HolidayDataError(f'{where}：「{key}」必须是日期列表（如 ["{year}-01-01"]）。')
    out: list[date] = []
    for item in raw:
        if not isinstance(item, str) or not _ISO_DATE.match(item):
            raise HolidayDataError(f"{where}：「{key}」中的「{item}」不是 YYYY-MM-DD 格式的日期。")
        try:
            d = date.fromisoformat(item)
        except ValueError:
            raise HolidayDataError(f"{where}：「{key}」中的「{item}」不是有效日期。") from None
        if not (d.year == year or (d.year == year - 1 and d.month == 12)):
            raise HolidayDataError(
                f"{where}：「{key}」中的 {item} 不属于{year}年"
                f"（只允许{year}年的日期，以及通知中跨年的{year - 1}年12月的日期）。"
            )
        if d in out:
            raise HolidayDataError(f"{where}：「{key}」中的 {item} 重复出现。")
        out.append(d)
    return out


def parse_year_schedule(data: Mapping[str, Any], where: str = "节假日数据") -> YearSchedule:
    """Validate one year's plain dict (the ``corpus/holidays`` JSON) into a ``YearSchedule``.

    Strict on purpose: a typo here moves statutory deadlines. ``where`` names the file in
    messages. Rules mirror ``corpus/holidays/schema.json``.
    """
    if not isinstance(data, Mapping):
        raise HolidayDataError(f"{where}：内容必须是一个 JSON 对象。")
    unknown = sorted(set(data) - _ALLOWED_KEYS)
    if unknown:
        raise HolidayDataError(
            f"{where}：不认识的字段 {', '.join(unknown)}"
            "（只允许 year、source、holidays、workdays、notes、$schema）。"
        )
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2200:
        raise HolidayDataError(f"{where}：「year」必须是年份整数，如 2027。")
    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise HolidayDataError(
            f"{where}：「source」必须写明依据，"
            f"如 国务院办公厅关于{year}年部分节假日安排的通知（文号）。"
        )
    holidays = _parse_dates(data, "holidays", year, where)
    if not holidays:
        raise HolidayDataError(f"{where}：「holidays」不能为空（每年至少有元旦等法定节假日）。")
    workdays = _parse_dates(data, "workdays", year, where)
    for d in workdays:
        if d.weekday() < 5:
            raise HolidayDataError(
                f"{where}：「workdays」只列调休上班的周末日期，"
                f"{d.isoformat()} 是{weekday_cn(d)}，本来就是工作日。"
            )
    both = sorted(set(holidays) & set(workdays))
    if both:
        raise HolidayDataError(
            f"{where}：{both[0].isoformat()} 同时出现在「holidays」和「workdays」中。"
        )
    return YearSchedule(year, source.strip(), frozenset(holidays), frozenset(workdays))


@cache
def chinese_calendar_schedules() -> tuple[YearSchedule, ...]:
    """chinesecalendar's data as one schedule per year it covers (a snapshot, read once)."""
    version = getattr(chinese_calendar, "__version__", "?")
    years = {d.year for d in chinese_calendar.holidays}
    out = []
    for y in range(min(years), max(years) + 1):
        out.append(
            YearSchedule(
                year=y,
                source=f"chinesecalendar {version}",
                holidays=frozenset(d for d in chinese_calendar.holidays if d.year == y),
                workdays=frozenset(d for d in chinese_calendar.workdays if d.year == y),
            )
        )
    return tuple(out)


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    """The n-th working day after ``start``, and whether every counted day had real data."""

    start: date
    workdays: int
    due: date
    calendar_covers: bool
    uncovered_years: tuple[int, ...] = ()
    warnings: tuple[str, ...] = ()


class HolidayCalendar:
    """Which days are 工作日, for the years some data source covers.

    One schedule per year. ``from_sources`` gives chinesecalendar precedence for the years it
    covers, so a shipped file can never shadow the library by accident; a file for such a year
    is listed in ``ignored_years``.
    """

    def __init__(self, schedules: Iterable[YearSchedule]) -> None:
        self._schedules: dict[int, YearSchedule] = {}
        for s in schedules:
            if s.year in self._schedules:
                raise HolidayDataError(f"{s.year}年的节假日数据重复提供。")
            self._schedules[s.year] = s
        self.ignored_years: tuple[int, ...] = ()
        self._rest: set[date] = set()
        self._work: set[date] = set()
        # In-year dates first, then the December days a later notice fixes (newer information).
        ordered = sorted(self._schedules.values(), key=lambda s: s.year)
        for cross in (False, True):
            for s in ordered:
                for d in s.holidays:
                    if (d.year != s.year) is cross:
                        self._work.discard(d)
                        self._rest.add(d)
                for d in s.workdays:
                    if (d.year != s.year) is cross:
                        self._rest.discard(d)
                        self._work.add(d)

    @classmethod
    def from_sources(
        cls,
        supplementary: Iterable[YearSchedule | Mapping[str, Any]] = (),
        *,
        include_chinese_calendar: bool = True,
    ) -> HolidayCalendar:
        """chinesecalendar plus supplementary years (dicts are validated; later ones win)."""
        base = chinese_calendar_schedules() if include_chinese_calendar else ()
        base_years = {s.year for s in base}
        extra: dict[int, YearSchedule] = {}
        for item in supplementary:
            s = item if isinstance(item, YearSchedule) else parse_year_schedule(item)
            extra[s.year] = s
        calendar = cls([*base, *(s for y, s in extra.items() if y not in base_years)])
        calendar.ignored_years = tuple(sorted(set(extra) & base_years))
        return calendar

    @property
    def years(self) -> tuple[int, ...]:
        """The years with data, ascending."""
        return tuple(sorted(self._schedules))

    def source(self, year: int) -> str | None:
        """Where a year's data comes from (the notice or the library), for provenance."""
        s = self._schedules.get(year)
        return s.source if s else None

    def covers(self, d: date) -> bool:
        """True when ``d``'s year has holiday data."""
        return d.year in self._schedules

    def is_workday(self, d: date) -> bool:
        """True for a 工作日; raises ``CalendarNotCovered`` rather than guess."""
        if not self.covers(d):
            raise CalendarNotCovered(f"没有{d.year}年的节假日安排数据，无法判断 {d} 是否为工作日。")
        return self._lookup(d)

    def likely_workday(self, d: date) -> bool:
        """Whether ``d`` is a 工作日; for a year without data, Monday–Friday except the
        holidays on fixed dates (元旦, 劳动节, 国庆节): good enough to keep reminders off rest
        days, never used to count a deadline."""
        if not self.covers(d) and (d.month, d.day) in FIXED_DATE_HOLIDAYS:
            return False
        return self._lookup(d)

    def _lookup(self, d: date) -> bool:
        if d in self._work:
            return True
        if d in self._rest:
            return False
        return d.weekday() < 5

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start`` (``start`` not counted); strict.

        Raises ``CalendarNotCovered`` if any counted day lacks data; use
        ``working_days_after`` for the weekends-only fallback with a warning.
        """
        result = self.working_days_after(start, n)
        if not result.calendar_covers:
            raise CalendarNotCovered(result.warnings[0])
        return result.due

    def working_days_after(self, start: date, n: int) -> WorkdayResult:
        """The n-th working day after ``start``, counted with an explicit loop.

        chinesecalendar's ``find_workday`` snaps a rest-day start forward first and is then
        one day late (a start on a rest day counts that day), hence the loop. Days without
        data count as working days if Monday–Friday, and the result says so.
        """
        if n < 0:
            raise ValueError("n must be >= 0")
        d, left = start, n
        uncovered: set[int] = set()
        while left > 0:
            d += timedelta(days=1)
            if not self.covers(d):
                uncovered.add(d.year)
            if self._lookup(d):
                left -= 1
        years = tuple(sorted(uncovered))
        warnings = (self.uncovered_warning(years),) if years else ()
        return WorkdayResult(start, n, d, not years, years, warnings)

    def uncovered_warning(self, years: Iterable[int]) -> str:
        """The Chinese warning for counting through years without holiday data."""
        ys = "、".join(f"{y}年" for y in sorted(set(years)))
        return (
            f"⚠ 请先核对：系统尚未收录{ys}的法定节假日和调休安排"
            f"（已收录：{self._coverage_text()}），"
            f"下列涉及{ys}的期限只扣除了周末，没有扣除节假日、也没有计入调休上班日，可能偏早或偏晚。"
            f"答复申请人前，请对照国务院办公厅发布的{ys}部分节假日安排的通知逐日核对；"
            "期限内遇节假日的顺延，遇调休上班日的照常计入。请系统管理员在通知发布后补充节假日数据。"
        )

    def _coverage_text(self) -> str:
        years = self.years
        if not years:
            return "无"
        runs: list[tuple[int, int]] = []
        for y in years:
            if runs and runs[-1][1] == y - 1:
                runs[-1] = (runs[-1][0], y)
            else:
                runs.append((y, y))
        return "、".join(f"{a}年" if a == b else f"{a}–{b}年" for a, b in runs)


# --- 依申请公开 deadlines -------------------------------------------------------------------

REPLY_WORKDAYS = 20
"""第三十三条第二款: reply within 20 working days of receipt."""
EXTENSION_WORKDAYS = 20
"""第三十三条第二款: 延长的期限最长不得超过20个工作日, counted on from ``reply_by``."""
CORRECTION_WORKDAYS = 7
"""第三十条: 一次性告知补正 within 7 working days of receipt."""
THIRD_PARTY_WORKDAYS = 15
"""第三十二条: the third party answers within 15 working days of receiving the letter."""


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """Where a deadline comes from, as printed to users."""

    field: str
    label: str
    article: str
    workdays: int
    basis: str


DEADLINE_RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        "reply_by",
        "答复期限",
        "第三十三条第二款",
        REPLY_WORKDAYS,
        "不能当场答复的，应当自收到申请之日起20个工作日内予以答复",
    ),
    DeadlineRule(
        "extended_reply_by",
        "延长后的答复期限",
        "第三十三条第二款",
        EXTENSION_WORKDAYS,
        "需要延长的，应当经政府信息公开工作机构负责人同意并告知申请人，"
        "延长的期限最长不得超过20个工作日（自原答复期限届满次日起算）",
    ),
    DeadlineRule(
        "correction_notice_by",
        "补正告知期限",
        "第三十条",
        CORRECTION_WORKDAYS,
        "申请内容不明确的，应当自收到申请之日起7个工作日内一次性告知申请人作出补正",
    ),
    DeadlineRule(
        "third_party_by",
        "第三方提出意见期限",
        "第三十二条",
        THIRD_PARTY_WORKDAYS,
        "第三方应当自收到征求意见书之日起15个工作日内提出意见",
    ),
)
"""The four deadlines in display order, with the 条例 article for each."""

NOTES: tuple[str, ...] = (
    "期限自收到申请的次日起算，按工作日计算：扣除法定节假日，计入调休上班日。",
    "收到申请之日按第三十一条确定（当面提交为提交之日，邮寄为签收之日，网络或传真为双方确认之日）。",
    "要求补正的，答复期限自收到补正后的申请之日起重新计算（第三十条）。",
    "征求第三方和其他机关意见所需时间不计算在答复期限内（第三十三条第三款）。",
)
"""Caveats every deadline answer should carry."""


@dataclass(frozen=True, slots=True)
class ApplicationDeadlines:
    """The 依申请公开 deadlines for one application (政府信息公开申请)."""

    received: date
    reply_by: date
    extended_reply_by: date
    correction_notice_by: date
    third_party_by: date
    calendar_covers: bool
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape every channel shares: ISO dates, ``warnings`` only when present."""
        out: dict[str, Any] = {
            "received": self.received.isoformat(),
            "reply_by": self.reply_by.isoformat(),
            "extended_reply_by": self.extended_reply_by.isoformat(),
            "correction_notice_by": self.correction_notice_by.isoformat(),
            "third_party_by": self.third_party_by.isoformat(),
            "calendar_covers": self.calendar_covers,
        }
        if self.warnings:
            out["warnings"] = list(self.warnings)
        return out


def application_deadlines(
    received: date, calendar: HolidayCalendar, *, third_party_notified: date | None = None
) -> ApplicationDeadlines:
    """Deadlines counted from the day the application was received (收到申请之日).

    ``third_party_by`` runs from the day the third party receives the 征求意见书 (第三十二条);
    without ``third_party_notified`` it is estimated from ``received``, the earliest it can be.
    """
    reply = calendar.working_days_after(received, REPLY_WORKDAYS)
    extended = calendar.working_days_after(reply.due, EXTENSION_WORKDAYS)
    correction = calendar.working_days_after(received, CORRECTION_WORKDAYS)
    third = calendar.working_days_after(third_party_notified or received, THIRD_PARTY_WORKDAYS)
    results = (reply, extended, correction, third)
    uncovered = sorted({y for r in results for y in r.uncovered_years})
    warnings: list[str] = []
    if uncovered:
        warnings.append(calendar.uncovered_warning(uncovered))
    if received < REGULATION_2019_EFFECTIVE:
        warnings.append(
            "注意：2019年5月15日前收到的申请适用2008年施行的原条例（答复期限为15个工作日，"
            "可延长不超过15个工作日），以上结果按2019年修订的条例计算，仅供参考。"
        )
    return ApplicationDeadlines(
        received=received,
        reply_by=reply.due,
        extended_reply_by=extended.due,
        correction_notice_by=correction.due,
        third_party_by=third.due,
        calendar_covers=not uncovered,
        warnings=tuple(warnings),
    )
