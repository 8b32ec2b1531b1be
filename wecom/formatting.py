"""Turning the conversation's HTML replies into WeCom messages, cut under WeCom's limits.

The conversation writes the Telegram subset of HTML (``<b>``, ``<i>``, ``<code>``, ``<a>``).
WeCom shows ``markdown`` messages (bold, code, links) in its own client and ``text`` messages
everywhere; a reply with formatting goes as markdown, plain replies as text
(``wecom.sender``). WeCom counts
bytes of UTF-8: a text message holds at most 2048, a markdown message 4096 (longer ones are
refused or cut), so ``split_bytes`` cuts at a paragraph, a line or a sentence, never inside a
character, and keeps ``**`` and backticks balanced in each piece.
"""

from __future__ import annotations

import html
import re

TEXT_LIMIT = 2048
"""Bytes of UTF-8 a WeCom text message holds (message/send and the group robot)."""
MARKDOWN_LIMIT = 4096
"""Bytes of UTF-8 a WeCom markdown message holds."""

_TAG = re.compile(r"<(/?)([a-zA-Z]+)([^<>]*)>")
_HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""")
_SENTENCE_END = "。！？；!?;"
_MIN_FILL = 0.5


def has_markup(text: str) -> bool:
    return _TAG.search(text) is not None


def to_plain(text: str) -> str:
    """What a reader sees of the HTML, links kept as ``文字（网址）``."""

    def link(m: re.Match[str]) -> str:
        href = _HREF.search(m.group(1))
        label = re.sub(r"<[^<>]*>", "", m.group(2))
        return f"{label}（{href.group(1)}）" if href and href.group(1) != label else label

    text = re.sub(r"<a\b([^<>]*)>(.*?)</a>", link, text, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^<>]*>", "", text))


_MARKDOWN_SIGNS = str.maketrans(
    {"[": "［", "]": "］", "*": "＊", "`": "｀", "<": "＜", ">": "＞", "#": "＃"}
)
"""What WeCom markdown reads as syntax (links, bold, code, ``<font>``, headings, quotes),
as the full-width signs that read the same and mean nothing."""


def _as_text(escaped: str) -> str:
    """Text the conversation escaped for HTML, as markdown that shows it and nothing more:
    a question, a file name or a report's words must not become a link or a heading."""
    return html.unescape(escaped).translate(_MARKDOWN_SIGNS)


def to_markdown(text: str) -> str:
    """WeCom markdown for the HTML: bold, inline code and links kept, other tags dropped;
    the text between tags is shown as text (``_as_text``)."""
    out: list[str] = []
    links: list[str] = []
    pos = 0
    for m in _TAG.finditer(text):
        out.append(_as_text(text[pos : m.start()]))
        pos = m.end()
        closing, name = m.group(1) == "/", m.group(2).lower()
        if name in ("b", "strong"):
            out.append("**")
        elif name == "code":
            out.append("`")
        elif name == "a" and not closing:
            href = _HREF.search(m.group(3))
            links.append(href.group(1) if href else "")
            out.append("[" if href else "")
        elif name == "a" and links:
            href = links.pop()
            out.append(f"]({href})" if href else "")
    out.append(_as_text(text[pos:]))
    return "".join(out)


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def _cut(text: str, limit: int) -> int:
    """Where to cut ``text`` (a character index) so that the head fits in ``limit`` bytes:
    the latest paragraph, line or sentence break that fills it at least half, else the
    latest character that fits."""
    size = 0
    fits = 0
    best: dict[int, int] = {}
    for i, ch in enumerate(text):
        size += utf8_len(ch)
        if size > limit:
            break
        fits = i + 1
        if ch == "\n":
            prio = 3 if i > 0 and text[i - 1] == "\n" else 2
            best[prio] = i + 1
        elif ch in _SENTENCE_END:
            best[1] = i + 1
    for prio in (3, 2, 1):
        if prio in best and utf8_len(text[: best[prio]]) >= limit * _MIN_FILL:
            return best[prio]
    return max(fits, 1)


def split_bytes(text: str, limit: int, markdown: bool = False) -> list[str]:
    """``text`` in pieces of at most ``limit`` UTF-8 bytes; blank pieces dropped. In markdown,
    a ``**`` or backtick span open at a cut is closed there and reopened in the next piece."""
    if limit < 16:
        raise ValueError("limit too small")
    text = text.strip()
    pieces: list[str] = []
    carry = ""
    while text:
        room = limit - utf8_len(carry) - (4 if markdown else 0)  # room to close ** or `
        if utf8_len(text) <= room:
            pieces.append(carry + text)
            break
        cut = _cut(text, room)
        head, text = carry + text[:cut].rstrip(), text[cut:].lstrip()
        carry = ""
        if markdown:
            closing = ""
            if head.count("**") % 2:
                closing, carry = "**", "**"
            if head.replace("**", "").count("`") % 2:
                closing, carry = "`" + closing, carry + "`"
            head += closing
        pieces.append(head)
    return [p for p in pieces if p.strip("*` \n")]
