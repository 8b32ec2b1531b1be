"""Uploads held for confirmation (``bot.pending``): only their own chat gets them back, once;
a forged token never reaches the file system."""

from __future__ import annotations

import os
import time
from pathlib import Path

from bot import pending


def test_a_held_file_comes_back_once_to_its_own_chat(tmp_path: Path) -> None:
    token = pending.hold(tmp_path, 42, "西城镇.docx", b"data", "东城镇人民政府", "西城镇人民政府")
    assert pending.take(tmp_path, token, 43) is None  # another chat
    taken = pending.take(tmp_path, token, 42)
    assert taken is not None
    held, data = taken
    assert (held.filename, held.organ, held.printed, data) == (
        "西城镇.docx",
        "东城镇人民政府",
        "西城镇人民政府",
        b"data",
    )
    assert pending.take(tmp_path, token, 42) is None  # answered already
    assert list(pending.folder(tmp_path).iterdir()) == []


def test_forged_or_stale_tokens_find_nothing(tmp_path: Path) -> None:
    for forged in ("../../etc/passwd", "", "0" * 64, "ABCDEF0123456789"):
        assert pending.take(tmp_path, forged, 42) is None
    token = pending.hold(tmp_path, 42, "a.docx", b"x", "甲", "乙")
    meta = pending.folder(tmp_path) / f"{token}.json"
    old = time.time() - pending.MAX_AGE_SECONDS - 10
    os.utime(meta, (old, old))
    assert pending.take(tmp_path, token, 42) is None


def test_old_and_surplus_files_are_pruned(tmp_path: Path) -> None:
    tokens = [pending.hold(tmp_path, 1, f"{i}.docx", b"x", "甲", "乙") for i in range(3)]
    first = pending.folder(tmp_path) / f"{tokens[0]}.json"
    old = time.time() - pending.MAX_AGE_SECONDS - 10
    os.utime(first, (old, old))
    pending.hold(tmp_path, 1, "new.docx", b"x", "甲", "乙")
    assert not first.exists() and not first.with_suffix(".bin").exists()
    assert len(list(pending.folder(tmp_path).glob("*.bin"))) == 3


def test_button_data_fits_telegram_and_parses_back() -> None:
    data = pending.button_data(pending.KEEP, "0123456789abcdef")
    assert len(data.encode()) <= 64
    assert pending.parse_button(data) == (pending.KEEP, "0123456789abcdef")
    assert pending.parse_button("reg:12") is None
    assert pending.parse_button("upl:steal:0123456789abcdef") is None
