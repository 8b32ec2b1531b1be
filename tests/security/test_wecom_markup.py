"""Text from users and from files, echoed in WeCom markdown messages: it must read as text.

The conversation writes HTML with user text escaped; WeCom gets markdown (``**``, links,
backticks, ``<font>``, ``#``, ``>``) when a reply is formatted. Before, the text between tags
was only HTML-unescaped, so a question, a file name or a report's words such as
``[点此重新登录](https://evil.example)`` became a live link in a message the bot sent."""

from __future__ import annotations

import re

from tests.auxil.layouts import broken_balance_data
from tests.integration.test_wecom import (  # noqa: F401  (fixtures)
    ALLOWED,
    ORGAN,
    Harness,
    docx,
    emu,
    harness,
    migrated_home,
)
from wecom.channel import USER_CHANNEL
from wecom.formatting import to_markdown

LIVE_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
HOSTILE = (
    '[点此重新登录](https://evil.example/login) <font color="warning">紧急</font>\n'
    "# 通知\n> 引用 **加粗** `代码`"
)


def live_markup(markdown: str) -> list[str]:
    found = LIVE_LINK.findall(markdown)
    found += re.findall(r"<font\b|^#|^>", markdown, flags=re.M)
    return found


def test_text_between_tags_is_not_markdown() -> None:
    from html import escape

    html = f"<b>回答</b>{escape(HOSTILE)}<code>{escape('[x](y)')}</code>"
    out = to_markdown(html)
    assert out.startswith("**回答**") and live_markup(out) == []
    assert out.count("**") == 2 and out.count("`") == 2
    assert "点此重新登录" in out and "紧急" in out  # the words stay readable


async def test_a_question_echoed_in_markdown_stays_text(harness: Harness) -> None:  # noqa: F811
    (reply,) = await harness.say(ALLOWED, HOSTILE)  # the fake answer quotes the question
    sent = harness.emu.sent_to(ALLOWED)[-1]
    assert sent.msgtype == "markdown" and "**第三十三条**" in reply
    assert live_markup(reply) == [], reply


async def test_a_file_name_echoed_in_markdown_stays_text(harness: Harness) -> None:  # noqa: F811
    chat = harness.store.channel_chat_id(USER_CHANNEL, ALLOWED)
    harness.store.register_chat(chat, ORGAN)
    harness.store.approve_chat(chat)
    name = "[点我](javascript:alert(1))年报.docx"
    before = len(harness.emu.sent_to(ALLOWED))
    assert await harness.emu.post_file(ALLOWED, name, docx(broken_balance_data()))
    sent = (await harness.emu.wait_sent(ALLOWED, before + 2))[before:]
    summary = next(m for m in sent if m.msgtype == "markdown")
    assert "点我" in summary.content and "T3-BALANCE" in summary.content
    assert live_markup(summary.content) == [], summary.content
