"""The data carried by the "which organ?" buttons of /register (Telegram allows 64 bytes).

``reg:<organ id>:<signature>``: the signature (``xxgk.services.access.sign``) binds the organ to
the chat it was offered to, so data a client forges or copies from another chat is refused.
Pressing a button only *asks* for the organ: a supervisor still approves.
"""

from __future__ import annotations

import re

CALLBACK_LIMIT = 64
"""Bytes of callback data Telegram accepts."""
PICK_PREFIX = "reg:"
NEW_PREFIX = "regnew:"
"""A supervisor's "create the typed name" button (signed; refused for anyone else)."""
_PICK = re.compile(r"^reg:(\d{1,12}):([0-9a-f]{16})$")
_NEW = re.compile(r"^regnew:([0-9a-f]{16}):(.+)$")


def pick_data(organ_id: int, signature: str) -> str:
    return f"{PICK_PREFIX}{organ_id}:{signature}"


def parse_pick(data: str) -> tuple[int, str] | None:
    """``(organ id, signature)`` of well-formed pick data, else None."""
    m = _PICK.match(data)
    return (int(m.group(1)), m.group(2)) if m else None


def new_data(name: str, signature: str) -> str | None:
    """Data of the supervisor's create button; None when the name is too long to carry."""
    data = f"{NEW_PREFIX}{signature}:{name}"
    return data if len(data.encode()) <= CALLBACK_LIMIT else None


def parse_new(data: str) -> tuple[str, str] | None:
    """``(name, signature)`` of well-formed create data, else None."""
    m = _NEW.match(data)
    return (m.group(2), m.group(1)) if m else None


def is_registration(data: str) -> bool:
    return data.startswith((PICK_PREFIX, NEW_PREFIX))
