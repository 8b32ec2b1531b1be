"""Article numbers of the 条例 in every form staff write them: 第三十三条, 第33条, 33条,
条例三十三条, 条例第33条.

Questions that name an article go straight to it (exact match, ahead of fusion), and the
citations an LLM writes are checked against the articles actually retrieved. jieba splits
these numbers (``第七百零五条`` → ``第七 百零 五条``), so they are recognised here, by regex.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:\d{{1,4}}|[{_CN_NUM}]{{1,8}})"

_EXPLICIT_RE = re.compile(
    rf"(?:(?P<law>《?(?:中华人民共和国)?(?:政府信息公开)?条例》?|本条例)\s*(?:第\s*)?"
    rf"|第\s*)(?P<num>{_NUM})\s*条"
)
"""``第X条`` and ``条例X条`` / ``条例第X条`` / ``《条例》第X条``: always an article."""

_BARE_RE = re.compile(
    rf"(?<![第\d{_CN_NUM}])(?P<num>\d{{1,3}}|[{_CN_NUM}]*[十百][{_CN_NUM}]*)\s*条(?P<after>.?)"
)
"""``33条`` / ``三十三条`` without 第: an article only when nothing suggests a count.
A Chinese bare number needs 十 or 百, so 两条 / 一条 stay ordinary words."""

_BARE_FOLLOWERS = set("的规定说讲是怎什内中里写要有原全条第，。？?！!、 ）)") | {""}
"""What may follow a bare ``33条`` for it to read as an article (not "发布信息14条").
(``14条信息`` is a count; ``33条规定`` / ``33条怎么说`` / ``33条？`` are articles.)"""

_BARE_LEADERS = set('看查按据照于和与及或读问说讲解释在是即下的、，。？?：: （(《“"')
"""What may precede a bare ``33条`` (start of text, a verb of looking something up, punctuation);
``信息14条`` / ``发布了14条`` are counts."""

_QUALIFIER_RE = re.compile(rf"^(?:\s*第\s*[（(]?[{_CN_NUM}\d]+[）)]?\s*[款项])+")


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """One article reference found in a text: the number and where it was written."""

    number: int
    start: int
    end: int
    text: str


def cn_to_int(text: str) -> int | None:
    """Parse an Arabic or Chinese numeral (三十三, 一百零五, 两百, 33); None if it is not one."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            return None
    return total + current


def int_to_cn(number: int) -> str:
    """Write 1…9999 the way the 条例 does: 十, 二十, 三十三, 一百零五, 一百一十."""
    if number <= 0 or number >= 10000:
        raise ValueError(f"article number out of range: {number}")
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    zero = False
    for unit_value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = number // unit_value % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append("零")
            zero = False
        parts.append(digits[d] + unit)
    out = "".join(parts)
    return out[1:] if out.startswith("一十") else out


def article_label(number: int) -> str:
    """The label as the 条例 prints it: ``第三十三条``."""
    return f"第{int_to_cn(number)}条"


def iter_article_refs(text: str, *, bare: bool = False) -> Iterator[ArticleRef]:
    """Article references in ``text`` in order. ``bare=True`` also accepts ``33条`` /
    ``三十三条`` without 第 when the context reads as an article (questions); answers and
    documents use ``bare=False`` so counts such as 发布信息14条 are never taken for one."""
    found: list[ArticleRef] = []
    taken: list[tuple[int, int]] = []
    for m in _EXPLICIT_RE.finditer(text):
        number = cn_to_int(m.group("num"))
        if number:
            end = m.end()
            qualifier = _QUALIFIER_RE.match(text[end:])
            if qualifier:
                end += qualifier.end()
            found.append(ArticleRef(number, m.start(), end, text[m.start() : end]))
            taken.append((m.start(), end))
    if bare:
        for m in _BARE_RE.finditer(text):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if m.group("after") not in _BARE_FOLLOWERS:
                continue
            before = text[m.start() - 1] if m.start() > 0 else ""
            if before and before not in _BARE_LEADERS and not before.isspace():
                continue
            number = cn_to_int(m.group("num"))
            if number:
                end = m.end("num") + text[m.end("num") :].index("条") + 1
                found.append(ArticleRef(number, m.start(), end, text[m.start() : end]))
    yield from sorted(found, key=lambda r: r.start)


def article_numbers(text: str, *, bare: bool = False) -> list[int]:
    """The distinct article numbers referenced in ``text``, in order of first mention."""
    seen: dict[int, None] = {}
    for ref in iter_article_refs(text, bare=bare):
        seen.setdefault(ref.number, None)
    return list(seen)


ARTICLE_TOKEN_RE = re.compile(rf"第\s*{_NUM}\s*条")
"""``第…条`` in documents, pulled out before jieba so it stays one token."""


def canonical_article_token(raw: str) -> str | None:
    """``第 33 条`` / ``第三十三条`` → ``第三十三条`` (one spelling for the BM25 index)."""
    m = re.fullmatch(rf"第\s*({_NUM})\s*条", raw.strip())
    if not m:
        return None
    number = cn_to_int(m.group(1))
    return article_label(number) if number and number < 10000 else None
