"""Rules on the report's shape: title, the six sections, the format version, the period."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checks._common import compact, plain, public_institution, section_label, section_of
from checks.registry import CheckContext, Finding, Severity, finding, rule, unreadable_tables
from ingest.model import SECTION_TITLES, AnnualReport, Section

SOURCE_FORMAT = "国办公开办函〔2021〕30号格式（六个部分及其标题）"
REPORT_NAME = "政府信息公开工作年度报告"
CANONICAL = tuple(SECTION_TITLES)
CN_NUMERALS = "一二三四五六七八九十"


@rule(
    "S-TITLE",
    Severity.WARNING,
    section="标题",
    source="条例第四十九条、第五十条（政府信息公开工作年度报告）",
)
def s_title(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """The title lacks "政府信息公开工作年度报告" or the report's year.

    Why: 条例第四十九条 and 第五十条 name the document 政府信息公开工作年度报告, and the title is
    how readers and the 主管部门 find a given year's report.

    Fails: "平安镇2021年度政府信息公开工作报告" (年度 missing from the name).
    Passes: "平安镇人民政府2021年政府信息公开工作年度报告" (spaces are ignored).
    """
    title = plain(report.title)
    found = False
    if REPORT_NAME not in title:
        found = True
        yield finding(
            "S-TITLE",
            Severity.WARNING,
            location="标题",
            expected=REPORT_NAME,
            actual=report.title.strip() or "无标题",
            message=f"标题「{report.title.strip() or '（未找到）'}」没有写成格式规定的"
            f"「{REPORT_NAME}」",
            fix=f"标题写为「机关名称 + 年份 + {REPORT_NAME}」",
        )
    year_ok = (
        str(report.year) in title
        if report.year is not None
        else re.search(r"(?<!\d)(19|20)\d{2}(?!\d)", title) is not None
    )
    if not year_ok:
        found = True
        want = f"{report.year}年" if report.year is not None else "年份"
        yield finding(
            "S-TITLE",
            Severity.WARNING,
            location="标题",
            expected=want,
            actual=report.title.strip() or "无标题",
            message=f"标题「{report.title.strip() or '（未找到）'}」没有写明报告年份",
            fix=f"在标题中写明年份，如「{report.year or 2024}年{REPORT_NAME}」",
        )
    if found:
        return
    for d in report.diagnostics:
        if d.kind == "title":
            yield finding(
                "S-TITLE",
                Severity.WARNING,
                location="标题",
                expected=d.expected,
                actual=d.actual,
                message=d.message,
                fix=f"标题写为「机关名称 + 年份 + {REPORT_NAME}」",
            )


_IGNORED_IN_TITLE = re.compile(r"[\s、，,.．:：()（）]|的|和|及|与")


def _title_matches(printed: str, key: str) -> bool:
    """Harmless variants are accepted: spacing, punctuation, 的/和/及/与, and additions around
    the format's words ("政府信息公开工作存在的主要问题及改进情况")."""
    want = _IGNORED_IN_TITLE.sub("", SECTION_TITLES[key])
    return want in _IGNORED_IN_TITLE.sub("", compact(printed))


def _next_numeral(key: str) -> str:
    i = CN_NUMERALS.index(key) + 1 if key in CN_NUMERALS else -1
    return CN_NUMERALS[i] if 0 < i < len(CN_NUMERALS) else ""


_NUMERAL_PUNCT = re.compile(r"[\s、.．:：,，]")


