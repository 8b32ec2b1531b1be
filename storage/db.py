"""Engines for SQLite and PostgreSQL, and running the Alembic migrations from code.

Usage::

    engine = make_engine("sqlite:////srv/xxgk/xxgk.sqlite3")
    upgrade(engine)          # ``alembic upgrade head``; also accepts a URL

SQLite is the embedded default, and the bot and the CLI share its file. Every connection turns
on foreign keys (off by default in SQLite), WAL and a busy timeout, and every transaction,
reads included, starts with ``BEGIN IMMEDIATE``: one transaction at a time, the others wait
(up to ``SQLITE_BUSY_TIMEOUT_MS``) instead of failing with "database is locked" halfway through
a read-then-write. Use cases take milliseconds, so the wait is short; WAL lets outside readers
(the ``sqlite3`` shell, a backup) read meanwhile.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.pool import StaticPool

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 15_000
"""How long a SQLite writer waits for another one (the bot and the CLI) before giving up."""
_MIGRATION_LOCK_KEY = 0x78786B67  # "xxgk": serialises concurrent `upgrade` runs on PostgreSQL


def normalize_url(url: str | URL) -> URL:
    """The URL with the driver we ship: ``postgresql://`` (and ``postgres://``) use psycopg 3."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _json_dumps(value: Any) -> str:
    """Keep Chinese readable in the stored JSON (and half its size) instead of \\uXXXX."""
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for ``url`` (SQLite or PostgreSQL) set up for sharing between processes.

    ``kwargs`` go to ``create_engine`` (e.g. ``echo=True``).
    """
    parsed = normalize_url(url)
    kwargs.setdefault("json_serializer", _json_dumps)
    if parsed.get_backend_name() != "sqlite":
        kwargs.setdefault("pool_pre_ping", True)  # the bot outlives database restarts
        if "connect_timeout" not in parsed.query:  # libpq waits forever by default
            kwargs["connect_args"] = {"connect_timeout": 10, **kwargs.get("connect_args", {})}
        return create_engine(parsed, **kwargs)

    database = parsed.database or ""
    in_memory = database in ("", ":memory:") or parsed.query.get("mode") == "memory"
    if in_memory:
        # One shared connection, or every connection would see its own empty database.
        kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
    elif not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(parsed, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so that "begin" below decides.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys = ON")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")  # safe with WAL, much faster
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` for our migrations; ``env.py`` runs them on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other migration runs beside.

    On SQLite, foreign keys are off while migrating: batch mode rebuilds a table by copying
    and dropping it, and dropping ``reports`` with them on would cascade-delete its cells.
    """
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:  # outside a transaction, or the pragma is ignored
            conn.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                    )
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration left dangling foreign keys: {broken[:5]}")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys = ON")


def _engine_for(target: str | URL | Engine) -> tuple[Engine, bool]:
    if isinstance(target, Engine):
        return target, False
    return make_engine(target), True


def upgrade(target: str | URL | Engine, revision: str = "head") -> None:
    """Run ``alembic upgrade <revision>`` on a database (a URL or an engine)."""
    engine, owned = _engine_for(target)
    try:
        with migration_connection(engine) as conn:
            command.upgrade(alembic_config(conn), revision)
        logger.info("database %s migrated to %s", engine.url.render_as_string(), revision)
    finally:
        if owned:
            engine.dispose()


def check(target: str | URL | Engine) -> None:
    """Run ``alembic check``: raise ``AutogenerateDiffsDetected`` if the models drifted from
    the migrations (a column added to ``tables.py`` without a revision)."""
    engine, owned = _engine_for(target)
    try:
        with engine.connect() as conn:
            command.check(alembic_config(conn))
    finally:
        if owned:
            engine.dispose()


def head_revision() -> str | None:
    """The newest revision in ``storage/migrations/versions``."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def is_known_revision(revision: str) -> bool:
    """Whether ``revision`` is one of our migrations (not one from a newer xxgk)."""
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
