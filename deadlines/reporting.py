"""When each organ's 政府信息公开工作年度报告 is due. Pure.

条例第四十九条: 县级以上人民政府部门 publish by 1月31日; the 县级以上地方人民政府's own report
is published by 3月31日. 乡镇 and 街道 follow the date their county sets (default 1月31日).
The report for year Y is due in Y+1.

Overrides are plain dicts, region → organ kind → ``"MM-DD"``; ``"*"`` matches any region or
kind. The most specific entry wins (region+kind, region+*, *+kind, *+*)::

    {"*": {"乡镇": "01-20"}, "某某县": {"乡镇": "01-15", "街道": "01-15"}}

A statutory date may be moved earlier (counties often want departments' reports sooner) but
never later than the 条例 allows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from organs import OrganKind

ANY = "*"
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")


STATUTORY: Mapping[OrganKind, tuple[int, int]] = {
    OrganKind.DEPARTMENT: (1, 31),
    OrganKind.COUNTY: (3, 31),
}
"""Latest (month, day) the 条例第四十九条 allows; overrides may only be earlier."""

DEFAULTS: Mapping[OrganKind, tuple[int, int]] = {
    **STATUTORY,
    OrganKind.TOWNSHIP: (1, 31),
    OrganKind.STREET: (1, 31),
}
"""(month, day) used when no override applies."""

ReportOverrides = Mapping[str, Mapping[str, str]]


class DeadlineConfigError(ValueError):
    """An organ kind or override is invalid; ``str(error)`` is Chinese."""


def organ_kind(kind: OrganKind | str) -> OrganKind:
    """Accept the Chinese name (``"部门"``) as well as the enum."""
    try:
        return OrganKind(kind)
    except ValueError:
        names = "、".join(k.value for k in OrganKind)
        raise DeadlineConfigError(f"不认识的单位类型「{kind}」（可选：{names}）。") from None


def _month_day(raw: str, where: str) -> tuple[int, int]:
    m = _MONTH_DAY.match(raw.strip()) if isinstance(raw, str) else None
    if not m:
        raise DeadlineConfigError(f"{where}的截止日「{raw}」格式不对，应为 月-日，如 01-31。")
    month, day = int(m.group(1)), int(m.group(2))
    try:
        date(2024, month, day)  # a leap year, so 02-29 is accepted here
    except ValueError:
        raise DeadlineConfigError(f"{where}的截止日「{raw}」不是有效日期。") from None
    return month, day


def validate_overrides(overrides: ReportOverrides) -> None:
    """Check every entry up front, so a bad config fails at start-up, not in January."""
    for region, kinds in overrides.items():
        if not isinstance(kinds, Mapping):
            raise DeadlineConfigError(f"「{region}」的截止日设置必须是 单位类型 → 月-日 的对应表。")
        for kind_name, raw in kinds.items():
            where = f"「{'所有地区' if region == ANY else region}」"
            where += f"「{'所有单位' if kind_name == ANY else kind_name}」"
            md = _month_day(raw, where)
            kinds_hit = list(OrganKind) if kind_name == ANY else [organ_kind(kind_name)]
            for kind in kinds_hit:
                limit = STATUTORY.get(kind)
                if limit and md > limit and kind_name != ANY:
                    raise DeadlineConfigError(
                        f"{where}的截止日 {raw} 晚于条例第四十九条规定的"
                        f"{limit[0]}月{limit[1]}日，只能提前，不能推后。"
                    )


def report_deadline(
    kind: OrganKind | str,
    region: str | None,
    report_year: int,
    overrides: ReportOverrides | None = None,
) -> date:
    """The last day to publish the report for ``report_year`` (due in ``report_year + 1``).

    A wildcard kind (``"*"``) never pushes a statutory kind past its 条例 date; it is capped.
    """
    k = organ_kind(kind)
    overrides = overrides or {}
    validate_overrides(overrides)
    md = DEFAULTS[k]
    for r, kk in ((region, k.value), (region, ANY), (ANY, k.value), (ANY, ANY)):
        if r is None:
            continue
        raw = overrides.get(r, {}).get(kk)
        if raw is not None:
            md = _month_day(raw, f"「{r}」「{kk}」")
            break
    limit = STATUTORY.get(k)
    if limit and md > limit:
        md = limit
    month, day = md
    year = report_year + 1
    if (month, day) == (2, 29):
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return date(year, month, day)


def current_report_year(today: date) -> int:
    """The report year the reminder season is about on ``today``.

    Until the end of April the season is last year's report (latest due 3月31日 plus the
    overdue days); from May on it is this year's report, due next year.
    """
    return today.year - 1 if today.month <= 4 else today.year
