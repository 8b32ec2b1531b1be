"""What every command shares: the settings object and turning XxgkError into an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from xxgk.errors import XxgkError
from xxgk.settings import Settings

T = TypeVar("T")


def load_settings() -> Settings:
    """Build the settings once per command (reads ``XXGK_*``)."""
    return Settings()


@contextmanager
def user_errors() -> Iterator[None]:
    """Print an XxgkError's Chinese message to stderr and exit with its code; no traceback."""
    try:
        yield
    except XxgkError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        raise typer.Exit(exc.exit_code) from None


def run(fn: Callable[[], T]) -> T:
    with user_errors():
        return fn()
