"""Results as people read them: check findings as plain text (CLI, console chat) and as an HTML
file (bot attachment), and the 依申请公开 deadlines.

One renderer for every channel, so a clerk sees the same words in the terminal and in chat.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from deadlines.workdays import (
    DEADLINE_RULES,
    NOTES,
    ApplicationDeadlines,
    format_cn_date,
    weekday_cn,
)

if TYPE_CHECKING:
    from checks.registry import Finding
    from services.checking import CheckOutcome

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_MARK = {"error": "✗", "warning": "!", "info": "i"}
SECTION_NAMES = {
    "标题": "标题",
    "全文": "全文",
    "一": "一、总体情况",
    "二": "二、主动公开政府信息情况",
    "表二": "表二（主动公开政府信息情况）",
    "三": "三、收到和处理政府信息公开申请情况",
    "表三": "表三（收到和处理政府信息公开申请情况）",
    "四": "四、政府信息公开行政复议、行政诉讼情况",
    "表四": "表四（行政复议、行政诉讼）",
    "五": "五、存在的主要问题及改进情况",
    "六": "六、其他需要报告的事项",
}


def group_by_section(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by section, in the order the checker sorted them."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.section, []).append(f)
    return list(groups.items())


def headline(outcome: CheckOutcome) -> str:
    r = outcome.report
    who = r.organ or "未识别机关"
    year = f"{r.year}年度" if r.year else "年度未识别"
    return f"「{outcome.source_name}」：{who} {year}（{r.format}年版格式）"


def counts_line(findings: Sequence[Finding]) -> str:
    n = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_LABEL}
    return f"错误 {n['error']} 处，警告 {n['warning']} 处，提示 {n['info']} 处"


def finding_lines(f: Finding) -> list[str]:
    label = SEVERITY_LABEL.get(str(f.severity), str(f.severity))
    lines = [
        f"{SEVERITY_MARK.get(str(f.severity), '-')} {label} [{f.code}] {f.location}：{f.message}"
    ]
    if f.expected is not None or f.actual is not None:
        lines.append(
            f"    应为：{f.expected if f.expected is not None else '—'}"
            f"　实际：{f.actual if f.actual is not None else '—'}"
        )
    if f.fix:
        lines.append(f"    修改：{f.fix}")
    return lines


def findings_text(outcome: CheckOutcome) -> str:
    """The whole result as plain text, grouped by section."""
    out = [f"检查{headline(outcome)}", counts_line(outcome.findings)]
    if outcome.compared_with:
        out.append(f"已与本机关{outcome.compared_with}比对。")
    if not outcome.findings:
        out.append("未发现问题。")
    for section, items in group_by_section(outcome.findings):
        out.append("")
        out.append(f"【{SECTION_NAMES.get(section, section)}】")
        for f in items:
            out.extend("  " + line for line in finding_lines(f))
    return "\n".join(out)


def findings_html(outcome: CheckOutcome) -> str:
    """A self-contained HTML page with every finding (sent as a file in chat)."""
    esc = html.escape
    rows = []
    for section, items in group_by_section(outcome.findings):
        rows.append(
            f'<tr class="sec"><th colspan="6">{esc(SECTION_NAMES.get(section, section))}</th></tr>'
        )
        for f in items:
            sev = str(f.severity)
            rows.append(
                f'<tr class="{esc(sev)}"><td>{esc(SEVERITY_LABEL.get(sev, sev))}</td>'
                f"<td>{esc(f.code)}</td><td>{esc(f.location)}</td><td>{esc(f.message)}</td>"
                f"<td>应为：{esc(f.expected or '—')}<br>实际：{esc(f.actual or '—')}</td>"
                f"<td>{esc(f.fix)}</td></tr>"
            )
    body = "\n".join(rows) or '<tr><td colspan="6">未发现问题。</td></tr>'
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>年报检查结果 - {esc(outcome.source_name)}</title>
<style>
body{{font-family:"Microsoft YaHei","PingFang SC",sans-serif;margin:2em}}
table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #999;padding:4px;vertical-align:top}}
tr.sec th{{background:#eee;text-align:left}} tr.error td:first-child{{color:#b00;font-weight:bold}}
tr.warning td:first-child{{color:#a60}} tr.info td:first-child{{color:#06a}}
</style></head><body>
<h1>年报检查结果</h1>
<p>{esc(headline(outcome))}</p>
<p>{esc(counts_line(outcome.findings))}</p>
<table><tr><th>级别</th><th>规则</th><th>位置</th><th>问题</th><th>数值</th><th>修改建议</th></tr>
{body}
</table></body></html>
"""


def deadlines_text(result: ApplicationDeadlines) -> str:
    """The Chinese text answer: warnings first, then each deadline with its 条例 article and
    the caveats."""
    r = result.received
    lines: list[str] = []
    if result.warnings:  # before the dates: a clerk who reads only the first lines must see it
        lines += [*result.warnings, ""]
    lines += [f"收到申请之日：{format_cn_date(r)}（{weekday_cn(r)}）", ""]
    for rule in DEADLINE_RULES:
        d = getattr(result, rule.field)
        lines.append(f"{rule.label}：{format_cn_date(d)}（{weekday_cn(d)}）")
        lines.append(f"　依据：《政府信息公开条例》{rule.article}，{rule.basis}。")
    lines.append("　（第三方期限按征求意见书当日送达估算，实际自第三方收到之日起算。）")
    lines += ["", "说明："]
    lines += [f"{i}. {note}" for i, note in enumerate(NOTES, 1)]
    return "\n".join(lines)
