"""The database tables, as SQLAlchemy 2 declarative models.

Only Alembic creates them (``storage/migrations``); a change here needs a new revision, and
``tests/integration/test_storage.py`` runs ``alembic check`` to catch a forgotten one.
Rows of these classes never leave ``storage/``: the repository turns them into records.
Free text (names, labels, file names) is ``Text``: a length limit only PostgreSQL enforces
would make a long file name fail there and pass on SQLite.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from organs import KINDS

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Deterministic constraint names, so that migrations can drop and alter them on both
databases (Alembic, "The Importance of Naming Constraints")."""

ORGAN_KINDS: tuple[str, ...] = KINDS
CHAT_ROLES: tuple[str, ...] = ("member", "supervisor")
REPORT_STATUSES: tuple[str, ...] = ("draft", "published")
TABLE_SECTIONS: tuple[str, ...] = ("表二", "表三", "表四")
UPLOAD_STATUSES: tuple[str, ...] = ("stored", "rejected")
REMINDER_KINDS: tuple[str, ...] = ("reminder", "overdue", "escalation", "digest")


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (what every timestamp column stores)."""
    return datetime.now(UTC)


def _one_of(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always read back aware and in UTC.

    PostgreSQL keeps ``timestamptz``; SQLite has no time zones, so the value is stored as naive
    UTC. Naive input is refused: a local time stored as UTC would shift every deadline by 8 h.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass an aware datetime")
        value = value.astimezone(UTC)
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JSONDocument = JSON().with_variant(JSONB(), "postgresql")
"""JSON on SQLite, JSONB on PostgreSQL (indexable, compact)."""


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UTCDateTime(),
        dict[str, Any]: JSONDocument,
    }


class Organ(Base):
    """A reporting organ (机关): a 乡镇, 街道, 县级政府 or 部门, or a supervising office (督导)."""

    __tablename__ = "organs"
    __table_args__ = (CheckConstraint(_one_of("kind", ORGAN_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    kind: Mapped[str | None] = mapped_column(String(20))
    region: Mapped[str | None] = mapped_column(Text, index=True)
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    """A shipped sample (``xxgk init``) or an organ only the console registered: left out of
    supervisors' views and reminders until a real chat or an import claims it."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Chat(Base):
    """A Telegram chat and the organ it speaks for; ``approved`` gates everything it may do."""

    __tablename__ = "chats"
    __table_args__ = (CheckConstraint(_one_of("role", CHAT_ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    organ_id: Mapped[int | None] = mapped_column(
        ForeignKey("organs.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default="member")
    approved: Mapped[bool] = mapped_column(default=False)
    region: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    """The console session (a person at the server), never waiting for approval."""
    registration: Mapped[int] = mapped_column(default=0, server_default="0")
    """The number of the chat's current request: raised whenever the organ or role it asks
    for changes, so an approval names the request the supervisor saw (``/approve 会话ID 申请号``)
    and a request made after it is never approved in its place."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(Base):
    """One annual report file stored for one organ as a draft or as published: the sha256
    of its bytes, the organ and the status together identify it (the same file may be one
    organ's published report and, by mistake or on purpose, another organ's draft)."""

    __tablename__ = "reports"
    __table_args__ = (
        CheckConstraint(_one_of("status", REPORT_STATUSES), name="status"),
        Index("ix_reports_organ_id_year", "organ_id", "year"),
        UniqueConstraint("content_hash", "organ_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organ_id: Mapped[int | None] = mapped_column(ForeignKey("organs.id", ondelete="SET NULL"))
    organ_name: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None]
    format: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    parsed: Mapped[dict[str, Any]]
    text: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_chat: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    checked_at: Mapped[datetime | None]
    error_count: Mapped[int] = mapped_column(default=0)
    warning_count: Mapped[int] = mapped_column(default=0)
    indexed_at: Mapped[datetime | None]
    """Set only after the report's chunks are in the search index (``xxgk doctor`` indexes
    the reports a crash left without it)."""


class TableValue(Base):
    """One cell of 表二/表三/表四, so that numbers can be compared across organs in SQL.

    ``section`` is 表二, 表三 or 表四 (the word findings use); ``raw`` is the value as text,
    which keeps a decimal fee (万元) that ``value`` (an integer) cannot hold.
    """

    __tablename__ = "table_values"
    __table_args__ = (
        CheckConstraint(_one_of("section", TABLE_SECTIONS), name="section"),
        Index("ix_table_values_section_row_key", "section", "row_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    section: Mapped[str] = mapped_column(String(8))
    row_key: Mapped[str] = mapped_column(Text)
    column_index: Mapped[int] = mapped_column(Integer)
    column_label: Mapped[str] = mapped_column(Text)
    value: Mapped[int | None] = mapped_column(BigInteger)
    raw: Mapped[str | None] = mapped_column(Text)


class Upload(Base):
    """A file a user sent, kept even when rejected, so support can see what went wrong."""

    __tablename__ = "uploads"
    __table_args__ = (CheckConstraint(_one_of("status", UPLOAD_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    filename: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FindingRow(Base):
    """A finding of the last check of a report; a re-check replaces them all."""

    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(20))
    section: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(Text, default="")
    expected: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    fix: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReminderSent(Base):
    """A reminder claimed for delivery: the unique key makes each one go out at most once."""

    __tablename__ = "reminders_sent"
    __table_args__ = (
        UniqueConstraint("organ_id", "chat_id", "kind", "period_key"),
        CheckConstraint(_one_of("kind", REMINDER_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organ_id: Mapped[int] = mapped_column(ForeignKey("organs.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    period_key: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime]
    """When the reminder was (last) claimed for sending."""
    late: Mapped[bool] = mapped_column(default=False)
    delivered_at: Mapped[datetime | None]
    """Set after the channel accepted the message; a claim without it is retried (【补发】)."""
    attempts: Mapped[int] = mapped_column(default=1, server_default="1")


class Invite(Base):
    """A one-time code a supervisor issued: the chat that redeems it speaks for the organ.
    Only the sha256 of the code is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    organ_id: Mapped[int] = mapped_column(ForeignKey("organs.id", ondelete="CASCADE"))
    created_by_chat: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_by_chat: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None]


CHANNEL_CHAT_BASE = 9_000_000_000_000_000
"""Chat ids of channel users start here: above every Telegram id (at most 52 significant
bits), so one integer space serves all channels and the conversation needs no channel."""


class ChannelUser(Base):
    """A user of another channel (a WeCom user id, a region's group robot) and the integer
    chat id the conversation knows it by: ``CHANNEL_CHAT_BASE + id``."""

    __tablename__ = "channel_users"
    __table_args__ = (UniqueConstraint("channel", "user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    user_key: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChannelMessage(Base):
    """A message a channel received, by its own id (WeCom's MsgId): claimed before it is
    handled, so a retry that reaches another process or a restarted one is not handled again."""

    __tablename__ = "channel_messages"
    __table_args__ = (UniqueConstraint("channel", "message_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))
    message_key: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class HandledUpdate(Base):
    """A Bot API update claimed by one bot worker. Behind a webhook, Telegram delivers an
    update again when a reply was slow or a worker restarted, possibly to another worker; the
    primary key lets exactly one of them answer it. ``bot_id`` (the token's number) keeps two
    bots sharing a database apart."""

    __tablename__ = "bot_updates"

    bot_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class RateBucket(Base):
    """A chat's token bucket (``bot.limits.RateLimiter``), shared by every bot process: with
    several webhook workers each message of a chat may reach another one, and a bucket in one
    process's memory let a chat send the limit once per worker (and anew after a restart).
    ``stamp`` is the limiter's clock (seconds since the epoch) when the bucket last changed."""

    __tablename__ = "rate_buckets"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    tokens: Mapped[float] = mapped_column(Float)
    stamp: Mapped[float] = mapped_column(Float, index=True)
    warned: Mapped[bool] = mapped_column(default=False)
