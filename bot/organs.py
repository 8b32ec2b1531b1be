"""Registration helpers: the kind of a new organ guessed from its name, and the data carried
by the "which organ?" buttons (Telegram allows 64 bytes of callback data)."""

from __future__ import annotations

import re

CALLBACK_LIMIT = 64
"""Bytes of callback data Telegram accepts."""
PICK_PREFIX = "reg:"
NEW_PREFIX = "regnew:"

_TOWNSHIP = re.compile(r"[镇乡](人民政府|政府)?(办公室)?$|[镇乡](人民政府|政府)")
_COUNTY = re.compile(r"[县区市](人民)?政府$")


def guess_organ_kind(name: str) -> str:
    """乡镇, 街道, 县级政府 or 部门, from the name alone (the deadline depends on it):
    东城镇人民政府 → 乡镇, 城南街道办事处 → 街道, 某某县人民政府 → 县级政府,
    某某县教育局 → 部门."""
    name = name.strip()
    if "街道" in name:
        return "街道"
    if _TOWNSHIP.search(name):
        return "乡镇"
    if _COUNTY.search(name):
        return "县级政府"
    return "部门"


def pick_data(organ_id: int) -> str:
    return f"{PICK_PREFIX}{organ_id}"


def new_data(name: str) -> str | None:
    """Callback data to create ``name``; None when the name is too long to carry."""
    data = f"{NEW_PREFIX}{name}"
    return data if len(data.encode()) <= CALLBACK_LIMIT else None


def is_registration(data: str) -> bool:
    return data.startswith((PICK_PREFIX, NEW_PREFIX))
