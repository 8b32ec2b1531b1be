"""Hybrid vs dense-only vs BM25-only retrieval, and the 没有找到依据 decision, measured.

    python -m benchmarks.retrieval_compare [--home DIR] [--json]

Indexes the 条例, the formats and the sample reports (as ``xxgk init`` does) into ``--home``
(a fresh temporary directory by default, so the build time is a cold one), then reports
Recall@1, Recall@3 and MRR on the dev set (``corpus/eval/qa_dev.jsonl``) and on held-out
staff questions (``benchmarks/retrieval_heldout.py``) for each retrieval mode, plus the
answer-level figures of ``xxgk eval qa`` and how often out-of-scope questions are refused.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from base.settings import Settings
from benchmarks.retrieval_corpus import benchmark_settings, build_benchmark_index
from benchmarks.retrieval_heldout import HELDOUT, NO_BASIS
from retrieval.evaluation import QAItem, evaluate, load_qa, ranked_sources
from retrieval.evidence import NO_BASIS as NO_BASIS_TEXT
from retrieval.hybrid import Mode, search
from retrieval.search_index import SearchIndex, open_index
from services.ask import ask, evaluate_qa

MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")


def retrieval_figures(index: SearchIndex, items: list[QAItem], mode: Mode) -> dict[str, Any]:
    def run(question: str) -> tuple[list[str], str]:
        result = search(index, question, k=10, mode=mode)
        return ranked_sources(h.metadata for h in result.hits), ""

    report = evaluate(items, run)
    summary = report.summary()
    summary.pop("must_contain")
    summary["misses@3"] = [r.item.question for r in report.results if r.rank is None or r.rank > 3]
    return summary


def refusal_figures(settings: Settings) -> dict[str, Any]:
    refused = [q for q in NO_BASIS if ask(settings, q).text.startswith(NO_BASIS_TEXT)]
    wrongly = [
        item.question
        for item in HELDOUT
        if ask(settings, item.question).text.startswith(NO_BASIS_TEXT)
    ]
    return {
        "out_of_scope_refused": f"{len(refused)}/{len(NO_BASIS)}",
        "answerable_refused": f"{len(wrongly)}/{len(HELDOUT)}",
        "answered_out_of_scope": [q for q in NO_BASIS if q not in refused],
        "refused_answerable": wrongly,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--home", type=Path, help="benchmark data directory (reused if given)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-") as tmp:
        settings = benchmark_settings(args.home or Path(tmp) / "home")
        build_seconds = build_benchmark_index(settings)
        index = open_index(settings)
        dev = load_qa(settings.corpus_dir / "eval" / "qa_dev.jsonl")
        figures: dict[str, Any] = {
            "index": {
                "chunks": len(index.lexical.entries),
                "build_seconds": round(build_seconds, 1),
            },
            "dev": {mode: retrieval_figures(index, dev, mode) for mode in MODES},
            "heldout": {mode: retrieval_figures(index, list(HELDOUT), mode) for mode in MODES},
            "answers_dev": evaluate_qa(
                settings, settings.corpus_dir / "eval" / "qa_dev.jsonl"
            ).summary(),
            "no_basis": refusal_figures(settings),
        }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
    else:
        print_table(figures)
    return figures


def print_table(figures: dict[str, Any]) -> None:
    index = figures["index"]
    print(f"index: {index['chunks']} chunks, built in {index['build_seconds']} s")
    for name in ("dev", "heldout"):
        print(f"\n{name} set          Recall@1  Recall@3  MRR")
        for mode in MODES:
            f = figures[name][mode]
            print(f"  {mode:<16}{f['recall@1']:>8.3f}{f['recall@3']:>10.3f}{f['mrr']:>7.3f}")
            for question in f["misses@3"]:
                print(f"      miss@3: {question}")
    answers = figures["answers_dev"]
    print(f"\nxxgk eval qa (dev, extractive): {answers}")
    refusals = figures["no_basis"]
    print(
        f"没有找到依据: out-of-scope refused {refusals['out_of_scope_refused']}, "
        f"answerable refused {refusals['answerable_refused']}"
    )
    for q in refusals["answered_out_of_scope"]:
        print(f"  answered although out of scope: {q}")
    for q in refusals["refused_answerable"]:
        print(f"  refused although answerable: {q}")


if __name__ == "__main__":
    main()
