"""Check latency: read, parse and check a 10-page PDF report, as ``xxgk check`` does.

    python -m benchmarks.check_pdf [--pages 10] [--runs 20]

The PDF is generated (the sample report's tables plus narrative pages, reportlab's CID font),
so the figure is reproducible on any machine. Prints the page count and p50/p95/max per stage.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from checks import run_checks
from ingest.parser import parse_report
from ingest.readers import read_document
from tests.auxil.layouts import report_blocks, sample_data
from tests.auxil.render import PAGE_BREAK, render_pdf

PARAGRAPH = (
    "本年度，我镇坚持以公开为常态、不公开为例外，围绕重点领域信息公开、政策解读和回应关切，"
    "持续完善信息发布审核机制，做好政府网站和政务新媒体的内容保障，及时公开财政预决算、"
    "重大建设项目、公共资源配置和社会救助等信息，方便群众查阅和监督。"
)


def make_pdf(path: Path, pages: int) -> int:
    """A report whose narrative fills ``pages`` pages; returns the real page count."""
    blocks = report_blocks(sample_data(), vertical_merges=False)
    filler: list[object] = []
    for _ in range(max(0, pages - 3)):
        filler += [PARAGRAPH] * 9 + [PAGE_BREAK]
    # the narrative goes into 一、总体情况, before the tables
    blocks = blocks[:3] + filler + blocks[3:]
    render_pdf(blocks, path)
    return read_document(path).pages or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        pages = make_pdf(path, args.pages)
        size = path.stat().st_size
        read_t, parse_t, check_t, total_t = [], [], [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            doc = read_document(path)
            t1 = time.perf_counter()
            report = parse_report(doc)
            t2 = time.perf_counter()
            findings = run_checks(report)
            t3 = time.perf_counter()
            read_t.append(t1 - t0)
            parse_t.append(t2 - t1)
            check_t.append(t3 - t2)
            total_t.append(t3 - t0)
    print(f"PDF：{pages} 页，{size} 字节；{args.runs} 次；发现 {len(findings)} 条")
    for name, values in (("读取", read_t), ("解析", parse_t), ("检查", check_t), ("合计", total_t)):
        ordered = sorted(values)
        p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
        print(
            f"{name}: p50 {statistics.median(values) * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {max(values) * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
