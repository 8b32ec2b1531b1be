"""From question to answer: route the question (``retrieval.routing``), search the sources
that may answer it, decide whether the evidence supports an answer, then quote it
(extractive) or let the LLM write it from the evidence (verified citations).

- small talk and other languages get a short help reply, without searching;
- filling questions are answered from the filling guide (``retrieval.guide_answer``);
- questions about a named organ may use that organ's reports;
- everything else is answered from the 条例 and the report format in force, never from a
  sample report, and never by an editor's note.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from retrieval.articles import article_numbers
from retrieval.dialect import to_mandarin
from retrieval.elsewhere import KINDS as OUTSIDE_KINDS
from retrieval.elsewhere import outside_subject
from retrieval.evaluation import ranked_sources
from retrieval.evidence import NO_BASIS, NOTHING_RELEVANT, WHAT_TO_ASK, EvidencePolicy, assess
from retrieval.extractive import Answer, extractive_answer, no_basis_answer
from retrieval.filters import SearchFilter
from retrieval.guide_answer import (
    CONTENT_TOPICS,
    PERIOD_TOPICS,
    REPORT_TOPICS,
    answer_from_guide,
    answer_from_topic,
    guide_labels,
    guide_lead,
    guide_rows,
)
from retrieval.hybrid import Hit, search
from retrieval.routing import (
    ASKS_PERIOD_OR_FEE,
    TABLE_WORDS,
    WHEN_ASKED,
    Route,
    asks_nothing,
    content_of,
    mentions_the_report,
    off_topic,
    other_law,
    other_procedure,
    route,
    speaks_of_disclosure,
    without_pleasantries,
)
from retrieval.search_index import SearchIndex

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from retrieval.askings import Subject

SEARCH_K = 8

HELP_EXAMPLES = (
    "依申请公开最晚多少个工作日内答复？",
    "表三中“结转下年度继续办理”怎么填？",
    "群众借信息公开申请投诉，表三填在哪一行？",
    "平安镇2021年新收了几件申请？",
)
SMALLTALK_REPLY = (
    "您好！我是信息公开助手，可以回答《政府信息公开条例》、年报格式和年报怎么填的问题，例如：\n"
    + "\n".join(f"· {q}" for q in HELP_EXAMPLES)
    + "\n发送 /help 查看全部用法。"
)
FOREIGN_REPLY = (
    "请用中文提问（Please ask in Chinese）。"
    "我可以回答《政府信息公开条例》、年报格式和年报怎么填的问题，例如：\n"
    + "\n".join(f"· {q}" for q in HELP_EXAMPLES)
    + "\n发送 /help 查看全部用法。"
)


def help_answer(intent: str) -> Answer:
    """The short reply to a greeting or a question in another language."""
    return Answer(text=FOREIGN_REPLY if intent == "foreign" else SMALLTALK_REPLY)


def classify(index: SearchIndex, question: str, base: SearchFilter) -> Route:
    """The route of ``question`` given what the index holds."""
    known = index.organs()
    if base.organs is not None:
        known &= set(base.organs)
    return route(question, known, guide_labels(index))


CLASSIFIERS = (("guide",), ("regulation",), ("guide", "regulation"), OUTSIDE_KINDS)
"""The classifiers asking uses: the guide's rows, the 条例's articles, both (routing), and
both beside the subjects outside the 条例."""

GUIDE_LEAD = 0.6
"""How far (LinearSVC margin) the best guide entry must score above the best article of the
条例, both trained together on their typical questions, for a question without a filling
cue to go to the guide. Set on the dev sets: at 0.6 fill_dev9 went from 0.746 to 0.785 and
fill_dev8 from 0.769 to 0.777 with no no-basis refusal lost; at 0.4 and 0.2 qa_dev6 lost
one. Of the legal questions of the qa dev sets, 5 % score above it (the classifier alone)."""
ARTICLE_LEAD = 0.3
"""How far the best article must score above the best guide entry to take a case told
without a filling cue (``Route.uncued``) from the guide to the 条例. Set on the dev sets:
Recall@3 of qa_dev6 0.917 -> 0.944 and qa_dev5 0.950 -> 0.967, no filling answer lost;
0.0 scored the same."""


def train_classifiers(index: SearchIndex) -> None:
    """Train every classifier asking uses now (a few seconds), not at the first question."""
    for kinds in CLASSIFIERS:
        index.classifier(*kinds)


ASKS_THE_LAW = re.compile(
    r"条例|法条|法规|法律依据|援引|哪一?条|第几条|依据是|有没有规定|怎么规定|规定吗"
)
"""A question that asks what the law says (「条例里有没有可以直接援引的不公开理由」) is the
条例's to answer, however much its story reads like a row of the guide. On the dev sets, of
the questions without a filling cue the classifier moved to the guide, 4 of 9 legal ones and
1 of 31 filling ones had these words."""


def learned_route(index: SearchIndex, question: str, where: Route) -> Route:
    """The route the rules chose, corrected where they had no filling cue to go by and the
    classifier over both kinds of typical questions clearly disagrees: a question routed to
    the 条例 that reads like the guide's (「调查笔录家属来要，没给，这算执法案卷吗」) goes to
    the guide, where only a row that plainly fits answers it; a told case that reads like
    the 条例's (「领导想知道法律上有什么应对手段」) goes to the 条例, and so does a question
    that asks what the law says, names no table or row, and reads like the 条例's, whatever
    loose filling cue it holds (「条例对工作机构该干哪些活有没有说法，别漏了哪块」)."""
    article = where.intent == "article" and not where.organs
    told = where.intent == "fill" and where.uncued
    asks_the_law = bool(ASKS_THE_LAW.search(question))
    law_asked = (
        where.intent == "fill"
        and not (where.uncued or where.table or where.named_label)
        and not TABLE_WORDS.search(question)
        and asks_the_law
    )
    if not (article or told or law_asked):
        return where
    lead = guide_lead(index, question)
    if lead is None:
        return where
    if article and lead > GUIDE_LEAD and not asks_the_law:
        return replace(where, intent="fill", uncued=True)
    if told and lead < -ARTICLE_LEAD:
        return replace(where, intent="article", uncued=False)
    if law_asked and lead < -ARTICLE_LEAD:  # its cue was not a filling question after all
        return replace(where, intent="article", asks_how_to_fill=False)
    return where


def _scoped(base: SearchFilter, where: Route) -> SearchFilter:
    """Reports only for a question about an organ (named, or chosen with --organ/--region),
    or the asking organ's own reports and drafts; never another organ's sample report."""
    if where.intent == "organ" or base.organs is not None or base.regions is not None:
        return base
    if base.viewer_organ_ids:
        return replace(base, organ_ids=base.viewer_organ_ids)
    return replace(base, kinds=tuple(k for k in base.kinds if k != "report"))


def _usable(hit: Hit, where: Route) -> bool:
    """Format passages of the other format version are left out (2021 unless the question
    names 2019/2020), so are editors' notes, whatever they score."""
    meta = hit.metadata
    if meta.get("kind") != "format":
        return True
    if "编者" in str(meta.get("heading", "")) or "非原文" in hit.text[:20]:
        return False
    version = str(meta.get("format_version") or "")
    return not version or version == where.format_version


