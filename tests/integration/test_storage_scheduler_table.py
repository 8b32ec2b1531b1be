"""The job table that older versions' scheduler left in the database does not upset the
migrations (the scheduler now keeps its jobs in memory)."""

from __future__ import annotations

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

from storage import Store
from storage.db import check


def test_schema_check_ignores_the_scheduler_job_table(store: Store) -> None:
    jobstore = SQLAlchemyJobStore(engine=store.engine)
    jobstore.start(None, "default")  # creates apscheduler_jobs, as older bots did
    try:
        check(store.engine)  # raises when Alembic sees drift (it would propose dropping the table)
        store.upgrade()
    finally:
        jobstore.shutdown()
