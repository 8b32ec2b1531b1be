"""Rules on the report's prose: slips in the text, and the text against the tables."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checks._common import (
    clauses,
    count_of,
    narrative,
    other_year_mentioned,
    plain,
    section_label,
    section_of,
    sentences,
    t3_count,
)
from checks.registry import CheckContext, Finding, Severity, finding, rule
from ingest.model import SECTION_TITLES, AnnualReport, Cell, Section
from organs import is_government as _is_government_organ

SOURCE_ACCURACY = "国办公开办函〔2021〕30号（四）明确责任：发布内容不准确不全面须追责"


def _where(section: Section | None) -> tuple[str, str]:
    """(finding section, location) for text found in ``section``."""
    if section is None or section.key not in SECTION_TITLES:
        return "全文", section.title if section is not None else "正文"
    return section.key, section_label(section)


def _snippet(text: str, start: int, end: int, width: int = 12) -> str:
    return " ".join(text[max(0, start - width) : end + width].split())


# --- X-YEAR -------------------------------------------------------------------------------

_LONG_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{3,})年")
_SHORT_YEAR = re.compile(
    r"(?<![\d.近约第逾超建历有达经过长共计满])(20[12])年(?=度|\d{1,2}月|[，,、]|以来|全年|我|本)"
)
_FAR_YEAR = re.compile(r"(?<![\d.])(2[1-9]\d{2})年")


def _repair(digits: str, year: int | None) -> str | None:
    """The report year when one digit more or less turns ``digits`` into it."""
    if year is None:
        return None
    target = str(year)
    if len(digits) == len(target) + 1:
        ok = any(digits[:i] + digits[i + 1 :] == target for i in range(len(digits)))
    elif len(digits) == len(target) - 1:
        ok = any(target[:i] + target[i + 1 :] == digits for i in range(len(target)))
    else:
        ok = False
    return f"{target}年" if ok else None


@rule("X-YEAR", Severity.ERROR, section="全文", source=SOURCE_ACCURACY)
def x_year(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """The text has a malformed year such as "20201年" or "202年".

    Why: a year with a digit too many or too few is a visible slip in a published government
    document, and it can make the period of a statement ambiguous.

    Fails: "20201年，我镇未收到依申请公开的相关信息".
    Passes: "2021年，我镇未收到依申请公开的相关信息".
    """
    text = plain(report.full_text or "\n".join([report.title, *(s.text for s in report.sections)]))
    seen: set[tuple[str, str]] = set()
    for pattern in (_LONG_YEAR, _SHORT_YEAR, _FAR_YEAR):
        for m in pattern.finditer(text):
            printed = m.group(0)
            place = section_of(report, _snippet(text, m.start(), m.end(), 4)) or section_of(
                report, printed
            )
            if place is None and printed in plain(report.title):
                sec, location = "标题", "标题"
            else:
                sec, location = _where(place)
            if (location, printed) in seen:
                continue
            seen.add((location, printed))
            repaired = _repair(m.group(1), report.year)
            yield finding(
                "X-YEAR",
                Severity.ERROR,
                section=sec,
                location=location,
                expected=repaired or "四位年份",
                actual=printed,
                message=f"「{_snippet(text, m.start(), m.end())}」中的「{printed}」不是正确的年份"
                + (f"（应为{repaired}？）" if repaired else ""),
                fix=f"将「{printed}」改为正确的四位年份"
                + (f"，如「{repaired}」" if repaired else ""),
            )


# --- X-APPS -------------------------------------------------------------------------------

_NO_APPLICATION = re.compile(
    r"(?:未|没有|无|并未|均未|尚未)(?:收到|接到|接收到|受理|发生|收到过|接收)"
    r"[^，,]{0,25}?(?:申请|依申请)(?![人书表])"
    r"|无(?!论)[^，,]{0,6}?(?:依申请|政府信息公开申请)(?![人书表])"
)
_APPLICATION_COUNT = re.compile(
    r"(?:收到|受理|接收|接到|新收)[^，,\d]{0,25}?(?:申请|依申请公开)[^，,\d]{0,12}?"
    r"(\d+)(?:件|份|宗)"
)
_WIDER_SCOPE = re.compile(
    r"全(?:省|市|州|盟|区|县|旗|镇|乡|街道|系统)|各(?:单位|部门|级|地|县|区|乡镇|街道|直属)"
    r"|系统内|下属|所属|直属|辖区|汇总"
)
"""Words that put a count on a wider body than the organ (全区各单位 in a 区政府本级 report):
its 表三 may be the organ's own, so a differing number is not surely a contradiction."""
_TABLE_ROW_TEXT = re.compile(r"\d(?:件|个|项|宗)\s*\d|\d\s+\d")
"""Numbers one after another, each with its unit: a table row that lost its cells."""
_NOT_APPLICATIONS = re.compile(
    r"复议|诉讼|投诉|信访|举报|咨询|留言|信件|工作日|日内|日起|天内"
    r"|补正|材料|答复|回复|费用|意见"  # about one application's steps, not whether any came in
)