def _report_topic(
    index: SearchIndex,
    question: str,
    where: Route,
    hits: list[Hit],
    llm: BaseChatModel | None,
) -> Answer | None:
    """A legal question asked for the report whose article has a guide topic, or one that
    asks a time limit or the fee the deadline and fee topics cover: the topic answers,
    quoting that same article verbatim and adding what the article leaves to the clerk
    (working days, 补正 restarting the count, when a fee may be charged). A question that
    cites an article by number gets that article."""
    if where.intent != "article" or not hits:
        return None
    top = hits[0].metadata
    if top.get("kind") != "regulation" or "article" not in top:
        return None
    article = int(top["article"])
    if mentions_the_report(question):
        # a deadline or fee topic answers a question that asks when or how much, not one
        # that asks what the report holds (「县政府的年报比部门的要多写什么」 finds 第四十九条,
        # whose topic is the deadline)
        period = ASKS_PERIOD_OR_FEE.search(question) or WHEN_ASKED.search(question)
        topics = REPORT_TOPICS if period else CONTENT_TOPICS
        answer = answer_from_topic(index, question, where, article, llm=llm, topics=topics)
        return None if answer is None else _law_first(answer, [f"article:{article}"], [], article)
    if not ASKS_PERIOD_OR_FEE.search(question) or article_numbers(question, bare=True):
        return None
    answer = answer_from_topic(
        index, question, where, article, llm=llm, topics=PERIOD_TOPICS, any_basis=True
    )
    if answer is None:
        return None
    legal = ranked_sources(h.metadata for h in hits)
    ahead = [key for key in legal if key.startswith("article:")][:LEGAL_AHEAD]
    return _law_first(answer, ahead, legal, article)


