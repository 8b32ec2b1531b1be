"""Loads supplementary holiday years (``<year>.json``) from folders: the one adapter in
``deadlines`` that touches files, so ``workdays`` stays pure.

    schedules = load_holiday_dirs([corpus_dir / "holidays", settings.holidays_dir])
    calendar = HolidayCalendar.from_sources(schedules)

Only files named ``YYYY.json`` are read (``schema.json`` and ``README.md`` are not). Folders
later in the list override earlier ones year by year, so a local folder can correct a shipped
file without editing the project.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from deadlines.workdays import HolidayDataError, YearSchedule, parse_year_schedule

YEAR_FILE = re.compile(r"^(\d{4})\.json$")


def load_year_file(path: Path) -> YearSchedule:
    """Read and validate one ``YYYY.json``; the file name must match its ``year``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise HolidayDataError(f"无法读取节假日数据文件「{path}」：{exc.strerror}。") from exc
    except json.JSONDecodeError as exc:
        raise HolidayDataError(
            f"节假日数据文件「{path.name}」不是有效的 JSON（第{exc.lineno}行第{exc.colno}列）。"
        ) from exc
    schedule = parse_year_schedule(data, where=f"节假日数据文件「{path.name}」")
    m = YEAR_FILE.match(path.name)
    if m and int(m.group(1)) != schedule.year:
        raise HolidayDataError(
            f"节假日数据文件「{path.name}」中的 year 是 {schedule.year}，与文件名不一致。"
        )
    return schedule


def year_files(folder: Path) -> list[Path]:
    """The ``YYYY.json`` files of a folder, by year."""
    return sorted(p for p in folder.iterdir() if p.is_file() and YEAR_FILE.match(p.name))


def load_holiday_dirs(folders: Iterable[Path | None]) -> list[YearSchedule]:
    """All year files of the given folders; ``None`` and missing folders are skipped."""
    by_year: dict[int, YearSchedule] = {}
    for folder in folders:
        if folder is None:
            continue
        if not folder.is_dir():
            if folder.exists():
                raise HolidayDataError(f"节假日数据目录「{folder}」不是文件夹。")
            continue
        for path in year_files(folder):
            s = load_year_file(path)
            by_year[s.year] = s
    return [by_year[y] for y in sorted(by_year)]
