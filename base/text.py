"""Text from outside (files, chat titles, file names) made safe to show.

Control characters other than tab and newline, and bidirectional overrides, mean nothing in a
report or a name: ESC sequences reach a terminal that prints the text (``xxgk check``, the
console chat) and can rewrite the screen or the clipboard; an RTL override reorders what a
supervisor reads (a chat title ending in U+202E shows ``（ID：12345）`` as ``）54321：DI（``).
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_TITLE_CHARS = 64


def printable(text: str) -> str:
    """``text`` without control characters and bidi controls (``\\r`` becomes a newline)."""
    return _CONTROLS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def one_line(text: str | None, limit: int = MAX_TITLE_CHARS) -> str | None:
    """A name or title as one printable line of at most ``limit`` characters (None stays)."""
    if text is None:
        return None
    clean = " ".join(printable(text).split())
    return clean[: limit - 1] + "…" if len(clean) > limit else clean
