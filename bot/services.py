"""What the conversation needs from the rest of xxgk, in one object the tests can fill in.

The bot and the console chat build one ``BotServices`` at start-up; tests pass their own clock
(``today``), ask function or check function. Blocking work (the database, parsing, the ask
service) goes through ``run``, a worker thread, so one slow upload never stalls other chats.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any, ParamSpec, TypeVar
from zoneinfo import ZoneInfo

from bot.limits import NoticeBatcher, RateLimiter
from bot.replies import Reply
from storage.repository import Store
from xxgk.services.checking import CheckOutcome, check_upload
from xxgk.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")

AskFn = Callable[..., Any]
"""``ask(settings, question, **options) -> Answer`` (``xxgk.services.ask.ask``)."""
CheckFn = Callable[..., CheckOutcome]
"""``check_upload(settings, store, data, filename, *, chat_id, organ) -> CheckOutcome``."""


IndexFn = Callable[[Settings, Store, int], None]
"""``index_stored_report(settings, store, report_id)``: put a stored draft into the index."""
Deliver = Callable[[list[Reply]], Awaitable[None]]
"""Sends replies outside a conversation turn (the channel sets it: supervisors' digests)."""


def _default_index(settings: Settings, store: Store, report_id: int) -> None:
    from xxgk.services.ingesting import index_stored_report

    index_stored_report(settings, store, report_id)


def _default_ask(settings: Settings, question: str, **options: Any) -> Any:
    from xxgk.services.ask import ask  # heavy (retrieval, models): imported on first question

    return ask(settings, question, **options)


@dataclass
class BotServices:
    """Settings, store and the use cases every channel's conversation calls."""

    settings: Settings
    store: Store
    ask: AskFn = _default_ask
    check_upload: CheckFn = check_upload
    today: Callable[[], date] | None = None
    local_supervisors: frozenset[int] = field(default_factory=frozenset)
    """Chats with supervisor rights whatever the settings say: the console operator."""
    index_report: IndexFn = _default_index
    limiter: RateLimiter = field(default_factory=RateLimiter)
    notices: NoticeBatcher = field(default_factory=NoticeBatcher)
    deliver: Deliver | None = None

    def current_date(self) -> date:
        """Today in ``settings.timezone`` (or the injected clock)."""
        if self.today is not None:
            return self.today()
        return datetime.now(ZoneInfo(self.settings.timezone)).date()

    async def run(self, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """``fn(*args, **kwargs)`` in a worker thread."""
        return await asyncio.to_thread(partial(fn, *args, **kwargs))
