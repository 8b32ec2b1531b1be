"""``xxgk chat``: the bot's conversation in a terminal, driven with piped input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from retrieval.answer import Answer
from tests.auxil.layouts import broken_balance_data, sample_data, write_docx
from tests.auxil.word_comments import word_comments
from xxgk.cli import app

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("XXGK_HOME", str(home))
    return home


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    """The ask service replaced by one that cites 第三十三条 (the real one is tested with
    the bot); building the index is skipped."""
    asked: list[tuple[str, Any]] = []

    def fake_ask(settings: Any, question: str, **options: Any) -> Answer:
        asked.append((question, options.get("viewer_organ_id")))
        return Answer(
            text="依据《政府信息公开条例》第三十三条：……应当自收到申请之日起20个工作日内予以答复。",
            citations=[{"kind": "regulation", "article": 33, "text": "……"}],
        )

    def fake_index(settings: Any, progress: Any = None) -> bool:
        if progress is not None:
            progress("首次使用：正在建立索引……")
        return True

    monkeypatch.setattr("xxgk.services.ask.ask", fake_ask)
    monkeypatch.setattr("xxgk.services.ask.ensure_index", fake_index)
    return asked


def draft_docx(path: Path) -> Path:
    """The sample report with a broken 勾稽关系, as a Word file with real tables."""
    return write_docx(broken_balance_data(), path)


def chat(*lines: str) -> Any:
    return runner.invoke(app, ["chat"], input="".join(f"{line}\n" for line in lines))


def test_help_and_quit(home: Path) -> None:
    result = chat("/help", "/quit", "/help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("信息公开助手（控制台）")
    assert result.output.count("/register 机构名称") >= 2
    assert "<b>" not in result.output  # HTML is printed as plain text
    assert result.output.rstrip().endswith("再见。")


def test_question_is_answered_as_plain_text(home: Path, questions: list[Any]) -> None:
    result = chat("依申请公开最晚多少个工作日内答复？", "/ask 第二个问题")
    assert result.exit_code == 0, result.output
    assert "首次使用：正在建立索引" in result.output
    assert result.output.count("首次使用") == 1
    assert "依据《政府信息公开条例》第三十三条" in result.output
    assert "依据\n· 《政府信息公开条例》第三十三条" in result.output
    assert [q for q, _ in questions] == ["依申请公开最晚多少个工作日内答复？", "第二个问题"]


def test_register_check_status_and_report(home: Path, tmp_path: Path) -> None:
    draft = draft_docx(tmp_path / "东城镇2023年报草稿.docx")
    result = chat(
        "/register 东城镇人民政府",
        f"/check {draft}",
        "/status 2023",
        "/report",
        "/check /nowhere/草稿.docx",
        "/check",
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "本会话已登记为「东城镇人民政府」" in out and "“乡镇”" in out
    assert "T3-BALANCE 自然人列" in out
    assert "（应为 13，实际 12）" in out
    assert "已保存为「东城镇人民政府」的草稿（编号 #1）" in out
    # /check of a Word file: the file back with the findings as comments
    reviewed = home / "exports" / "东城镇2023年报草稿（检查意见）.docx"
    assert f"附件已保存：{reviewed}" in out
    assert "每处问题已作为批注标在原文对应位置" in out
    comments = word_comments(reviewed.read_bytes())
    assert [c.marked for c in comments if "T3-BALANCE" in c.text] == ["自然人", "总计"]
    # /report of the stored draft: the findings page
    saved = home / "exports" / "检查结果_东城镇2023年报草稿.html"
    assert f"附件已保存：{saved}" in out
    assert "T3-BALANCE" in saved.read_text(encoding="utf-8")
    assert "2023年度年报进度" in out and "· 东城镇人民政府：草稿有 2 处错误" in out
    assert out.count("T3-BALANCE 总计列") == 2  # /check and /report
    assert "找不到文件「/nowhere/草稿.docx」" in out
    assert "用法：/check 文件路径" in out


def test_ambiguous_registration_is_chosen_by_number(home: Path) -> None:
    result = chat(
        "/register 城关镇人民政府",
        "/register 城关镇人民政府办公室",
        "/register 城关",
        "9",
        "2",
        "/approve",
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "找到 2 个名称包含「城关」的机构" in out
    assert "  1. 城关镇人民政府\n  2. 城关镇人民政府办公室\n  3. 都不是，新建「城关」" in out
    assert "请输入 1 到 3 之间的序号。" in out
    assert "本会话已是「城关镇人民政府办公室」，无需重复登记。" in out
    assert "没有等待批准的会话。" in out  # the console itself is not listed


def test_unsupported_file_and_internal_error(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "统计.xlsx"
    sheet.write_bytes(b"PK\x03\x04")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr("xxgk.services.ask.ensure_index", broken)
    result = chat("/register 东城镇人民政府", f"/check {sheet}", "一个问题", "/help")
    assert result.exit_code == 0, result.output
    assert "暂不支持读取「统计.xlsx」" in result.output
    assert "系统内部错误，已记录，请稍后再试。" in result.output
    assert "用法和示例" not in result.output and "/status 查看各机关年报进度" in result.output


def test_draft_from_the_uploaded_numbers(home: Path, tmp_path: Path) -> None:
    from xxgk.services.reports import parse_file
    from xxgk.settings import Settings

    good = write_docx(sample_data(), tmp_path / "东城镇2023年报.docx")
    result = chat("/register 东城镇人民政府", f"/check {good}", "/draft", "/draft 五")
    assert result.exit_code == 0, result.output
    assert "已按「东城镇人民政府」2023年度草稿中的数字起草全文" in result.output
    assert "起草第五部分" in result.output
    drafted = home / "exports" / "东城镇人民政府2023年政府信息公开工作年度报告（起草稿）.docx"
    assert f"附件已保存：{drafted}" in result.output
    parsed = parse_file(drafted, Settings(home=home)).report
    assert parsed.applications is not None
    assert parsed.applications.rows["新收"].values() == sample_data()["applications"]["新收"]


def test_draft_refuses_inconsistent_numbers(home: Path, tmp_path: Path) -> None:
    result = chat(
        "/register 东城镇人民政府", f"/check {draft_docx(tmp_path / 'bad.docx')}", "/draft"
    )
    assert result.exit_code == 0, result.output
    assert "未起草" in result.output and "自然人" in result.output


def test_draft_before_any_upload_says_what_to_do(home: Path) -> None:
    result = chat("/register 东城镇人民政府", "/draft")
    assert "还没有上传过草稿" in result.output
