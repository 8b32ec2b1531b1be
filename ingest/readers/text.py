"""Plain text and Markdown: decode the bytes, then one ``Paragraph`` per line.

Text exports from Chinese offices come as UTF-8, UTF-8 with a BOM, UTF-16 (Notepad's
"Unicode") or GBK/GB18030 (Notepad's "ANSI" on a Chinese Windows). Detectors guess wrong on
short GBK text (charset-normalizer calls a six-character GBK line cp949), so a strict GB18030
decode is tried before the generic detector.
"""

from __future__ import annotations

import codecs
import logging

import charset_normalizer

from ingest.document import Document, document_from_text
from ingest.readers import errors

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Declared names that mean "GBK or a subset of it"; GB18030 decodes all of them.
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "csgb2312", "cp936", "euc-cn", "gb18030"}
_ALLOWED_CONTROLS = set("\t\n\r\f\v\x1a")  # \x1a: the DOS end-of-file mark some editors add

MEDIA_TYPES = {"text": "text/plain", "markdown": "text/markdown"}


def read_text(data: bytes, name: str, markdown: bool = False) -> Document:
    """A TXT or Markdown file as lines (tabs, pipes and blank lines kept for the parser)."""
    text = decode_text(data, name).replace("\x1a", "")
    if text.endswith("\n"):  # the last line's end, not a blank line after it
        text = text[:-2] if text.endswith("\r\n") else text[:-1]
    media_type = MEDIA_TYPES["markdown" if markdown else "text"]
    return document_from_text(text, source_name=name, media_type=media_type)


def decode_text(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode ``data``: a BOM, then UTF-8, the ``declared`` charset (HTML), GB18030, a guess.

    A declared charset that cannot write Chinese (``windows-1252`` on a Chinese page) is
    tried after GB18030.

    Raises ``InputError`` for binary content or when no encoding gives plausible text.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise errors.undecodable(name) from exc
    candidates = ["utf-8", "gb18030"]
    codec = _normalize(declared)
    if codec:  # a declared Western codec decodes GBK bytes into plausible-looking mojibake
        candidates.insert(1 if _can_write_chinese(codec) else 2, codec)
    if b"\x00" not in data:  # NULs: UTF-16 without a BOM, or binary; leave it to the detector
        for codec in dict.fromkeys(candidates):
            try:
                text = data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
            # a strict UTF-8 decode is text even with U+FFFD in it: a converter wrote those
            # (html2text cuts characters in table cells); GB18030 needs the full plausibility
            if _plausible(text, replacements_ok=codec == "utf-8"):
                return text
    guess = charset_normalizer.from_bytes(data).best()
    if guess is not None and _plausible(str(guess)):
        logger.info("decoded %s as %s", name, guess.encoding)
        return str(guess)
    if b"\x00" in data or not _plausible(data.decode("latin-1")):
        raise errors.binary_text(name)
    raise errors.undecodable(name)


def _normalize(charset: str | None) -> str | None:
    """A Python codec name for a declared charset, GB18030 for the GB family, None if unknown."""
    if not charset:
        return None
    charset = charset.strip().strip("\"'").lower()
    if charset in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _can_write_chinese(codec: str) -> bool:
    try:
        return bool("中文".encode(codec))
    except (UnicodeEncodeError, LookupError):
        return False


def _plausible(text: str, *, replacements_ok: bool = False) -> bool:
    """Text, not binary read as text: few control characters, no replacement or private-use
    characters (what GB18030 makes of bytes that were never GBK)."""
    if not text:
        return True
    bad = sum(
        1
        for ch in text
        if (ch < " " and ch not in _ALLOWED_CONTROLS)
        or (ch == "\ufffd" and not replacements_ok)
        or "\ue000" <= ch <= "\uf8ff"
        or "\x7f" <= ch < "\xa0"
    )
    return bad <= len(text) * 0.01
