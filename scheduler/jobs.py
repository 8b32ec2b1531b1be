"""The scheduler's jobs: module-level coroutines that take their context as an argument.

The scheduler keeps its two jobs in memory and re-adds them at every start (``scheduler.setup``),
so a job receives the ``JobContext`` of the process that started it, with no global handle. What
a persistent job store would remember is not needed: the reminder run at start-up catches up
whatever was missed while the bot was down (the nightly re-check included), and exactly-once
delivery comes from the claims ``services.remind`` makes in storage, so two processes
running the same job is harmless.

    context = JobContext(settings, store, application.bot)
    await run_due_reminders(context, "2027-01-24T09:00+08:00")    # a fixed moment, as tests do
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from base.errors import XxgkError
from base.settings import Settings
from services.remind import RunResult, Sender, now_in, parse_moment, run_reminders

if TYPE_CHECKING:
    from storage.repository import Store

logger = logging.getLogger(__name__)


@dataclass
class JobContext:
    """What the jobs need: made once per process at start-up and passed to each job."""

    settings: Settings
    store: Store
    sender: Sender
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """One run at a time in this process: the interval and the nightly job may coincide."""


async def _run(ctx: JobContext, what: str, now_iso: str | None) -> RunResult | None:
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


async def run_due_reminders(ctx: JobContext, now_iso: str | None = None) -> RunResult | None:
    """Send every reminder, overdue notice, escalation and digest that is due and unsent
    (catching up a missed nightly re-check first). Runs every few minutes."""
    return await _run(ctx, "reminder run", now_iso)


async def nightly_recheck(ctx: JobContext, now_iso: str | None = None) -> RunResult | None:
    """The 20:00 job: re-check every draft (rules and history change), then send what is due,
    the supervisors' digest among it. The same run as ``run_due_reminders``, on the minute."""
    return await _run(ctx, "nightly re-check", now_iso)
