"""``xxgk check`` and ``xxgk ingest`` as a staff member runs them: exit codes, findings, history."""

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
    """A fresh data directory and a fast embedding provider for the CLI under test."""
    monkeypatch.setenv("XXGK_HOME", str(tmp_path / "home"))
    with fake_embeddings() as name:
        monkeypatch.setenv("XXGK_EMBEDDING_PROVIDER", name)
        yield tmp_path


def _write(path: Path, data: dict, layout: str = "tabs") -> Path:
    path.write_text(render_text(data, layout), encoding="utf-8")
    return path


def _check_json(path: Path, *args: str) -> tuple[int, dict]:
    result = runner.invoke(app, ["check", str(path), "--json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_consistent_report_passes_with_exit_0(env: Path) -> None:
    code, out = _check_json(_write(env / "ok.txt", sample_data()))
    assert code == 0
    assert out["report"] == {"organ": "东城镇人民政府", "year": 2023, "format": "2021"}
    assert [f for f in out["findings"] if f["severity"] == "error"] == []


def test_broken_balance_is_an_error_with_the_numbers(env: Path) -> None:
    from tests.auxil.layouts import broken_balance_data

    code, out = _check_json(_write(env / "bad.txt", broken_balance_data()))
    assert code == 1
    balance = [f for f in out["findings"] if f["code"] == "T3-BALANCE"]
    assert [f["location"] for f in balance] == ["自然人列", "总计列"]
    assert [(f["expected"], f["actual"]) for f in balance] == [("7", "6"), ("13", "12")]
    assert balance[0]["fix"]


def test_a_mistyped_cell_is_one_error_with_its_value(env: Path) -> None:
    data = sample_data()
    data["applications"]["总计"][0] = 4  # 自然人: 5 + 1 = 6 but 4 + 1 = 5, and its row and column
    code, out = _check_json(_write(env / "bad.txt", data))
    assert code == 1
    errors = [f for f in out["findings"] if f["severity"] == "error"]
    assert [(f["code"], f["location"], f["expected"], f["actual"]) for f in errors] == [
        ("T3-CELL", "（七）总计 / 自然人", "5", "4")
    ]
    assert errors[0]["fix"] == "将表三「（七）总计」行「自然人」列的 4 改为 5"


def test_human_output_groups_by_section(env: Path) -> None:
    data = sample_data()
    data["applications"]["总计"][0] = 4
    result = runner.invoke(app, ["check", str(_write(env / "bad.txt", data))])
    assert result.exit_code == 1
    assert "【表三" in result.stdout
    assert "T3-CELL" in result.stdout


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("fake.pdf", b"%PDF-1.4 not really a pdf"),
        ("notes.txt", "随便写的几句话。".encode()),
    ],
)
def test_unreadable_or_wrong_file_exits_2_with_a_chinese_message(
    env: Path, name: str, content: bytes
) -> None:
    path = env / name
    path.write_bytes(content)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "错误：" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_organ_and_year_options_override_the_file(env: Path) -> None:
    _code, out = _check_json(
        _write(env / "ok.txt", sample_data()), "--organ", "西城镇人民政府", "--year", "2024"
    )
    assert out["report"]["organ"] == "西城镇人民政府"
    assert out["report"]["year"] == 2024


def test_history_rules_after_ingesting_last_year(env: Path) -> None:
    last = sample_data(year=2022)
    last["applications"]["结转下年度"] = [2, 0, 0, 0, 0, 0, 2]
    last["applications"]["总计"] = [4, 2, 1, 0, 1, 2, 10]
    last["applications"]["予以公开"] = [1, 1, 0, 0, 0, 1, 3]
    result = runner.invoke(app, ["ingest", str(_write(env / "2022.txt", last))])
    assert result.exit_code == 0, result.stdout + result.stderr
    # this year's draft carries 1 in (not 2) and copies last year's narrative word for word
    this_year = sample_data(year=2023)
    _code, out = _check_json(_write(env / "2023.txt", this_year))
    carry = [f for f in out["findings"] if f["code"] == "H-CARRY"]
    assert [(f["expected"], f["actual"]) for f in carry if "自然人" in f["location"]] == [
        ("2", "1")
    ]
    assert any(f["code"] == "H-COPY" for f in out["findings"])


def test_ingest_twice_changes_nothing(env: Path) -> None:
    path = _write(env / "r.txt", sample_data())
    first = runner.invoke(app, ["ingest", str(path)])
    second = runner.invoke(app, ["ingest", str(env)])
    assert first.exit_code == 0 and second.exit_code == 0
    assert "新增 1 份" in first.stdout
    assert "新增 0 份" in second.stdout and "已存在 1 份" in second.stdout


def test_ingest_reports_a_bad_file_and_keeps_the_good_ones(env: Path) -> None:
    good = _write(env / "good.txt", sample_data())
    bad = env / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 garbage")
    result = runner.invoke(app, ["ingest", str(good), str(bad)])
    assert result.exit_code == 2
    assert "新增 1 份" in result.stdout and "失败 1 份" in result.stdout


# -- --annotate: the reviewed Word copy -----------------------------------------------------


def test_annotate_writes_the_reviewed_copy_of_a_word_draft(env: Path) -> None:
    from tests.auxil.review_samples import write_errors_docx
    from tests.auxil.word_comments import word_comments

    draft = write_errors_docx(env / "草稿.docx")
    target = env / "草稿（检查意见）.docx"
    result = runner.invoke(app, ["check", str(draft), "--annotate", str(target)])
    assert result.exit_code == 1  # errors found: as without --annotate
    assert f"检查意见副本（批注）已保存：{target}" in result.stdout
    assert "T3-BALANCE" in result.stdout
    comments = word_comments(target.read_bytes())
    assert comments[0].text.startswith("xxgk 信息公开助手检查意见：错误")
    assert "报告缺少「五、存在的主要问题及改进情况」部分" in comments[0].text
    assert len(comments) > 5
    assert draft.read_bytes() != target.read_bytes()
    assert list(env.glob(".xxgk-review-*")) == []  # no temporary file left behind


def test_annotate_with_json_keeps_stdout_json(env: Path) -> None:
    from tests.auxil.review_samples import write_errors_docx

    draft = write_errors_docx(env / "草稿.docx")
    code, out = _check_json(draft, "--annotate", str(env / "批注.docx"))
    assert code == 1 and out["findings"]
    assert (env / "批注.docx").stat().st_size > 0


def test_annotate_refuses_a_text_draft_and_the_source_itself(env: Path) -> None:
    from tests.auxil.review_samples import write_errors_docx

    text = _write(env / "草稿.txt", sample_data())
    result = runner.invoke(app, ["check", str(text), "--annotate", str(env / "out.docx")])
    assert result.exit_code == 2
    assert "只有 DOCX 文件能生成带批注的检查意见" in result.output
    assert not (env / "out.docx").exists()
    draft = write_errors_docx(env / "草稿.docx")
    before = draft.read_bytes()
    result = runner.invoke(app, ["check", str(draft), "--annotate", str(draft)])
    assert result.exit_code == 2
    assert "检查意见副本不能覆盖原文件" in result.output
    assert draft.read_bytes() == before
    result = runner.invoke(
        app, ["check", str(draft), "--annotate", str(env / "无此目录" / "x.docx")]
    )
    assert result.exit_code == 2 and "找不到文件夹" in result.output
    result = runner.invoke(app, ["check", str(draft), "--annotate", str(env / "意见.pdf")])
    assert result.exit_code == 2 and "文件名请以 .docx 结尾（例：意见.docx）" in result.output
    assert not (env / "意见.pdf").exists()
