"""Per-chat rate limits and batched supervisor notices, in the conversation core so every
channel (Telegram, console, WeCom) gets them.

A chat that floods the bot (200 ``/register`` in 16 s) is answered once with 「操作过于频繁」
and then ignored until its bucket refills; supervisors get one digest per period listing every
chat that waits for approval, never one message per registration.

The buckets live in the database (``Store.update_bucket``), not in a process: the deployment
runs several webhook workers behind one proxy, which hands a chat's messages to any of them,
and buckets kept in each worker's memory gave a chat the limit once per worker (and anew after
every restart), and told it 「操作过于频繁」 once per worker.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from storage.records import BucketState

if TYPE_CHECKING:
    from storage.repository import Store

Outcome = Literal["ok", "warn", "drop"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """``ok``; ``warn`` the first time a burst is refused (answer it once, saying to wait
    ``wait`` seconds); ``drop`` for the rest of the burst (answer nothing)."""

    outcome: Outcome
    wait: int = 0


def take_token(
    bucket: BucketState | None, now: float, capacity: int, refill: float
) -> tuple[BucketState, Verdict]:
    """The token bucket rule: ``capacity`` tokens at once, one more every ``refill`` s. Time
    never runs backwards for a bucket (workers' clocks differ by a little)."""
    if bucket is None:
        bucket = BucketState(float(capacity), now)
    stamp = max(bucket.stamp, now)
    tokens = min(float(capacity), bucket.tokens + (stamp - bucket.stamp) / refill)
    if tokens >= 1:
        return BucketState(tokens - 1, stamp), Verdict("ok")
    wait = max(1, round((1 - tokens) * refill))
    outcome: Outcome = "drop" if bucket.warned else "warn"
    return BucketState(tokens, stamp, warned=True), Verdict(outcome, wait)


@dataclass
class RateLimiter:
    """A token bucket per chat, kept in the database: ``capacity`` messages at once, then
    one per ``refill`` s, whichever process handles them. ``clock`` is seconds since the epoch
    (every worker's, so not ``time.monotonic``)."""

    capacity: int = 8
    refill: float = 3.0
    clock: Callable[[], float] = time.time
    prune_every: int = 500
    """Every this many messages, buckets full again are deleted (they mean nothing)."""
    _taken: int = 0

    def take(self, store: Store, chat_id: int) -> Verdict:
        """Take a token for one message of ``chat_id``. Blocking (the database): call it
        through ``BotServices.run``."""
        now = self.clock()
        capacity, refill = self.capacity, self.refill
        verdict = store.update_bucket(
            chat_id, lambda bucket: take_token(bucket, now, capacity, refill)
        )
        self._taken += 1
        if self._taken % self.prune_every == 0:
            store.forget_buckets(now - capacity * refill)
        return verdict


MAX_LINES = 20
"""Waiting chats listed in one digest; the rest are counted."""


@dataclass
class NoticeBatcher:
    """Notices to supervisors, at most one message per chat per ``period`` seconds.

    The first notice after a quiet period goes out at once; later ones are kept and sent
    together by ``due`` once the period has passed (the channel calls it from a timer)."""

    period: float = 600.0
    clock: Callable[[], float] = time.monotonic
    _pending: dict[int, list[str]] = field(default_factory=dict)
    _last: dict[int, float] = field(default_factory=dict)

    def add(self, chat_ids: Iterable[int], line: str) -> dict[int, list[str]]:
        """Queue ``line`` for each chat; returns the lines to send now, by chat."""
        now = self.clock()
        out: dict[int, list[str]] = {}
        for chat in chat_ids:
            self._pending.setdefault(chat, []).append(line)
            if now - self._last.get(chat, -1e18) >= self.period:
                out[chat] = self._pending.pop(chat)
                self._last[chat] = now
        return out

    def due(self, *, force: bool = False) -> dict[int, list[str]]:
        """Kept lines of every chat whose period has passed (all of them with ``force``)."""
        now = self.clock()
        out: dict[int, list[str]] = {}
        for chat in list(self._pending):
            if force or now - self._last.get(chat, -1e18) >= self.period:
                out[chat] = self._pending.pop(chat)
                self._last[chat] = now
        return out

    def pending(self) -> int:
        return sum(len(v) for v in self._pending.values())


def digest_text(lines: list[str]) -> list[str]:
    """The lines of one digest, long lists cut to ``MAX_LINES``."""
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[:MAX_LINES], f"……另有 {len(lines) - MAX_LINES} 个会话等待批准。"]
