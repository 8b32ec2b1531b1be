"""Staff journeys in the console (issue 14): help that fits a terminal, a file path pasted or
dragged in is checked, the console session stays out of the supervisor's views."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.auxil.layouts import sample_data, write_docx
from xxgk.cli import app

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("XXGK_HOME", str(home))
    return home


def chat(*lines: str) -> Any:
    result = runner.invoke(app, ["chat"], input="".join(f"{line}\n" for line in lines))
    assert result.exit_code == 0, result.output
    return result.output


def test_console_help_says_how_to_check_a_file_here(home: Path) -> None:
    out = chat("/help")
    assert "/check 文件路径" in out and "拖进窗口" in out
    assert "作为文件发来" not in out  # a terminal cannot send a file


@pytest.mark.parametrize(
    "typed",
    [
        "'{path}'",  # dragged into a terminal that quotes
        '"{path}"',
        "{path}",  # pasted as is, with its space
        "{escaped}",  # dragged into a shell-style terminal: 西城镇\ 2023年报.docx
        "file://{url}",  # copied from a file manager
        "~/{relative}",  # typed with the home directory
    ],
)
def test_a_pasted_or_dragged_path_is_checked(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    from urllib.parse import quote

    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "草稿 文件夹"
    folder.mkdir()
    path = write_docx(sample_data(), folder / "东城镇 2023年报.docx")
    line = typed.format(
        path=path,
        escaped=str(path).replace(" ", "\\ "),
        url=quote(str(path)),
        relative=path.relative_to(tmp_path),
    )
    out = chat("/register 东城镇人民政府", line)
    assert "检查结果 「东城镇 2023年报.docx」：东城镇人民政府 2023年度" in out
    assert "已保存为「东城镇人民政府」的草稿" in out


def test_a_question_is_not_taken_for_a_path(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def fake_ask(settings: Any, question: str, **options: Any) -> Any:
        from retrieval.extractive import Answer

        asked.append(question)
        return Answer(text="答复")

    monkeypatch.setattr("services.ask.ask", fake_ask)
    monkeypatch.setattr("services.ask.ensure_index", lambda *a, **k: True)
    out = chat("表三/表四怎么填.docx？", "/tmp/没有这个文件.docx")
    assert asked == ["表三/表四怎么填.docx？"]
    assert "找不到文件「/tmp/没有这个文件.docx」" in out


def test_another_organs_report_is_a_question_in_the_console(home: Path, tmp_path: Path) -> None:
    other = write_docx(sample_data(organ="西城镇人民政府"), tmp_path / "西城镇 2023年报.docx")
    out = chat("/register 东城镇人民政府", f"/check {other}", "2", str(other), "1", "/report")
    first, second = out.split("请输入序号选择。")[:2]
    assert "发布机关是「西城镇人民政府」" in first and "尚未保存" in first
    assert "1. 保存为「东城镇人民政府」的草稿" in first and "2. 不保存" in first
    assert "未保存「西城镇 2023年报.docx」" in second  # the first answer: 2
    assert "已保存为「东城镇人民政府」的草稿（编号 #1）" in out  # the second answer: 1
    assert "草稿编号 #1" in out  # /report finds it


def test_console_status_leaves_out_the_samples(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from base.settings import Settings
    from services.ingesting import initialize

    # xxgk init without the search index (tested elsewhere; slow)
    monkeypatch.setattr("retrieval.indexing.build_index", lambda *a, **k: SimpleNamespace(chunks=0))
    summary = initialize(Settings(home=home))
    samples = [item.organ for item in summary.reports if item.organ]
    assert len(samples) == 5
    draft = write_docx(sample_data(year=2021), tmp_path / "草稿.docx")
    out = chat("/status 2021", "/register 试用镇人民政府", f"/check {draft}", "1", "/status 2021")
    before, after = out.split("本会话已登记为")
    assert "尚无登记的机关" in before  # the samples owe nothing
    for organ in samples:
        assert organ not in out.replace("东城镇人民政府", "")
    # the console sees the organ it registered for, marked; no other supervisor does
    assert "· 试用镇人民政府：" in after and "〔控制台试用，其他督导看不到〕" in after


def test_a_file_the_console_checks_unregistered_makes_no_organ_owe(
    home: Path, tmp_path: Path
) -> None:
    from base.settings import Settings
    from storage import Store

    draft = write_docx(sample_data(organ="北城镇人民政府"), tmp_path / "北城镇.docx")
    out = chat(f"/check {draft}", "/status 2023")
    assert "已按报告中的发布机关「北城镇人民政府」保存为草稿" in out
    assert "尚无登记的机关" in out
    with Store(Settings(home=home).database) as store:
        assert store.get_organ("北城镇人民政府").demo  # type: ignore[union-attr]
        assert store.organ_status(2023) == []  # no supervisor sees it
