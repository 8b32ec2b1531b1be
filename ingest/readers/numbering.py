"""Word's automatic list numbers ("一、", "（一）", "1."), which python-docx does not render.

Report templates often number their headings with a multilevel list, so the paragraph text is
"总体情况" while the page shows "一、总体情况"; the parser looks for the number. This module
keeps the counters while the body is read in order and formats each label from the level's
``lvlText`` (``"（%2）"``) and ``numFmt`` (``chineseCounting`` …).

Simplifications, as Word mostly behaves: counters belong to the abstract list, so list instances
sharing one continue each other unless a ``startOverride`` restarts them; a level resets the
deeper ones; bullets and unknown formats give no label or decimal numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_VAL = f"{{{_W}}}val"
_DIGITS = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]  # fmt: skip


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


@dataclass(frozen=True, slots=True)
class _Level:
    start: int
    fmt: str
    text: str
    suffix: str  # what follows the label: "" for Word's default tab, " " for a space


def _val(parent: etree._Element | None, tag: str) -> str | None:
    el = parent.find(_w(tag)) if parent is not None else None
    return el.get(_VAL) if el is not None else None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class Numbering:
    """The list definitions of one document and the counters of a reading pass."""

    def __init__(self, numbering_xml: etree._Element | None) -> None:
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstract, overrides)
        self._counters: dict[str, dict[int, int]] = {}
        self._restarted: set[str] = set()
        if numbering_xml is not None:
            self._load(numbering_xml)

    def _load(self, root: etree._Element) -> None:
        for abstract in root.findall(_w("abstractNum")):
            levels = {}
            for lvl in abstract.findall(_w("lvl")):
                suffix = {"space": " ", "nothing": ""}.get(_val(lvl, "suff") or "tab", "")
                levels[_int(lvl.get(_w("ilvl")), 0)] = _Level(
                    start=_int(_val(lvl, "start"), 1),
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                    suffix=suffix,
                )
            self._abstract[abstract.get(_w("abstractNumId"), "")] = levels
        for num in root.findall(_w("num")):
            overrides = {
                _int(o.get(_w("ilvl")), 0): _int(_val(o, "startOverride"), 1)
                for o in num.findall(_w("lvlOverride"))
                if o.find(_w("startOverride")) is not None
            }
            self._nums[num.get(_w("numId"), "")] = (_val(num, "abstractNumId") or "", overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        """The next label of list ``num_id`` at level ``ilvl`` (``""`` for none/bullets)."""
        if num_id not in self._nums:
            return ""
        abstract_id, overrides = self._nums[num_id]
        levels = self._abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if overrides and num_id not in self._restarted:
            self._restarted.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        text = level.text
        for k in range(ilvl + 1):
            placeholder = f"%{k + 1}"
            if placeholder in text:
                shown = levels.get(k, level)
                value = counters.get(k, shown.start)
                text = text.replace(placeholder, format_number(value, shown.fmt))
        return text + level.suffix


def format_number(n: int, fmt: str) -> str:
    """``n`` in a Word number format: ``chineseCounting`` 12 -> ``"十二"``, ``upperRoman`` …"""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting"):
        return _chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= len(_STEMS):
        return _STEMS[n - 1]
    if fmt == "ideographZodiac" and 1 <= n <= len(_BRANCHES):
        return _BRANCHES[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and n >= 1:
        roman = ""
        for value, symbol in _ROMAN:
            count, n = divmod(n, value)
            roman += symbol * count
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)


def _chinese(n: int) -> str:
    """1 -> 一, 10 -> 十, 15 -> 十五, 20 -> 二十, 105 -> 一百零五 (up to 9999)."""
    if not 0 < n < 10000:
        return str(n)
    out = ""
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            out += _DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out[1:] if out.startswith("一十") else out
