"""``xxgk deadline``: Chinese text, the exact JSON shape, exit codes 0/1/2 and holiday folders."""

from __future__ import annotations

import ast
import json
import re
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from base.errors import InvalidSetting
from base.settings import Settings, load_settings
from deadlines.reporting import report_deadline
from services import deadlines as services
from xxgk.commands import deadline

REPO = Path(__file__).resolve().parents[2]
JSON_KEYS = {
    "received",
    "reply_by",
    "extended_reply_by",
    "correction_notice_by",
    "third_party_by",
    "calendar_covers",
}
FAKE_2030 = {
    "year": 2030,
    "source": "测试用虚构数据（非真实通知）",
    "holidays": ["2030-01-01", "2030-01-02", "2030-01-03"],
    "workdays": ["2030-01-05"],
}


@pytest.fixture
def app() -> typer.Typer:
    """A bare app with only this command, so the test does not depend on other commands."""
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """xxgk"""

    deadline.register(app)
    return app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_text_output_names_each_article(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["deadline", "2026-03-02"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "收到申请之日：2026年3月2日（星期一）" in out
    assert "答复期限：2026年3月30日（星期一）" in out
    assert "延长后的答复期限：2026年4月28日（星期二）" in out
    assert "补正告知期限：2026年3月11日（星期三）" in out
    assert "第三方提出意见期限：2026年3月23日（星期一）" in out
    for article in ("第三十三条第二款", "第三十条", "第三十二条", "第三十三条第三款"):
        assert article in out
    assert "注意" not in out


def test_json_has_exactly_the_documented_keys(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["deadline", "2026-09-18", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == JSON_KEYS
    assert data["received"] == "2026-09-18"
    assert data["reply_by"] == "2026-10-22"
    assert data["calendar_covers"] is True


def test_beyond_coverage_warns_in_text_and_json(app: typer.Typer, runner: CliRunner) -> None:
    result = runner.invoke(app, ["deadline", "2026-12-10", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == JSON_KEYS | {"warnings"}
    assert data["calendar_covers"] is False
    assert "2027年" in data["warnings"][0]
    text = runner.invoke(app, ["deadline", "2026年12月10日"])
    assert text.exit_code == 0
    # the warning comes first, before any date, and says what the office should do
    first = text.stdout.splitlines()[0]
    assert "尚未收录2027年的法定节假日和调休安排" in first
    assert "国务院办公厅发布的2027年部分节假日安排的通知" in first
    assert ".md" not in text.stdout and "corpus/" not in text.stdout  # no source-file path
    assert text.stdout.index("尚未收录") < text.stdout.index("答复期限")


@pytest.mark.parametrize("bad", ["2026-02-30", "明天", "2026-13-01", "20260302"])
def test_bad_date_exits_2_with_chinese_error(app: typer.Typer, runner: CliRunner, bad: str) -> None:
    result = runner.invoke(app, ["deadline", bad])
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：")
    assert "日期" in result.stderr
    assert result.stdout == ""


def test_holidays_dir_extends_coverage(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "2030.json").write_text(json.dumps(FAKE_2030, ensure_ascii=False), "utf-8")
    env = {"XXGK_HOLIDAYS_DIR": str(tmp_path)}
    result = runner.invoke(app, ["deadline", "2029-12-31", "--json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # 2029 has no data, but only days of (fake) 2030 are counted: 01-01…03 off, 01-05 上班.
    assert data["correction_notice_by"] == "2030-01-11"
    assert data["reply_by"] == "2030-01-30"
    assert data["calendar_covers"] is True and "warnings" not in data
    without = json.loads(runner.invoke(app, ["deadline", "2029-12-31", "--json"]).stdout)
    assert without["calendar_covers"] is False
    assert without["correction_notice_by"] == "2030-01-09"


def test_bad_holiday_setup_exits_1(app: typer.Typer, runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(
        app, ["deadline", "2026-03-02"], env={"XXGK_HOLIDAYS_DIR": str(tmp_path / "nope")}
    )
    assert missing.exit_code == 1
    assert "补充节假日数据目录" in missing.stderr
    (tmp_path / "2030.json").write_text('{"year": 2030}', "utf-8")
    broken = runner.invoke(
        app, ["deadline", "2026-03-02"], env={"XXGK_HOLIDAYS_DIR": str(tmp_path)}
    )
    assert broken.exit_code == 1
    assert "2030.json" in broken.stderr


def test_command_is_listed_in_the_cli() -> None:
    """Checked without importing xxgk.cli, whose other commands are not this test's concern."""
    tree = ast.parse((REPO / "xxgk" / "cli.py").read_text(encoding="utf-8"))
    modules = next(
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign)
        and isinstance(node.target, ast.Name)
        and node.target.id == "COMMAND_MODULES"
    )
    assert "xxgk.commands.deadline" in ast.literal_eval(modules)


# --- the service helpers the scheduler will use ------------------------------------------


def test_settings_become_plain_planner_arguments(tmp_path: Path) -> None:
    settings = Settings(
        home=tmp_path,
        supervisor_chats="某某县:900, 901；另一区：-1002",
        reminder_offsets="14，7,0",
        overdue_days=2,
        default_deadline="01-20",
    )
    assert services.supervisors(settings) == {"某某县": [900], "*": [901], "另一区": [-1002]}
    policy = services.reminder_policy(settings)
    assert (policy.offsets, policy.overdue_days, policy.timezone) == (
        (14, 7, 0),
        2,
        "Asia/Shanghai",
    )
    overrides = services.report_overrides(settings)
    assert report_deadline("乡镇", "某某县", 2026, overrides) == date(2027, 1, 20)
    assert report_deadline("县级政府", "某某县", 2026, overrides) == date(2027, 3, 31)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"supervisor_chats": "某某县:abc"},
            '环境变量 XXGK_SUPERVISOR_CHATS 的值 "某某县:abc" 无效',
        ),
        ({"reminder_offsets": "7,7"}, '环境变量 XXGK_REMINDER_OFFSETS 的值 "7,7" 无效：应为不重复'),
        ({"reminder_offsets": "七天"}, "环境变量 XXGK_REMINDER_OFFSETS"),
        ({"timezone": "Mars/Base"}, '环境变量 XXGK_TIMEZONE 的值 "Mars/Base" 无效'),
        ({"overdue_days": "三"}, '环境变量 XXGK_OVERDUE_DAYS 的值 "三" 无效：应为整数'),
        ({"default_deadline": "2-30"}, "环境变量 XXGK_DEFAULT_DEADLINE"),
        ({"default_deadline": "02-15"}, '环境变量 XXGK_DEFAULT_DEADLINE 的值 "02-15" 无效'),
        ({"county_deadline": "04-30"}, '环境变量 XXGK_COUNTY_DEADLINE 的值 "04-30" 无效'),
        ({"llm_base_url": "http://127.0.0.1:9/v1"}, "XXGK_LLM_MODEL"),
    ],
)
def test_bad_settings_stop_the_cli_at_start_up_naming_the_variable(
    app: typer.Typer,
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bad: dict[str, str],
    message: str,
) -> None:
    monkeypatch.setenv("XXGK_HOME", str(tmp_path))
    for field, value in bad.items():
        monkeypatch.setenv(f"XXGK_{field.upper()}", value)
    result = runner.invoke(app, ["deadline", "2026-03-02"])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    with pytest.raises(InvalidSetting, match=re.escape(message)):
        services.check_settings(load_settings())
