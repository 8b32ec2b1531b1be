"""Load and validate the numbers a report is drafted from, before any text is written.

A draft built from an inconsistent table would publish the inconsistency, with a confident
sentence ("共收到申请10件") on top. So the data file is checked first with the checker's own
table rules (T2/T3/T4: the 勾稽关系 of 表三, the sums of 表四, the values of 表二); any error
stops the draft with an ``InputError`` that lists each one in Chinese (row, column, numbers).
Warnings (blank cells, 制发 > 现行有效 + 废止) do not stop it; they are passed on as notes.

The data is the JSON ``xxgk parse --json`` prints (organ, year, format, active, applications,
review_litigation) plus optional ``facts`` (see ``drafting.facts``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from base.errors import InputError
from drafting.facts import Facts, parse_facts
from ingest.model import (
    APPLICANT_COLUMNS,
    T2_ITEMS_2021,
    T3_ROWS_2021,
    T4_COLUMNS,
    AnnualReport,
    report_from_json,
)

TABLE_RULES: tuple[str, ...] = ("T2", "T3", "T4")
"""The checker's rule prefixes run on a data file before drafting."""

MAX_LISTED = 20
"""Problems listed in one error message; more are counted, not listed."""


@dataclass(frozen=True, slots=True)
class DraftData:
    """Validated input of a draft: the tables (JSON shape and model), the facts, and the
    warnings that did not stop the draft."""

    organ: str
    year: int
    data: dict[str, Any]
    report: AnnualReport
    facts: Facts
    notes: tuple[str, ...] = ()


def load_data_file(path: Path) -> dict[str, Any]:
    """Read a data file (UTF-8 JSON object); unreadable or malformed files are InputErrors."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到数据文件「{path}」，请检查路径后重试。")
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"数据文件「{path.name}」不是 UTF-8 编码的文本，请另存为 UTF-8。") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            f"数据文件「{path.name}」不是有效的 JSON：第{exc.lineno}行第{exc.colno}列附近有误"
            f"（{exc.msg}）。"
        ) from exc
    if not isinstance(raw, dict):
        raise InputError(
            f"数据文件「{path.name}」应为 JSON 对象（与 xxgk parse --json 的输出相同）。"
        )
    return raw


def _is_number(value: Any) -> bool:
    return value is None or (isinstance(value, int | float) and not isinstance(value, bool))


def _shape_errors(data: Mapping[str, Any]) -> list[str]:
    """Missing keys and wrongly typed values: what must hold before the rules can run."""
    errors: list[str] = []
    fmt = str(data.get("format") or "2021")
    if fmt != "2021":
        errors.append(
            f"起草只支持2021年版格式（国办公开办函〔2021〕30号），数据文件为{fmt}年版格式"
        )
        return errors
    active = data.get("active")
    if not isinstance(active, Mapping):
        errors.append("缺少表二数据（active）")
    else:
        for key, (_para, cols) in T2_ITEMS_2021.items():
            if key not in active:
                errors.append(f"表二缺少「{key}」一行")
                continue
            value = active[key]
            if len(cols) > 1:
                if not isinstance(value, list) or len(value) != len(cols):
                    errors.append(f"表二「{key}」应为{len(cols)}个数（{'、'.join(cols)}）")
                elif not all(_is_number(v) for v in value):
                    errors.append(f"表二「{key}」含有非数字的值：{value}")
            elif not _is_number(value):
                errors.append(f"表二「{key}」应为一个数，实际为「{value}」")
    apps = data.get("applications")
    if not isinstance(apps, Mapping):
        errors.append("缺少表三数据（applications）")
    else:
        for key, label in T3_ROWS_2021:
            row = apps.get(key)
            if row is None:
                errors.append(f"表三缺少「{label}」一行（键「{key}」）")
            elif not isinstance(row, list) or len(row) != len(APPLICANT_COLUMNS):
                errors.append(f"表三「{label}」应为7个数（{'、'.join(APPLICANT_COLUMNS)}）")
            elif not all(_is_number(v) for v in row):
                errors.append(f"表三「{label}」含有非数字的值：{row}")
    review = data.get("review_litigation")
    if not isinstance(review, list) or len(review) != len(T4_COLUMNS):
        errors.append(
            "表四（review_litigation）应为15个数：行政复议、未经复议直接起诉、复议后起诉各5列"
        )
    elif not all(_is_number(v) for v in review):
        errors.append(f"表四含有非数字的值：{review}")
    return errors


def _listing(problems: list[str]) -> str:
    shown = [f"  {i}. {p}" for i, p in enumerate(problems[:MAX_LISTED], 1)]
    if len(problems) > MAX_LISTED:
        shown.append(f"  ……另有{len(problems) - MAX_LISTED}处")
    return "\n".join(shown)


def _rule_findings(report: AnnualReport) -> tuple[list[str], list[str]]:
    """(errors, warnings) of the table rules, each as one Chinese line."""
    from checks.registry import run_checks

    errors: list[str] = []
    warnings: list[str] = []
    for f in run_checks(report, select=list(TABLE_RULES)):
        line = f"{f.message}（{f.fix}）" if f.fix else f.message
        if f.severity == "error":
            errors.append(line)
        elif f.severity == "warning":
            warnings.append(line)
    return errors, warnings


def prepare_data(
    data: Mapping[str, Any],
    *,
    organ: str | None = None,
    year: int | None = None,
    source: str = "数据文件",
) -> DraftData:
    """Validate ``data`` and build the draft's input; ``organ``/``year`` override the file's.

    Raises ``InputError`` naming every problem: missing organ or year, a malformed table,
    each failing sum of 表三/表四, each invalid value.
    """
    problems: list[str] = []
    raw_organ = organ or data.get("organ")
    name = raw_organ.strip() if isinstance(raw_organ, str) else ""
    if not name:
        problems.append("缺少机关名称（organ），可用 --organ 指定")
    raw_year = year if year is not None else data.get("year")
    if isinstance(raw_year, str) and raw_year.strip().isdigit():
        raw_year = int(raw_year.strip())
    if not isinstance(raw_year, int) or isinstance(raw_year, bool) or not 1990 <= raw_year <= 2100:
        problems.append(f"缺少或无法识别报告年度（year），实际为「{raw_year}」，可用 --year 指定")
        raw_year = 0
    problems += _shape_errors(data)
    facts = parse_facts(data.get("facts"), problems)
    if problems:
        raise InputError(f"{source}有{len(problems)}处问题，未起草：\n{_listing(problems)}")

    tables = {
        "organ": name,
        "year": raw_year,
        "format": "2021",
        "active": {k: data["active"][k] for k in T2_ITEMS_2021},
        "applications": {k: list(data["applications"][k]) for k, _ in T3_ROWS_2021},
        "review_litigation": list(data["review_litigation"]),
    }
    report = report_from_json(tables)
    errors, warnings = _rule_findings(report)
    if errors:
        raise InputError(
            f"{source}中的数字不一致，有{len(errors)}处错误，未起草。请先改正数据：\n"
            f"{_listing(errors)}"
        )
    notes = list(warnings)
    if facts.ignored:
        notes.append(f"facts 中有未识别的键（已忽略）：{'、'.join(facts.ignored)}")
    return DraftData(name, raw_year, tables, report, facts, tuple(notes))
