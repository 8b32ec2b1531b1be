"""Checking what an LLM cites against what was actually retrieved.

A model may cite 第九十九条 (the 条例 has 56 articles) or a report passage it was never
shown, and a small model will. Every citation in the answer is looked up among the context
sources; one that is not there is removed from the text and reported as a warning, so the
user never reads a basis that does not exist. Numbers the context does not contain are
flagged too (not removed: "3件" may be the model's own sum).

Citation forms the prompt asks for: ``第X条`` for the 条例, ``【报告R1】`` for a report
passage and ``【格式F1】`` for a passage of the report format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.articles import article_label, iter_article_refs
from retrieval.hybrid import Hit

TAG_RE = re.compile(
    r"[【\[]\s*(?P<kind>报告|格式|指引)\s*(?P<letter>[RrFfGg]?)\s*(?P<n>\d+)\s*[】\]]"
)
_TAG_LETTER = {"报告": "R", "格式": "F", "指引": "G"}
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_EMPTY_BRACKETS = re.compile(r"（\s*[，、；]?\s*）|\(\s*\)|【\s*】|\[\s*\]|《\s*》")


@dataclass(frozen=True, slots=True)
class ContextSource:
    """A hit as shown to the model, with the tag it must cite it by."""

    tag: str
    hit: Hit


@dataclass
class Verified:
    """The answer text with unverifiable citations removed."""

    text: str
    cited: list[Hit] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unsupported_numbers: list[str] = field(default_factory=list)


def tag_for(hit: Hit, report_n: int, format_n: int, guide_n: int = 0) -> str:
    kind = hit.metadata.get("kind")
    if kind == "regulation":
        return article_label(int(hit.metadata["article"]))
    if kind == "report":
        return f"【报告R{report_n}】"
    if kind == "guide":
        return f"【指引G{guide_n}】"
    return f"【格式F{format_n}】"


def tag_sources(hits: list[Hit]) -> list[ContextSource]:
    """Give each hit its citation tag (第X条, 【报告R1】, 【格式F1】, 【指引G1】) in order."""
    out: list[ContextSource] = []
    reports = formats = guides = 0
    for hit in hits:
        kind = hit.metadata.get("kind")
        if kind == "report":
            reports += 1
        elif kind == "guide":
            guides += 1
        elif kind != "regulation":
            formats += 1
        out.append(ContextSource(tag_for(hit, reports, formats, guides), hit))
    return out


def _tidy(text: str) -> str:
    text = _EMPTY_BRACKETS.sub("", text)
    text = re.sub(r"([，、；])\s*(?=[，、；。])", "", text)
    text = re.sub(r"(依据|根据|按照|依照)\s*(?=[，。；])", "", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    return text.strip()


def verify_citations(text: str, sources: list[ContextSource], question: str = "") -> Verified:
    """Keep citations that name a context source, remove the others, flag stray numbers."""
    articles = {
        int(s.hit.metadata["article"]): s.hit
        for s in sources
        if s.hit.metadata.get("kind") == "regulation"
    }
    tags = {s.tag: s.hit for s in sources if s.tag.startswith("【")}
    spans: list[tuple[int, int, str]] = []
    cited: dict[str, Hit] = {}
    removed: list[str] = []
    found: list[tuple[int, Hit]] = []

    for ref in iter_article_refs(text):
        hit = articles.get(ref.number)
        if hit is None:
            spans.append((ref.start, ref.end, ref.text))
            removed.append(article_label(ref.number) if ref.number < 10000 else ref.text)
        else:
            found.append((ref.start, hit))
    for m in TAG_RE.finditer(text):
        letter = _TAG_LETTER[m.group("kind")]
        tag = f"【{m.group('kind')}{letter}{m.group('n')}】"
        hit = tags.get(tag)
        if hit is None:
            spans.append((m.start(), m.end(), m.group(0)))
            removed.append(tag)
        else:
            found.append((m.start(), hit))
    for _, hit in sorted(found, key=lambda f: f[0]):
        cited.setdefault(hit.id, hit)

    out = text
    for start, end, _ in sorted(spans, reverse=True):
        out = out[:start] + out[end:]
    out = _tidy(out)

    shown = "\n".join(s.hit.text for s in sources) + "\n" + question
    numbers = []
    for m in _NUMBER_RE.finditer(TAG_RE.sub("", out)):
        value = m.group(0)
        if value not in shown and value not in numbers:
            numbers.append(value)
    return Verified(out, list(cited.values()), list(dict.fromkeys(removed)), numbers)