def _law_first(answer: Answer, ahead: list[str], rest: list[str], article: int) -> Answer:
    """A legal question that a guide topic answers lists the articles ``ahead`` (the first
    is the one the topic quotes), the authority, before the topic, the project's own note,
    then the ``rest`` it found; and so does its 依据."""
    answer.sources = list(dict.fromkeys([*ahead, *answer.sources[:1], *rest, *answer.sources]))
    quoted = [c for c in answer.citations if c.get("article") == article]
    answer.citations = [*quoted, *(c for c in answer.citations if c not in quoted)]
    return answer


LEGAL_AHEAD = 3
"""How many of the articles a legal question found are listed before the guide topic that
answers it: a question about joint documents (第三十四条) may rest on 第十条 as well."""


OTHER_LAW_REPLY = (
    f"{NO_BASIS}：这个问题问的是《{{}}》的规定，本工具只收录了《政府信息公开条例》、"
    "年度报告格式和填报指引，请查阅该法律原文或咨询法制部门。发送 /help 查看可以问什么。"
)
OTHER_PROCEDURE_REPLY = (
    f"{NO_BASIS}：「{{}}」的事项按其自身的规定办理，不适用《政府信息公开条例》，"
    f"本工具没有收录这些规定。{WHAT_TO_ASK}"
)


def _outside(index: SearchIndex, question: str, where: Route) -> Answer | None:
    """The reply to a legal question about something the 条例 does not govern: another law
    or procedure, named or recognised by its words (``routing``) or by what the question
    reads like (``retrieval.elsewhere``), or small talk the greeting rules missed."""
    law = other_law(question, by_subject=where.intent == "article")
    if law is not None:
        return no_basis_answer(OTHER_LAW_REPLY.format(law), [])
    procedure = other_procedure(question)
    if procedure is not None:
        return no_basis_answer(OTHER_PROCEDURE_REPLY.format(procedure), [])
    subject = outside_subject(index, question) if where.intent == "article" else None
    return None if subject is None else _subject_reply(subject, question)


def _subject_reply(subject: Subject, question: str) -> Answer:
    """The reply to a question about an outside subject: help for small talk, 没有找到依据
    and what can be asked for an off-topic request, the other law's or procedure's name. An
    off-topic remark that neither asks nor requests anything (「中午食堂又是土豆丝，吃吐了」
    「今天三亚热得要命」) is small talk: there is nothing to refuse."""
    if subject.kind == "smalltalk" or (subject.kind == "offtopic" and asks_nothing(question)):
        return help_answer("smalltalk")
    if subject.kind == "offtopic":
        return no_basis_answer(NOTHING_RELEVANT, [])
    reply = OTHER_LAW_REPLY if subject.kind == "law" else OTHER_PROCEDURE_REPLY
    return no_basis_answer(reply.format(subject.name), [])


def _about_the_report(question: str, where: Route) -> bool:
    """A filling question that names a table, a row or a word only the tables use."""
    return bool(where.table or where.named_label or TABLE_WORDS.search(question))


def _another_procedure(question: str, where: Route) -> Answer | None:
    """The reply to a question about another procedure asked in a filling question's words:
    its time limit (「信访事项受理以后多少天出意见？超期了咋算」), or anything of it when the
    question says nothing of disclosure (「12345热线的工单，考核里按期办结率咋算」). The guide's
    rows and topics are the report's and the 条例's; a question that names no table, row or
    table word is not about the report."""
    if _about_the_report(question, where):
        return None
    procedure = other_procedure(question)
    if procedure is None:
        return None
    if ASKS_PERIOD_OR_FEE.search(question) or not speaks_of_disclosure(question):
        return no_basis_answer(OTHER_PROCEDURE_REPLY.format(procedure), [])
    return None


def _another_subject(index: SearchIndex, question: str, where: Route) -> Answer | None:
    """The reply to a filling question about another paper that the classifier reads plainly
    as another subject's (「政府网站工作年度报表里的访问量咋统计」 is the website rules'), or to a
    remark in filling words that asks nothing, when it names nothing of the report and no
    procedure the rules above know."""
    if _about_the_report(question, where) or other_procedure(question) is not None:
        return None
    subject = outside_subject(index, question)
    if subject is None:
        return None
    if subject.kind == "smalltalk" and not asks_nothing(question):
        return None  # 「年报弄到后半夜还没弄完」 holds a filling cue (年报弄) but asks nothing
    return _subject_reply(subject, question)


