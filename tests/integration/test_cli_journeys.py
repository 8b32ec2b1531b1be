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
