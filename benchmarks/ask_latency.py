"""Warm ask latency without an LLM (target < 300 ms), and what a cold first ask costs.

    python -m benchmarks.ask_latency [--home DIR] [--rounds N] [--json]

"Warm" is a process that has answered once (the bot, the console chat, a server): the
embedding model, jieba and the BM25 corpus are loaded; each ask embeds the question, queries
Chroma, scores BM25 and composes the extractive answer. The questions are the dev set's and
the held-out set's, asked in turn.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from base.settings import Settings
from benchmarks.retrieval_corpus import benchmark_settings, build_benchmark_index
from benchmarks.retrieval_heldout import HELDOUT, NO_BASIS
from retrieval.evaluation import load_qa
from services.ask import ask


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low, high = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


COLD = """
import sys, time
started = time.perf_counter()
from services.ask import ask
from base.settings import Settings
ask(Settings(home=sys.argv[1], corpus_dir=sys.argv[2]), sys.argv[3])
print((time.perf_counter() - started) * 1000)
"""


def cold_ask_ms(settings: Settings, question: str) -> float:
    """One ask in a new Python process: imports, model, jieba, index, answer."""
    out = subprocess.run(
        [sys.executable, "-c", COLD, str(settings.home), str(settings.corpus_dir), question],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--home", type=Path, help="benchmark data directory (reused if given)")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the questions")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmp:
        settings = benchmark_settings(args.home or Path(tmp) / "home")
        build_benchmark_index(settings)
        dev = [item.question for item in load_qa(settings.corpus_dir / "eval" / "qa_dev.jsonl")]
        questions = dev + [item.question for item in HELDOUT] + list(NO_BASIS)
        cold_ms = cold_ask_ms(settings, questions[0])

        started = time.perf_counter()
        ask(settings, questions[0])
        first_ms = (time.perf_counter() - started) * 1000

        timings: list[float] = []
        for _ in range(args.rounds):
            for question in questions:
                started = time.perf_counter()
                ask(settings, question)
                timings.append((time.perf_counter() - started) * 1000)
    figures = {
        "asks": len(timings),
        "cold_process_ask_ms": round(cold_ms),
        "first_ask_in_process_ms": round(first_ms),
        "warm_p50_ms": round(statistics.median(timings), 1),
        "warm_p95_ms": round(percentile(timings, 0.95), 1),
        "warm_max_ms": round(max(timings), 1),
        "warm_mean_ms": round(statistics.fmean(timings), 1),
    }
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print(
            f"warm ask (no LLM), {figures['asks']} asks: p50 {figures['warm_p50_ms']} ms, "
            f"p95 {figures['warm_p95_ms']} ms, max {figures['warm_max_ms']} ms; "
            f"first ask in this process {figures['first_ask_in_process_ms']} ms; "
            f"one ask in a new process {figures['cold_process_ask_ms']} ms"
        )
    return figures


if __name__ == "__main__":
    main()