@rule("S-SECTION", Severity.ERROR, Severity.WARNING, section="全文", source=SOURCE_FORMAT)
def s_section(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """One of the six sections is missing or out of order (error); its number or title deviates
    from the format (warning).

    Why: 条例第五十条 lists the content and the format prints six numbered parts, 一、总体情况
    to 六、其他需要报告的事项, in this order, so reports can be read and compared.

    Titles are compared for the 2021 format only: the trial format's own wording could not be
    verified, and 2019 reports vary (五、政府信息公开工作存在的主要问题及改进情况).

    Fails: no "三、收到和处理政府信息公开申请情况"; "总体情况" printed without "一、".
    Passes: the six headings as the format prints them, in order.
    """
    present = [s for s in sorted(report.sections, key=lambda s: s.order) if s.key in CANONICAL]
    keys = {s.key for s in present}
    for key in CANONICAL:
        if key not in keys:
            yield finding(
                "S-SECTION",
                Severity.ERROR,
                section=key,
                location=section_label(key),
                expected=section_label(key),
                actual="缺失",
                message=f"报告缺少「{section_label(key)}」部分",
                fix=f"按格式补上「{section_label(key)}」部分；没有内容的写明“无”",
            )
    highest: Section | None = None
    for s in present:
        if highest is not None and CANONICAL.index(s.key) < CANONICAL.index(highest.key):
            yield finding(
                "S-SECTION",
                Severity.ERROR,
                section=s.key,
                location=section_label(s),
                expected=f"排在「{section_label(highest)}」之前",
                actual=f"排在「{section_label(highest)}」之后",
                message=f"「{section_label(s)}」排在「{section_label(highest)}」之后，顺序与格式不符",
                fix="按格式顺序排列六个部分：一、总体情况 至 六、其他需要报告的事项",
            )
        elif highest is None or CANONICAL.index(s.key) > CANONICAL.index(highest.key):
            highest = s
    # a part the format does not have (信息处理费收取情况) shifts the numbers after it
    in_order = [x for x in sorted(report.sections, key=lambda x: x.order) if x.number]
    shifted = {
        id(x): CN_NUMERALS[i] if i < len(CN_NUMERALS) else "" for i, x in enumerate(in_order)
    }
    has_extra = any(x.key == "extra" for x in in_order) or bool(
        re.search(rf"[{CN_NUMERALS}][、.．]\s*信息处理费", report.full_text)
    )
    digits = len(present) >= 2 and all(
        (s.number or "").isdigit() and CN_NUMERALS[int(s.number or "1") - 1] == s.key
        for s in present
    )
    if digits:  # "1.总体情况" … "6.其他需要报告的事项": one slip of style, said once
        yield finding(
            "S-SECTION",
            Severity.WARNING,
            location="全文",
            expected="一、……六、",
            actual=f"{present[0].number}.……{present[-1].number}.",
            message=f"各部分标题用阿拉伯数字编号（「{present[0].number}.{present[0].title}」），"
            "格式规定用「一、」至「六、」",
            fix="把各部分标题的序号改为「一、」「二、」……「六、」",
        )
    for s in present:
        printed = f"{s.number + '、' if s.number else ''}{s.title}"
        number = _NUMERAL_PUNCT.sub("", s.number or "")
        after_extra = number in (shifted.get(id(s)), _next_numeral(s.key))
        if digits:
            pass
        elif number != s.key and not (has_extra and number and after_extra):
            yield finding(
                "S-SECTION",
                Severity.WARNING,
                section=s.key,
                location=section_label(s),
                expected=f"{s.key}、",
                actual=f"{number}、" if number else "无序号",
                message=f"「{s.title}」标题"
                + (
                    f"序号印为「{number}」，应为「{s.key}、」"
                    if number
                    else f"缺少「{s.key}、」序号"
                ),
                fix=f"标题写为「{section_label(s)}」",
            )
        if report.format == "2021" and not _title_matches(s.title, s.key):
            yield finding(
                "S-SECTION",
                Severity.WARNING,
                section=s.key,
                location=section_label(s),
                expected=SECTION_TITLES[s.key],
                actual=s.title,
                message=f"标题「{printed}」与格式规定的「{section_label(s)}」不一致",
                fix=f"标题写为「{section_label(s)}」",
            )


@rule(
    "S-FORMAT",
    Severity.ERROR,
    Severity.INFO,
    section="全文",
    source="国办公开办函〔2021〕30号（2021年度起适用）；国办公开办函〔2019〕60号（试行格式）",
)
def s_format(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A report for 2021 or later in the 2019 format (error); otherwise, which format the report
    follows (info).

    Why: the 2021 format (国办公开办函〔2021〕30号) replaced the 2019 trial format from the 2021
    annual reports on; 2019 and 2020 reports followed the trial format.

    Fails: a 2022 report whose 表二 has 本年新制作数量 and 政府集中采购.
    Passes: a 2022 report in the 2021 format (info only); a 2019 report in the 2019 format.
    """
    if report.format == "2019" and report.year is not None and report.year >= 2021:
        yield finding(
            "S-FORMAT",
            Severity.ERROR,
            location="格式",
            expected="2021年版格式",
            actual="2019年版格式",
            message=f"{report.year}年度报告使用了2019年试行格式（表二有“本年新制作数量”等旧列），"
            "2021年度起应使用国办公开办函〔2021〕30号格式",
            fix="按2021年版格式重排表二、表三：表二改为本年制发件数/本年废止件数/现行有效件数，"
            "表三（六）其他处理拆为三项",
        )
        return
    if report.format == "2021":
        message = "本报告使用2021年版格式（国办公开办函〔2021〕30号）"
        if report.year is not None and report.year < 2021:
            message += f"；该格式自2021年度起适用，{report.year}年度报告当时适用2019年试行格式"
    else:
        message = "本报告使用2019年试行格式（国办公开办函〔2019〕60号），适用于2019、2020年度报告"
    yield finding(
        "S-FORMAT",
        Severity.INFO,
        location="格式",
        expected=None,
        actual=f"{report.format}年版格式",
        message=message,
        fix="无需修改",
    )


_PERIOD_RE = re.compile(
    r"统计(?:期限|时限|时间|区间|周期|范围|时段)[^。；;]{0,20}?"
    r"(?<!\d)(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?"
    r"(?:至|到|—|－|-|~|～|–)+(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)


@rule("S-PERIOD", Severity.ERROR, section="全文", source="条例第四十九条（上一年度的年度报告）")
def s_period(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """The stated statistics period (统计期限) is not 1月1日 to 12月31日 of the report year.

    Why: the annual report covers one calendar year (条例第四十九条: 上一年度的年度报告); a
    period copied from last year's report, or cut short, makes every figure doubtful.

    Fails: a 2021 report saying "统计期限自2020年1月1日至2020年12月31日".
    Passes: "本报告所列数据的统计期限自2021年1月1日起至2021年12月31日止".
    """
    text = plain(report.full_text or "\n".join(s.text for s in report.sections))
    seen: set[str] = set()
    for m in _PERIOD_RE.finditer(text):
        y1, m1, d1, y2, m2, d2 = m.groups()
        start_year = int(y1)
        end_year = int(y2) if y2 else start_year
        year = report.year if report.year is not None else start_year
        stated = f"{y1}年{m1}月{d1}日至{y2 or y1}年{m2}月{d2}日"
        ok = (start_year, int(m1), int(d1), end_year, int(m2), int(d2)) == (
            year,
            1,
            1,
            year,
            12,
            31,
        )
        if ok or stated in seen:
            continue
        seen.add(stated)
        where = section_of(report, m.group(0))
        yield finding(
            "S-PERIOD",
            Severity.ERROR,
            section=where.key if where is not None and where.key in CANONICAL else "全文",
            location="统计期限",
            expected=f"{year}年1月1日至{year}年12月31日",
            actual=stated,
            message=f"报告写明的统计期限为{stated}，与{year}年度报告应统计的"
            f"{year}年1月1日至{year}年12月31日不符",
            fix=f"将统计期限改为{year}年1月1日至{year}年12月31日，并核对各表数据是否按此期限统计",
        )


@rule(
    "P-UNREAD",
    Severity.WARNING,
    section="全文",
    source="检查工具自身：文件的文字形式丢失了表格结构",
)
def p_unread(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """A table could not be read from this file's text, so its numbers were not checked.

    Why: text copied from a web page or a PDF, or exported by a converter, often loses a
    table's structure (cells run together, a table is dropped). Reporting "missing rows" or
    "broken sums" then would blame the clerk for the converter; one finding names the tables
    that were not checked and asks for the original instead.

    Fails: 表三 pasted from a web page with its cells scattered over many lines.
    Passes: the DOCX original, whose tables are read cell by cell.
    """
    order = ("表二", "表三", "表四")
    lost = sorted(
        unreadable_tables(report), key=lambda t: (order.index(t[:2]) if t[:2] in order else 3, t)
    )
    if not lost:
        return
    reasons = [d for d in report.diagnostics if d.kind == "unreadable"]
    reasons.sort(key=lambda d: lost.index(d.section))
    detail = "；".join(d.message for d in reasons)
    yield finding(
        "P-UNREAD",
        Severity.WARNING,
        location="、".join(lost),
        expected="表格可逐格读出",
        actual="；".join(d.actual or "" for d in reasons),
        message=f"{detail}。本文件的文字形式（网页复制、转换得到的文本等）丢失了表格结构，"
        f"因此没有核对{'、'.join(lost)}的数据，也不据此判断缺行或勾稽关系错误",
        fix="请上传Word（DOCX）或PDF原件后重新检查",
    )


@rule("S-KIND", Severity.WARNING, section="全文", source="条例第五十五条（公共企事业单位信息公开）")
def s_kind(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """The report is a 公共企事业单位's (a school, hospital, water or power company): said once,
    and the rules of the government format (six parts, 表二–表四, title) are not run on it.

    Why: 条例第五十五条 leaves the disclosure of 公共企事业单位 to the rules of their sectors'
    主管部门; their annual reports have their own outlines, so a missing 表二 is no error. A
    clerk who meant the government format learns here why those rules were skipped.

    Fails: "江城市自来水有限公司2023年信息公开工作年度报告" without 表二 or 表四 (one warning).
    Passes: "江城市水务局2023年政府信息公开工作年度报告"; a hospital's report with 表二–表四.
    """
    name = public_institution(report, ctx.organ_kind)
    if name is None:
        return
    yield finding(
        "S-KIND",
        Severity.WARNING,
        location="全文",
        expected="政府信息公开工作年度报告格式",
        actual=f"公共企事业单位（{name}）",
        message=f"这份报告看起来是公共企事业单位（{name}）的信息公开年报，没有政府信息公开"
        "年度报告格式的表二、表四：公共企事业单位按主管部门的规定编报，因此没有按政府年报格式"
        "核对六个部分和三张表，只核对了年份、统计期限、占位符等通用内容",
        fix="如本单位须按政府信息公开工作年度报告格式编报，请按格式补上六个部分和表二至表四后"
        "重新检查；否则按主管部门的规定核对",
    )


@rule("P-SCAN", Severity.WARNING, section="全文", source="读取说明（PDF 文字层）")
def p_scan(report: AnnualReport, ctx: CheckContext) -> Iterator[Finding]:
    """Some pages of a PDF have no text layer (scanned pages behind a typed cover): said once,
    and nothing is reported missing, since it may be on those pages.

    Why: a finding is a promise; "报告缺少「三、…」部分" about a part that is printed on a
    scanned page would be false, and the clerk needs to know what to upload instead.

    Fails: a PDF whose page 1 is text and pages 2–6 are images (one warning).
    Passes: a PDF exported from Word (no page without text, or a blank page without images).
    """
    for d in report.diagnostics:
        if d.kind == "scanned_pages":
            yield finding(
                "P-SCAN",
                Severity.WARNING,
                location=d.location,
                expected="每页都有文字层",
                actual=d.message,
                message=f"本文件{d.message}，这些页上的内容无法读取，因此没有核对，也不报告"
                "缺少的部分和表格",
                fix="请上传 Word 原件或由 Word/WPS 直接导出的 PDF（不要上传扫描件）",
            )
