"""Per-chat rate limits on SQLite and PostgreSQL: the bucket is in the database, so several
bot processes (webhook workers) share one limit per chat, and a restart does not refill it."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import URL

from bot.limits import RateLimiter
from storage import Store


def test_two_workers_share_one_bucket_per_chat(store: Store, database_url: str | URL) -> None:
    now = [1_000_000.0]
    other = Store(database_url)  # a second process's connection pool and limiter
    try:
        first = RateLimiter(capacity=4, refill=3.0, clock=lambda: now[0])
        second = RateLimiter(capacity=4, refill=3.0, clock=lambda: now[0])
        # the proxy hands the chat's messages to the workers in turn
        outcomes = [
            (first.take(store, 77) if i % 2 == 0 else second.take(other, 77)).outcome
            for i in range(8)
        ]
        assert outcomes == ["ok"] * 4 + ["warn"] + ["drop"] * 3  # told once, not per worker
        assert second.take(other, 78).outcome == "ok"  # per chat
        now[0] += 3.0
        assert first.take(store, 77).outcome == "ok"
        restarted = RateLimiter(capacity=4, refill=3.0, clock=lambda: now[0])
        with Store(database_url) as again:  # a restart does not refill it
            verdict = restarted.take(again, 77)
        assert verdict.outcome == "warn" and verdict.wait == 3
    finally:
        other.close()


def test_a_burst_reaching_every_worker_at_once_gets_the_capacity(store: Store) -> None:
    limiter = RateLimiter(capacity=8, refill=3.0, clock=lambda: 1_000_000.0)
    barrier = threading.Barrier(16)

    def take(_: int) -> str:
        barrier.wait(timeout=10)
        return limiter.take(store, 99).outcome

    with ThreadPoolExecutor(16) as pool:
        outcomes = sorted(pool.map(take, range(16)))
    assert outcomes == ["drop"] * 7 + ["ok"] * 8 + ["warn"]


def test_full_buckets_are_forgotten(store: Store) -> None:
    now = [1_000_000.0]
    limiter = RateLimiter(capacity=2, refill=3.0, clock=lambda: now[0], prune_every=3)
    limiter.take(store, 1)
    limiter.take(store, 2)
    now[0] += 7.0  # both full again after 6 s
    limiter.take(store, 3)  # the third take prunes
    assert store.forget_buckets(now[0] + 1) == 1  # only chat 3's bucket was left
