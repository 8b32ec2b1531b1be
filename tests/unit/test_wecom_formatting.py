"""WeCom message formatting: the conversation's HTML as text or markdown, cut under WeCom's
byte limits without breaking a character or a bold span."""

from __future__ import annotations

import pytest

from wecom.formatting import (
    MARKDOWN_LIMIT,
    TEXT_LIMIT,
    has_markup,
    split_bytes,
    to_markdown,
    to_plain,
    utf8_len,
)


def test_plain_reply_is_text_and_entities_are_decoded() -> None:
    assert not has_markup("收到 a&amp;b &lt;c&gt;")
    assert to_plain("收到 a&amp;b &lt;c&gt;") == "收到 a&b <c>"


def test_formatted_reply_is_markdown() -> None:
    html = "依据<b>第三十三条</b>，见 <code>/approve 12</code>"
    assert has_markup(html)
    assert to_markdown(html) == "依据**第三十三条**，见 `/approve 12`"


def test_links_survive_in_both_forms() -> None:
    html = '见<a href="https://www.gov.cn/x">条例全文</a>。'
    assert to_markdown(html) == "见[条例全文](https://www.gov.cn/x)。"
    assert to_plain(html) == "见条例全文（https://www.gov.cn/x）。"


@pytest.mark.parametrize("limit", [TEXT_LIMIT, MARKDOWN_LIMIT, 100])
def test_split_keeps_every_character_under_the_byte_limit(limit: int) -> None:
    text = "\n\n".join(f"{i}. 第三十三条规定的答复期限为二十个工作日😀。" * 9 for i in range(50))
    parts = split_bytes(text, limit)
    assert all(utf8_len(p) <= limit for p in parts)
    assert "".join("".join(p.split()) for p in parts) == "".join(text.split())


def test_split_prefers_paragraph_breaks() -> None:
    para = "甲" * 300  # 900 bytes
    parts = split_bytes(f"{para}\n\n{para}\n\n{para}", TEXT_LIMIT)
    assert parts == [f"{para}\n\n{para}", para]


def test_a_bold_span_cut_in_two_is_closed_and_reopened() -> None:
    text = "**" + "重要" * 500 + "**"
    parts = split_bytes(text, 1000, markdown=True)
    assert len(parts) > 1
    assert all(p.count("**") % 2 == 0 and utf8_len(p) <= 1000 for p in parts)


def test_blank_reply_sends_nothing() -> None:
    assert split_bytes(to_markdown("<b> </b>\n"), MARKDOWN_LIMIT, markdown=True) == []
