"""Which of 表三's entry and exit rows a dated application belongs to, read from its dates.

Staff paste a line of their register (「台账：2022年12月19日收到…，2023年1月10日答复」) and ask
whether it is 本年新收 for the report they are writing. The rule is the format's: an
application received the year before the report year and answered in it is 二、上年结转;
one received in the report year and still open at 31 December is 四、结转下年度继续办理;
one received and answered in the report year is 本年新收. The dates decide this, not the
words, so the guide's ranking is not asked. Plain Python, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NEW = "t3-new"
CARRIED_IN = "t3-carried-in"
CARRIED_OUT = "t3-carried-out"

_DATE = re.compile(
    r"(?P<y>20\d\d|去年|今年|明年|上一?年)\s*(?:年|[.\-/．])?\s*(?P<m>1[0-2]|0?[1-9])\s*(?:月|[.\-/．])"
    r"(?:\s*(?P<d>3[01]|[12]\d|0?[1-9])\s*(?:日|号)?)?"
)
_MONTH_ONLY = re.compile(
    r"(?<![\d年.\-/])(?P<m>1[0-2]|0?[1-9])\s*[.\-/．月]\s*(?P<d>3[01]|[12]\d|0?[1-9])"
)
_RECEIVED = (
    re.compile(r"签收"),
    re.compile(r"收到|收件|(?<![接])收(?![费集取])|确认"),
    re.compile(r"提交|递交|寄来|寄出|来申请|申请(?![人表书])"),
)
"""What makes a date the receipt date, strongest first: 第三十一条 counts a posted
application from its signing for (签收), not from its posting (寄来)."""
_ANSWERED = re.compile(r"答复|办结|告知|回复|出具|送达|公开了|提供了")
_NOT_YET = re.compile(r"\s*(?:日|号)?\s*(?:前|时)?\s*(?:尚未|还没|仍未|未|没)")
_OPEN_AT_YEAR_END = re.compile(
    r"(?:(?:截至|截止|到)\s*)?(?:12\s*[.\-/月]\s*31\s*[日号]?|年底|年末|12月底)[^。；;]{0,12}?"
    r"(?:尚未|还没|仍未|没有?|未)(?:答复|办结|办完|回复|处理完)"
)
_NEXT_YEAR_ANSWER = re.compile(
    r"(?:元旦|春节|过完?年|年后|第二年|次年|明年|来年|新年)[^。；;，,]{0,8}?(?:答复|回复|办结|告知|送达)"
)
"""「元旦后才答复」「第二年1月下旬答复」: answered in the year after the one received in."""
_REPORT_YEAR = re.compile(
    r"(?P<y>20\d\d|今年|去年)\s*年?度?\s*(?:的)?\s*[“\"「]?(?:年报|年度报告|报告|表三|本年新收)"
)
_ASKS_ENTRY = re.compile(
    r"新收|结转|上年|跨年|入口|第一、?二项|第[一二四]项|哪一?年|算哪年|要不要算|体现|记新收|算不算新收"
)
"""The question asks where the application enters or leaves the year, not its outcome."""


@dataclass(frozen=True, slots=True)
class Dated:
    received: int | None
    answered: int | None
    open_at_year_end: bool
    report: int | None
    years: frozenset[int] = frozenset()
    """Every year a date of the question falls in."""


def _year(token: str, report: int | None) -> int | None:
    if token.isdigit():
        return int(token)
    if report is None:
        return None
    return {"今年": report, "去年": report - 1, "上年": report - 1, "上一年": report - 1}.get(
        token, report + 1 if token == "明年" else None
    )


def read_dates(question: str) -> Dated:
    """The years the application was received and answered, whether it was still open at
    the year's end, and the report year, as far as the question says them."""
    text = unicodedata.normalize("NFKC", question)
    anchor = _REPORT_YEAR.search(text)
    report: int | None = None
    if anchor:
        # 「今年的年报」「去年的年报」 with no number: years are told relative to it
        report = int(anchor["y"]) if anchor["y"].isdigit() else {"今年": 0, "去年": -1}[anchor["y"]]
    received: tuple[int, int, int] | None = None  # (strength, year, month)
    answered = None
    years: set[int] = set()
    for m in _DATE.finditer(text):
        year = _year(m["y"], 0 if report is None else report)
        if year is None:
            continue
        years.add(year)
        before, after = text[max(0, m.start() - 4) : m.start()], text[m.end() : m.end() + 6]
        near = before + after
        strength = next(
            (len(_RECEIVED) - i for i, cue in enumerate(_RECEIVED) if cue.search(near)), 0
        )
        if _NOT_YET.match(after):
            continue  # 「截至12-31尚未答复」 dates no answer
        if _ANSWERED.search(after[:4]) or (not strength and _ANSWERED.search(near)):
            answered = year if answered is None else answered
        elif strength and (received is None or strength > received[0]):
            received = (strength, year, int(m["m"]))
    month_only = list(_MONTH_ONLY.finditer(text))  # dates without a year, read once
    if received is None and report is not None and not years:
        # 「今年的年报…12月26号收到」: a register's date without its year, in a question that
        # names the report year and no other year, is a date of the report year
        for m in month_only:
            near = text[max(0, m.start() - 4) : m.start()] + text[m.end() : m.end() + 6]
            if _RECEIVED[0].search(near) or _RECEIVED[1].search(near):
                received = (1, report, int(m["m"]))
                years.add(report)
                break
    if received is not None and answered is None and _NEXT_YEAR_ANSWER.search(text):
        answered = received[1] + 1
        years.add(answered)
    if received is not None and answered is None:
        # 「2022年12月19日收到…，1月10日答复」: a later date without its year follows on
        for m in month_only:
            after = text[m.end() : m.end() + 6]
            if _ANSWERED.search(after) and not _NOT_YET.match(after):
                month = int(m["m"])
                answered = received[1] + (1 if month < received[2] else 0)
                years.add(answered)
                break
    return Dated(
        received[1] if received else None,
        answered,
        bool(_OPEN_AT_YEAR_END.search(text)),
        report,
        frozenset(years),
    )


def entry_row(question: str) -> str | None:
    """The guide id of 本年新收, 上年结转 or 结转下年度 that the dates put the application in,
    for the report year the question names; None when the question does not ask where it
    enters or leaves the year, or its dates do not decide it."""
    text = unicodedata.normalize("NFKC", question)
    dated = read_dates(text)
    if dated.report is None or dated.received is None:
        return None
    if not _ASKS_ENTRY.search(text) and len(dated.years | {dated.report}) < 2:
        return None  # one year throughout: the outcome is asked, not the year it falls in
    if dated.received == dated.report - 1 and dated.answered == dated.report:
        return CARRIED_IN
    if dated.received == dated.report:
        if dated.open_at_year_end or (dated.answered is not None and dated.answered > dated.report):
            return CARRIED_OUT
        if dated.answered in (None, dated.report):
            return NEW  # received in the year: new, whatever became of it
    return None
