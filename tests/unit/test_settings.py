"""Settings are typed and checked when built: list-like variables are read the way staff write
them, and a wrong value names its environment variable in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from base.errors import InvalidSetting
from base.settings import BUNDLED_CORPUS, Settings, load_settings
from xxgk.cli import app


def test_list_variables_accept_chinese_punctuation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_SUPERVISOR_CHATS", "某某县：900， 901；另一区:-1002")
    monkeypatch.setenv("XXGK_ALLOWED_CHATS", "11；12")
    monkeypatch.setenv("XXGK_REMINDER_OFFSETS", "14，7,0")
    settings = load_settings()
    assert settings.supervisor_chats == {"某某县": (900,), "*": (901,), "另一区": (-1002,)}
    assert settings.supervisor_chat_ids == [900, 901, -1002]
    assert settings.allowed_chat_ids == [11, 12]
    assert settings.reminder_offsets == (14, 7, 0)


def test_defaults_need_no_environment() -> None:
    settings = Settings()
    assert settings.reminder_offsets == (30, 14, 7, 3, 1, 0)
    assert settings.supervisor_chats == {} and settings.allowed_chats == ()
    assert (settings.corpus_dir / "regulation").is_dir()  # the corpus found as package data
    assert settings.corpus_dir == BUNDLED_CORPUS


@pytest.mark.parametrize(
    ("variable", "value", "reason"),
    [
        ("XXGK_ALLOWED_CHATS", "11,abc", "「abc」不是会话 ID"),
        ("XXGK_REMINDER_OFFSETS", "-1,3", "应为不重复的非负整数"),
        ("XXGK_OVERDUE_DAYS", "-2", "不能为负数"),
        ("XXGK_MAX_UPLOAD_MB", "二十", "应为数字"),
        ("XXGK_DEFAULT_DEADLINE", "1月31日", "应为 月-日"),
    ],
)
def test_a_wrong_value_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, reason: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(InvalidSetting) as caught:
        load_settings()
    assert str(caught.value).startswith(f'环境变量 {variable} 的值 "{value}" 无效：')
    assert reason in str(caught.value)
    assert caught.value.exit_code == 2


def test_config_prints_list_values_as_they_are_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XXGK_HOME", str(tmp_path))
    monkeypatch.setenv("XXGK_SUPERVISOR_CHATS", "某县:-900,12")
    result = CliRunner().invoke(app, ["config"])
    assert result.exit_code == 0
    assert "XXGK_SUPERVISOR_CHATS = 某县:-900,12" in result.output
    assert "XXGK_REMINDER_OFFSETS = 30,14,7,3,1,0" in result.output


def test_a_wrong_value_never_prints_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XXGK_WEBHOOK_PORT", "postgresql://xxgk:S3cretPw@db/xxgk")
    with pytest.raises(InvalidSetting) as caught:
        load_settings()
    assert "S3cretPw" not in str(caught.value) and "***" in str(caught.value)
