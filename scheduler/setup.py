"""Starting the reminder scheduler in the bot's event loop, and stopping it.

An ``AsyncIOScheduler`` whose jobs live in a ``SQLAlchemyJobStore`` in the project's database
(table ``apscheduler_jobs``, the same URL as storage), in the configured time zone:

* ``xxgk-remind``: ``scheduler.jobs:run_due_reminders`` every ``REMIND_INTERVAL``, first
  right at start-up, so a restart catches up at once;
* ``xxgk-nightly``: ``scheduler.jobs:nightly_recheck`` daily at ``NIGHTLY_TIME``.

Both are added with fixed ids and ``replace_existing=True`` (a restart replaces, never
duplicates), ``coalesce=True`` (runs missed while down collapse into one) and a
``misfire_grace_time``. APScheduler's docs say a job store must never be shared between
schedulers; a second bot process on the same database does share it, which at worst runs a job
twice: exactly-once delivery comes from the claims in storage, not from the job store.

    attach_scheduler(application, settings, store=services.store)   # in build_application
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler import jobs
from xxgk.services.remind import NIGHTLY_TIME, Sender, now_in, zone
from xxgk.settings import Settings

if TYPE_CHECKING:
    from storage.repository import Store

logger = logging.getLogger(__name__)

SCHEDULER_KEY = "xxgk.scheduler"
"""Where ``attach_scheduler`` leaves the running scheduler in ``application.bot_data``."""
REMIND_JOB_ID = "xxgk-remind"
NIGHTLY_JOB_ID = "xxgk-nightly"
JOBS_TABLE = "apscheduler_jobs"
REMIND_INTERVAL = timedelta(minutes=10)
"""How often due messages are looked for: well inside the planner's 2-hour grace, so a
message sent on schedule is never marked 【补发】."""
REMIND_MISFIRE_GRACE = 5 * 60
NIGHTLY_MISFIRE_GRACE = 6 * 60 * 60
"""A bot started up to 6 h after 20:00 still runs that night's re-check at once (the
reminder job would catch it up on its next run anyway)."""


def create_scheduler(settings: Settings, store: Store) -> AsyncIOScheduler:
    """A scheduler (not started) with the job store on ``store``'s database."""
    return AsyncIOScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=store.engine, tablename=JOBS_TABLE)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=zone(settings),
    )


def add_jobs(scheduler: AsyncIOScheduler, settings: Settings, *, run_now: bool = True) -> None:
    """Add (or replace) the two jobs, referenced by name so that the store can keep them."""
    scheduler.add_job(
        "scheduler.jobs:run_due_reminders",
        "interval",
        seconds=int(REMIND_INTERVAL.total_seconds()),
        id=REMIND_JOB_ID,
        name="年报提醒",
        replace_existing=True,
        misfire_grace_time=REMIND_MISFIRE_GRACE,
        coalesce=True,
        **({"next_run_time": now_in(settings)} if run_now else {}),
    )
    scheduler.add_job(
        "scheduler.jobs:nightly_recheck",
        "cron",
        hour=NIGHTLY_TIME.hour,
        minute=NIGHTLY_TIME.minute,
        id=NIGHTLY_JOB_ID,
        name="夜间复查与督导日报",
        replace_existing=True,
        misfire_grace_time=NIGHTLY_MISFIRE_GRACE,
        coalesce=True,
    )


async def start_scheduler(
    settings: Settings, store: Store, sender: Sender, *, paused: bool = False
) -> AsyncIOScheduler:
    """Configure the jobs' handle and start the scheduler in the running event loop.

    ``paused`` starts it without running anything (tests look at the stored jobs).
    """
    jobs.configure(settings, store, sender)
    scheduler = create_scheduler(settings, store)
    scheduler.start(paused=paused)
    add_jobs(scheduler, settings, run_now=not paused)
    logger.info("reminder scheduler started (%s)", ", ".join(j.id for j in scheduler.get_jobs()))
    return scheduler


async def stop_scheduler(scheduler: AsyncIOScheduler) -> None:
    """Stop the scheduler (jobs stay in the store for the next start) and forget the handle."""
    if scheduler.running:
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
    jobs.reset()
    logger.info("reminder scheduler stopped")


def attach_scheduler(
    application: Any,
    settings: Settings,
    store: Store | None = None,
    wrap: Callable[[Sender, Store], Sender] | None = None,
) -> None:
    """Start the scheduler when the bot starts and stop it when the bot stops.

    Chains onto the Application's ``post_init`` and ``post_shutdown`` (keeping the callbacks
    already set), which ``run_polling`` and ``run_webhook`` call inside the bot's loop. The
    jobs send through ``application.bot``; the running scheduler is
    ``application.bot_data[SCHEDULER_KEY]``. Without ``store`` one is opened (and closed).
    ``wrap(bot, store)`` gives the sender the jobs use instead of the bot (one that also
    reaches WeCom users, ``wecom.sender.ChannelSender``).
    """
    before_init = application.post_init
    before_shutdown = application.post_shutdown
    state: dict[str, Any] = {}

    async def post_init(app: Any) -> None:
        if before_init is not None:
            await before_init(app)
        own = store is None
        if own:
            from xxgk.services.storage import open_store

            state["store"] = await asyncio.to_thread(open_store, settings)
        used = state.get("store", store)
        assert used is not None
        sender = app.bot if wrap is None else wrap(app.bot, used)
        state["scheduler"] = await start_scheduler(settings, used, sender)
        state["own"] = own
        app.bot_data[SCHEDULER_KEY] = state["scheduler"]

    async def post_shutdown(app: Any) -> None:
        scheduler = state.pop("scheduler", None)
        if scheduler is not None:
            app.bot_data.pop(SCHEDULER_KEY, None)
            await stop_scheduler(scheduler)
        if state.pop("own", False):
            state.pop("store").close()
        if before_shutdown is not None:
            await before_shutdown(app)

    application.post_init = post_init
    application.post_shutdown = post_shutdown
