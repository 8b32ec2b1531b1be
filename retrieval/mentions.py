"""Which organ and year a question is about, from the names staff actually type.

Reports store the organ's full name (大洼区平安镇人民政府); people ask about 平安镇. A
question that names an organ we have a report for is about that report; one that names a
town we have no report for must not be answered from another town's figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from organs import aliases, mentioned

_PLACE_RE = re.compile(r"([\u4e00-\u9fff]{2,5}?)(镇|乡|街道)")
_GENERIC_START = set("各本我全该每哪某这那乡咱俺")
_NOT_IN_NAMES = set("们哪些的在了个里到去从向给和与或是都也又还要把被")
"""Function words no place name holds: 「分布在哪些街道」「咱们乡」 name no town."""
_GENERIC_STEMS = {
    "农村",
    "城乡",
    "贫困",
    "民族",
    "所在",
    "当地",
    "所属",
    "相关",
    "下辖",
    "辖区",
    "重点",
}
_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)\s*(?:年|年度)")


def organ_aliases(organ: str) -> set[str]:
    """Names that refer to ``organ`` (``organs.aliases``): for narrowing, never for access."""
    return aliases(organ)


def mentioned_organs(question: str, organs: Iterable[str]) -> set[str]:
    """The known organs the question names (by any alias)."""
    return mentioned(question, organs)


def unknown_places(question: str, organs: Iterable[str]) -> list[str]:
    """Towns/streets the question names that match no known organ (``张庄镇``); generic
    words such as 乡镇, 各乡镇, 本镇 are not names."""
    known = [a for organ in organs for a in organ_aliases(organ)]
    text = re.sub(r"\s+", "", question)
    out: list[str] = []
    for m in _PLACE_RE.finditer(text):
        stem, place = m.group(1), m.group(0)
        if stem[0] in _GENERIC_START or stem in _GENERIC_STEMS or stem.endswith(("乡", "镇")):
            continue
        if _NOT_IN_NAMES & set(stem):
            continue
        if text[m.end() : m.end() + 1] in ("镇", "乡"):
            continue
        if not any(place in a or a in place for a in known):
            out.append(place)
    return out


def mentioned_years(question: str) -> set[int]:
    """Years written as 2021年 / 2021年度."""
    return {int(y) for y in _YEAR_RE.findall(question)}
