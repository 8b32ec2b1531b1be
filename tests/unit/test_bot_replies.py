"""The wording of replies: escaping, bold article numbers, summaries and status lines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

from base.errors import InputError
from bot.callback_data import CALLBACK_LIMIT, parse_pick, pick_data
from bot.replies import (
    INTERNAL_ERROR,
    answer_html,
    bold_articles,
    check_summary_html,
    error_html,
    findings_filename,
    status_html,
)
from organs import kind_from_name as guess_organ_kind
from retrieval.extractive import Answer
from storage.records import OrganRecord, OrganStatus
from tests.auxil.bot_api_emulator import check_telegram_html


def test_bold_articles() -> None:
    assert bold_articles("依据第三十三条第二款和第10条") == (
        "依据<b>第三十三条第二款</b>和<b>第10条</b>"
    )


def test_answer_lists_basis_and_reports_once() -> None:
    report = {
        "kind": "report",
        "organ": "东城镇人民政府",
        "year": 2023,
        "section": "五、存在的主要问题",
    }
    answer = Answer(
        text="依据第三十三条 <答复> & 说明",
        mode="llm",
        citations=[
            {"kind": "regulation", "article": 33, "text": "行政机关收到政府信息公开申请" * 10},
            {"kind": "format", "format_version": "2021", "heading": "表三", "text": "x"},
            report,
            dict(report, text="另一段"),
        ],
        warnings=["回答由大模型生成，请核对原文。"],
    )
    html = answer_html(answer)
    check_telegram_html(html)
    assert html.startswith("依据<b>第三十三条</b> &lt;答复&gt; &amp; 说明")
    assert "· 《政府信息公开条例》<b>第三十三条</b>：行政机关收到" in html
    assert "…" in html  # the excerpt is shortened
    assert "《政府信息公开工作年度报告格式》（2021年） · 表三" in html
    assert html.count("东城镇人民政府2023年政府信息公开工作年度报告") == 1
    assert html.endswith("⚠️ 回答由大模型生成，请核对原文。")


def test_extractive_answer_has_no_excerpts() -> None:
    answer = Answer(text="依据……", citations=[{"kind": "regulation", "article": 9, "text": "全文"}])
    assert answer_html(answer).endswith("· 《政府信息公开条例》<b>第九条</b>")


def finding(code: str, severity: str, section: str, n: int = 0) -> SimpleNamespace:
    return SimpleNamespace(
        code=code,
        severity=severity,
        section=section,
        location=f"第{n}行<x>",
        message="数字 & 总计不符",
        expected="13",
        actual="12",
        fix="改",
    )


def outcome(findings: list[SimpleNamespace]) -> SimpleNamespace:
    report = SimpleNamespace(organ="东城镇人民政府", year=2023, format="2021")
    return SimpleNamespace(
        source_name="草稿<1>.docx", report=report, findings=findings, compared_with=None
    )


def test_check_summary_groups_by_section_and_caps() -> None:
    findings = [finding("T3-BALANCE", "error", "表三", n) for n in range(10)]
    findings += [finding("S-FORMAT", "info", "全文"), finding("T2-BLANK", "warning", "表二")]
    html = check_summary_html(outcome(findings), ["已保存为「东城镇人民政府」的草稿（编号 #1）。"])
    check_telegram_html(html)
    assert "「草稿&lt;1&gt;.docx」" in html
    assert "错误 10 处，警告 1 处，提示 1 处" in html
    assert "<b>表三（收到和处理政府信息公开申请情况）</b>" in html
    assert "✗ <b>T3-BALANCE</b> 第0行&lt;x&gt;：数字 &amp; 总计不符（应为 13，实际 12）" in html
    assert "……另有 2 处，见附件。" in html
    assert "! <b>T2-BLANK</b>" in html
    # the hint the counts line counts is listed too, after the errors and warnings
    assert "<b>提示（1 处，不影响发布）</b>" in html
    assert html.index("T2-BLANK") < html.index("i <b>S-FORMAT</b>")


def test_check_summary_without_problems() -> None:
    html = check_summary_html(outcome([finding("S-FORMAT", "info", "全文")]))
    assert "✅ 未发现错误或警告。" in html
    assert "提示 1 处" in html and "i <b>S-FORMAT</b>" in html  # counted, so listed


def test_status_orders_worst_first() -> None:
    def status(name: str, state: str, errors: int = 0) -> OrganStatus:
        organ = OrganRecord(1, name, "乡镇", None, datetime(2024, 1, 1, tzinfo=UTC))
        return OrganStatus(organ=organ, state=state, error_count=errors)  # type: ignore[arg-type]

    html = status_html(
        2023,
        date(2024, 1, 10),
        [status("甲镇", "published"), status("乙镇", "missing"), status("丙镇", "errors", 3)],
    )
    check_telegram_html(html)
    lines = html.splitlines()
    assert lines[0] == "<b>2023年度年报进度</b>（截至 2024年1月10日）"
    assert lines[1] == "共 3 个机关：有错误 1，未上传草稿 1，已发布 1"
    assert html.index("丙镇") < html.index("乙镇") < html.index("甲镇")
    assert "· 丙镇：草稿有 3 处错误（警告 0 处）" in html
    assert "尚无登记的机关" in status_html(2023, date(2024, 1, 10), [])


def test_error_html() -> None:
    assert error_html(InputError("文件<坏>了")) == "文件&lt;坏&gt;了"
    assert error_html(RuntimeError("secret detail")) == INTERNAL_ERROR


def test_findings_filename() -> None:
    assert findings_filename("东城镇 2023/年报.docx") == "检查结果_东城镇_2023_年报.html"


def test_guess_organ_kind() -> None:
    assert guess_organ_kind("东城镇人民政府") == "乡镇"
    assert guess_organ_kind("某某乡") == "乡镇"
    assert guess_organ_kind("城南街道办事处") == "街道"
    assert guess_organ_kind("某某县人民政府") == "县级政府"
    assert guess_organ_kind("某某区人民政府") == "县级政府"
    assert guess_organ_kind("某某市人民政府") == "县级政府"
    assert guess_organ_kind("某某县教育局") == "部门"
    assert guess_organ_kind("乡村振兴局") == "部门"
    assert guess_organ_kind("东城镇人民政府办公室") == "乡镇"
    assert guess_organ_kind("某某县人民政府办公室") == "部门"
    assert guess_organ_kind("大洼区平安镇人民政府") == "乡镇"
    assert guess_organ_kind("某某旗人民政府") == "县级政府"


def test_callback_data_fits_telegram_and_parses_back() -> None:
    data = pick_data(123456789012, "0123456789abcdef")
    assert len(data.encode()) <= CALLBACK_LIMIT
    assert parse_pick(data) == (123456789012, "0123456789abcdef")
    for forged in ("reg:12", "reg:12:xyz", "regnew:城关镇", "reg:1:0123456789abcdef0", "reg:-1:"):
        assert parse_pick(forged) is None
