"""Splitting HTML replies under Telegram's 4096 limit without breaking tags or entities."""

from __future__ import annotations

import random

import pytest

from bot.splitting import TELEGRAM_LIMIT, plain_text, split_html, utf16_len
from tests.auxil.bot_api_emulator import check_telegram_html


def squash(text: str) -> str:
    return "".join(text.split())


def test_short_text_is_one_piece() -> None:
    assert split_html("<b>第三十三条</b> 答复&amp;说明") == ["<b>第三十三条</b> 答复&amp;说明"]


def test_blank_text_gives_no_piece() -> None:
    assert split_html("  \n\n ") == []


def test_cuts_at_paragraph_breaks_first() -> None:
    paragraphs = [f"第{i}段。" + "字" * 90 for i in range(10)]
    pieces = split_html("\n\n".join(paragraphs), limit=250)
    assert pieces == ["\n\n".join(paragraphs[i : i + 2]) for i in range(0, 10, 2)]


def test_falls_back_to_lines_then_sentences() -> None:
    lines = "\n".join("行" * 50 for _ in range(6))
    assert all(p == "\n".join(["行" * 50] * 2) for p in split_html(lines, limit=120))
    sentences = "。".join("句" * 30 for _ in range(8)) + "。"
    pieces = split_html(sentences, limit=100)
    assert all(p.endswith("。") for p in pieces)
    assert squash("".join(pieces)) == squash(sentences)


def test_open_tags_are_closed_and_reopened() -> None:
    text = "<b>粗体很长" + "很长。" * 100 + '</b><a href="https://x.cn/?a=1&amp;b=2">链接</a>'
    pieces = split_html(text, limit=100)
    assert len(pieces) > 3
    for piece in pieces:
        check_telegram_html(piece)
        assert utf16_len(piece) <= 100
    assert pieces[1].startswith("<b>") and pieces[0].endswith("</b>")
    assert squash(plain_text("".join(pieces))) == squash(plain_text(text))


def test_entities_are_never_cut() -> None:
    text = "&amp;&lt;&gt;&quot;" * 300
    pieces = split_html(text, limit=70)
    for piece in pieces:
        check_telegram_html(piece)
    assert "".join(pieces) == text


def test_emoji_count_twice() -> None:
    text = "😀" * 3000  # 6000 UTF-16 units
    pieces = split_html(text)
    assert len(pieces) == 2
    assert all(utf16_len(p) <= TELEGRAM_LIMIT for p in pieces)


@pytest.mark.parametrize("seed", range(30))
def test_random_html_pieces_are_valid_and_complete(seed: int) -> None:
    rng = random.Random(seed)
    words = ["第三十三条", "答复", "A&amp;B", "&lt;表三&gt;", "。", "，", "\n", "\n\n", "😀", " "]
    parts: list[str] = []
    for _ in range(rng.randint(50, 400)):
        r = rng.random()
        if r < 0.1:
            tag = rng.choice(["b", "i", "code"])
            inner = "".join(rng.choice(words) for _ in range(rng.randint(1, 30)))
            parts.append(f"<{tag}>{inner}</{tag}>")
        elif r < 0.12:
            parts.append('<a href="https://example.gov.cn/a?x=1&amp;y=2">' + "链接" * 20 + "</a>")
        else:
            parts.append(rng.choice(words))
    text = "".join(parts)
    limit = rng.choice([80, 200, 1000, TELEGRAM_LIMIT])
    pieces = split_html(text, limit=limit)
    for piece in pieces:
        assert utf16_len(piece) <= limit
        assert piece.strip()
        check_telegram_html(piece)
    assert squash(plain_text("".join(pieces))) == squash(plain_text(text))


def test_plain_text_strips_tags_and_decodes() -> None:
    assert plain_text("<b>A&amp;B</b> &lt;x&gt;") == "A&B <x>"
