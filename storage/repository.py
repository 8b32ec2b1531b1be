"""The repository: every read and write the other packages need, one transaction each.

Usage::

    store = Store.from_settings(settings)
    store.upgrade()                                     # once, at start-up (``xxgk init``)
    record, created = store.add_report(report, source_name="年报.pdf",
                                       content_hash=sha256_hex, status="draft")
    record.report                                       # the AnnualReport again

Each method opens ``with Session(engine) as s, s.begin():`` and returns records (``records.py``),
so a failure leaves nothing half-written and ORM rows never leave ``storage/``. A database
that cannot be reached (or a SQLite file held too long by another writer) raises
``ServiceUnavailable``; invalid arguments raise ``ValueError``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields, is_dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import URL, Engine, Select, case, delete, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from base.errors import ConfigError, ServiceUnavailable
from base.settings import Settings
from ingest.model import (
    AnnualReport,
    report_to_json,
    table_rows,
)
from organs import SUPERVISOR_KIND
from storage import db
from storage.records import (
    BucketState,
    CellValue,
    ChatRecord,
    FindingRecord,
    InviteRecord,
    OrganRecord,
    OrganStatus,
    ReminderRecord,
    ReportRecord,
    UploadRecord,
)
from storage.tables import (
    CHANNEL_CHAT_BASE,
    CHAT_ROLES,
    ORGAN_KINDS,
    REMINDER_KINDS,
    REPORT_STATUSES,
    UPLOAD_STATUSES,
    Base,
    ChannelMessage,
    ChannelUser,
    Chat,
    FindingRow,
    HandledUpdate,
    Invite,
    Organ,
    RateBucket,
    ReminderSent,
    Report,
    TableValue,
    Upload,
    utcnow,
)

logger = logging.getLogger(__name__)

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_R = TypeVar("_R")
_T = TypeVar("_T")


class Store:
    """The xxgk database (SQLite file or PostgreSQL server) and everything stored in it."""

    def __init__(self, url: str | URL, **engine_kwargs: Any) -> None:
        self.engine: Engine = db.make_engine(url, **engine_kwargs)

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        """The store ``settings.database`` names (SQLite in ``XXGK_HOME`` by default)."""
        return cls(settings.database)

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (``alembic upgrade head``)."""
        try:
            db.upgrade(self.engine)
        except OperationalError as exc:
            raise self._unavailable(exc) from exc

    def check_schema(self) -> None:
        """Fail early, with a message that says what to do, when migrations have not run."""
        try:
            current = db.current_revision(self.engine)
        except OperationalError as exc:
            raise self._unavailable(exc) from exc
        head = db.head_revision()
        if current is not None and current != head and not db.is_known_revision(current):
            raise ConfigError(
                f"数据库（版本 {current}）来自更新版本的 xxgk，请先升级 xxgk 再使用这个数据库。"
            )
        if current != head:
            raise ConfigError(
                f"数据库结构不是最新（当前 {current or '未初始化'}，应为 {head}），"
                "请先运行 xxgk init。"
            )

    def close(self) -> None:
        """Close every pooled connection (the SQLite file can then be moved or deleted)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _unavailable(self, exc: OperationalError) -> ServiceUnavailable:
        where = self.engine.url.render_as_string(hide_password=True)
        lines = str(exc.orig or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc.orig or exc).__name__
        logger.warning("database %s unavailable: %s", where, reason)
        return ServiceUnavailable(f"数据库暂时无法访问（{where}：{reason}），请稍后再试。")

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """One use case, one transaction: committed on success, rolled back on any error."""
        try:
            with Session(self.engine) as s, s.begin():
                yield s
        except OperationalError as exc:
            raise self._unavailable(exc) from exc

    # -- organs -------------------------------------------------------------------------

    def upsert_organ(
        self,
        name: str,
        kind: str | None = None,
        region: str | None = None,
        *,
        demo: bool | None = None,
    ) -> OrganRecord:
        """The organ called ``name``, created if new; ``kind``/``region``/``demo`` update it
        when given (an import passes ``demo=False``: the organ is real)."""
        with self._session() as s:
            organ = _ensure_organ(s, name, kind=kind, region=region)
            if demo is not None:
                organ.demo = demo
            s.flush()
            return _record(OrganRecord, organ)

    def mark_demo_organs(self, names: Iterable[str]) -> int:
        """Mark the organs of the shipped samples as demo, unless something made them real
        (a region from an import, or a chat that is not the console); how many were marked."""
        wanted = {n.strip() for n in names if n and n.strip()}
        if not wanted:
            return 0
        real_chat = select(Chat.id).where(Chat.organ_id == Organ.id, Chat.demo.is_(False))
        stmt = select(Organ).where(
            Organ.name.in_(wanted),
            Organ.region.is_(None),
            Organ.demo.is_(False),
            ~real_chat.exists(),
        )
        with self._session() as s:
            organs = list(s.scalars(stmt))
            for organ in organs:
                organ.demo = True
            return len(organs)

    def get_organ(self, name: str) -> OrganRecord | None:
        """The organ with exactly this name."""
        with self._session() as s:
            organ = s.scalar(select(Organ).where(Organ.name == name.strip()))
            return _record(OrganRecord, organ) if organ else None

    def organ_by_id(self, organ_id: int) -> OrganRecord | None:
        """The organ with this id."""
        with self._session() as s:
            organ = s.get(Organ, organ_id)
            return _record(OrganRecord, organ) if organ else None

    def find_organs(self, query: str) -> list[OrganRecord]:
        """Organs whose name contains ``query``, exact match first, then shortest names:
        "城关镇" should offer 城关镇人民政府 before 城关镇人民政府办公室."""
        query = query.strip()
        if not query:
            return []
        stmt = select(Organ).where(Organ.name.contains(query, autoescape=True))
        with self._session() as s:
            found = [_record(OrganRecord, o) for o in s.scalars(stmt)]
        return sorted(found, key=lambda o: (o.name != query, len(o.name), o.name))

    def list_organs(self, region: str | None = None) -> list[OrganRecord]:
        """All organs by name, optionally of one region."""
        stmt = select(Organ)
        if region is not None:
            stmt = stmt.where(Organ.region == region)
        with self._session() as s:
            return _by_name([_record(OrganRecord, o) for o in s.scalars(stmt)], lambda o: o.name)

    # -- chats --------------------------------------------------------------------------

    def register_chat(
        self,
        chat_id: int,
        organ_name: str,
        role: str = "member",
        *,
        title: str | None = None,
        region: str | None = None,
        demo: bool = False,
        organ_id: int | None = None,
        approved: bool | None = None,
    ) -> ChatRecord:
        """Register (or re-register) a chat for an organ; it waits for approval.

        ``organ_id`` names an existing organ by id (``organ_name`` is then ignored); with
        ``approved`` the approval is set in the same transaction (an invite code).

        Moving an approved chat to another organ or role withdraws the approval, so that a
        chat cannot approve itself into another organ's reports, and starts a new request
        (``registration`` + 1, what ``approve_registration`` names). The chat's row is locked
        while it changes: two registrations racing from one chat get two numbers. A
        supervisor's organ is created with kind 督导, and its region defaults to that organ's
        region. ``demo`` marks the console session; any other chat makes a demo organ real.
        """
        _check_choice("role", role, CHAT_ROLES)
        with self._session() as s:
            if organ_id is not None:
                found = s.get(Organ, organ_id)
                if found is None:
                    raise ValueError(f"no organ {organ_id}")
                organ = found
            else:
                organ = _ensure_organ(
                    s, organ_name, kind_if_new=SUPERVISOR_KIND if role == "supervisor" else None
                )
            chat = _locked_chat(s, chat_id)
            if chat.organ_id != organ.id or chat.role != role:
                chat.approved = False
                chat.registration += 1
            chat.organ_id, chat.role = organ.id, role
            chat.demo = demo
            if not demo:
                organ.demo = False
            if title is not None:
                chat.title = title
            if approved is not None:
                chat.approved = approved
            if role == "supervisor":
                chat.region = region if region is not None else (chat.region or organ.region)
            elif region is not None:
                chat.region = region
            s.flush()
            return _chat_record(chat, organ.name)

    def register_supervisor(self, chat_id: int, office: str, region: str | None) -> ChatRecord:
        """An approved supervisor chat for ``region`` (None: every region), named after its
        ``office`` (its title). Supervisors are configuration, not organs: no organ row."""
        with self._session() as s:
            chat = s.scalar(select(Chat).where(Chat.chat_id == chat_id))
            if chat is None:
                chat = Chat(chat_id=chat_id)
                s.add(chat)
            chat.organ_id, chat.role, chat.approved = None, "supervisor", True
            chat.region, chat.title = region, office
            s.flush()
            return _chat_record(chat, None)

    def chat_info(self, chat_id: int) -> ChatRecord | None:
        """The chat's registration, or None if it never registered."""
        with self._session() as s:
            return next(iter(_chats(s, Chat.chat_id == chat_id)), None)

    def approve_registration(self, chat_id: int, registration: int) -> ChatRecord | None:
        """Approve the chat's request number ``registration``, in one conditional update: None
        (nothing changed) when the chat is unknown or has made another request since, even
        one made while this ran. What a supervisor approves from a chat (``/approve``)."""
        with self._session() as s:
            done = s.execute(
                update(Chat)
                .where(Chat.chat_id == chat_id, Chat.registration == registration)
                .values(approved=True)
                .returning(Chat.id)
            ).first()
            return None if done is None else next(iter(_chats(s, Chat.id == done[0])))

    def approve_chat(self, chat_id: int, approved: bool = True) -> ChatRecord | None:
        """Approve (or, with ``approved=False``, suspend) a chat whatever it asks for; None if
        it is unknown. For the operator's import; a supervisor's approval goes through
        ``approve_registration``."""
        with self._session() as s:
            chat = s.scalar(select(Chat).where(Chat.chat_id == chat_id))
            if chat is None:
                return None
            chat.approved = approved
            s.flush()
            return next(iter(_chats(s, Chat.id == chat.id)))

    def chats_for_organ(self, organ_id: int, *, approved_only: bool = True) -> list[ChatRecord]:
        """The chats that speak for an organ (reminders go to the approved ones)."""
        where = [Chat.organ_id == organ_id]
        if approved_only:
            where.append(Chat.approved.is_(True))
        with self._session() as s:
            return _chats(s, *where)

    def supervisor_chats(self, region: str | None = None) -> list[ChatRecord]:
        """Approved supervisor chats; with ``region``, those for that region and those
        without one (a supervisor with no region oversees everything)."""
        where = [Chat.role == "supervisor", Chat.approved.is_(True)]
        if region is not None:
            where.append(or_(Chat.region == region, Chat.region.is_(None)))
        with self._session() as s:
            return _chats(s, *where)

    def list_chats(
        self, approved: bool | None = None, *, include_demo: bool = False
    ) -> list[ChatRecord]:
        """Every registered chat, or only the approved (or the waiting) ones; the console
        session only with ``include_demo``."""
        where = [] if approved is None else [Chat.approved.is_(approved)]
        if not include_demo:
            where.append(Chat.demo.is_(False))
        with self._session() as s:
            return _chats(s, *where)

    # -- reports ------------------------------------------------------------------------

    def add_report(
        self,
        report: AnnualReport,
        *,
        source_name: str,
        content_hash: str,
        status: str = "draft",
        text: str | None = None,
        organ_kind: str | None = None,
        region: str | None = None,
        uploaded_by_chat: int | None = None,
        organ_id: int | None = None,
    ) -> tuple[ReportRecord, bool]:
        """Store a parsed report (as ``report_to_json``) with its organ and its table cells;
        ``text`` is the file's text (default: the report's ``full_text``).

        Idempotent for the same file stored for the same organ with the same status (draft or
        published): that changes nothing and comes back with ``created=False``, also when two
        uploads of it race each other. The same file for another organ or status is another
        report: a clerk's draft copy never blocks the real organ's published report.
        """
        _check_choice("status", status, REPORT_STATUSES)
        content_hash = _check_sha256(content_hash)
        name = (report.organ or "").strip()
        try:
            with self._session() as s:
                if organ_id is not None:  # the uploader's own organ, by id: never by a name
                    known: int | None = organ_id
                    by_id = s.get(Organ, organ_id)
                    if by_id is None:
                        raise ValueError(f"no organ {organ_id}")
                    name = by_id.name
                else:
                    known = s.scalar(select(Organ.id).where(Organ.name == name)) if name else None
                if known is not None or not name:
                    existing = _existing_report(s, content_hash, known, status)
                    if existing is not None:  # the duplicate changes nothing, not even the organ
                        return _record(ReportRecord, existing), False
                if organ_id is not None:
                    organ = s.get(Organ, organ_id)
                else:
                    organ = _ensure_organ(s, name, kind=organ_kind, region=region) if name else None
                row = Report(
                    organ_id=organ.id if organ else None,
                    organ_name=name or None,
                    year=report.year,
                    format=report.format,
                    title=report.title,
                    source_name=source_name,
                    content_hash=content_hash,
                    status=status,
                    parsed=report_to_json(report),
                    text=report.full_text if text is None else text,
                    uploaded_by_chat=uploaded_by_chat,
                )
                s.add(row)
                s.flush()
                s.add_all(TableValue(report_id=row.id, **cell) for cell in table_cells(report))
                record = _record(ReportRecord, row)
        except IntegrityError:
            # Another upload of the same file committed between our look-up and our insert.
            with self._session() as s:
                owner = organ_id
                if owner is None and name:
                    owner = s.scalar(select(Organ.id).where(Organ.name == name))
                again = _existing_report(s, content_hash, owner, status)
                if again is None:
                    raise
                return _record(ReportRecord, again), False
        logger.info("stored report %s (%s, %s)", record.id, record.organ_name, record.year)
        return record, True

    def get_report(self, report_id: int) -> ReportRecord | None:
        """The report with this id."""
        with self._session() as s:
            report = s.get(Report, report_id)
            return _record(ReportRecord, report) if report else None

    def report_by_hash(self, content_hash: str) -> ReportRecord | None:
        """A report stored from the file with this sha256 (hex): its published one first,
        then the first stored."""
        stmt = (
            select(Report)
            .where(Report.content_hash == content_hash.strip().lower())
            .order_by(_PUBLISHED_FIRST, Report.id)
            .limit(1)
        )
        with self._session() as s:
            report = s.scalar(stmt)
            return _record(ReportRecord, report) if report else None

    def reports_for_organ(
        self, organ_name: str, year: int | None = None, status: str | None = None
    ) -> list[ReportRecord]:
        """An organ's reports, newest year first, newest upload first within a year."""
        stmt = _organ_reports(organ_name).order_by(
            Report.year.desc(), Report.created_at.desc(), Report.id.desc()
        )
        if year is not None:
            stmt = stmt.where(Report.year == year)
        if status is not None:
            stmt = stmt.where(Report.status == status)
        with self._session() as s:
            return [_record(ReportRecord, r) for r in s.scalars(stmt)]

    def reports_of_organ(
        self, organ_id: int, year: int | None = None, status: str | None = None
    ) -> list[ReportRecord]:
        """An organ's reports by its id, newest year first, newest upload first within a year."""
        stmt = (
            select(Report)
            .where(Report.organ_id == organ_id)
            .order_by(Report.year.desc(), Report.created_at.desc(), Report.id.desc())
        )
        if year is not None:
            stmt = stmt.where(Report.year == year)
        if status is not None:
            stmt = stmt.where(Report.status == status)
        with self._session() as s:
            return [_record(ReportRecord, r) for r in s.scalars(stmt)]

    def mark_indexed(self, report_id: int, at: datetime | None = None) -> None:
        """Record that the report's chunks are in the index (call only after they are)."""
        with self._session() as s:
            s.execute(
                update(Report).where(Report.id == report_id).values(indexed_at=at or utcnow())
            )

    def mark_unindexed(self, report_ids: Iterable[int]) -> None:
        """Forget the indexed mark of reports whose chunks are missing from the index."""
        ids = list(report_ids)
        if ids:
            with self._session() as s:
                s.execute(update(Report).where(Report.id.in_(ids)).values(indexed_at=None))

    def unindexed_reports(self) -> list[ReportRecord]:
        """Reports stored but not (or not completely) indexed, oldest first."""
        stmt = select(Report).where(Report.indexed_at.is_(None)).order_by(Report.id)
        with self._session() as s:
            return [_record(ReportRecord, r) for r in s.scalars(stmt)]

    def indexed_report_ids(self) -> set[int]:
        with self._session() as s:
            return set(s.scalars(select(Report.id).where(Report.indexed_at.is_not(None))))

    def previous_report(self, organ_name: str, year: int) -> ReportRecord | None:
        """Last year's report of the organ, to compare with: its published one if there is
        one, else its latest draft."""
        stmt = (
            _organ_reports(organ_name)
            .where(Report.year == year - 1)
            .order_by(_PUBLISHED_FIRST, Report.created_at.desc(), Report.id.desc())
            .limit(1)
        )
        with self._session() as s:
            report = s.scalar(stmt)
            return _record(ReportRecord, report) if report else None

    def latest_draft(self, organ_name: str, year: int) -> ReportRecord | None:
        """The organ's most recently uploaded draft for ``year``."""
        drafts = self.reports_for_organ(organ_name, year=year, status="draft")
        return drafts[0] if drafts else None

    def list_reports(
        self, status: str | None = None, year: int | None = None
    ) -> list[ReportRecord]:
        """All reports, newest first."""
        stmt = select(Report).order_by(Report.created_at.desc(), Report.id.desc())
        if status is not None:
            stmt = stmt.where(Report.status == status)
        if year is not None:
            stmt = stmt.where(Report.year == year)
        with self._session() as s:
            return [_record(ReportRecord, r) for r in s.scalars(stmt)]

    def set_report_status(self, report_id: int, status: str) -> ReportRecord | None:
        """Mark a report draft or published; None if there is no such report."""
        _check_choice("status", status, REPORT_STATUSES)
        with self._session() as s:
            report = s.get(Report, report_id)
            if report is None:
                return None
            report.status = status
            s.flush()
            return _record(ReportRecord, report)

    def table_values(self, report_id: int) -> list[CellValue]:
        """Every stored cell of one report, table by table, row by row."""
        with self._session() as s:
            return _cells(s, TableValue.report_id == report_id)

    def values_across_organs(
        self, year: int, section: str, row_key: str, column_label: str | None = None
    ) -> list[CellValue]:
        """One cell (or a whole row) of every organ's current report for ``year``: what a
        supervisor compares, e.g. ``("表三", "新收", "总计")``."""
        with self._session() as s:
            current = [row.id for row in _current_reports(s, year).values()]
            where = [
                TableValue.report_id.in_(current),
                TableValue.section == section,
                TableValue.row_key == row_key,
            ]
            if column_label is not None:
                where.append(TableValue.column_label == column_label)
            return _cells(s, *where)

    # -- findings -----------------------------------------------------------------------

    def replace_findings(
        self, report_id: int, findings: Iterable[Any], *, now: datetime | None = None
    ) -> None:
        """Store the result of a check: the new findings replace the old ones, and the
        report's error and warning counts and ``checked_at`` follow.

        A finding is a dict (or a dataclass such as ``checks.Finding``) with ``code``,
        ``severity``, ``section``, ``location``, ``expected``, ``actual``, ``message``, ``fix``.
        """
        rows = [_finding_fields(f) for f in findings]
        checked_at = _check_aware(now)[0] if now else utcnow()
        with self._session() as s:
            # The row lock makes two concurrent checks replace each other, not interleave.
            report = s.scalar(select(Report).where(Report.id == report_id).with_for_update())
            if report is None:
                raise LookupError(f"no report with id {report_id}")
            s.execute(delete(FindingRow).where(FindingRow.report_id == report_id))
            s.add_all(FindingRow(report_id=report_id, created_at=checked_at, **r) for r in rows)
            report.error_count = sum(r["severity"] == "error" for r in rows)
            report.warning_count = sum(r["severity"] == "warning" for r in rows)
            report.checked_at = checked_at

    def findings_for(self, report_id: int) -> list[FindingRecord]:
        """The findings of the report's last check, in the order the checker gave them."""
        stmt = select(FindingRow).where(FindingRow.report_id == report_id).order_by(FindingRow.id)
        with self._session() as s:
            return [_record(FindingRecord, f) for f in s.scalars(stmt)]

    # -- uploads ------------------------------------------------------------------------

    def record_upload(
        self,
        filename: str,
        size: int,
        sha256: str,
        *,
        chat_id: int | None = None,
        status: str = "stored",
        report_id: int | None = None,
        error: str | None = None,
    ) -> UploadRecord:
        """Log a received file, stored or rejected (``error`` then says why, in Chinese)."""
        _check_choice("status", status, UPLOAD_STATUSES)
        upload = Upload(
            chat_id=chat_id,
            filename=filename,
            size=size,
            sha256=_check_sha256(sha256),
            status=status,
            report_id=report_id,
            error=error,
        )
        with self._session() as s:
            s.add(upload)
            s.flush()
            return _record(UploadRecord, upload)

    def recent_uploads(self, chat_id: int | None = None, limit: int = 20) -> list[UploadRecord]:
        """The latest uploads, of one chat or of all."""
        stmt = select(Upload).order_by(Upload.created_at.desc(), Upload.id.desc()).limit(limit)
        if chat_id is not None:
            stmt = stmt.where(Upload.chat_id == chat_id)
        with self._session() as s:
            return [_record(UploadRecord, u) for u in s.scalars(stmt)]

    # -- channel users ------------------------------------------------------------------

    def channel_chat_id(self, channel: str, user_key: str) -> int:
        """The integer chat id of ``user_key`` on ``channel`` (a WeCom user id, a robot's
        region), created on first sight; two processes asking at once get the same id."""
        if not channel or not user_key:
            raise ValueError("channel and user_key must not be empty")
        values = {"channel": channel, "user_key": user_key, "created_at": utcnow()}
        with self._session() as s:
            s.execute(_insert_or_ignore(s, ChannelUser, values, ["channel", "user_key"]))
            row_id = s.scalar(
                select(ChannelUser.id).where(
                    ChannelUser.channel == channel, ChannelUser.user_key == user_key
                )
            )
        assert row_id is not None
        return CHANNEL_CHAT_BASE + row_id

    def claim_channel_message(
        self, channel: str, message_key: str, now: datetime, keep: timedelta
    ) -> bool:
        """True for the first caller with this message, whichever process it runs in; claims
        older than ``keep`` are forgotten (the channel never retries that late)."""
        _check_aware(now)
        values = {"channel": channel, "message_key": message_key, "received_at": now}
        with self._session() as s:
            s.execute(delete(ChannelMessage).where(ChannelMessage.received_at < now - keep))
            claimed = s.execute(
                _insert_or_ignore(s, ChannelMessage, values, ["channel", "message_key"]).returning(
                    ChannelMessage.id
                )
            ).first()
        return claimed is not None

    def channel_user_chat_id(self, channel: str, user_key: str) -> int | None:
        """The chat id of ``user_key`` if it has written before (never creates one)."""
        with self._session() as s:
            row_id = s.scalar(
                select(ChannelUser.id).where(
                    ChannelUser.channel == channel, ChannelUser.user_key == user_key
                )
            )
        return None if row_id is None else CHANNEL_CHAT_BASE + row_id

    def channel_user(self, chat_id: int) -> tuple[str, str] | None:
        """``(channel, user_key)`` of a channel chat id; None for any other chat (Telegram)."""
        if chat_id <= CHANNEL_CHAT_BASE:
            return None
        with self._session() as s:
            row = s.get(ChannelUser, chat_id - CHANNEL_CHAT_BASE)
            return None if row is None else (row.channel, row.user_key)

    # -- reminders ----------------------------------------------------------------------

    def claim_reminder(
        self,
        organ_id: int,
        chat_id: int,
        kind: str,
        period_key: str,
        due_at: datetime,
        now: datetime,
    ) -> bool:
        """Claim a reminder before sending it: True for exactly one caller per
        (organ, chat, kind, period_key), however many schedulers or retries race for it.

        ``late`` records that the claim came after ``due_at`` (the bot was down, or it is an
        overdue notice). For a digest, pass the supervisor's own organ.
        """
        _check_choice("kind", kind, REMINDER_KINDS)
        _check_aware(due_at, now)
        values = {
            "organ_id": organ_id,
            "chat_id": chat_id,
            "kind": kind,
            "period_key": period_key,
            "due_at": due_at,
            "sent_at": now,
            "late": now > due_at,
        }
        with self._session() as s:
            claimed = s.execute(
                _insert_or_ignore(
                    s, ReminderSent, values, ["organ_id", "chat_id", "kind", "period_key"]
                ).returning(ReminderSent.id)
            ).first()
        return claimed is not None

    def reclaim_reminder(
        self,
        organ_id: int,
        chat_id: int,
        kind: str,
        period_key: str,
        now: datetime,
        lease: timedelta,
    ) -> bool:
        """Take over a claim whose sender never marked it delivered (it crashed mid-send):
        True for exactly one caller, and only once the claim is older than ``lease``."""
        _check_aware(now)
        with self._session() as s:
            taken = s.execute(
                update(ReminderSent)
                .where(
                    ReminderSent.organ_id == organ_id,
                    ReminderSent.chat_id == chat_id,
                    ReminderSent.kind == kind,
                    ReminderSent.period_key == period_key,
                    ReminderSent.delivered_at.is_(None),
                    ReminderSent.sent_at < now - lease,
                )
                .values(sent_at=now, attempts=ReminderSent.attempts + 1)
                .returning(ReminderSent.id)
            ).first()
        return taken is not None

    def mark_reminder_delivered(
        self, organ_id: int, chat_id: int, kind: str, period_key: str, now: datetime
    ) -> None:
        """The channel accepted the message: it is never sent again."""
        _check_aware(now)
        with self._session() as s:
            s.execute(
                update(ReminderSent)
                .where(
                    ReminderSent.organ_id == organ_id,
                    ReminderSent.chat_id == chat_id,
                    ReminderSent.kind == kind,
                    ReminderSent.period_key == period_key,
                )
                .values(delivered_at=now)
            )

    # -- invites ------------------------------------------------------------------------

    def create_invite(
        self, code_hash: str, organ_id: int, created_by_chat: int, expires_at: datetime
    ) -> InviteRecord:
        """Store a one-time invite (the sha256 of the code, never the code)."""
        _check_aware(expires_at)
        with self._session() as s:
            invite = Invite(
                code_hash=_check_sha256(code_hash),
                organ_id=organ_id,
                created_by_chat=created_by_chat,
                expires_at=expires_at,
            )
            s.add(invite)
            s.flush()
            return _record(InviteRecord, invite)

    def redeem_invite(self, code_hash: str, chat_id: int, now: datetime) -> InviteRecord | None:
        """Use an invite: the record for exactly one caller while it is unused and unexpired,
        else None."""
        _check_aware(now)
        with self._session() as s:
            used = s.execute(
                update(Invite)
                .where(
                    Invite.code_hash == _check_sha256(code_hash),
                    Invite.used_at.is_(None),
                    Invite.expires_at > now,
                )
                .values(used_at=now, used_by_chat=chat_id)
                .returning(Invite.id)
            ).first()
            if used is None:
                return None
            invite = s.get(Invite, used[0])
            assert invite is not None
            s.refresh(invite)
            return _record(InviteRecord, invite)

    def release_reminder(self, organ_id: int, chat_id: int, kind: str, period_key: str) -> bool:
        """Give a claim back after the message could not be sent, so a later run retries."""
        with self._session() as s:
            released = s.execute(
                delete(ReminderSent)
                .where(
                    ReminderSent.organ_id == organ_id,
                    ReminderSent.chat_id == chat_id,
                    ReminderSent.kind == kind,
                    ReminderSent.period_key == period_key,
                )
                .returning(ReminderSent.id)
            ).first()
        return released is not None

    # -- rate limits --------------------------------------------------------------------

    def update_bucket(
        self, chat_id: int, step: Callable[[BucketState | None], tuple[BucketState, _T]]
    ) -> _T:
        """Replace the chat's bucket by ``step(bucket)`` (None: the chat has none yet) and
        return what ``step`` says, with the row locked in between: the workers that handle
        a chat's messages at once each see the bucket the one before left. The rule lives
        with the caller (``bot.limits``); this is only its atomic read-modify-write."""
        with self._session() as s:
            if s.get_bind().dialect.name == "postgresql":
                # a bucket lost in a crash only forgets a few seconds of limit: no need to
                # wait for the WAL flush on every message
                s.execute(text("SET LOCAL synchronous_commit TO OFF"))
            for _ in range(2):
                row = s.scalar(
                    select(RateBucket).where(RateBucket.chat_id == chat_id).with_for_update()
                )
                if row is not None:
                    after, result = step(BucketState(row.tokens, row.stamp, row.warned))
                    row.tokens, row.stamp, row.warned = after.tokens, after.stamp, after.warned
                    return result
                after, result = step(None)
                values = {"chat_id": chat_id, **asdict(after)}
                created = s.execute(
                    _insert_or_ignore(s, RateBucket, values, ["chat_id"]).returning(
                        RateBucket.chat_id
                    )
                ).first()
                if created is not None:
                    return result
                # another worker created it meanwhile: take it, locked, as it left it
        raise RuntimeError(f"rate bucket of chat {chat_id} could not be taken")

    def forget_buckets(self, stamp_before: float) -> int:
        """Drop buckets untouched since ``stamp_before`` (full again: as good as none)."""
        with self._session() as s:
            gone = s.execute(delete(RateBucket).where(RateBucket.stamp < stamp_before))
            return int(getattr(gone, "rowcount", 0) or 0)

    # -- bot updates --------------------------------------------------------------------

    def claim_update(self, bot_id: int, update_id: int, *, keep_days: int = 3) -> bool:
        """True for exactly one caller per (bot, update): several webhook workers, or one that
        receives Telegram's redelivery, answer an update once. Claims older than
        ``keep_days`` are dropped on the way (Telegram keeps updates for 24 hours)."""
        now = utcnow()
        values = {"bot_id": bot_id, "update_id": update_id, "claimed_at": now}
        with self._session() as s:
            claimed = s.execute(
                _insert_or_ignore(s, HandledUpdate, values, ["bot_id", "update_id"]).returning(
                    HandledUpdate.update_id
                )
            ).first()
            if claimed is not None and update_id % 500 == 0:
                s.execute(
                    delete(HandledUpdate).where(
                        HandledUpdate.claimed_at < now - timedelta(days=keep_days)
                    )
                )
        return claimed is not None

    def reminders_sent(
        self,
        *,
        organ_id: int | None = None,
        chat_id: int | None = None,
        kind: str | None = None,
        period_key: str | None = None,
    ) -> list[ReminderRecord]:
        """Claimed reminders, oldest first, filtered by any of their key columns."""
        stmt = select(ReminderSent).order_by(ReminderSent.sent_at, ReminderSent.id)
        for column, value in (
            (ReminderSent.organ_id, organ_id),
            (ReminderSent.chat_id, chat_id),
            (ReminderSent.kind, kind),
            (ReminderSent.period_key, period_key),
        ):
            if value is not None:
                stmt = stmt.where(column == value)
        with self._session() as s:
            return [_record(ReminderRecord, r) for r in s.scalars(stmt)]

    # -- supervision --------------------------------------------------------------------

    def organ_status(
        self, year: int, region: str | None = None, *, demo_chat: int | None = None
    ) -> list[OrganStatus]:
        """Every reporting organ (not 督导, not a demo) and where its ``year`` report stands,
        by name. ``demo_chat`` (the console) also sees the demo organs it registered for."""
        shown = Organ.demo.is_(False)
        if demo_chat is not None:
            own = select(Chat.id).where(Chat.organ_id == Organ.id, Chat.chat_id == demo_chat)
            shown = or_(shown, own.exists())
        stmt = select(Organ).where(or_(Organ.kind.is_(None), Organ.kind != SUPERVISOR_KIND), shown)
        if region is not None:
            stmt = stmt.where(Organ.region == region)
        with self._session() as s:
            current = _current_reports(s, year)
            result = []
            for organ in s.scalars(stmt):
                record = _record(OrganRecord, organ)
                report = current.get(organ.id)
                if report is None:
                    result.append(OrganStatus(organ=record, state="missing"))
                    continue
                if report.status == "published":
                    state = "published"
                elif report.checked_at is None:
                    state = "unchecked"
                else:
                    state = "errors" if report.error_count else "passed"
                result.append(
                    OrganStatus(
                        organ=record,
                        state=state,
                        report_id=report.id,
                        source_name=report.source_name,
                        error_count=report.error_count,
                        warning_count=report.warning_count,
                        checked_at=report.checked_at,
                    )
                )
            return _by_name(result, lambda status: status.organ.name)


