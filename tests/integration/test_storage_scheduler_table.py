"""The scheduler's job table lives in the same database without upsetting the migrations."""

from __future__ import annotations

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

from storage import Store
from storage.db import check


def test_schema_check_ignores_the_scheduler_job_table(store: Store) -> None:
    jobstore = SQLAlchemyJobStore(engine=store.engine)
    jobstore.start(None, "default")  # creates apscheduler_jobs, as the bot's scheduler does
    try:
        check(store.engine)  # raises when Alembic sees drift (it would propose dropping the table)
        store.upgrade()
    finally:
        jobstore.shutdown()
