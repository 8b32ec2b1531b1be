"""The numbers a text states, and the numbers a draft may state.

An LLM asked to rewrite a section in another report's style may carry that report's figures
over or invent plausible ones. The draft's rule is simple and checkable: every number in a
generated section must be one the data holds (table cells, facts, derived counts the template
printed) or the report year and its neighbours. Arabic digits (also full-width, with
thousands separators) and Chinese numerals followed by a counter word (三件, 十二条) count;
ordinals and set phrases (第二十条, 一是, 三安全一稳定) do not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from retrieval.articles import cn_to_int

_ARABIC = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])")
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_CN_COUNT = re.compile(
    r"(?<![第零〇一二两三四五六七八九十百千万\d])"
    r"([零〇一二两三四五六七八九十百千万]+)(?=[件条个次项家场篇人名份起批期余多])"
)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:
        return None


def numbers_in(text: str) -> list[tuple[str, Decimal]]:
    """Every number stated in ``text`` as (printed form, value), in order."""
    norm = _THOUSANDS.sub("", unicodedata.normalize("NFKC", text))
    found: list[tuple[int, str, Decimal]] = []
    for m in _ARABIC.finditer(norm):
        value = _decimal(m.group(0))
        if value is not None:
            found.append((m.start(), m.group(0), value))
    for m in _CN_COUNT.finditer(norm):
        printed = m.group(1)
        number = cn_to_int(printed.replace("万", ""))
        if number is None or (number == 1 and printed == "一"):
            continue  # 一 before a counter is mostly the article "a" (一批, 一次性)
        if "万" in printed:
            number *= 10000
        found.append((m.start(), printed, Decimal(number)))
    return [(printed, value) for _, printed, value in sorted(found, key=lambda f: f[0])]


def _walk(value: Any) -> Iterable[Decimal]:
    if isinstance(value, bool) or value is None:
        return
    if isinstance(value, int | float | Decimal):
        number = _decimal(str(value))
        if number is not None:
            yield number
    elif isinstance(value, str):
        yield from (v for _, v in numbers_in(value))
    elif isinstance(value, Mapping):
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            yield from _walk(v)


def allowed_numbers(*sources: Any, year: int | None = None) -> frozenset[Decimal]:
    """The numbers found in ``sources`` (dicts, lists, numbers, texts), plus the year, the
    year before and the year after (a report speaks of 上年 and of next year's plans)."""
    out = set(_walk(list(sources)))
    if year is not None:
        out |= {Decimal(year - 1), Decimal(year), Decimal(year + 1)}
    return frozenset(out)


def unsupported_numbers(text: str, allowed: frozenset[Decimal]) -> list[str]:
    """The printed numbers of ``text`` that are not in ``allowed`` (each listed once)."""
    out: list[str] = []
    for printed, value in numbers_in(text):
        if value not in allowed and printed not in out:
            out.append(printed)
    return out
