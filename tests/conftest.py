"""Shared fixtures: a clean environment and settings in a temporary home."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from base.settings import Settings

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
REPORTS = CORPUS / "reports"
GOLD = REPORTS / "gold"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep XXGK_* and TELEGRAM_* variables from the developer's shell out of every test."""
    for name in list(os.environ):
        if name.startswith(("XXGK_", "TELEGRAM_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ANONYMIZED_TELEMETRY", "False")
    yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with an empty data directory of the test's own."""
    return Settings(home=tmp_path / "home")
