"""Reviewed Word copy: check a DOCX draft with errors and write its findings as comments.

    python -m benchmarks.review_docx [--pages 10] [--runs 20]

The draft is generated (tests/auxil/review_samples.py: merged headers, nine errors, narrative
padded to about ``--pages`` pages), so the figure is reproducible on any machine. Prints p50,
p95 and max per stage: read + parse + check (what ``xxgk check`` does anyway), placing the
findings (``review.anchors``) and writing the copy (``review.word``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from checks import run_checks
from ingest.parser import parse_report
from ingest.readers import read_bytes
from review.anchors import plan_review
from review.word import annotate_docx
from tests.auxil.render import render_docx
from tests.auxil.review_samples import errors_blocks

PARAGRAPH = (
    "本年度，我镇坚持以公开为常态、不公开为例外，围绕重点领域信息公开、政策解读和回应关切，"
    "持续完善信息发布审核机制，做好政府网站和政务新媒体的内容保障，方便群众查阅和监督。"
)


def make_docx(path: Path, pages: int) -> bytes:
    blocks = errors_blocks()
    filler = [PARAGRAPH] * (12 * max(0, pages - 3))
    render_docx(blocks[:3] + filler + blocks[3:], path)
    return path.read_bytes()


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    p50 = statistics.median(ordered)
    return f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = make_docx(Path(tmp) / "draft.docx", args.pages)
    check_t, plan_t, write_t = [], [], []
    comments = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        document = read_bytes(data, "draft.docx")
        report = parse_report(document)
        findings = run_checks(report)
        t1 = time.perf_counter()
        plan = plan_review(document, report, findings)
        t2 = time.perf_counter()
        annotate_docx(data, plan)
        t3 = time.perf_counter()
        check_t.append(t1 - t0)
        plan_t.append(t2 - t1)
        write_t.append(t3 - t2)
        comments = len(plan.comments)
    print(f"draft: {len(data) // 1024} KB, {len(findings)} findings, {comments} comments")
    print(f"read + parse + check: {_ms(check_t)}")
    print(f"place findings:       {_ms(plan_t)}")
    print(f"write the copy:       {_ms(write_t)}")


if __name__ == "__main__":
    main()
