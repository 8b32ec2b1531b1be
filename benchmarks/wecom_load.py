"""WeCom load: many members writing at once through the WeCom emulator.

    python -m benchmarks.wecom_load [--users 20] [--per-user 5] [--expire-token]

The real callback server (aiohttp, wechatpy crypto, access gate on SQLite, worker threads,
the message API over HTTP to the emulator) answers every encrypted callback. Questions are
answered by an echo ask service (no retrieval: this measures the channel, not the index), so
each reply can be matched to its message. Checks: every message answered exactly once, to the
member who asked; prints the callback acknowledgement time (WeCom retries after 5 s), the
reply times, and how many access tokens were fetched (``--expire-token`` expires the first
one just before the burst: still one refresh).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from aiohttp import web

from benchmarks.bot_load import percentile
from bot.services import BotServices
from retrieval.answer import Answer
from tests.auxil.wecom_emulator import WeComEmulator
from wecom.api import WeComClient
from wecom.server import CHANNEL, build_app, channel_settings
from xxgk.services.storage import open_store
from xxgk.settings import Settings


def echo_ask(settings: Settings, question: str, **_: Any) -> Answer:
    return Answer(text=f"收到：{question}")


async def run(users: int, per_user: int, expire: bool, home: Path) -> dict[str, Any]:
    names = [f"member{i:03d}" for i in range(users)]
    async with WeComEmulator() as emu:
        settings = Settings(home=home, wecom_allowed_users=",".join(names), **emu.app_settings())
        store = open_store(settings)
        services = BotServices(channel_settings(settings, store), store, ask=echo_ask)
        app = build_app(settings, services, WeComClient(settings), scheduler=False)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        emu.callback_url = f"http://127.0.0.1:{runner.addresses[0][1]}/wecom/callback"
        try:
            await emu.post_text(names[0], "预热")
            await emu.wait_sent(names[0])
            emu.sent.clear()
            if expire:
                emu.expire_tokens()
            texts = [(u, f"{u}第{n}问") for n in range(per_user) for u in names]

            async def post(user: str, text: str) -> float:
                t = time.monotonic()
                status, _ = await emu.post_text(user, text)
                assert status == 200
                return time.monotonic() - t

            started = time.monotonic()
            acks = await asyncio.gather(*(post(u, t) for u, t in texts))
            await app[CHANNEL].drain()
            await emu.settle(0.2)
            wall = time.monotonic() - started
        finally:
            await runner.cleanup()
            store.close()
    owner = {text: user for user, text in texts}
    answered: dict[str, int] = {}
    crossed = 0
    for s in emu.sent:
        question = s.content.removeprefix("收到：")
        crossed += owner.get(question) != s.to
        answered[question] = answered.get(question, 0) + 1
    latencies = [s.at - started for s in emu.sent]
    return {
        "total": len(texts),
        "answered": len(emu.sent),
        "lost": sum(1 for t in owner if t not in answered),
        "duplicates": sum(n - 1 for n in answered.values()),
        "crossed": crossed,
        "ack_p50_ms": 1000 * statistics.median(acks),
        "ack_max_ms": 1000 * max(acks),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "wall_s": wall,
        "tokens": emu.token_requests,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--per-user", type=int, default=5)
    parser.add_argument("--expire-token", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xxgk-wecom-load-") as home:
        r = asyncio.run(run(args.users, args.per_user, args.expire_token, Path(home)))
    print(
        f"wecom_load: {r['total']} encrypted callbacks from {args.users} members at once "
        "(echo ask; SQLite access gate; WeCom emulator on 127.0.0.1)"
    )
    print(
        f"answered {r['answered']}/{r['total']}, lost {r['lost']}, crossed {r['crossed']}, "
        f"duplicates {r['duplicates']}; access tokens fetched {r['tokens']}"
    )
    print(
        f"callback answered p50 {r['ack_p50_ms']:.0f} ms, max {r['ack_max_ms']:.0f} ms; "
        f"reply p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms; all in {r['wall_s']:.2f} s"
    )
    ok = r["answered"] == r["total"] and not (r["lost"] or r["crossed"] or r["duplicates"])
    if not ok:
        print("FAILED: messages lost, crossed or duplicated", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
