"""The server side of the permission model: invite codes, signed buttons, supervisors by region.

Binding a chat to an organ needs a supervisor: either ``/approve`` by a supervisor of the
organ's region, or a one-time invite code that such a supervisor issued (``/invite``). Only
supervisors create organs. Buttons carry data the client sends back, so the data is signed with
a key kept in ``XXGK_HOME`` and checked again here: a forged or replayed-from-another-chat
button is refused. See docs/SECURITY.md.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

from base.settings import ANY_REGION, Settings
from services.deadlines import supervisors
from services.remind import WECOM_CHANNEL
from storage.repository import Store

INVITE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""No 0/O, 1/I/L: a code is read aloud or retyped from a screenshot."""
_BLOCK = r"([2-9A-HJKMNP-Z]{4})"
_INVITE = re.compile(rf"^(?:XXGK-?)?{_BLOCK}-?{_BLOCK}-?{_BLOCK}$")
SIGNATURE_CHARS = 16
KEY_FILE = "callback.key"


def new_invite_code() -> str:
    """A random code such as ``XXGK-7KQ2-M9TD-R4WX`` (about 59 bits)."""
    body = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(12))
    return f"XXGK-{body[:4]}-{body[4:8]}-{body[8:]}"


def invite_digest(code: str) -> str | None:
    """The sha256 stored for a code as typed (any case, dashes optional); None when the text
    is not shaped like a code at all."""
    m = _INVITE.match(re.sub(r"\s+", "", code).upper())
    if m is None:
        return None
    return hashlib.sha256(("XXGK-" + "-".join(m.groups())).encode()).hexdigest()


def looks_like_invite(text: str) -> bool:
    return invite_digest(text) is not None


def _key(settings: Settings) -> bytes:
    """The signing key, created once (mode 0600) in XXGK_HOME, so buttons survive restarts."""
    path: Path = settings.ensure_home() / KEY_FILE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    key = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race
        return path.read_bytes()
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def sign(settings: Settings, chat_id: int, payload: str) -> str:
    """A short signature binding ``payload`` to the chat it was offered to."""
    mac = hmac.new(_key(settings), f"{chat_id}|{payload}".encode(), hashlib.sha256)
    return mac.hexdigest()[:SIGNATURE_CHARS]


def verify(settings: Settings, chat_id: int, payload: str, signature: str) -> bool:
    return hmac.compare_digest(sign(settings, chat_id, payload), signature)


def supervisors_for_region(settings: Settings, region: str | None) -> set[int]:
    """Configured supervisor chats that oversee ``region`` (those without a region oversee
    every region)."""
    out: set[int] = set()
    for where, ids in supervisors(settings).items():
        if where == "*" or (region is not None and where == region):
            out.update(ids)
    return out


def channel_user_oversees(
    settings: Settings, store: Store, chat_id: int, region: str | None
) -> bool:
    """Whether ``chat_id`` is a WeCom member that ``XXGK_WECOM_SUPERVISORS`` makes a
    supervisor of ``region``: the WeCom server folds them into its settings at start
    (``wecom.server.channel_settings``), which a Telegram process reading an invite that one of
    them issued does not."""
    owner = store.channel_user(chat_id)
    if owner is None or owner[0] != WECOM_CHANNEL:
        return False
    return any(
        user == owner[1] and (where in ("", ANY_REGION) or where == region)
        for where, user in settings.wecom_supervisor_users
    )
