"""Cutting an HTML reply into Telegram messages, and reading it as plain text.

Telegram refuses a message over 4096 UTF-16 code units and HTML whose tags do not balance.
``split_html`` cuts at a paragraph break if it can, else at a line break, else after a
sentence, and never inside a tag or an entity; a tag open at the cut is closed at the end of
one piece and reopened at the start of the next. Lengths are counted on the raw HTML, which is
never shorter than what Telegram counts, so every piece is accepted.

    for piece in split_html(reply.html):
        await bot.send_message(chat_id, piece, parse_mode="HTML")
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

TELEGRAM_LIMIT = 4096
"""Longest message text Telegram accepts (UTF-16 code units)."""

_ATOM = re.compile(r"<[^<>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);|[\s\S]")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)")
_SENTENCE_END = frozenset("。！？；!?;")
_MIN_FILL = 0.5
"""A preferred break (paragraph, line) is taken only if the piece is at least this full."""


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP count twice."""
    return len(text.encode("utf-16-le")) // 2


def plain_text(text: str) -> str:
    """What a reader sees of the HTML: tags dropped, entities decoded (console chat)."""
    return html.unescape(re.sub(r"<[^<>]*>", "", text))


@dataclass(frozen=True, slots=True)
class _Atom:
    text: str
    size: int
    opens: str | None = None  # tag name this atom opens
    closes: str | None = None  # tag name this atom closes


def _atoms(text: str) -> list[_Atom]:
    out: list[_Atom] = []
    for m in _ATOM.finditer(text):
        s = m.group()
        tag = _TAG.match(s) if s.startswith("<") and len(s) > 1 else None
        if tag:
            name = tag.group(2).lower()
            closing = tag.group(1) == "/"
            out.append(_Atom(s, utf16_len(s), None if closing else name, name if closing else None))
        elif len(s) == 1:
            out.append(_Atom(s, 2 if ord(s) > 0xFFFF else 1))
        else:
            out.append(_Atom(s, utf16_len(s)))
    return out


def _closing(stack: list[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _opening(stack: list[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def _priority(atoms: list[_Atom], i: int) -> int:
    """How good a cut before ``atoms[i]`` is: 3 paragraph, 2 line, 1 sentence, 0 anywhere."""
    prev = atoms[i - 1].text
    if prev == "\n":
        return 3 if i >= 2 and atoms[i - 2].text == "\n" else 2
    if prev in _SENTENCE_END:
        return 1
    return 0


def split_html(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """``text`` in pieces of at most ``limit`` UTF-16 units, each valid HTML on its own.

    Blank pieces are dropped and whitespace at the cuts is trimmed, so each piece can be sent.
    """
    if limit < 64:
        raise ValueError("limit too small to hold tags")
    text = text.strip()
    if utf16_len(text) <= limit:  # the usual case
        return [text] if plain_text(text).strip() else []
    pieces: list[str] = []
    atoms = _atoms(text)
    stack: list[tuple[str, str]] = []  # (name, opening tag) open at the start of the rest
    while atoms:
        prefix = _opening(stack)
        size = utf16_len(prefix)
        if size + sum(a.size for a in atoms) + utf16_len(_closing(stack)) <= limit:
            pieces.append(prefix + "".join(a.text for a in atoms))
            break
        best: dict[int, tuple[int, list[tuple[str, str]]]] = {}
        local = list(stack)
        for i, atom in enumerate(atoms):
            if i > 0 and atom.closes is None:
                cost = size + utf16_len(_closing(local))
                if cost <= limit:
                    best[_priority(atoms, i)] = (i, list(local))
            size += atom.size
            if atom.opens:
                local.append((atom.opens, atom.text))
            elif atom.closes and local and local[-1][0] == atom.closes:
                local.pop()
            if size > limit:
                break
        cut, at_cut = _choose(best, atoms, limit)
        head = prefix + "".join(a.text for a in atoms[:cut])
        pieces.append(head.rstrip() + _closing(at_cut))
        atoms = atoms[cut:]
        while atoms and atoms[0].text.isspace():
            atoms = atoms[1:]
        stack = at_cut
    return [p for p in pieces if plain_text(p).strip()]


def _choose(
    best: dict[int, tuple[int, list[tuple[str, str]]]], atoms: list[_Atom], limit: int
) -> tuple[int, list[tuple[str, str]]]:
    """The latest paragraph, line or sentence break that fills the piece at least half;
    failing that, the latest possible cut."""
    for prio in (3, 2, 1):
        if prio in best and sum(a.size for a in atoms[: best[prio][0]]) >= limit * _MIN_FILL:
            return best[prio]
    if best:
        return max(best.values(), key=lambda cut: cut[0])
    return 1, []  # unreachable while tags are shorter than the limit
