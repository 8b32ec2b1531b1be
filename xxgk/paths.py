"""Safe file names: user text (organ names, uploaded file names) never becomes a path.

Every file the system writes on its own behalf goes under ``XXGK_HOME`` or a temporary
directory, named by :func:`slug` (letters, digits and CJK only, length-limited) and checked
by :func:`safe_child` to stay inside its folder. A path the operator types on the command line
(``xxgk draft --out``) is the operator's choice and is not rewritten.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

MAX_SLUG_CHARS = 80
_UNSAFE = re.compile(r"[^0-9A-Za-z\u3400-\u9fff（）()_\-]+")
_SUFFIX = re.compile(r"^\.[0-9A-Za-z]{1,8}$")


def slug(text: str, *, max_chars: int = MAX_SLUG_CHARS, fallback: str = "文件") -> str:
    """``text`` reduced to a file-name stem: separators, dots, control characters and other
    symbols become ``_``; at most ``max_chars`` characters (a long name keeps a short hash of
    the whole, so two long names stay distinct); never empty, never ``.`` or ``..``."""
    clean = _UNSAFE.sub("_", text or "").strip("_-")
    if len(clean) > max_chars:
        digest = hashlib.sha256(clean.encode()).hexdigest()[:8]
        clean = clean[: max_chars - 9].rstrip("_-") + "_" + digest
    return clean or fallback


def safe_filename(name: str, *, max_chars: int = MAX_SLUG_CHARS, fallback: str = "文件") -> str:
    """A file name for ``name``: its stem slugged, its suffix kept when it is a plain one."""
    path = Path(name.replace("\\", "/")).name if name else ""
    suffix = Path(path).suffix
    if not _SUFFIX.match(suffix):
        suffix = ""
    stem = path[: -len(suffix)] if suffix else path
    return slug(stem, max_chars=max_chars, fallback=fallback) + suffix.lower()


def safe_child(folder: Path, name: str, *, max_chars: int = MAX_SLUG_CHARS) -> Path:
    """``folder / safe_filename(name)``, created folder included; ``ValueError`` if the result
    would somehow leave ``folder`` (it cannot, but the check keeps it so)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = folder.resolve()
    target = (base / safe_filename(name, max_chars=max_chars)).resolve()
    if target.parent != base:
        raise ValueError(f"unsafe file name {name!r}")
    return target