@rule(
    "X-APPS",
    Severity.ERROR,
    Severity.WARNING,
    section="全文",
    source=f"条例第五十条第（二）项；{SOURCE_ACCURACY}",
)
def x_apps(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """The text contradicts 表三: it says no application was received while 新收 > 0, or states
    a number of applications that differs from 表三.

    Why: the prose and 表三 report the same 依申请公开 work (条例第五十条第（二）项); when they
    disagree one of them is wrong in a published report.

    A count said of a wider body (全区各单位, 全市, 系统内) may be about more than the organ's own
    表三 (a 区政府本级 table beside a 全区汇总 one): a difference there is a warning that says so.

    Fails: "本年度未收到政府信息公开申请" with 一、本年新收 总计 3.
    Passes: "共收到政府信息公开申请3件" with 一、本年新收 总计 3.
    """
    new = t3_count(report, "新收")
    if new is None:
        return
    carried = t3_count(report, "上年结转")
    decided = t3_count(report, "总计")
    plausible = {new} | ({new + carried} if carried is not None else set())
    plausible |= {decided} if decided is not None else set()
    new_label = "一、本年新收政府信息公开申请数量"
    for section, text in narrative(report):
        sec, location = _where(section)
        for sentence in sentences(text):
            if other_year_mentioned(sentence, report.year):
                continue
            for clause in clauses(sentence):
                if _NOT_APPLICATIONS.search(clause) or clause.startswith("其中"):
                    continue
                if _TABLE_ROW_TEXT.search(clause):
                    continue  # 表三's own row as text ("申请数量57件12件003件"), not prose
                if new > 0 and _NO_APPLICATION.search(clause):
                    yield finding(
                        "X-APPS",
                        Severity.ERROR,
                        section=sec,
                        location=location,
                        expected=str(new),
                        actual="0",
                        message=f"正文写「{clause}」，但表三「{new_label}」总计为 {new}",
                        fix="核对正文与表三，使收到申请的件数一致",
                    )
                    continue
                m = _APPLICATION_COUNT.search(clause)
                if m and int(m.group(1)) not in plausible:
                    wider = _WIDER_SCOPE.search(clause)
                    yield finding(
                        "X-APPS",
                        Severity.WARNING if wider else Severity.ERROR,
                        section=sec,
                        location=location,
                        expected=str(new),
                        actual=m.group(1),
                        message=f"正文写「{clause}」，但表三「{new_label}」总计为 {new}"
                        + (
                            f"；这句说的是「{wider.group(0)}」，统计范围可能与表三不同，请核实"
                            if wider
                            else ""
                        ),
                        fix="核对正文与表三，使收到申请的件数一致"
                        + ("；范围不同的，写明各自的统计范围" if wider else ""),
                    )


# --- X-REVIEW -----------------------------------------------------------------------------

_TABLE_WORDS = re.compile(r"未经复议直接起诉|复议后起诉|尚未审结")
_NO_CASE = re.compile(
    r"(?:未|没有|并未|均未)(?:发生|收到|接到|接收到|出现|有|受理|被|产生|涉及)[^，,]{0,25}?(?:复议|诉讼)"
    r"|无(?!论)[^，,]{0,15}?(?:复议|诉讼)"
)
_ZERO_CASE = re.compile(r"(?:复议|诉讼)([^，,\d]{0,15}?)(?:均为|为|是)?(?:0|零)(?:件|起|宗)?(?!\d)")
_RESULT_WORDS = re.compile(r"维持|纠正|其他|审结|结果")
_CASE_COUNT = re.compile(r"(?:复议|诉讼)[^，,\d]{0,15}?(\d+)(?:件|起|宗)")
_NOT_CASES = re.compile(
    r"工作日|日内|日起|天内|期限"
    r"|决定书|复议决定|判决|裁定|答辩|材料|通知书"  # a step of one case, not whether any came
)
_KINDS = {"复议": "行政复议", "诉讼": "行政诉讼"}


def _group_total(cells: tuple[Cell, ...], g: int) -> int | None:
    part = cells[g * 5 : g * 5 + 5]
    if len(part) != 5:
        return None
    total = count_of(part[4])
    if total is not None:
        return total
    values = [v for v in (count_of(c) for c in part[:4]) if v is not None]
    return sum(values) if len(values) == 4 else None


def _review_totals(report: AnnualReport) -> dict[str, int | None]:
    table = report.review_litigation
    if table is None or not table.found or not table.has_data_row or len(table.cells) != 15:
        return {}
    review = _group_total(table.cells, 0)
    direct, after = _group_total(table.cells, 1), _group_total(table.cells, 2)
    litigation = direct + after if direct is not None and after is not None else None
    return {"复议": review, "诉讼": litigation}


@rule(
    "X-REVIEW", Severity.ERROR, section="全文", source=f"条例第五十条第（三）项；{SOURCE_ACCURACY}"
)
def x_review(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """The text says there was no 行政复议 or 行政诉讼 while 表四 has cases, or tells of cases
    while 表四 has none.

    Why: the prose and 表四 report the same cases (条例第五十条第（三）项); a contradiction in a
    published report undermines both.

    Fails: "本年度未发生政府信息公开行政复议" with 行政复议 总计 1.
    Passes: "被申请行政复议1件，结果维持" with 行政复议 总计 1.
    """
    totals = _review_totals(report)
    if not totals:
        return
    seen: set[tuple[str, str]] = set()
    for section, text in narrative(report):
        sec, location = _where(section)
        in_part_four = section is not None and section.key == "四"
        for sentence in sentences(text):
            sentence = _TABLE_WORDS.sub("", sentence)
            if not (in_part_four or "信息公开" in sentence) or other_year_mentioned(
                sentence, report.year
            ):
                continue
            for clause in clauses(sentence):
                if _NOT_CASES.search(clause):
                    continue
                denied: set[str] = set()
                zeros = [m for m in _ZERO_CASE.finditer(clause) if not _RESULT_WORDS.search(m[1])]
                for m in (*_NO_CASE.finditer(clause), *zeros):
                    denied |= {k for k in _KINDS if k in clause[m.start() :]}
                told = {
                    k: int(m.group(1))
                    for m in _CASE_COUNT.finditer(clause)
                    for k in _KINDS
                    if k in m.group(0) and int(m.group(1)) > 0
                }
                for kind, name in _KINDS.items():
                    total = totals.get(kind)
                    if total is None or (location, kind) in seen:
                        continue
                    if kind in denied and kind not in told and total > 0:
                        actual, claim = "0", "没有"
                    elif kind in told and total == 0:
                        actual, claim = str(told[kind]), f"有 {told[kind]} 件"
                    else:
                        continue
                    seen.add((location, kind))
                    yield finding(
                        "X-REVIEW",
                        Severity.ERROR,
                        section=sec,
                        location=location,
                        expected=str(total),
                        actual=actual,
                        message=f"正文写「{clause}」（{name}{claim}），但表四{name}总计为 {total}",
                        fix=f"核对正文与表四，使{name}件数一致",
                    )


# --- X-ART50 ------------------------------------------------------------------------------

_ASSESSMENT = re.compile(r"考核|考评")
_APPRAISAL = re.compile(r"评议|社会评价|群众评价|满意度")
_ACCOUNTABILITY = re.compile(r"责任追究|追究责任|追责|问责")
WINDOW = 400
"""How close (in characters) the three parts must be to count as one report of them."""


def is_government(report: AnnualReport, organ_kind: str | None) -> bool:
    """A 人民政府 report (乡、镇、县、区、市…, 街道办事处), as opposed to a department's."""
    return _is_government_organ(report.organ, organ_kind)


def _reports_art50(text: str) -> bool:
    for a in _ASSESSMENT.finditer(text):
        near = text[max(0, a.start() - WINDOW) : a.end() + WINDOW]
        if _APPRAISAL.search(near) and _ACCOUNTABILITY.search(near):
            return True
    return False


@rule("X-ART50", Severity.WARNING, section="一", source="条例第五十条第（四）项")
def x_art50(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A 人民政府 report nowhere reports 工作考核、社会评议和责任追究结果情况.

    Why: 条例第五十条第（四）项 requires it of 各级人民政府 (乡、镇、县、区、市…); the 2021 format
    asks for it under 监督保障 in 一、总体情况. Department reports are not concerned.

    Fails: a 镇人民政府 report whose 监督保障 mentions only 监督检查.
    Passes: "将政府信息公开工作纳入绩效考核，开展社会评议，全年未发生责任追究情况".
    """
    if not is_government(report, ctx.organ_kind):
        return
    text = plain(report.full_text or "\n".join(s.text for s in report.sections))
    if _reports_art50(text):
        return
    parts = {"工作考核": _ASSESSMENT, "社会评议": _APPRAISAL, "责任追究": _ACCOUNTABILITY}
    missing = [name for name, pattern in parts.items() if not pattern.search(text)]
    # a report that did write of 考核 must not be told it wrote nothing: name what is missing
    said = (
        ""
        if len(missing) in (0, 3)
        else f"（已写{'、'.join(n for n in parts if n not in missing)}）"
    )
    lacking = "、".join(missing) if missing else "工作考核、社会评议和责任追究"
    yield finding(
        "X-ART50",
        Severity.WARNING,
        location="一、总体情况 / 监督保障",
        expected="工作考核、社会评议和责任追究结果情况",
        actual="未报告" if len(missing) == 3 else f"未报告{lacking}",
        message=f"全文未报告{lacking}结果情况{said}，条例第五十条第（四）项要求"
        "各级人民政府的年度报告包括工作考核、社会评议和责任追究结果情况"
        + ("" if missing else "（三者未在同一处写明）"),
        fix="在「一、总体情况」的监督保障部分写明本年度工作考核、社会评议和责任追究的结果"
        "（没有责任追究的也写明“未发生”）",
    )


# --- X-FEE --------------------------------------------------------------------------------

_FEE = re.compile(r"信息处理费|处理费|收费|收取[^，,。]{0,10}费|费用")


@rule(
    "X-FEE",
    Severity.WARNING,
    section="六",
    source="条例第四十二条；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
)
def x_fee(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A report for 2021 or later whose 六、其他需要报告的事项 says nothing of 信息处理费.

    Why: 信息处理费 may be charged since 2021 (条例第四十二条, 国办函〔2020〕109号), and reports
    state what was charged under 六、其他需要报告的事项 (usually "未收取信息处理费").

    Fails: a 2021 report whose part 六 reads "无".
    Passes: "本年度未收取信息处理费".
    """
    if report.year is not None and report.year < 2021:
        return
    if report.year is None and report.format != "2021":
        return
    six = report.section("六")
    if six is None:
        return
    parts = [six.title, six.text] + [
        f"{s.title}{s.text}" for s in report.sections if s.key not in SECTION_TITLES
    ]
    if _FEE.search(plain("\n".join(parts))):
        return
    yield finding(
        "X-FEE",
        Severity.WARNING,
        location=section_label("六"),
        expected="信息处理费收取情况",
        actual="未说明",
        message="「六、其他需要报告的事项」未说明本年度信息处理费的收取情况",
        fix="在第六部分写明本年度收取信息处理费的情况，如“本年度未收取信息处理费”",
    )


# --- X-OVERVIEW ---------------------------------------------------------------------------

_ON_REQUEST = re.compile(r"依申请|公开申请|申请公开|信息公开申请")


@rule(
    "X-OVERVIEW",
    Severity.WARNING,
    section="一",
    source="国办公开办函〔2021〕30号格式 一、报告内容（一）总体情况",
)
def x_overview(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """一、总体情况 does not cover 依申请公开 although 表三 shows applications.

    Why: the format's 总体情况 "主要包括主动公开、依申请公开、政府信息管理、政府信息公开平台
    建设、监督保障"; with applications received, their handling belongs in the overview.

    Fails: 一、总体情况 speaks only of 主动公开 while 表三 shows 3 new applications.
    Passes: "（二）依申请公开。本年度共收到政府信息公开申请3件……".
    """
    one = report.section("一")
    if one is None:
        return
    new = t3_count(report, "新收") or 0
    carried = t3_count(report, "上年结转") or 0
    if new + carried == 0 or _ON_REQUEST.search(plain(one.text)):
        return
    yield finding(
        "X-OVERVIEW",
        Severity.WARNING,
        location=section_label("一"),
        expected="依申请公开情况",
        actual="未提及",
        message="「一、总体情况」未说明依申请公开情况，"
        f"而表三显示本年新收 {new} 件、上年结转 {carried} 件申请",
        fix="在总体情况中增加依申请公开一段：收到、办理和答复申请的情况",
    )


# --- X-TYPO -------------------------------------------------------------------------------

TYPOS: tuple[tuple[str, str], ...] = (
    ("不开为例外", "不公开为例外"),
    ("政府信息公开条列", "政府信息公开条例"),
    ("以公开为原责", "以公开为原则"),
)
"""Known slips in the fixed phrases of 政务公开 (printed, meant)."""


@rule("X-TYPO", Severity.INFO, section="全文", source=SOURCE_ACCURACY)
def x_typo(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A known slip in a fixed phrase, such as "不开为例外" for "不公开为例外".

    Why: the principle "以公开为常态、不公开为例外" (条例第五条) is quoted in most reports; a
    dropped character changes its meaning in a published document.

    Fails: "按照“以公开为原则，不开为例外”的总体要求".
    Passes: "按照“以公开为原则，不公开为例外”的总体要求".
    """
    text = plain(report.full_text or "\n".join(s.text for s in report.sections))
    for wrong, right in TYPOS:
        start = text.find(wrong)
        if start < 0:
            continue
        sec, location = _where(section_of(report, wrong))
        yield finding(
            "X-TYPO",
            Severity.INFO,
            section=sec,
            location=location,
            expected=right,
            actual=wrong,
            message=f"「{_snippet(text, start, start + len(wrong))}」中的「{wrong}」疑似漏字，"
            f"应为「{right}」",
            fix=f"将「{wrong}」改为「{right}」",
        )


# --- X-UNFINISHED -------------------------------------------------------------------------

_PLACEHOLDER = re.compile(
    r"[【\[［][\s　]*"
    r"(?:待[补填完确核][\u4e00-\u9fff]{0,4}|此处[\u4e00-\u9fff]{0,8}|请?填写[\u4e00-\u9fff]{0,6}|)"
    r"[\s　]*[】\]］]"
    r"|[(（]\s*待(?:补充|填写|完善|确认|核实)\s*[)）]"
    r"|此处填写|此处(?:输入|补充)"
    r"|(?<![A-Za-z])(?:XX|xx|Xx|××|ｘｘ|ＸＸ)+(?![A-Za-z])"
)
"""What a template leaves behind: 【待补充】, 【】, （待填写）, 此处填写, XX / ××."""


@rule("X-UNFINISHED", Severity.ERROR, section="全文", source=SOURCE_ACCURACY)
def x_unfinished(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A template placeholder is still in the report: 【待补充】, 【】, XX/××, 此处填写.

    Why: a published report with a placeholder is unfinished (国办公开办函〔2021〕30号 holds
    the publisher responsible for inaccurate or incomplete content); the place it stands is a
    figure or a fact nobody filled in.

    Fails: "全年主动公开政府信息【待补充】条"; "XX镇人民政府".
    Passes: "全年主动公开政府信息415条"; a reference such as "〔2021〕30号".
    """
    text = report.full_text or "\n".join([report.title] + [s.text for s in report.sections])
    seen: set[str] = set()
    for line in text.splitlines():
        for m in _PLACEHOLDER.finditer(line):
            context = _snippet(line, m.start(), m.end())
            if context in seen:
                continue
            seen.add(context)
            around = (
                line[max(0, m.start() - 8) : m.end()],
                line[m.start() : m.end() + 8],
                line[max(0, m.start() - 3) : m.end()],
            )
            where = next(
                (found for near in around if (found := section_of(report, near)) is not None),
                None,
            )
            part, location = _where(where)
            yield finding(
                "X-UNFINISHED",
                Severity.ERROR,
                section=part,
                location=location,
                expected="填写完成的内容",
                actual=m.group(0),
                message=f"报告中还留有待填写的占位内容「{m.group(0)}」：「{context}」",
                fix="把占位内容换成实际的数字或文字后再发布",
            )
