"""Print the conversion matrix: every known report through every converter staff use.

    .venv/bin/python scripts/conversion_matrix.py            # samples + dev + held-out variants
    .venv/bin/python scripts/conversion_matrix.py --set heldout --details

Forms × reports, cells read exactly, cells declared unreadable (P-UNREAD), wrong cells and
false errors (errors the original does not have). See docs/CHECKS.md (转换矩阵).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.auxil.matrix import (  # noqa: E402
    DEV_SEEDS,
    HELDOUT_SEEDS,
    Known,
    baseline_errors,
    build,
    evaluate,
    hand_known,
    realistic2_known,
    realistic_known,
    sample_known,
    summarize,
    variant_known,
)

SAMPLE_STEMS = sorted(p.stem for p in (ROOT / "corpus" / "reports").glob("*.txt"))


def knowns_for(which: str) -> list[Known]:
    out: list[Known] = []
    if which in ("samples", "all"):
        out += [sample_known(s) for s in SAMPLE_STEMS]
    if which in ("dev", "all"):
        out += [variant_known(s) for s in DEV_SEEDS]
    if which in ("heldout", "all"):
        out += [variant_known(s) for s in HELDOUT_SEEDS]
    if which in ("hand", "all"):
        from tests.auxil.handwritten import HANDWRITTEN

        out += [hand_known(n) for n in HANDWRITTEN]
    if which in ("realistic", "all"):
        from tests.auxil.realistic import REALISTIC

        out += [realistic_known(n) for n in REALISTIC]
    if which in ("realistic2", "all"):
        from tests.auxil.realistic2 import REALISTIC2

        out += [realistic2_known(n) for n in REALISTIC2]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument(
        "--set",
        default="all",
        choices=("samples", "dev", "heldout", "hand", "realistic", "realistic2", "all"),
    )
    ap.add_argument("--details", action="store_true", help="list wrong cells and false errors")
    ap.add_argument("--per-report", action="store_true", help="one line per report and form")
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args()
    knowns = knowns_for(args.set)
    with tempfile.TemporaryDirectory(prefix="xxgk-matrix-") as tmp:
        workdir = args.workdir or Path(tmp)
        files = build(knowns, workdir)
        outcomes = []
        for known in knowns:
            base = baseline_errors(known, files[known.name].get("docx"))
            for form, path in files[known.name].items():
                outcome, _ = evaluate(known, form, path, base)
                outcomes.append(outcome)
                if args.per_report:
                    print(
                        f"{known.name:<34}{form:<18}exact {outcome.exact}/{outcome.cells}"
                        f"  unread {outcome.unread_cells}  wrong {len(outcome.wrong)}"
                        f"  false errors {len(outcome.false_errors)}"
                        + ("  REFUSED" if outcome.refused else "")
                    )
                if args.details and not outcome.ok:
                    print(f"--- {known.name} / {form}")
                    if outcome.refused:
                        print("  refused:", outcome.refused[:200])
                    for w in outcome.wrong[:8]:
                        print("  wrong:", w)
                    if len(outcome.wrong) > 8:
                        print(f"  … {len(outcome.wrong) - 8} more wrong cells")
                    for e in outcome.false_errors[:6]:
                        print("  false error:", e[:200])
        print(summarize(outcomes))


if __name__ == "__main__":
    main()
