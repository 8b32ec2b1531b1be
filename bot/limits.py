"""Per-chat rate limits and batched supervisor notices, in the conversation core so every
channel (Telegram, console, WeCom) gets them.

A chat that floods the bot (200 ``/register`` in 16 s) is answered once with 「操作过于频繁」
and then ignored until its bucket refills; supervisors get one digest per period listing every
chat that waits for approval, never one message per registration.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass
class _Bucket:
    tokens: float
    stamp: float
    warned: bool = False


@dataclass
class RateLimiter:
    """A token bucket per chat: ``capacity`` messages at once, then one per ``refill`` s."""

    capacity: int = 8
    refill: float = 3.0
    clock: Callable[[], float] = time.monotonic
    _buckets: dict[int, _Bucket] = field(default_factory=dict)

    def take(self, chat_id: int) -> str:
        """``"ok"``; ``"warn"`` the first time a burst is refused (answer it once); ``"drop"``
        for the rest of the burst (answer nothing)."""
        now = self.clock()
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            bucket = self._buckets[chat_id] = _Bucket(float(self.capacity), now)
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.stamp) / self.refill)
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return "ok"
        if bucket.warned:
            return "drop"
        bucket.warned = True
        return "warn"

    def wait_seconds(self, chat_id: int) -> int:
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            return 0
        return max(1, round((1 - bucket.tokens) * self.refill))


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
