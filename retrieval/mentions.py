"""Which organ and year a question is about, from the names staff actually type.

Reports store the organ's full name (大洼区平安镇人民政府); people ask about 平安镇. A
question that names an organ we have a report for is about that report; one that names a
town we have no report for must not be answered from another town's figures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from organs import aliases, mentioned

_SUFFIX_RE = re.compile(r"镇|乡|街道")
CJK = re.compile(r"[\u4e00-\u9fff]")
"""A Chinese character (the basic block): names, and the case words a question holds."""
_STEM_MAX = 4
_GENERIC_START = set("各本我全该每哪某这那乡咱俺")
_NOT_IN_NAMES = set("们哪些的在了个里到去从向给和与或是都也又还要把被对跟让往")
"""Function words no place name holds: 「分布在哪些街道」「咱们乡」「发改委对镇上一个项目」
name no town."""
_STOPS = _GENERIC_START | _NOT_IN_NAMES | set("镇道")
_GENERIC_STEMS = (
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
)
_YEAR_RE = re.compile(r"(?<!\d)(20\d\d)\s*(?:年|年度)")


def organ_aliases(organ: str) -> set[str]:
    """Names that refer to ``organ`` (``organs.aliases``): for narrowing, never for access."""
    return aliases(organ)


def mentioned_organs(question: str, organs: Iterable[str]) -> set[str]:
    """The known organs the question names (by any alias)."""
    return mentioned(question, organs)


ASKS_FOR_DATA = re.compile(r"几件|几条|几个|几次|几项|多少|数量|人次|件数|有没有|是否收")
"""A question asking for a figure or a fact of one organ's year: only its report answers it."""


def unknown_places(question: str, organs: Iterable[str]) -> list[str]:
    """Towns/streets the question names that match no known organ (``张庄镇``); generic
    words such as 乡镇, 各乡镇, 本镇 are not names."""
    known = [a for organ in organs for a in organ_aliases(organ)]
    text = re.sub(r"\s+", "", question)
    out: list[str] = []
    for m in _SUFFIX_RE.finditer(text):
        if text[m.end() : m.end() + 1] in ("镇", "乡"):
            continue  # 乡镇
        stem = _name_before(text, m.start())
        if len(stem) < 2 or stem.endswith(_GENERIC_STEMS) or _common_word_before(text, m.start()):
            continue
        place = stem + m.group(0)
        if place not in out and not any(place in a or a in place for a in known):
            out.append(place)
    return out


def _name_before(text: str, end: int) -> str:
    """The characters before a suffix that may be a name: Chinese characters back to the
    nearest that no name holds (和, 的, 各, 镇 …), at most ``_STEM_MAX``."""
    start = end
    while start > max(0, end - _STEM_MAX) and CJK.match(text[start - 1]):
        if text[start - 1] in _STOPS:
            break
        start -= 1
    return text[start:end]


_NOT_A_NAME_TAGS = ("r", "p", "c", "u")
"""jieba's part-of-speech tags (prefixes) of words no place name ends with: pronouns,
prepositions, conjunctions, particles; and plain verbs (``v`` exactly: 申请镇政府, 复核镇里).
Names jieba lacks (霄云, 张庄) or tags otherwise (城关 ns, 平安 a, 建设 vn) pass; the few
towns named by a plain verb (前进镇) are then not taken for a town, which routes the
question as a general one, never to another town's report."""


def _common_word_before(text: str, suffix_at: int) -> bool:
    """The suffix (镇/乡/街道) is a word of its own after a common word, not the end of a
    name: 「有人申请镇政府的…」「复核某镇表三」「对全镇村民」. The character just before the
    suffix, and the word of the two just before it, decide."""
    if suffix_at < 1 or text[suffix_at - 1] in _GENERIC_START:
        return True
    tag = word_tags().get(text[max(0, suffix_at - 2) : suffix_at])
    return tag is not None and (tag == "v" or tag.startswith(_NOT_A_NAME_TAGS))


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """jieba's dictionary of word → part of speech (about a second to load: on the first
    place-like match, or at a bot's start, ``services.ask.warm_up``)."""
    import jieba.posseg

    tags: dict[str, str] = jieba.posseg.dt.word_tag_tab
    return tags


def mentioned_years(question: str) -> set[int]:
    """Years written as 2021年 / 2021年度."""
    return {int(y) for y in _YEAR_RE.findall(question)}
