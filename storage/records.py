"""What the repository hands out: frozen records, never ORM rows.

A record is a snapshot taken inside the transaction that read it, so callers can keep it after
the session is gone (in a bot handler, across ``asyncio.to_thread``) without lazy-load surprises.
Timestamps are aware datetimes in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from ingest.model import AnnualReport, report_from_json

OrganState = Literal["missing", "unchecked", "errors", "passed", "published"]
"""Where an organ stands for a year: no report; a draft not yet checked; a draft whose last
check found errors; a draft that passed (no errors); a published report."""


@dataclass(frozen=True, slots=True)
class OrganRecord:
    """A reporting organ (机关); ``kind`` decides its deadline (县级政府 have until 03-31)."""

    id: int
    name: str
    kind: str | None
    region: str | None
    created_at: datetime
    demo: bool = False
    """A shipped sample or an organ only the console registered (not in supervisors' views)."""


@dataclass(frozen=True, slots=True)
class ChatRecord:
    """A registered chat; only an ``approved`` chat may act for its organ."""

    id: int
    chat_id: int
    organ_id: int | None
    organ_name: str | None
    role: str
    approved: bool
    region: str | None
    title: str | None
    created_at: datetime
    demo: bool = False
    """The console session: never listed as waiting for approval, never reminded."""
    registration: int = 0
    """The number of its current request (``Chat.registration``): what /approve names."""


@dataclass(frozen=True, slots=True)
class ReportRecord:
    """A stored report: the report (``report``), its text and its last check.

    ``parsed`` is the stored form (``report_to_json``), kept for callers that want the JSON
    itself (``xxgk parse --json``, drafting from stored numbers); everything else reads
    ``report``, built on access so that listing many reports stays cheap.
    """

    id: int
    organ_id: int | None
    organ_name: str | None
    year: int | None
    format: str
    title: str
    source_name: str
    content_hash: str
    status: str
    parsed: dict[str, Any]
    text: str
    uploaded_by_chat: int | None
    created_at: datetime
    checked_at: datetime | None
    error_count: int
    warning_count: int
    indexed_at: datetime | None = None
    """When its chunks went into the search index (None: not yet, or a crash in between)."""

    @property
    def report(self) -> AnnualReport:
        """The stored report as the domain model, its ``full_text`` the stored text."""
        return report_from_json(self.parsed, self.text)

    @property
    def checked(self) -> bool:
        """Whether the counts mean anything yet."""
        return self.checked_at is not None


@dataclass(frozen=True, slots=True)
class CellValue:
    """One number of 表二/表三/表四 with the report and organ it comes from.

    表三: ``row_key`` is the row key of ``report_to_json`` (新收, 予以公开 …) and the column is
    one of the seven applicant columns. 表四: ``row_key`` is the group (行政复议,
    未经复议直接起诉, 复议后起诉) and the column one of its five results (0…4).
    表二: ``row_key`` is the item (规章, 行政许可 …), the column one of its printed labels.
    """

    report_id: int
    organ_name: str | None
    year: int | None
    section: str
    row_key: str
    column_index: int
    column_label: str
    value: int | None
    raw: str | None


@dataclass(frozen=True, slots=True)
class FindingRecord:
    """A finding of the report's last check, as the checker produced it."""

    id: int
    report_id: int
    code: str
    severity: str
    section: str
    location: str
    expected: str | None
    actual: str | None
    message: str
    fix: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class UploadRecord:
    """A file a user sent, stored or rejected (``error`` says why)."""

    id: int
    chat_id: int | None
    filename: str
    size: int
    sha256: str
    report_id: int | None
    status: str
    error: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReminderRecord:
    """A reminder that was claimed for delivery (and so will not be sent again)."""

    id: int
    organ_id: int
    chat_id: int
    kind: str
    period_key: str
    due_at: datetime
    sent_at: datetime
    """When it was (last) claimed."""
    late: bool
    delivered_at: datetime | None = None
    """When the channel accepted it; None: claimed and not (yet) delivered."""
    attempts: int = 1


@dataclass(frozen=True, slots=True)
class InviteRecord:
    """A one-time invite code (only its hash is stored)."""

    id: int
    organ_id: int
    created_by_chat: int
    created_at: datetime
    expires_at: datetime
    used_by_chat: int | None
    used_at: datetime | None


@dataclass(frozen=True, slots=True)
class OrganStatus:
    """One line of a supervisor's overview for a year.

    The report is the organ's current one: its latest published report, else its latest draft.
    """

    organ: OrganRecord
    state: OrganState
    report_id: int | None = None
    source_name: str | None = None
    error_count: int = 0
    warning_count: int = 0
    checked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class BucketState:
    """A chat's token bucket as the rate limiter sees it: ``tokens`` left at ``stamp``
    (seconds), and whether the chat was told 「操作过于频繁」 since it last got through."""

    tokens: float
    stamp: float
    warned: bool = False