def answer_question(
    index: SearchIndex,
    question: str,
    search_filter: SearchFilter | None = None,
    *,
    llm: BaseChatModel | None = None,
    policy: EvidencePolicy | None = None,
) -> Answer:
    """The answer to ``question`` from the visible part of ``index``."""
    policy = policy or EvidencePolicy.for_provider(index.settings.embedding_provider)
    question = to_mandarin(question)  # 「填边行」 is 「填哪行」: the cues and askings are Mandarin
    question = without_pleasantries(question)  # 「你好，表三怎么填」 asks 「表三怎么填」
    base = search_filter or SearchFilter()
    where = classify(index, question, base)
    if where.intent in ("smalltalk", "foreign"):
        return help_answer(where.intent)
    legal = where.intent == "article" or where.uncued
    if legal:
        outside = _outside(index, question, where)
    else:
        outside = _another_procedure(question, where) or _another_subject(index, question, where)
    if outside is not None:
        return outside
    own_reports = bool(base.viewer_organ_ids or base.organs or base.regions)
    if where.intent == "article" and off_topic(question) and not own_reports:
        # nothing but the 条例 and the formats may answer, and the question has no word of
        # theirs; a chat's own drafts (「白鹭计划投入多少资金」) may still answer it. A case
        # told in the clerk's own nouns (「下了6份查封扣押决定书。」) that the classifier reads
        # plainly as a row is still tried on the guide, where only a row that plainly fits
        # answers
        told = learned_route(index, question, where)
        if told.intent == "fill":
            guided = answer_from_guide(
                index, question, guide_rows(index, question, told), llm=llm, policy=policy
            )
            if guided is not None:
                return guided
        if asks_nothing(question):
            return help_answer("smalltalk")
        return no_basis_answer(NOTHING_RELEVANT, [])
    # decided after the checks above, which every question that may reach the 条例 passes
    where = learned_route(index, question, where)
    rows = guide_rows(index, question, where) if where.intent == "fill" else None
    if rows is not None:
        guided = answer_from_guide(index, question, rows, llm=llm, policy=policy)
        if guided is not None:
            return guided
    query = question
    guide_policy = policy
    if where.asks_how_to_fill:
        # how to fill something the guide does not know (入党申请书): the 条例 answers only
        # with word evidence, not on a vector's closeness alone
        policy = replace(policy, dense_min=None)
    if where.intent == "fill":
        # the guide had no row: the 条例 is searched for the case, not for 「年报怎么填」
        # (whose words would find 第四十九条, the report's deadline)
        query = content_of(question) or question
    result = search(index, query, _scoped(base, where), k=SEARCH_K)
    result.hits = [h for h in result.hits if _usable(h, where)]
    evidence = assess(query, result, index.organs(), policy)
    if evidence.supported:
        topic = _report_topic(index, question, where, evidence.hits, llm)
        if topic is not None:
            return topic
    if where.intent == "article" and mentions_the_report(question):
        # asked for the report, and no deadline or fee topic answers it (「2019年年报的政府
        # 采购那张小表从哪取数」): a row of the guide, if one plainly fits, else the 条例
        told = guide_rows(index, question, replace(where, uncued=True))
        guided = answer_from_guide(index, question, told, llm=llm, policy=guide_policy)
        if guided is not None:
            return guided
    if not evidence.supported:
        if rows is not None and not off_topic(question):
            # nothing in the 条例 either: the nearest row by its typical questions, if close,
            # said to be unsure, rather than 没有找到依据 for a question about the report
            guess = answer_from_guide(
                index, question, rows, llm=llm, policy=guide_policy, last_resort=True
            )
            if guess is not None:
                return guess
        if asks_nothing(question):
            # a remark about the work that asks nothing (「这年报整得我脑瓜子嗡嗡的」)
            return help_answer("smalltalk")
        return no_basis_answer(evidence.reason, result.hits)
    extractive = extractive_answer(evidence.hits, policy, result.hits)
    if llm is None:
        return extractive
    from retrieval.generate import llm_answer  # LangChain's prompt machinery: LLM path only

    return llm_answer(llm, question, evidence.hits, fallback=extractive)
