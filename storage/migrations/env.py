"""Alembic environment for xxgk.

From code (``storage.db.upgrade``) the connection arrives in ``config.attributes``. From the
command line (``alembic -c storage/alembic.ini ...``) the URL is ``-x url=...`` or, failing
that, the one xxgk's settings give (``XXGK_DATABASE_URL`` or SQLite under ``XXGK_HOME``).
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

from storage.db import make_engine, migration_connection, normalize_url
from storage.tables import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata
if config.config_file_name is not None:  # the alembic command line, not storage.db
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url")
    if url:
        return url
    from base.settings import Settings  # only the command line needs the settings

    return Settings().database


def _render_item(kind: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Render our column types as plain SQLAlchemy types: a revision must not import
    ``storage.tables``, which keeps changing after the revision is written."""
    if kind == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
        compare_server_default=True,
        render_item=_render_item,
        include_name=_include_name,
    )


def _include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Leave APScheduler's job table alone: the scheduler creates and owns it."""
    return not (type_ == "table" and name == "apscheduler_jobs")


def run_migrations_offline() -> None:
    """``alembic upgrade head --sql``: print the SQL instead of running it."""
    url = normalize_url(_url())
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=url.get_backend_name() == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_url())
    try:
        with migration_connection(engine) as connection:  # the same safeguards as from code
            _configure(connection)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
