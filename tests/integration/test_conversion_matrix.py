"""The conversion matrix: every known report through every converter staff use.

The five samples, hand-written and realistic reports (tests/auxil/realistic.py: 省直部门,
市政府, 县政府, 街道, 乡镇 in their own styles; realistic2.py: a 供水公司, a 表三 with a 小计
column, two 表三, 零/3件 cells, 1.–6. headings, a 2019-format report; consistent, so any error is
a false alarm) and
generated variants (both formats, different organs, a 信息处理费 section,
random consistent numbers; held-out seeds never used while tuning) are written as DOCX and a
portal page, converted once per session (LibreOffice, pdftotext, pandoc, w3m, html2text,
BeautifulSoup, python-docx, headless Chromium, the text with its line breaks lost), and each
form must give the original's numbers and no error the original lacks, or name the tables it
could not read in the one P-UNREAD finding. ``scripts/conversion_matrix.py`` prints the figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks import Severity, run_checks
from tests.auxil.converters import FORMS, available
from tests.auxil.handwritten import HANDWRITTEN
from tests.auxil.matrix import (
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
    variant_known,
)
from tests.auxil.realistic import REALISTIC
from tests.auxil.realistic2 import REALISTIC2

pytestmark = pytest.mark.slow

SAMPLES = sorted(
    p.stem for p in (Path(__file__).resolve().parents[2] / "corpus/reports").glob("*.txt")
)
KNOWN_NAMES = [
    *SAMPLES,
    *HANDWRITTEN,
    *REALISTIC,
    *REALISTIC2,
    *(f"dev-{s}" for s in DEV_SEEDS),
    *(f"heldout-{s}" for s in HELDOUT_SEEDS),
]

LOSSLESS = ("docx", "pdf", "lo-txt", "crawler", "chromium", "flat")
"""The originals, and the forms that keep every cell, blank ones included, in order: they must
be read exactly, never declared unreadable. (BeautifulSoup's get_text drops empty cells; pandoc
and w3m lay tables out by column position and wrap long cells, so a blank cell there is only
white space: declaring such a table unreadable is the right answer.)"""


def _known(name: str) -> Known:
    if name.startswith(("dev-", "heldout-")):
        return variant_known(int(name.split("-")[1]))
    if name in HANDWRITTEN:
        return hand_known(name)
    if name in REALISTIC:
        return realistic_known(name)
    if name in REALISTIC2:
        return realistic2_known(name)
    return sample_known(name)


@pytest.fixture(scope="session")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Known, dict[str, Path]]]:
    """Every report converted once for the whole session (LibreOffice starts twice in all)."""
    knowns = {name: _known(name) for name in KNOWN_NAMES}
    by_report = {k.name: k for k in knowns.values()}
    files = build(list(by_report.values()), tmp_path_factory.mktemp("matrix"))
    return {name: (k, files[k.name]) for name, k in knowns.items()}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("name", KNOWN_NAMES)
def test_every_form_gives_the_originals_numbers_or_says_it_could_not(
    matrix: dict[str, tuple[Known, dict[str, Path]]], name: str, form: str
) -> None:
    if not available(form):
        pytest.skip(f"converter for {form} not installed (scripts/system-deps.sh)")
    known, files = matrix[name]
    outcome, report = evaluate(known, form, files[form], baseline_errors(known, files["docx"]))
    assert outcome.refused is None
    assert outcome.wrong == [], f"{len(outcome.wrong)} cells read wrong, first: {outcome.wrong[:3]}"
    assert outcome.false_errors == []
    assert len(outcome.unread) <= 1  # one P-UNREAD finding at most
    if form in LOSSLESS:
        assert outcome.unread == [], "a lossless form must be read, not declared unreadable"
        assert outcome.exact == outcome.cells
    assert report is not None
    summary = known.data.get("applications_all")  # a second 表三 (全区汇总)
    if summary is not None:
        got = report.summary_applications
        named = {table for u in outcome.unread for table in u.split("、")}
        if got is None or {k: r.values() for k, r in got.rows.items()} != summary:
            assert form not in LOSSLESS, "a lossless form must read the second 表三 exactly"
            assert "表三" in named or (got is not None and got.name in named), (
                "a second 表三 not read exactly must be named in P-UNREAD"
            )
    if known.data.get("active") is None:  # a 公共企事业单位's own outline: said once, no error
        assert [f.code for f in run_checks(report) if f.severity != Severity.INFO] == ["S-KIND"]
        return
    assert {s.key for s in report.sections} >= {"一", "二", "三", "四", "五", "六"}
