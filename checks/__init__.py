"""Checks on an annual report: plain rules over ``ingest.model.AnnualReport`` (catalogue:
docs/CHECKS.md).

    from checks import run_checks
    for f in run_checks(report, history=earlier_reports):
        print(f.severity, f.code, f.location, f.message)
"""

from __future__ import annotations

from checks.registry import (
    RULES,
    CheckContext,
    Finding,
    Rule,
    Severity,
    finding_to_dict,
    load_rules,
    rule,
    run_checks,
)

load_rules()

__all__ = [
    "RULES",
    "CheckContext",
    "Finding",
    "Rule",
    "Severity",
    "finding_to_dict",
    "load_rules",
    "rule",
    "run_checks",
]
