"""The docs keep up with the code: every setting is in the README, every command has help."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from base.settings import Settings, env_name
from tests.conftest import REPO
from xxgk.cli import app

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_setting_is_documented_in_readme(field: str) -> None:
    assert f"`{env_name(field)}`" in README


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_setting_has_a_description(field: str) -> None:
    assert Settings.model_fields[field].description


def test_readme_opens_with_the_two_setup_commands() -> None:
    first_block = re.match(r"```bash\n(.*?)```", README, re.S)
    assert first_block is not None
    assert first_block.group(1).split("\n")[:2] == ["make run", "make test"]
    assert first_block.group(1).strip().count("\n") == 1


def test_every_command_has_chinese_help() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in app.registered_commands:
        name = command.name or ""
        assert name in result.stdout
        sub = runner.invoke(app, [name, "--help"])
        assert sub.exit_code == 0
        assert re.search(r"[\u4e00-\u9fff]", sub.stdout), name
