"""Staff journeys through the CLI (issue 14): what a clerk reads from ``xxgk parse``,
``xxgk deadline`` and ``xxgk remind plan``, and a report stored in chat for another organ
that must not block the real organ's ``xxgk ingest``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.auxil.fake_embeddings import fake_embeddings
from tests.auxil.layouts import render_text, sample_data
from xxgk.cli import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XXGK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "160")
    with fake_embeddings() as name:
        monkeypatch.setenv("XXGK_EMBEDDING_PROVIDER", name)
        yield tmp_path


def _report(tmp: Path, **overrides: object) -> Path:
    path = tmp / "年报.txt"
    path.write_text(render_text(sample_data(**overrides)), encoding="utf-8")
    return path


def test_parse_shows_full_labels_and_numbers_as_tables(env: Path) -> None:
    result = runner.invoke(app, ["parse", str(_report(env))])
    assert result.exit_code == 0, result.stdout
    out = result.stdout
    assert "[" not in out and "]" not in out  # no Python lists
    # 表二: each number under its own column label
    assert "本年制发件数" in out and "现行有效件数" in out and "本年处理决定数量" in out
    row = next(line for line in out.splitlines() if "行政规范性文件" in line)
    assert row.split()[-1] == "3"  # 本年制发件数 of 行政规范性文件
    # 表三: the full printed label (wrapped in a narrow terminal, never cut)
    assert "…" not in out
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in out
    assert "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用" in out
    # 表四 as a grid: one line per group, the five results as columns
    review = next(line for line in out.splitlines() if line.strip().startswith("行政复议"))
    assert review.split()[1:] == ["1", "0", "0", "1", "2"]


def test_parse_in_a_narrow_terminal_wraps_labels_without_cutting(
    env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = runner.invoke(app, ["parse", str(_report(env))]).stdout
    assert "…" not in out and "[" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "区分处" in out and "计其他情形）" in out


def test_parse_json_is_unchanged(env: Path) -> None:
    result = runner.invoke(app, ["parse", str(_report(env)), "--json"])
    data = json.loads(result.stdout)
    assert data["active"]["行政规范性文件"] == [3, 1, 12]
    assert data["review_litigation"][:5] == [1, 0, 0, 1, 2]


# -- deadlines and the reminder plan (item 5) ----------------------------------------------


@pytest.fixture
def roster_home(tmp_path: Path) -> Path:
    """A data directory holding the reminder roster of ``test_remind``."""
    from storage import Store
    from tests.integration.test_remind import seed

    home = tmp_path / "roster"
    store = Store(f"sqlite:///{home / 'xxgk.sqlite3'}")
    store.upgrade()
    seed(store)
    store.close()
    return home


def _remind(home: Path, *args: str) -> str:
    result = runner.invoke(
        app, ["remind", *args], env={"XXGK_HOME": str(home), "XXGK_SUPERVISOR_CHATS": ""}
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_remind_plan_without_dates_runs_from_today_to_the_end_of_the_season(
    roster_home: Path,
) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from deadlines.reporting import current_report_year

    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    year = current_report_year(today)
    out = _remind(roster_home, "plan")
    # 县级政府 may publish until 3月31日; three overdue days follow
    assert f"{year}年度年报提醒计划：{today} 至 {year + 1}-04-03" in out


def test_remind_plan_shows_texts_and_keeps_off_weekends_and_holidays(roster_home: Path) -> None:
    from tests.integration.test_remind import CHAT, TOWN

    # 2027-01-31 (the deadline) is a Sunday, 01-30 a Saturday, 2027-01-01 is 元旦
    out = _remind(roster_home, "plan", "--from", "2026-12-28", "--to", "2027-02-02")
    lines = out.splitlines()
    assert lines[0].startswith("⚠ 系统尚未收录2027年的法定节假日安排")  # the caveat first
    assert not [ln for ln in lines if "（星期六）" in ln or "（星期日）" in ln]
    assert not [ln for ln in lines if ln.startswith("2027-01-01")]
    friday = f"2027-01-29 09:00（星期五）　截止前提醒　→ {TOWN}（会话 {CHAT[TOWN]}）"
    assert lines.count(friday) == 1  # D-1 and D-0 fall on the weekend: one reminder on Friday
    text = lines[lines.index(friday) + 1]
    assert "发布截止日（2027年1月31日）还有2天" in text
    monday = f"2027-02-01 09:00（星期一）　逾期提醒　→ {TOWN}（会话 {CHAT[TOWN]}）"
    assert monday in lines
    # asked for, weekends are planned as before
    every_day = _remind(
        roster_home, "plan", "--from", "2027-01-30", "--to", "2027-01-31", "--weekends"
    )
    assert f"2027-01-31 09:00（星期日）　截止前提醒　→ {TOWN}（会话 {CHAT[TOWN]}）" in every_day
    assert "今天（2027年1月31日）是2026年度政府信息公开工作年度报告发布截止日" in every_day


def test_remind_run_sends_nothing_on_a_weekend_unless_asked(roster_home: Path) -> None:
    saturday = _remind(roster_home, "run", "--now", "2027-01-30T09:00+08:00", "--dry-run")
    assert "今天是周末或法定节假日，不发送提醒" in saturday
    assert "将发送" not in saturday
    asked = _remind(
        roster_home, "run", "--now", "2027-01-30T09:00+08:00", "--dry-run", "--weekends"
    )
    assert "将发送" in asked
    monday = _remind(roster_home, "run", "--now", "2027-02-01T09:00+08:00", "--dry-run")
    assert "将发送" in monday and "逾期提醒" in monday


# -- a clerk's copy of another organ's report does not block its import (item 1) ----------


def test_ingest_is_not_blocked_by_a_draft_copy_kept_in_chat(env: Path) -> None:
    from base.settings import Settings
    from services.checking import check_upload
    from services.storage import open_store

    path = _report(env, organ="西城镇人民政府")
    store = open_store(Settings())
    try:  # 东城镇's clerk kept 西城镇's report as a draft (after saying yes in chat)
        copy = check_upload(
            Settings(), store, path.read_bytes(), path.name, chat_id=7, organ="东城镇人民政府"
        )
        assert copy.report_id is not None
    finally:
        store.close()
    result = runner.invoke(app, ["ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "已导入过" not in result.stdout
    assert "西城镇人民政府 2023年度" in result.stdout
    assert "新增 1 份" in result.stdout
