"""Questions about a subject the 条例 does not govern, recognised by what they read like.

「归档以后保管期限定多少年」 is the 档案法's, 「答复书要不要用红头」 the 公文处理条例's and
「住宿费一晚报销多少」 the travel rules'; each shares enough words with some article (归档 with
第四十五条, 培训 with 第四十八条) that retrieval finds that article and an answer would quote
it. Regular expressions (``routing.LAWS_BY_SUBJECT``) catch the phrasings someone thought of;
a classifier trained on the typical questions of each outside subject beside those of every
article and guide entry (``corpus/askings/qita_wenfa.yaml``) recognises the ones nobody wrote
down, and only when it reads the question clearly as the outside subject's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from retrieval.askings import Subject, load_subjects
from retrieval.mentions import CJK
from retrieval.routing import asks_nothing
from retrieval.search_index import ELSEWHERE
from retrieval.source_classifier import lead_in

if TYPE_CHECKING:
    from retrieval.search_index import SearchIndex

ELSEWHERE_LEAD = 0.3
"""How far (LinearSVC margin) the best outside subject must score above the best article or
guide entry for the question to be taken as that subject's. Set on the qa dev sets: no-basis
refusals of qa_dev9 / qa_dev10 went from 0.375 / 0.333 to 0.750 / 0.833 with no Recall@3 lost
on qa_dev3–10; at 0.1 qa_dev4, 6 and 8 each lost an article from the first three, at 0.2
qa_dev6 lost a refusal and qa_dev9 gained two."""

KINDS = ("guide", "regulation", ELSEWHERE)
"""The classifier that weighs the outside subjects against everything the 条例 answers."""


def outside_subject(index: SearchIndex, question: str) -> Subject | None:
    """The subject outside the 条例 that ``question`` plainly asks about, or None. Small talk
    only when every clause that asks reads as small talk (「谢谢你，那答复书要写明理由吗」 asks)
    and nothing asks how, how many or where (「Excel里怎么用VLOOKUP」 is a question, off topic)."""
    model = index.classifier(*KINDS)
    if model is None:
        return None
    scores = model.scores(question)
    subject = _best_subject(scores)
    if subject is None or lead_in(scores, PREFIX) < ELSEWHERE_LEAD:
        return None
    found = next((s for s in load_subjects(index.settings.corpus_dir) if s.id == subject), None)
    if found is not None and found.kind == "smalltalk":
        if HOW_ASKED.search(question):
            return None
        # a clause that asks (「那答复书要写明理由吗」) and reads as something else is a
        # question after a greeting; one that only tells (「领导明天又要催」) is still the remark
        clauses = [c for c in CLAUSES.split(question) if len(CJK.findall(c)) >= 2]
        if any(_best_subject(model.scores(c)) != subject and not asks_nothing(c) for c in clauses):
            return None
    return found


PREFIX = f"{ELSEWHERE}:"
HOW_ASKED = re.compile(r"怎么|如何|怎样|咋|多少|几[个件天条项年月日号次]|哪|是否|能否|可否")
CLAUSES = re.compile(r"[，,。.！!？?；;：:\s~～]+")


def _best_subject(scores: dict[str, float]) -> str | None:
    """The id of the outside subject that scores best of all, or None when a source wins."""
    best = max(scores, key=lambda k: scores[k])
    return best[len(PREFIX) :] if best.startswith(PREFIX) else None
