"""Registration helpers: the data carried by the "which organ?" buttons (Telegram allows 64
bytes of callback data). A new organ's kind comes from ``ingest.model.organ_kind_from_name``."""

from __future__ import annotations

CALLBACK_LIMIT = 64
"""Bytes of callback data Telegram accepts."""
PICK_PREFIX = "reg:"
NEW_PREFIX = "regnew:"


def pick_data(organ_id: int) -> str:
    return f"{PICK_PREFIX}{organ_id}"


def new_data(name: str) -> str | None:
    """Callback data to create ``name``; None when the name is too long to carry."""
    data = f"{NEW_PREFIX}{name}"
    return data if len(data.encode()) <= CALLBACK_LIMIT else None


def is_registration(data: str) -> bool:
    return data.startswith((PICK_PREFIX, NEW_PREFIX))
