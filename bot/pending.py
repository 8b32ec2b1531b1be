"""Uploads held while their sender decides whether to keep them: a report that names another
organ is checked at once but stored only when the sender confirms (a button).

Held files live under ``XXGK_HOME/pending`` (not in memory), so a button pressed after a
restart, or answered by another bot process, still finds its file. A token is random and
checked before it touches a path; a held file answers only the chat that sent it; files
older than a day, and the oldest beyond ``MAX_HELD``, are deleted when a new one arrives.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

CALLBACK_PREFIX = "upl:"
KEEP = "keep"
DROP = "drop"
MAX_AGE_SECONDS = 24 * 3600
MAX_HELD = 50
_TOKEN = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True, slots=True)
class Held:
    """What was uploaded, by whom, for which organ, and which organ the file names."""

    token: str
    chat_id: int
    filename: str
    organ: str
    printed: str


def folder(home: Path) -> Path:
    return home / "pending"


def _prune(where: Path, now: float) -> None:
    files = sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime)
    for i, meta in enumerate(files):
        if now - meta.stat().st_mtime > MAX_AGE_SECONDS or len(files) - i > MAX_HELD:
            meta.with_suffix(".bin").unlink(missing_ok=True)
            meta.unlink(missing_ok=True)


def hold(home: Path, chat_id: int, filename: str, data: bytes, organ: str, printed: str) -> str:
    """Keep ``data`` until the sender answers; the token for the buttons."""
    where = folder(home)
    where.mkdir(parents=True, exist_ok=True)
    _prune(where, time.time())
    token = secrets.token_hex(8)
    (where / f"{token}.bin").write_bytes(data)
    meta = {"chat_id": chat_id, "filename": filename, "organ": organ, "printed": printed}
    (where / f"{token}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return token


def take(home: Path, token: str, chat_id: int) -> tuple[Held, bytes] | None:
    """The held file (and forget it), if ``token`` is one of ``chat_id``'s and not expired."""
    if not _TOKEN.match(token):
        return None
    meta_path = folder(home) / f"{token}.json"
    data_path = meta_path.with_suffix(".bin")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta["chat_id"] != chat_id:
            return None
        if time.time() - meta_path.stat().st_mtime > MAX_AGE_SECONDS:
            return None
        data = data_path.read_bytes()
    except (OSError, ValueError, KeyError):
        return None
    meta_path.unlink(missing_ok=True)
    data_path.unlink(missing_ok=True)
    held = Held(token, chat_id, str(meta["filename"]), str(meta["organ"]), str(meta["printed"]))
    return held, data


def button_data(action: str, token: str) -> str:
    return f"{CALLBACK_PREFIX}{action}:{token}"


def parse_button(data: str) -> tuple[str, str] | None:
    """``(action, token)`` of an upload button, None for anything else."""
    if not data.startswith(CALLBACK_PREFIX):
        return None
    action, _, token = data.removeprefix(CALLBACK_PREFIX).partition(":")
    return (action, token) if action in (KEEP, DROP) else None
