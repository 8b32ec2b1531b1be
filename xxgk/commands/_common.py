"""What every command shares: the settings object and turning XxgkError into an exit code."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import typer

from base.errors import XxgkError
from base.settings import Settings
from base.settings import load_settings as settings_from_env

T = TypeVar("T")


def load_settings() -> Settings:
    """Build and check the settings once per command (reads ``XXGK_*``); a wrong variable
    ends the command with its Chinese message and exit code 2."""
    from services.deadlines import check_settings  # the deadline rules: not for `--help`

    with user_errors():
        return check_settings(settings_from_env())


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
