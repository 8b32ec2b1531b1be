"""Checking a report: parse, find the organ's earlier report, run the rules, keep the result.

Every channel (``xxgk check``, a document sent to the bot, the nightly re-check) goes through
here, so the same draft gets the same findings wherever it is checked.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from base.settings import Settings
from ingest.model import AnnualReport
from organs import may_be_same_organ
from services.parsing import ParsedFile, parse_bytes, read_file

if TYPE_CHECKING:
    from checks.registry import Finding
    from storage.repository import Store


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    """The findings for one report, and where it was stored (if it was)."""

    source_name: str
    report: AnnualReport
    findings: tuple[Finding, ...]
    report_id: int | None = None
    newly_stored: bool = False
    compared_with: str | None = None
    """The earlier report the history rules used, e.g. "2022年度报告（#12）"."""
    organ_as_printed: str | None = None
    """The organ the file names, when the caller checked it for another (``organ=``)."""
    held_for_confirmation: bool = False
    """Checked but not stored: the file names another organ than the sender's, who must
    confirm first (``check_upload(confirm_other_organ=True)``)."""
    reviewed_docx: bytes | None = None
    """The user's DOCX with the findings as comments (``services.reviewing``), when asked
    for and the file is a DOCX."""

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def passed(self) -> bool:
        return self.errors == 0


def _with_overrides(report: AnnualReport, organ: str | None, year: int | None) -> AnnualReport:
    changes: dict[str, object] = {}
    if organ:
        changes["organ"] = organ
    if year:
        changes["year"] = year
    return dataclasses.replace(report, **changes) if changes else report


def _history(
    store: Store | None, report: AnnualReport, exclude_hash: str | None
) -> tuple[tuple[AnnualReport, ...], str | None]:
    """The organ's report for the previous year, for the H-* rules."""
    if store is None or not report.organ or not report.year:
        return (), None
    previous = store.previous_report(report.organ, report.year)
    if previous is None or previous.content_hash == exclude_hash:
        return (), None
    label = f"{previous.year}年度报告（#{previous.id}，{previous.source_name}）"
    return (previous.report,), label


def _organ_kind(store: Store | None, organ: str | None) -> str | None:
    if store is None or not organ:
        return None
    record = store.get_organ(organ)
    return record.kind if record else None


def run_report_checks(
    report: AnnualReport, *, store: Store | None = None, exclude_hash: str | None = None
) -> tuple[tuple[Finding, ...], str | None]:
    """Run every rule on a parsed report, with the stored history when a store is given."""
    from checks.registry import run_checks

    history, label = _history(store, report, exclude_hash)
    findings = run_checks(report, history=history, organ_kind=_organ_kind(store, report.organ))
    return tuple(findings), label


def check_parsed(
    parsed: ParsedFile,
    *,
    store: Store | None = None,
    organ: str | None = None,
    year: int | None = None,
) -> CheckOutcome:
    report = _with_overrides(parsed.report, organ, year)
    findings, label = run_report_checks(report, store=store, exclude_hash=parsed.content_hash)
    return CheckOutcome(
        source_name=parsed.name,
        report=report,
        findings=findings,
        compared_with=label,
        organ_as_printed=parsed.report.organ,
    )


def check_file(
    settings: Settings,
    path: Path,
    *,
    store: Store | None = None,
    organ: str | None = None,
    year: int | None = None,
    review: bool = False,
    isolated: bool = False,
) -> CheckOutcome:
    """``xxgk check FILE``: findings for a file; nothing is stored. ``review`` also makes the
    reviewed Word copy (``CheckOutcome.reviewed_docx``); the file must then be a DOCX.
    ``isolated`` parses in a child process with a memory cap (the command line: the file
    may be hostile)."""
    parse = parse_bytes
    if isolated:
        from services.isolation import parse_bytes_once as parse
    data = read_file(path, settings)  # one read: the copy is of exactly the bytes checked
    parsed = parse(data, Path(path).name, settings)
    if not review:
        return check_parsed(parsed, store=store, organ=organ, year=year)
    from services.reviewing import reviewed_docx

    outcome = check_parsed(parsed, store=store, organ=organ, year=year)
    reviewed = reviewed_docx(data, parsed.document, outcome.report, outcome.findings)
    return dataclasses.replace(outcome, reviewed_docx=reviewed)


def check_upload(
    settings: Settings,
    store: Store,
    data: bytes,
    filename: str,
    *,
    chat_id: int | None,
    organ: str | None,
    organ_id: int | None = None,
    isolated: bool = False,
    confirm_other_organ: bool = False,
) -> CheckOutcome:
    """A draft sent in chat: parse, check, and store it as a draft of the sender's organ
    (``organ_id``, the chat's approved organ: never an organ the file names) together with its
    findings. A file that cannot be read is recorded as a rejected upload and nothing else is
    stored. ``isolated`` parses in a worker process with a memory cap (the bot), so a hostile
    file cannot take the caller down. With ``confirm_other_organ``, a file that names another
    organ than ``organ`` is only checked: the outcome says so, and the caller asks the sender
    before calling again without it."""
    from base.errors import InputError

    digest = hashlib.sha256(data).hexdigest()
    try:
        if isolated:
            from services.isolation import parse_bytes_isolated

            parsed = parse_bytes_isolated(data, filename, settings)
        else:
            parsed = parse_bytes(data, filename, settings)
    except InputError as exc:
        store.record_upload(
            filename, len(data), digest, chat_id=chat_id, status="rejected", error=str(exc)
        )
        raise
    if confirm_other_organ and not may_be_same_organ(parsed.report.organ, organ):
        # checked as the organ it names (its history, its kind) until the sender says
        # it is theirs
        held = _with_reviewed_copy(check_parsed(parsed, store=store), data, parsed)
        return dataclasses.replace(
            held, organ_as_printed=parsed.report.organ, held_for_confirmation=True
        )
    outcome = check_parsed(parsed, store=store, organ=organ)
    outcome = _with_reviewed_copy(outcome, data, parsed)
    record, created = store.add_report(
        outcome.report,
        source_name=parsed.document.source_name or filename,
        content_hash=parsed.content_hash,
        status="draft",
        text=parsed.document.text,
        uploaded_by_chat=chat_id,
        organ_id=organ_id,
    )
    store.replace_findings(record.id, outcome.findings)
    store.record_upload(
        filename, len(data), digest, chat_id=chat_id, status="stored", report_id=record.id
    )
    return dataclasses.replace(outcome, report_id=record.id, newly_stored=created)


def _with_reviewed_copy(outcome: CheckOutcome, data: bytes, parsed: ParsedFile) -> CheckOutcome:
    """A DOCX sent in chat comes back reviewed (its findings as comments); other files get
    the findings page only."""
    from services.reviewing import reviewed_or_none

    reviewed = reviewed_or_none(data, parsed.document, outcome.report, outcome.findings)
    return dataclasses.replace(outcome, reviewed_docx=reviewed) if reviewed else outcome


def recheck_report(store: Store, report_id: int, *, now: datetime | None = None) -> CheckOutcome:
    """Re-run the rules on a stored report (rules and history change); used nightly.
    ``now`` dates the stored findings (the scheduler's clock, fake in tests)."""
    record = store.get_report(report_id)
    if record is None:
        raise LookupError(f"no report {report_id}")
    report = record.report
    findings, label = run_report_checks(report, store=store, exclude_hash=record.content_hash)
    store.replace_findings(record.id, findings, now=now)
    return CheckOutcome(
        source_name=record.source_name,
        report=report,
        findings=findings,
        report_id=record.id,
        compared_with=label,
    )
