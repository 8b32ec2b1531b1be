"""The scheduler's jobs: module-level coroutines that take only primitive arguments.

APScheduler keeps a job in its SQLAlchemy job store as a textual reference
(``"scheduler.jobs:run_due_reminders"``) plus pickled arguments, so a job must not capture the
Application, the Bot or the Store (PTB's objects cannot be pickled: STACK_NOTES §5c). What a
job needs at run time comes from the module-level handle ``configure()`` sets at start-up.

    configure(settings, store, application.bot)
    await run_due_reminders("2027-01-24T09:00+08:00")    # a fixed moment, as tests do

The jobs call ``xxgk.services.remind`` and nothing else; exactly-once delivery comes from
the claims it makes in storage, so two processes running the same job is harmless.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xxgk.errors import XxgkError
from xxgk.services.remind import RunResult, Sender, now_in, parse_moment, run_reminders
from xxgk.settings import Settings

if TYPE_CHECKING:
    from storage.repository import Store

logger = logging.getLogger(__name__)


@dataclass
class JobContext:
    """What the jobs need, set once per process at start-up."""

    settings: Settings
    store: Store
    sender: Sender
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """One run at a time in this process: the interval and the nightly job may coincide."""


_context: JobContext | None = None


def configure(settings: Settings, store: Store, sender: Sender) -> JobContext:
    """Give the jobs their settings, store and sender (the bot, or a fake in tests)."""
    global _context
    _context = JobContext(settings, store, sender)
    return _context


def reset() -> None:
    """Forget the handle (at shutdown, and between tests)."""
    global _context
    _context = None


def current() -> JobContext:
    """The handle; a job that runs before start-up configured it is a programming error."""
    if _context is None:
        raise RuntimeError("scheduler.jobs.configure() has not been called")
    return _context


async def _run(what: str, now_iso: str | None) -> RunResult | None:
    ctx = current()
    now = parse_moment(now_iso, ctx.settings) if now_iso else now_in(ctx.settings)
    async with ctx.lock:
        try:
            result = await run_reminders(ctx.store, ctx.settings, ctx.sender, now)
        except XxgkError as exc:  # the database is down, a setting is wrong: retry next time
            logger.warning("%s at %s did not run: %s", what, now.isoformat(), exc)
            return None
    logger.info(
        "%s at %s: %d drafts re-checked, %d sent, %d failed",
        what,
        now.isoformat(),
        result.rechecked,
        len(result.of("sent")),
        len(result.of("failed")),
    )
    return result


async def run_due_reminders(now_iso: str | None = None) -> RunResult | None:
    """Send every reminder, overdue notice, escalation and digest that is due and unsent
    (catching up a missed nightly re-check first). Runs every few minutes."""
    return await _run("reminder run", now_iso)


async def nightly_recheck(now_iso: str | None = None) -> RunResult | None:
    """The 20:00 job: re-check every draft (rules and history change), then send what is due,
    the supervisors' digest among it. The same run as ``run_due_reminders``, on the minute."""
    return await _run("nightly re-check", now_iso)
