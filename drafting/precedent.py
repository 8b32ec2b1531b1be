"""Precedent: how comparable organs wrote the same part of their published reports.

Staff write 一、五、六 better from a good example than from a blank page, and an LLM writes in
a report's register when it sees one. Candidates are ranked by what makes a report
comparable: the same kind of organ (a 镇 reads like a 镇), the same region (same local
requirements), recent years (current wording), and then closeness of the text itself.

Two sources, one ranking:

* ``IndexPrecedents``: the search index of ``retrieval`` (section chunks of published reports,
  hybrid BM25 + dense search) finds the candidates, when it has been built (``xxgk init``);
* ``StorePrecedents``: a scan of the published reports in storage (their parsed sections),
  used when there is no index; fine for the few hundred reports of one region.

Both rank their candidates with the same ``rank_score``, so they agree on the order. The
organ's own reports are never offered: copying last year's text is what H-COPY forbids.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from drafting.sections import TODO_RE
from drafting.variation import essence
from ingest.model import SECTION_TITLES

if TYPE_CHECKING:
    from base.settings import Settings
    from storage import Store

logger = logging.getLogger(__name__)

EXCERPT_CHARS = 600
"""Precedent text offered per passage (prompts stay short; staff read the source for more)."""
MIN_CHARS = 30
"""Passages shorter than this (a bare "无。") are not worth suggesting."""


@dataclass(frozen=True, slots=True)
class Precedent:
    """A passage of a published report, with where it comes from and why it ranked."""

    section: str
    text: str
    organ: str
    year: int | None
    region: str | None
    kind: str | None
    source: str
    score: float = 0.0

    @property
    def citation(self) -> str:
        """How the passage is cited to the user: 机关、年度、文件."""
        year = f"{self.year}年" if self.year else ""
        return f"{self.organ}{year}政府信息公开工作年度报告（{self.source}）"


@dataclass(frozen=True, slots=True)
class Wanted:
    """What the draft is: who, where, which year, which part, and its own text (the query)."""

    section: str
    organ: str
    year: int
    kind: str | None = None
    region: str | None = None
    text: str = ""


class PrecedentFinder(Protocol):
    """Anything that returns the ``k`` best precedents for a part of a draft."""

    def find(self, wanted: Wanted, k: int = 3) -> list[Precedent]: ...


def _bigrams(text: str) -> set[str]:
    words = essence(TODO_RE.sub("", text))
    return {words[i : i + 2] for i in range(len(words) - 1)}


def text_closeness(a: str, b: str) -> float:
    """Character-bigram Jaccard similarity of two texts' words (0…1)."""
    sa, sb = _bigrams(a), _bigrams(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def rank_score(candidate: Precedent, wanted: Wanted, closeness: float) -> float:
    """Same kind 3, same region 2, recency up to 1 (1 for last year), text closeness up to 2."""
    score = 0.0
    if wanted.kind and candidate.kind == wanted.kind:
        score += 3.0
    if (
        wanted.region
        and candidate.region
        and (candidate.region == wanted.region or wanted.region in candidate.organ)
    ):
        score += 2.0
    if candidate.year is not None:
        score += 1.0 / max(1, wanted.year - candidate.year)
    return score + 2.0 * closeness


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rstrip() + "……"


def _eligible(p: Precedent, wanted: Wanted) -> bool:
    return (
        p.organ != wanted.organ
        and (p.year is None or p.year <= wanted.year)
        and len(essence(p.text)) >= MIN_CHARS
    )


def best(candidates: Iterable[tuple[Precedent, float]], wanted: Wanted, k: int) -> list[Precedent]:
    """Rank (candidate, text closeness) pairs; one passage per report and part."""
    scored = sorted(
        (
            replace(p, score=round(rank_score(p, wanted, c), 4), text=_excerpt(p.text))
            for p, c in candidates
            if _eligible(p, wanted)
        ),
        key=lambda p: (-p.score, -(p.year or 0), p.organ),
    )
    seen: set[tuple[str, int | None]] = set()
    out: list[Precedent] = []
    for p in scored:
        if (p.organ, p.year) in seen:
            continue
        seen.add((p.organ, p.year))
        out.append(p)
        if len(out) == k:
            break
    return out


class _OrganInfo:
    """Kind and region of organs by name, looked up once per draft."""

    def __init__(self, store: Store | None) -> None:
        self._store = store
        self._cache: dict[str, tuple[str | None, str | None]] = {}

    def __call__(self, name: str) -> tuple[str | None, str | None]:
        if self._store is None or not name:
            return None, None
        if name not in self._cache:
            record = self._store.get_organ(name)
            self._cache[name] = (record.kind, record.region) if record else (None, None)
        return self._cache[name]


class StorePrecedents:
    """Precedents from the parsed sections of the published reports in storage."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._organ = _OrganInfo(store)

    def find(self, wanted: Wanted, k: int = 3) -> list[Precedent]:
        candidates: list[tuple[Precedent, float]] = []
        for record in self.store.list_reports(status="published"):
            organ = record.organ_name or ""
            if organ == wanted.organ or (record.year and record.year > wanted.year):
                continue
            section = record.report.section(wanted.section)
            text = section.text if section else ""
            if not text.strip():
                continue
            kind, region = self._organ(organ)
            p = Precedent(
                wanted.section, text, organ, record.year, region, kind, record.source_name
            )
            candidates.append((p, text_closeness(wanted.text, text)))
        return best(candidates, wanted, k)


class IndexPrecedents:
    """Precedents from the retrieval index: section chunks of published reports."""

    def __init__(
        self, settings: Settings, store: Store | None = None, *, candidates: int = 40
    ) -> None:
        self.settings = settings
        self._organ = _OrganInfo(store)
        self.candidates = candidates

    def find(self, wanted: Wanted, k: int = 3) -> list[Precedent]:
        from retrieval.filters import SearchFilter
        from retrieval.hybrid import search
        from retrieval.search_index import open_index

        index = open_index(self.settings)
        if index.is_empty():
            return []
        query = neutral_query(f"{SECTION_TITLES[wanted.section]} {wanted.text}", index.organs())
        filters = [SearchFilter(kinds=("report",))]
        if wanted.region:
            filters.insert(0, SearchFilter(kinds=("report",), regions=frozenset({wanted.region})))
        hits = []
        for flt in filters:
            hits += search(index, query, flt, k=self.candidates).hits
        candidates: list[tuple[Precedent, float]] = []
        for hit in hits:
            meta = hit.metadata
            if meta.get("section") != wanted.section or meta.get("part") != "text":
                continue
            organ = str(meta.get("organ", ""))
            kind, region = self._organ(organ)
            year = meta.get("year")
            p = Precedent(
                wanted.section,
                hit.text,
                organ,
                int(year) if isinstance(year, int) else None,
                str(meta.get("region")) if meta.get("region") else region,
                kind,
                str(meta.get("source", "")),
            )
            candidates.append((p, text_closeness(wanted.text, hit.text)))
        return best(candidates, wanted, k)


_YEAR_RE = re.compile(r"(?:19|20)\d{2}\s*年度?")


def neutral_query(text: str, organs: Iterable[str], limit: int = 400) -> str:
    """The draft's text as a search query that names no organ and no year: the search would
    otherwise narrow itself to the organ or year it mentions (its own report, this year's)."""
    from retrieval.mentions import organ_aliases

    query = _YEAR_RE.sub("", TODO_RE.sub("", text))
    aliases = {a for organ in organs for a in organ_aliases(organ)}
    for alias in sorted(aliases, key=len, reverse=True):
        query = query.replace(alias, "")
    return query[:limit]


def index_available(settings: Settings) -> bool:
    """Whether a search index has been built (a Chroma server, or a local index directory)."""
    return bool(settings.chroma_url) or settings.chroma_path.is_dir()


def default_finder(settings: Settings | None, store: Store | None) -> PrecedentFinder | None:
    """The index when it exists, else storage, else nothing."""
    if settings is not None and index_available(settings):
        return _Fallback(
            IndexPrecedents(settings, store), StorePrecedents(store) if store else None
        )
    return StorePrecedents(store) if store is not None else None


class _Fallback:
    """Ask the index; if it fails or finds nothing, ask storage."""

    def __init__(self, first: PrecedentFinder, second: PrecedentFinder | None) -> None:
        self.first, self.second = first, second

    def find(self, wanted: Wanted, k: int = 3) -> list[Precedent]:
        try:
            found = self.first.find(wanted, k)
        except Exception:  # an unreachable or broken index must not stop a draft
            logger.warning("precedent search in the index failed", exc_info=True)
            found = []
        if not found and self.second is not None:
            found = self.second.find(wanted, k)
        return found
