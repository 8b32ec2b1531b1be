"""What the clerk's own uploaded draft already says, as a starting point for /draft.

A draft drafted from an uploaded draft should not ask again for what the clerk wrote: the
narrative parts (一、五、六) start from the clerk's own text, and a 信息处理费 table or sentence
that says nothing was charged (0/0/0, “未收取”) is the fact ``信息处理费 = 0``. Plain Python on
the parsed report and its full text; no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from drafting.sections import NARRATIVE_SECTIONS, TODO_RE
from ingest.model import AnnualReport

MIN_NARRATIVE_CHARS = 15
"""Shorter than this (headings only, 无, 略) is no text to start from."""

_FEE = re.compile(r"信息处理费|处理费")
_NONE_CHARGED = re.compile(
    r"(?:未|没有|不|无)(?:收取|收|产生|发生)[^。；;\n]{0,16}(?:处理费|费用)"
    r"|(?:处理费|收费)[^。；;\n]{0,16}(?:为零|零元|为〇|(?<![\d.])0(?:\.0+)?(?![\d.])\s*元?)"
)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NUMBERS_ONLY = re.compile(r"^[\s\d.|｜,，、\t-]+$")
_HEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)][^。；\n]{0,30}[。:：]?\s*$")
_BARE_FEE_HEADING = re.compile(
    r"^(\s*[（(][一二三四五六七八九十]+[）)][^。；\n]{0,20}(?:信息处理费|处理费)[^。；\n]{0,20}[。:：]?)\s*$"
)


def fee_charged(text: str) -> Decimal | None:
    """0 when the text says no 信息处理费 was charged, in words or as a table of zeros
    (a table's rows come through as lines of numbers); None when it does not say."""
    for match in _FEE.finditer(text):
        window = text[max(0, match.start() - 20) : match.end() + 40]
        if _NONE_CHARGED.search(window):
            return Decimal(0)
        rows = [
            line
            for line in text[match.end() :].splitlines()[1:8]
            if line.strip() and _NUMBERS_ONLY.match(line)
        ]
        numbers = [Decimal(n) for row in rows for n in _NUMBER.findall(row)]
        if numbers and all(n == 0 for n in numbers):
            return Decimal(0)
    return None


def facts_from_report(report: AnnualReport, full_text: str) -> dict[str, object]:
    """The ``facts`` an uploaded draft states (only what it states for certain)."""
    facts: dict[str, object] = {}
    fee = fee_charged(full_text)
    if fee is not None:
        facts["信息处理费"] = int(fee)
    return facts


def _has_text(body: str) -> bool:
    lines = [ln for ln in body.splitlines() if ln.strip() and not _HEADING.match(ln)]
    content = "".join("".join(lines).split())
    return len(TODO_RE.sub("", content)) >= MIN_NARRATIVE_CHARS


def _fill_fee_heading(body: str, fee_sentence: str) -> str:
    """A 信息处理费 heading left bare (its table was a table, not text) gets the sentence."""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if _BARE_FEE_HEADING.match(line):
            lines[i] = line.rstrip() + fee_sentence
    return "\n".join(lines)


def narrative_from_report(
    report: AnnualReport, facts: Mapping[str, object] | None = None
) -> dict[str, str]:
    """The clerk's text of each narrative part that has some, paragraph by paragraph."""
    out: dict[str, str] = {}
    for key in NARRATIVE_SECTIONS:
        section = report.section(key)
        if section is None or not _has_text(section.text):
            continue
        body = section.text.strip()
        if key == "六" and facts is not None and facts.get("信息处理费") == 0:
            body = _fill_fee_heading(body, "本年度未收取信息处理费。")
        out[key] = "\n\n".join(p.strip() for p in body.splitlines() if p.strip())
    return out
