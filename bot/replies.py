"""What the assistant says, as channel-neutral replies: HTML text (Telegram's subset, every
value escaped), an optional file and optional buttons.

The Telegram adapter sends the HTML as is (split by ``bot.splitting``); the console prints it
as plain text. Keeping the wording here means a clerk reads the same sentences in both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from base.errors import XxgkError
from base.text import printable
from services.ask import describe
from services.rendering import SECTION_NAMES, counts_line, group_by_section, headline

if TYPE_CHECKING:
    from services.ask import Answer

INTERNAL_ERROR = "系统内部错误，已记录，请稍后再试。"

_ARTICLE = re.compile(
    r"第[零〇一二两三四五六七八九十百千\d]+条(?:第[零〇一二两三四五六七八九十\d]+[款项])*"
)
_SUMMARY_PER_SECTION = 8
"""Findings listed per section in the chat summary; the attachment has all of them."""
_EXCERPT_CHARS = 80


@dataclass(frozen=True, slots=True)
class Channel:
    """What the channel a person writes in can do, so that the core tells them what works
    there: a chat app takes uploaded files; the console reads files from this computer."""

    name: str
    uploads: bool = True
    """Files can be sent in the chat (Telegram, WeCom)."""
    local_files: bool = False
    """``/check 路径`` and a pasted path read a file on this computer (the console)."""
    operator: bool = False
    """The person at the server (the console): a demo session, not a chat that waits for
    approval or gets reminders; an organ only it registers is a demo organ."""


CHAT_APP = Channel("chat")
"""A chat app where files are uploaded (the default for every channel but the console)."""
CONSOLE = Channel("console", uploads=False, local_files=True, operator=True)


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a reply (the full findings as an HTML page)."""

    filename: str
    data: bytes
    mime_type: str = "text/html"


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button: ``data`` comes back to ``conversation.choose_organ``."""

    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    """One message. ``chat_id`` None means the chat that wrote; otherwise it is a notice to
    another chat (a supervisor, or a chat that was just approved)."""

    html: str
    attachment: Attachment | None = None
    buttons: tuple[Button, ...] = ()
    chat_id: int | None = None


@dataclass(frozen=True, slots=True)
class CallbackAnswer:
    """The result of pressing a button: a short toast, the new text of the message that
    carried the buttons, and any further replies."""

    toast: str
    edit: Reply
    more: tuple[Reply, ...] = field(default=())


def bold_articles(escaped: str) -> str:
    """Wrap article numbers (第三十三条, 第十条第二款) of already escaped text in <b>."""
    return _ARTICLE.sub(lambda m: f"<b>{m.group()}</b>", escaped)


def error_html(exc: BaseException) -> str:
    """An XxgkError's own Chinese message; anything else the polite internal-error line."""
    return escape(str(exc)) if isinstance(exc, XxgkError) else INTERNAL_ERROR


# -- help ---------------------------------------------------------------------------------

HELP = """<b>信息公开助手</b>：帮助编写、检查《政府信息公开工作年度报告》。

<b>提问</b>：直接发送问题，或 /ask 问题。答复附条例条文和参考年报。
例：依申请公开最晚多少个工作日内答复？
例：/ask 表三中“结转下年度继续办理”怎么填？

<b>检查草稿</b>：{how_to_check}。支持 PDF、DOCX、TXT、MD、HTML，不超过 {max_mb} MB。
回复按章节列出错误和警告（如表三勾稽关系不平），并附完整检查结果；草稿保存为本机关的草稿。

<b>登记本机关</b>：/register 机构名称（全称），例：/register 东城镇人民政府（督导批准后生效）；
持有督导发给的邀请码时：/register 邀请码
/report：查看本机关最新草稿的检查结果
/draft：按本机关草稿中的数字起草全文（Word），/draft 五 只起草第五部分
/deadline 2026-03-02：按收到申请之日计算答复期限（工作日）

<b>督导</b>：/status 查看各机关年报进度；/approve 列出待批准的申请，每条附批准命令
/approve 会话ID 申请号（申请号防止批准对方事后改成的其他机构；只写会话ID 时显示其当前申请）；
/invite 机构全称 [地区] 生成一次性邀请码
"""

START = """您好！我是<b>信息公开助手</b>，可以回答政府信息公开条例和年报格式的问题，检查年报草稿。

第一次使用请先登记本单位：/register 机构名称（例：/register 东城镇人民政府），再请督导批准。
发送 /help 查看全部用法和示例。"""


def how_to_check(channel: Channel) -> str:
    """How a draft reaches the checker in this channel (escaped HTML)."""
    if channel.local_files and not channel.uploads:
        return (
            "/check 文件路径，例：/check ~/文档/2025年报草稿.docx；"
            "也可以直接粘贴或把文件拖进窗口（路径含空格时可加引号）"
        )
    return "把年报草稿作为文件发来"


def help_html(max_upload_mb: float, channel: Channel = CHAT_APP) -> str:
    """The commands with examples, as this channel offers them."""
    return HELP.format(max_mb=f"{max_upload_mb:g}", how_to_check=how_to_check(channel))


# -- answers ------------------------------------------------------------------------------


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT_CHARS else text[:_EXCERPT_CHARS] + "…"


