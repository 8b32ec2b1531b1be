"""Assertion helpers for rule tests: compare findings by what a clerk would see."""

from __future__ import annotations

from typing import Any

from checks import Finding, Severity, run_checks
from ingest.model import AnnualReport

Brief = tuple[str, Severity, str, str | None, str | None]


def brief(f: Finding) -> Brief:
    """The parts of a finding a test pins down: code, severity, location, expected, actual."""
    return (f.code, f.severity, f.location, f.expected, f.actual)


def check(report: AnnualReport, code: str, **kwargs: Any) -> list[Brief]:
    """The findings of one rule, briefly."""
    return [brief(f) for f in run_checks(report, select=[code], **kwargs)]


def problems(report: AnnualReport, **kwargs: Any) -> list[Brief]:
    """Every finding except the S-FORMAT info a correct report also gets."""
    return [
        brief(f)
        for f in run_checks(report, **kwargs)
        if not (f.code == "S-FORMAT" and f.severity is Severity.INFO)
    ]


ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
