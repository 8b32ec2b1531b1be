"""Database fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL is the server at 127.0.0.1:5432, database ``test`` (override with
``XXGK_TEST_POSTGRES_URL``). Each test gets a schema of its own, made the connections'
``search_path`` through libpq's ``options``, and dropped afterwards, so tests neither see each
other's rows nor touch anything else stored in that database. The schema comes from Alembic,
as in production.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL, Engine, create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from storage import Store
from storage.db import normalize_url

POSTGRES_URL_ENV = "XXGK_TEST_POSTGRES_URL"
# Read at import: the autouse clean_environ fixture removes XXGK_* variables from each test.
POSTGRES_URL = os.environ.get(POSTGRES_URL_ENV, "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def postgres_server() -> URL:
    """The PostgreSQL URL, or a skip saying why the server cannot be used."""
    url = normalize_url(POSTGRES_URL)
    probe = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with probe.connect():
            pass
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        pytest.skip(
            f"PostgreSQL not reachable at {url.render_as_string(hide_password=True)} "
            f"(set {POSTGRES_URL_ENV} to use another server): {reason}"
        )
    finally:
        probe.dispose()
    return url


@pytest.fixture
def postgres_url(postgres_server: URL) -> Iterator[URL]:
    """A URL whose connections live in a fresh schema, dropped after the test."""
    schema = f"xxgk_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, poolclass=NullPool)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield postgres_server.update_query_dict({"options": f"-csearch_path={schema}"})
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | URL:
    """An empty database: a SQLite file in the test's directory, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'xxgk.sqlite3'}"
    url: URL = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def store(database_url: str | URL) -> Iterator[Store]:
    """A store migrated to head (Alembic, as in production)."""
    store = Store(database_url)
    store.upgrade()
    yield store
    store.close()


@pytest.fixture
def engine(store: Store) -> Engine:
    """The migrated store's engine, for tests that look at the tables themselves."""
    return store.engine
