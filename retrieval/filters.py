"""Which chunks a question may see: source kind, organ, region, year, and publication status.

Filters narrow the *reports*; the 条例 and the formats stay visible unless ``kinds`` says
otherwise, because a question about 平安镇 may still need 第三十三条. Only published reports
are retrievable; a draft is visible to its own organ and nobody else, decided by the organ's
database id (``viewer_organ_ids``), never by a name: 平安镇 exists in many counties.
The same filter is applied on both sides: as a Chroma ``where`` for the dense search and as a
predicate for BM25, so the two sides can never disagree about what is visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Literal

from organs import resolve
from retrieval.chunking import PROBE, Meta, is_probe

Kind = Literal["regulation", "format", "report", "guide"]
ALL_KINDS: tuple[Kind, ...] = ("regulation", "format", "report")
"""The default: the filling guide (kind ``guide``) is searched only when a question is routed
to it (``retrieval.routing``)."""
PUBLISHED = "published"
DRAFT = "draft"


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """What to search. ``organs``/``regions``/``years`` are sets of exact metadata values
    (None: any); resolve user input such as 平安镇 with :func:`resolve_organs` first."""

    kinds: tuple[Kind, ...] = ALL_KINDS
    organs: frozenset[str] | None = None
    regions: frozenset[str] | None = None
    years: frozenset[int] | None = None
    viewer_organ_ids: frozenset[int] = frozenset()
    """Organ ids whose drafts this search may see (the asking chat's approved organ)."""
    organ_ids: frozenset[int] | None = None
    """Only the reports of these organ ids (None: any); a general question sees the asking
    organ's own reports, never another organ's."""
    probes: bool | None = None
    """Probe chunks (typical cases and questions that stand for a guide row or an article,
    ``retrieval.guide.probe_chunks``): None both, False none, True only them."""

    def narrowed(
        self,
        *,
        organs: Iterable[str] | None = None,
        years: Iterable[int] | None = None,
    ) -> SearchFilter:
        """This filter further restricted (intersected) to ``organs`` / ``years``."""
        out = self
        if organs is not None:
            new = frozenset(organs)
            out = replace(out, organs=new if out.organs is None else out.organs & new)
        if years is not None:
            new_years = frozenset(years)
            out = replace(out, years=new_years if out.years is None else out.years & new_years)
        return out

    # ---- as a predicate (BM25 side) ----------------------------------------------------------

    def allows(self, meta: Meta) -> bool:
        kind = meta.get("kind")
        if kind not in self.kinds:
            return False
        if self.probes is not None and is_probe(meta) != self.probes:
            return False
        if kind != "report":
            return True
        organ = str(meta.get("organ", ""))
        status = meta.get("status", PUBLISHED)
        own = meta.get("organ_id") in self.viewer_organ_ids
        if status != PUBLISHED and not (status == DRAFT and own):
            return False
        if self.organs is not None and organ not in self.organs:
            return False
        if self.organ_ids is not None and meta.get("organ_id") not in self.organ_ids:
            return False
        if self.regions is not None and meta.get("region") not in self.regions:
            return False
        return self.years is None or meta.get("year") in self.years

    # ---- as a Chroma where (dense side) ------------------------------------------------------

    def where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause; None when everything is visible (never: drafts)."""
        clauses: list[dict[str, Any]] = []
        others = [k for k in self.kinds if k != "report"]
        if others:
            clauses.append({"kind": {"$in": others}})
        if "report" in self.kinds:
            report = self._report_where()
            if report is not None:
                clauses.append(report)
        if not clauses:
            return {"kind": {"$in": ["∅"]}}
        visible = clauses[0] if len(clauses) == 1 else {"$or": clauses}
        if self.probes is None:
            return visible
        probe = {"part": PROBE} if self.probes else {"part": {"$ne": PROBE}}
        return {"$and": [visible, probe]}

    def _report_where(self) -> dict[str, Any] | None:
        status: dict[str, Any] = {"status": PUBLISHED}
        if self.viewer_organ_ids:
            ids = sorted(self.viewer_organ_ids)
            own_draft = _and([{"status": DRAFT}, {"organ_id": {"$in": ids}}])
            status = {"$or": [status, own_draft]}
        parts: list[dict[str, Any]] = [{"kind": "report"}, status]
        if self.organs is not None:
            if not self.organs:
                return None
            parts.append({"organ": {"$in": sorted(self.organs)}})
        if self.organ_ids is not None:
            if not self.organ_ids:
                return None
            parts.append({"organ_id": {"$in": sorted(self.organ_ids)}})
        if self.regions is not None:
            if not self.regions:
                return None
            parts.append({"region": {"$in": sorted(self.regions)}})
        if self.years is not None:
            if not self.years:
                return None
            parts.append({"year": {"$in": sorted(self.years)}})
        return _and(parts)


def _and(parts: list[dict[str, Any]]) -> dict[str, Any]:
    return parts[0] if len(parts) == 1 else {"$and": parts}


def resolve_organs(name: str, known: Iterable[str]) -> frozenset[str]:
    """Known organs that ``name`` (a full name or a short one such as 平安镇) refers to: for
    narrowing a search, never for deciding who may see a draft (that is ``viewer_organ_ids``)."""
    return resolve(name, known)