# -- helpers (module level so tests can reach them) -----------------------------------------

_PUBLISHED_FIRST = case((Report.status == "published", 0), else_=1)


def _record(cls: type[_R], row: Base, **extra: Any) -> _R:
    """The record ``cls`` filled from the row's attributes of the same names."""
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    return cls(**{n: extra[n] if n in extra else getattr(row, n) for n in names})


def _by_name(items: list[_R], name: Callable[[_R], str]) -> list[_R]:
    """Sorted by name in code-point order: the same on both databases, where ``ORDER BY``
    would follow PostgreSQL's collation on one and bytes on the other."""
    return sorted(items, key=name)


def _check_choice(what: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}, not {value!r}")


def _check_aware(*values: datetime) -> tuple[datetime, ...]:
    """Refuse naive datetimes: stored as UTC, a local 09:00 would become 17:00 in Beijing."""
    for value in values:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
    return values


def _check_sha256(value: str) -> str:
    value = value.strip().lower()
    if not _SHA256.match(value):
        raise ValueError(f"not a sha256 hex digest: {value!r}")
    return value


def _insert_or_ignore(
    s: Session, model: type[Base], values: Mapping[str, Any], conflict_columns: Sequence[str]
) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING``: atomic on both databases, and unlike catching
    IntegrityError it does not hide a broken foreign key."""
    dialect = postgresql if s.get_bind().dialect.name == "postgresql" else sqlite
    return (
        dialect.insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(conflict_columns))
    )


def _ensure_organ(
    s: Session,
    name: str,
    *,
    kind: str | None = None,
    region: str | None = None,
    kind_if_new: str | None = None,
) -> Organ:
    """The organ row for ``name``, inserted if missing (race-safe); ``kind`` and ``region``
    overwrite when given, ``kind_if_new`` only fills a missing kind."""
    name = name.strip()
    if not name:
        raise ValueError("organ name is empty")
    for value in (kind, kind_if_new):
        if value is not None:
            _check_choice("kind", value, ORGAN_KINDS)
    s.execute(
        _insert_or_ignore(
            s,
            Organ,
            {"name": name, "kind": kind or kind_if_new, "region": region},
            ["name"],
        )
    )
    organ = s.scalars(select(Organ).where(Organ.name == name)).one()
    if kind is not None:
        organ.kind = kind
    elif organ.kind is None and kind_if_new is not None:
        organ.kind = kind_if_new
    if region is not None:
        organ.region = region
    return organ


def _existing_report(
    s: Session, content_hash: str, organ_id: int | None, status: str
) -> Report | None:
    """The report stored from this file for this organ (or for no organ) with this status."""
    owner = Report.organ_id.is_(None) if organ_id is None else Report.organ_id == organ_id
    stmt = select(Report).where(Report.content_hash == content_hash, owner, Report.status == status)
    return s.scalar(stmt.limit(1))


def _organ_reports(organ_name: str) -> Select[tuple[Report]]:
    return (
        select(Report)
        .join(Organ, Report.organ_id == Organ.id)
        .where(Organ.name == organ_name.strip())
    )


def _current_reports(s: Session, year: int) -> dict[int, Any]:
    """Per organ id, the report that counts for ``year``: latest published, else latest
    draft. Only the summary columns are read, not the parsed JSON or the text."""
    rows = s.execute(
        select(
            Report.id,
            Report.organ_id,
            Report.status,
            Report.source_name,
            Report.error_count,
            Report.warning_count,
            Report.checked_at,
        )
        .where(Report.year == year, Report.organ_id.is_not(None))
        .order_by(Report.organ_id, _PUBLISHED_FIRST, Report.created_at.desc(), Report.id.desc())
    )
    current: dict[int, Any] = {}
    for row in rows:
        current.setdefault(row.organ_id, row)
    return current


def _locked_chat(s: Session, chat_id: int) -> Chat:
    """The chat's row, created if new, locked until the transaction ends (``FOR UPDATE`` on
    PostgreSQL; SQLite's ``BEGIN IMMEDIATE`` already runs one writer at a time)."""
    s.execute(
        _insert_or_ignore(
            s,
            Chat,
            {"chat_id": chat_id, "approved": False, "role": "member", "created_at": utcnow()},
            ["chat_id"],
        )
    )
    chat = s.scalar(select(Chat).where(Chat.chat_id == chat_id).with_for_update())
    assert chat is not None
    return chat