def answer_html(answer: Answer) -> str:
    """The ask service's answer: article numbers bold, then the basis (条例 articles, the
    format) and the reports it draws on. An extractive answer already quotes its sources in
    full, so only an LLM answer gets short excerpts under the basis."""
    out = [bold_articles(escape(answer.text.strip() or "没有找到相关内容。"))]
    basis: list[str] = []
    reports: list[str] = []
    for cite in answer.citations:
        label = escape(describe(cite))
        if cite.get("kind") == "report":
            line = f"· {label}"
            if line not in reports:
                reports.append(line)
            continue
        line = f"· {bold_articles(label)}"
        if answer.mode == "llm" and cite.get("text"):
            line += f"：{escape(_excerpt(str(cite['text'])))}"
        if line not in basis:
            basis.append(line)
    if basis:
        out += ["", "<b>依据</b>", *basis]
    if reports:
        out += ["", "<b>参考年报</b>", *reports]
    if answer.warnings:
        out += ["", *(f"⚠️ {escape(str(w))}" for w in answer.warnings)]
    return "\n".join(out)


# -- check results ------------------------------------------------------------------------


_MARKS = {"error": "✗", "warning": "!", "info": "i"}


def _finding_line(f: Any) -> str:
    mark = _MARKS.get(str(f.severity), "·")
    line = f"{mark} <b>{escape(f.code)}</b> {escape(f.location)}：{escape(f.message)}"
    if f.expected is not None or f.actual is not None:
        line += f"（应为 {escape(f.expected or '—')}，实际 {escape(f.actual or '—')}）"
    return line


def _section_lines(findings: Sequence[Any]) -> list[str]:
    out: list[str] = []
    for section, items in group_by_section(findings):
        out += ["", f"<b>{escape(SECTION_NAMES.get(section, section))}</b>"]
        out += [_finding_line(f) for f in items[:_SUMMARY_PER_SECTION]]
        if len(items) > _SUMMARY_PER_SECTION:
            out.append(f"……另有 {len(items) - _SUMMARY_PER_SECTION} 处，见附件。")
    return out


def check_summary_html(outcome: Any, notes: Sequence[str] = ()) -> str:
    """Every finding the counts line counts: errors and warnings by section with the numbers
    that disagree, then the hints (提示); notes (where the draft was stored) at the end. A
    long section is cut after a few lines, saying how many more the attachment lists."""
    out = [f"<b>检查结果</b> {escape(headline(outcome))}", escape(counts_line(outcome.findings))]
    if outcome.compared_with:
        out.append(escape(f"已与本机关{outcome.compared_with}比对。"))
    serious = [f for f in outcome.findings if str(f.severity) in ("error", "warning")]
    hints = [f for f in outcome.findings if str(f.severity) not in ("error", "warning")]
    if not serious:
        out.append("✅ 未发现错误或警告。")
    out += _section_lines(serious)
    if hints:
        out += ["", f"<b>提示（{len(hints)} 处，不影响发布）</b>"]
        out += _section_lines(hints)[1:]
    out.append("")
    out += [escape(n) for n in notes]
    out.append("完整检查结果（含修改建议）见附件。")
    return "\n".join(out)


def findings_filename(source_name: str) -> str:
    """``检查结果_草稿.html``: no path, control character or RTL override of the upload's name
    (``年报\u202excod`` would show as another extension)."""
    name = printable(source_name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r'[\\/:*?"<>|\s]+', "_", stem).strip("._")[:60] or "年报"
    return f"检查结果_{stem}.html"


# -- supervision --------------------------------------------------------------------------

_STATE_ORDER = ("errors", "unchecked", "missing", "passed", "published")
_STATE_TITLE = {
    "errors": "有错误",
    "unchecked": "草稿未检查",
    "missing": "未上传草稿",
    "passed": "已通过检查",
    "published": "已发布",
}


def _state_line(s: Any) -> str:
    name = escape(s.organ.name)
    if s.state == "errors":
        return f"· {name}：草稿有 {s.error_count} 处错误（警告 {s.warning_count} 处）"
    if s.state == "passed":
        extra = f"（警告 {s.warning_count} 处）" if s.warning_count else ""
        return f"· {name}：草稿已通过检查{extra}"
    if s.state == "unchecked":
        return f"· {name}：草稿尚未检查"
    if s.state == "published":
        return f"· {name}：已发布"
    return f"· {name}：尚未上传草稿"


def status_html(year: int, today: date, statuses: Iterable[Any]) -> str:
    """Every organ's state for the report year, worst first."""
    items = list(statuses)
    head = f"<b>{year}年度年报进度</b>（截至 {today.year}年{today.month}月{today.day}日）"
    if not items:
        return head + "\n尚无登记的机关。机关会话发送 /register 机构名称 后即出现在这里。"
    by_state = {state: [s for s in items if s.state == state] for state in _STATE_ORDER}
    counts = "，".join(f"{_STATE_TITLE[k]} {len(v)}" for k, v in by_state.items() if v)
    out = [head, f"共 {len(items)} 个机关：{counts}"]
    for state in _STATE_ORDER:
        if by_state[state]:
            out += ["", f"<b>{_STATE_TITLE[state]}</b>"]
            out += [
                _state_line(s) + ("〔控制台试用，其他督导看不到〕" if s.organ.demo else "")
                for s in by_state[state]
            ]
    return "\n".join(out)


def refusal_html(chat_id: int) -> str:
    """Why this chat gets nothing, and what to do (the supervisor needs its id)."""
    return (
        f"本会话（ID：<code>{chat_id}</code>）尚未获准使用信息公开助手。\n"
        "请先发送 /register 机构名称 登记本单位，再请督导（上级政务公开主管部门）"
        f"发送 /approve {chat_id} 查看并批准。"
    )
