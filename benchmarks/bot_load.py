"""Bot load: many chats writing at once through the Bot API emulator.

    python -m benchmarks.bot_load [--chats 20] [--per-chat 5] [--path question|help]

The real ``Application`` (concurrent updates, access gate on SQLite, worker threads, HTTP to
the emulator) answers every message. The default path is a question answered by an echo ask
service (no retrieval: this measures the bot, not the index), so each reply can be matched to
the message it answers; ``--path help`` sends /help instead. Checks: every message answered
exactly once, in the chat that asked (no loss, no crossing); prints p50/p95 reply times.
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

from base.settings import Settings
from bot.app import build_application
from bot.dependencies import BotServices
from retrieval.extractive import Answer
from services.storage import open_store
from tests.auxil.bot_api_emulator import BotApiEmulator, polling, visible_text

TOKEN = "123456:bench-token"
FIRST_CHAT = 100_001


def echo_ask(settings: Settings, question: str, **_: Any) -> Answer:
    """Answers by quoting the question: cheap, and shows which message a reply answers."""
    return Answer(text=f"收到：{question}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def run(chats: int, per_chat: int, path: str, home: Path) -> dict[str, Any]:
    total = chats * per_chat
    chat_ids = [FIRST_CHAT + i for i in range(chats)]
    async with BotApiEmulator(TOKEN) as emu:
        settings = Settings(
            home=home,
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_BASE_URL=emu.base_url,
            TELEGRAM_BASE_FILE_URL=emu.base_file_url,
            allowed_chats=",".join(map(str, chat_ids)),
        )
        store = open_store(settings)
        try:
            services = BotServices(settings, store, ask=echo_ask)
            async with polling(build_application(settings, services), emu):
                texts = [
                    (chat_id, f"会话{chat_id}第{n}问" if path == "question" else "/help")
                    for n in range(per_chat)
                    for chat_id in chat_ids
                ]
                started = time.monotonic()
                await asyncio.gather(*(emu.push_text(t, chat_id=c) for c, t in texts))
                await emu.wait_call("sendMessage", total, timeout=120)
                wall = time.monotonic() - started
        finally:
            store.close()
    return check(emu, texts, started, wall, path)


def check(
    emu: BotApiEmulator, texts: list[tuple[int, str]], started: float, wall: float, path: str
) -> dict[str, Any]:
    """Match replies to messages. Every message is pushed at ``started`` (within a few ms),
    so a reply's time is its arrival at the emulator minus ``started``."""
    replies = emu.calls_to("sendMessage")
    refused = [c for c in replies if c.error]
    latencies = [c.at - started for c in replies]
    if path == "question":
        owner = {text: chat for chat, text in texts}
        answered: dict[str, int] = {}
        crossed = 0
        for call in replies:
            question = visible_text(call.params["text"]).removeprefix("收到：")
            crossed += owner.get(question) != call.params["chat_id"]
            answered[question] = answered.get(question, 0) + 1
        lost = sum(1 for text in owner if text not in answered)
        duplicates = sum(n - 1 for n in answered.values())
    else:  # identical replies: count per chat
        expected = {chat: sum(1 for c, _ in texts if c == chat) for chat, _ in texts}
        got = {chat: len(emu.texts_to(chat)) for chat in expected}
        lost = sum(max(0, expected[c] - got[c]) for c in expected)
        duplicates = sum(max(0, got[c] - expected[c]) for c in expected)
        crossed = sum(1 for c in replies if c.params["chat_id"] not in expected)
    return {
        "total": len(texts),
        "answered": len(replies) - len(refused),
        "lost": lost,
        "crossed": crossed,
        "duplicates": duplicates,
        "refused": len(refused),
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * percentile(latencies, 0.95),
        "max_ms": 1000 * max(latencies),
        "wall_s": wall,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--per-chat", type=int, default=5)
    parser.add_argument("--path", choices=("question", "help"), default="question")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xxgk-bot-load-") as home:
        r = asyncio.run(run(args.chats, args.per_chat, args.path, Path(home)))
    handler = "question → echo ask" if args.path == "question" else "/help"
    print(
        f"bot_load: {r['total']} messages from {args.chats} chats at once "
        f"(handler: {handler}; SQLite access gate; Bot API emulator on 127.0.0.1)"
    )
    print(
        f"answered {r['answered']}/{r['total']}, lost {r['lost']}, crossed {r['crossed']}, "
        f"duplicates {r['duplicates']}, refused by API {r['refused']}"
    )
    print(
        f"reply time p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, "
        f"max {r['max_ms']:.0f} ms; all answered in {r['wall_s']:.2f} s "
        f"({r['total'] / r['wall_s']:.0f} msg/s)"
    )
    ok = r["answered"] == r["total"] and not (r["lost"] or r["crossed"] or r["duplicates"])
    if not ok:
        print("FAILED: messages lost, crossed or duplicated", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
