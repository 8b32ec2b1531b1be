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


ARCHITECTURE = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
CURRENT = ARCHITECTURE.split("## Deliberate deviations")[0]
"""The page before its notes on STYLE.md, which name the modules STYLE.md proposed."""
_PATH = re.compile(r"`([a-z_]+/[\w/.{},]*?)(?:::\w+)?`")


def _paths(text: str) -> set[str]:
    """Every ``dir/`` or ``dir/file.py`` the page names in backticks (``{a,b}.py`` expanded)."""
    found: set[str] = set()
    for raw in _PATH.findall(text):
        brace = re.fullmatch(r"(.*)\{(.*)\}(.*)", raw)
        parts = brace.group(2).split(",") if brace else [""]
        for part in parts:
            found.add(f"{brace.group(1)}{part}{brace.group(3)}" if brace else raw)
    return found


@pytest.mark.parametrize("path", sorted(_paths(CURRENT)))
def test_architecture_names_only_modules_that_exist(path: str) -> None:
    assert (REPO / path).exists(), f"docs/ARCHITECTURE.md names {path}, which is not there"


def test_architecture_lists_every_package_in_the_layers_contract() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    for package in config["tool"]["importlinter"]["root_packages"]:
        assert f"{package}/" in ARCHITECTURE, f"{package} is missing from docs/ARCHITECTURE.md"