def _chat_record(chat: Chat, organ_name: str | None) -> ChatRecord:
    return _record(ChatRecord, chat, organ_name=organ_name)


def _chats(s: Session, *where: Any) -> list[ChatRecord]:
    stmt = (
        select(Chat, Organ.name)
        .outerjoin(Organ, Chat.organ_id == Organ.id)
        .where(*where)
        .order_by(Chat.id)
    )
    return [_chat_record(chat, organ_name) for chat, organ_name in s.execute(stmt)]


def _cells(s: Session, *where: Any) -> list[CellValue]:
    stmt = (
        select(TableValue, Report.organ_name, Report.year)
        .join(Report, TableValue.report_id == Report.id)
        .where(*where)
        .order_by(TableValue.id)
    )
    cells = [
        _record(CellValue, cell, organ_name=organ_name, year=year)
        for cell, organ_name, year in s.execute(stmt)
    ]
    return _by_name(cells, lambda cell: cell.organ_name or "")


def _text(value: Any) -> str:
    """A finding field as text: an enum by its value (``Severity.ERROR`` is "error")."""
    return str(value.value if isinstance(value, Enum) else value)


def _finding_fields(finding: Any) -> dict[str, Any]:
    data: Mapping[str, Any] = asdict(finding) if is_dataclass(finding) else finding  # type: ignore[arg-type]
    severity = _text(data["severity"]).lower()
    _check_choice("severity", severity, SEVERITIES)
    optional = {k: None if data.get(k) is None else _text(data[k]) for k in ("expected", "actual")}
    return {
        "code": _text(data["code"]),
        "severity": severity,
        "section": _text(data.get("section") or ""),
        "location": _text(data.get("location") or ""),
        "message": _text(data.get("message") or ""),
        "fix": _text(data.get("fix") or ""),
        **optional,
    }


def table_cells(report: AnnualReport) -> list[dict[str, Any]]:
    """The cells of 表二, 表三 and 表四, one dict per cell with the ``table_values`` columns.
    A blank cell, or a table the report lacks, is stored with value None: blank is not 0."""
    cells: list[dict[str, Any]] = []
    for section, key, labels, values in table_rows(report):
        cells += _row_cells(section, key, labels, values)
    return cells


def _row_cells(
    section: str, row_key: str, labels: Sequence[str], values: Any
) -> list[dict[str, Any]]:
    if values is None:
        values = [None] * len(labels)
    elif not isinstance(values, list | tuple):
        values = [values]  # 2021 表二 items with a single column are stored as a scalar
    return [
        {
            "section": section,
            "row_key": row_key,
            "column_index": i,
            "column_label": labels[i] if i < len(labels) else f"第{i + 1}列",
            **_cell_value(v),
        }
        for i, v in enumerate(values)
    ]


def _cell_value(value: Any) -> dict[str, Any]:
    """``value`` as the integer to compute with (None if blank or not whole) and ``raw``,
    its text (so a fee of 12.5 万元 is not lost)."""
    if value is None:
        return {"value": None, "raw": None}
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
        number = int(value.strip())
    return {"value": number, "raw": str(value)}
