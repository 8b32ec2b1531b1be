"""Meta-tests: the code, docs/CHECKS.md and the tests describe the same rules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from checks import RULES, Severity

REPO = Path(__file__).resolve().parents[3]
CATALOGUE = REPO / "docs" / "CHECKS.md"
TESTS = Path(__file__).resolve().parent
CODE_RE = re.compile(r"\b[A-Z]\d?-[A-Z0-9]+\b")


def _catalogue_rows() -> dict[str, set[Severity]]:
    """Codes in the first column of CHECKS.md's tables, with the severities of the second."""
    rows: dict[str, set[Severity]] = {}
    for line in CATALOGUE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cols = [c.strip() for c in line.strip("|").split("|")]
        codes = CODE_RE.findall(cols[0])
        if not codes or len(cols) < 2:
            continue
        severities = {Severity(s.strip()) for s in cols[1].split("/")}
        for code in codes:
            rows[code] = severities
    return rows


def _test_names() -> set[str]:
    names: set[str] = set()
    for path in TESTS.glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    return names


def test_every_registered_code_is_in_the_catalogue_and_vice_versa() -> None:
    assert set(_catalogue_rows()) == set(RULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_the_catalogue_gives_each_rules_severities(code: str) -> None:
    assert _catalogue_rows()[code] == set(RULES[code].severities)


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_a_passing_and_a_failing_test(code: str) -> None:
    stem = f"test_{code.lower().replace('-', '_')}_"
    names = _test_names()
    assert any(n.startswith(stem + "passes") for n in names), f"no {stem}passes_… test"
    assert any(n.startswith(stem + "reports") for n in names), f"no {stem}reports_… test"


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_docstring_says_what_why_and_shows_both_cases(code: str) -> None:
    doc = RULES[code].doc
    assert RULES[code].summary, f"{code}: no summary line"
    positions = [doc.find(word) for word in ("Why:", "Fails:", "Passes:")]
    assert -1 not in positions, f"{code}: docstring needs Why:, Fails: and Passes:"
    assert positions == sorted(positions), f"{code}: keep the order what, Why, Fails, Passes"
