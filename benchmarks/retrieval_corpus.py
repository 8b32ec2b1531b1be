"""The sample reports of ``corpus/reports`` as ``AnnualReport`` objects, for benchmarks.

Uses the project's parser (``ingest.parser.parse_report``) when it is installed; until then
a stand-in builds the model from the gold JSON (tables, organ, year) and splits the text at
its numbered headings (一、…六、). Either way the benchmark indexes what ``xxgk init`` would.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
import time
from pathlib import Path

from base.settings import BUNDLED_CORPUS, Settings
from ingest.document import document_from_text
from ingest.model import (
    ActiveTable,
    AnnualReport,
    ApplicationTable,
    ReviewTable,
    Section,
    TableRow,
    cells,
    t2_items_for,
    t3_rows_for,
)
from retrieval.indexing import StoredReport, build_index

_HEADING = re.compile(r"^[#\s]*([一二三四五六])、\s*(.+?)\s*$")
_BARE_TITLES = {"总体情况": "一", "其他需要报告的事项": "六"}


def _sections(text: str) -> tuple[Section, ...]:
    found: list[tuple[str, str | None, str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        m = _HEADING.match(line)
        bare = _BARE_TITLES.get(line.lstrip("# ").strip())
        if m and len(m.group(2)) <= 30 and "\t" not in raw:
            found.append((m.group(1), m.group(1), m.group(2), []))
        elif bare and not any(key == bare for key, *_ in found):
            found.append((bare, None, line.lstrip("# ").strip(), []))
        elif found:
            found[-1][3].append(raw)
    seen: set[str] = set()
    out: list[Section] = []
    for order, (key, number, title, lines) in enumerate(found):
        if key in seen:  # a table row label such as 四、结转下年度继续办理
            out[-1] = Section(out[-1].key, out[-1].number, out[-1].title,
                              out[-1].text + "\n" + "\n".join(lines), out[-1].order)  # fmt: skip
            continue
        seen.add(key)
        out.append(Section(key, number, title, "\n".join(lines).strip(), order))
    return tuple(out)


def _from_gold(text: str, gold: dict, source_name: str) -> AnnualReport:  # type: ignore[type-arg]
    fmt = gold["format"]
    active_rows: dict[str, TableRow] = {}
    for key, (para, cols) in t2_items_for(fmt).items():
        value = gold["active"].get(key) if fmt == "2021" else gold["active"].get(para, {}).get(key)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        active_rows[key] = TableRow(key, key, cells(*values[: len(cols)]))
    app_rows = {
        key: TableRow(key, label, cells(*gold["applications"][key]))
        for key, label in t3_rows_for(fmt)
        if key in gold["applications"]
    }
    review = gold.get("review_litigation") or [None] * 15
    title = next((ln.strip("# ").strip() for ln in text.splitlines() if ln.strip()), "")
    return AnnualReport(
        organ=gold["organ"],
        year=gold["year"],
        format=fmt,
        title=title,
        sections=_sections(text),
        active=ActiveTable(rows=active_rows),
        applications=ApplicationTable(rows=app_rows),
        review_litigation=ReviewTable(cells=cells(*review)),
        full_text=text,
    )


def load_sample_reports(corpus_dir: Path) -> list[StoredReport]:
    """Every ``corpus/reports/*.txt`` with its gold organ/year, as published reports."""
    try:
        parse_report = importlib.import_module("ingest.parser").parse_report
    except (ImportError, AttributeError):
        parse_report = None
    out: list[StoredReport] = []
    for path in sorted((corpus_dir / "reports").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        gold = json.loads((path.parent / "gold" / f"{path.stem}.gold.json").read_text("utf-8"))
        if parse_report is not None:
            report = parse_report(document_from_text(text, source_name=path.name))
        else:
            report = _from_gold(text, gold, path.name)
        out.append(
            StoredReport(
                report_id=path.stem,
                report=report,
                organ=gold["organ"],
                region=None,
                year=gold["year"],
                status="published",
                source_name=path.name,
            )
        )
    return out


def benchmark_settings(home: Path, corpus_dir: Path | None = None) -> Settings:
    """Settings of a benchmark index: its own data directory, the bundled corpus."""
    return Settings(home=home, corpus_dir=corpus_dir or BUNDLED_CORPUS)


def build_benchmark_index(settings: Settings, progress: bool = True) -> float:
    """Index the 条例, the formats and the sample reports (as ``xxgk init`` does); returns the
    wall-clock seconds. Re-running on the same home only embeds what changed."""
    say = (lambda msg: print(msg, file=sys.stderr, flush=True)) if progress else None
    started = time.perf_counter()
    build_index(settings, load_sample_reports(settings.corpus_dir), progress=say)
    return time.perf_counter() - started
