"""Numbers typed by users or sent by peers, read without surprises.

``str.isdigit`` is true for "²" and "٣" and ``int`` then fails or reads another script, and
``int`` of 5,000 digits raises; a value past 64 bits overflows the database. Every integer
that comes from outside (a menu choice, a chat id, callback data, a timestamp, a size) is
read here: ASCII digits after NFKC (full-width １２ is 12), bounded in length.
"""

from __future__ import annotations

import re
import unicodedata

_INT = re.compile(r"-?[0-9]{1,18}")


def small_int(text: str | None, *, signed: bool = False) -> int | None:
    """The integer ``text`` spells (at most 18 digits, so it fits in 64 bits), else None."""
    if not text or len(text) > 40:
        return None
    clean = unicodedata.normalize("NFKC", text).strip()
    if not _INT.fullmatch(clean) or (clean.startswith("-") and not signed):
        return None
    return int(clean)
