"""Which cell of a two-way table a question describes, read from the table's two axes.

表四 crosses three kinds of case (行政复议, 未经复议直接起诉, 复议后起诉) with five results
(结果维持, 结果纠正, 其他结果, 尚未审结, and 总计, each group's last column); a clerk describes
both in passing (「复议以后又去法院起诉，法院维持了」), and a ranking over fifteen
near-identical rows often gets one axis wrong. Each axis is read on its own from the words
the format and practice use for it; a cell is named only when both axes are clear. Pure: no I/O.
"""

from __future__ import annotations

import re

T4_GROUPS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "未经复议直接起诉",
        re.compile(
            r"未经复议|没(?:有)?(?:经过?|申请|走)?复议|不经复议|直诉"
            r"|直接(?:起诉|告|到法院|去法院|向法院|诉讼|提起)"
        ),
    ),
    ("复议后起诉", re.compile(r"复议.{0,30}(?:起诉|诉讼|法院|告到|打官司)")),
    ("未经复议直接起诉", re.compile(r"起诉|诉讼|法院|打官司|告到|判决|判了|一审|二审")),
    ("行政复议", re.compile(r"复议")),
)
"""First match wins: the explicit 未经复议 before 复议…起诉, a lawsuit before a review."""

NO_LAWSUIT = re.compile(
    r"(?:没有?|未|不|冇)(?:再|又|还)?(?:去|到|向)?(?:法院)?(?:去|再)?(?:起诉|告|打官司|诉讼|提起诉讼)"
)
"""A lawsuit said not to have followed (「维持我们的答复，他后来也没去起诉」「佢之后冇再去法院告」):
no lawsuit at all, so the case stays in 行政复议."""

T4_RESULTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("总计", re.compile(r"总计|合计|总数|最后(?:一|那一?|这一?)?[格栏列]|最右边?一?[格栏列]")),
    (
        "尚未审结",
        re.compile(
            r"还没|尚未|未审结|没(?:有)?(?:判|审(?!实体)|结|出|作出|下来)|审理中|正在审|在审|未结|未作出|待审"
            r"|没有结果"
            r"|出不了|不会有结果|还在(?:审|办|处理)"
        ),
    ),
    (
        "其他结果",
        re.compile(
            r"撤回|撤诉|终止|驳回起诉|不予受理|调解|和解|其他结果"
            r"|没(?:有)?审实体|未(?:经|作)?(?:审查|审理)?实体|不符合受理条件|程序性驳回"
        ),
    ),
    (
        "结果纠正",
        re.compile(
            r"撤销|确认(?:[^，。]{0,8})?违法|责令|重新(?:答复|作出|处理)|纠正|败诉|变更"
            r"|判(?:决)?(?:我们)?违法|认定(?:我们)?违法"
        ),
    ),
    ("结果维持", re.compile(r"维持|驳回|胜诉")),
)
"""First match wins: a question about the 总计 names it (and may name the results it adds
up); 「还没判」 before any verdict word; 驳回起诉, or a 驳回 that the question says left the
merits undecided (「没审实体问题」), before 驳回, which upholds the reply."""


T4_LABELS = ("未经复议直接起诉", "复议后起诉")
"""A group called by its label (「复议后起诉那组的总计…直接起诉的不放进来」) is that group,
whatever other group's words the question uses to say what is left out."""

_RESULT_NAMES = re.compile(r"结果维持|结果纠正|其他结果|尚未审结")


def t4_cell(question: str) -> str | None:
    """「复议后起诉 结果维持」 when the question makes both axes clear, else None. Result
    names offered as alternatives (「算结果纠正还是其他结果」) are not the result."""
    if "还是" in question:
        question = _RESULT_NAMES.sub("", question)
    question = NO_LAWSUIT.sub("", question)
    group = next((name for name in T4_LABELS if name in question), None) or next(
        (name for name, cue in T4_GROUPS if cue.search(question)), None
    )
    result = next((name for name, cue in T4_RESULTS if cue.search(question)), None)
    if group is None or result is None:
        return None
    return f"{group} {result}"


T2_COLUMNS: dict[str, tuple[str, ...]] = {
    "本年制发件数": ("规章", "行政规范性文件"),
    "本年废止件数": ("规章", "行政规范性文件"),
    "现行有效件数": ("规章", "行政规范性文件"),
    "本年处理决定数量": ("行政许可", "行政处罚", "行政强制"),
    "本年收费金额（单位：万元）": ("行政事业性收费",),
}
"""表二 (2021 format): each column and the rows it has a cell in."""


def t2_cell(first: str, second: str) -> tuple[str, str] | None:
    """(row, column) when the two labels are a 表二 row and a column that meet in a cell."""
    for row, column in ((first, second), (second, first)):
        if row in T2_COLUMNS.get(column, ()):
            return row, column
    return None


T2_COLUMN_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("本年废止件数", re.compile(r"废止|废除|宣布失效|失效了|予以失效")),
    ("本年制发件数", re.compile(r"制发|印发|新发|出台|新制定|制定了|新出")),
    ("现行有效件数", re.compile(r"现行有效|仍然有效|仍有效|还有效|继续有效")),
)
"""What happened to a 规章 or 规范性文件 this year tells its column of 表二."""


def t2_column(question: str) -> str | None:
    """The column of 表二's document rows that the question's event calls (「废止了一件规章」
    → 本年废止件数), when exactly one does."""
    found = {column for column, cue in T2_COLUMN_CUES if cue.search(question)}
    return found.pop() if len(found) == 1 else None
