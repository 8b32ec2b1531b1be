"""Whitespace rules for Chinese text: no word spaces between Chinese characters.

Layout tools put a space wherever they see a gap (PDF) or a line break in the source (HTML).
Between Latin words that is right; between Chinese characters it is an artefact that breaks
matching labels such as 本年新收政府信息公开申请数量, so the readers drop it.
"""

from __future__ import annotations

import re

# CJK punctuation and ideographs, fullwidth forms, and the general punctuation Chinese text
# uses (“”‘’…—·), so that a gap before a closing quote is not a space either.
_CJK_CLASS = (
    "\u2010-\u206f"  # general punctuation: — “ ” ‘ ’ … ·
    "\u2e80-\u9fff"  # radicals, CJK symbols and punctuation, kana, ideographs (with ext. A)
    "\uf900-\ufaff"  # compatibility ideographs
    "\ufe30-\ufe4f"  # compatibility forms
    "\uff00-\uffef"  # fullwidth forms: ，（）：；
    "\U00020000-\U0003134f"  # ideographs, extensions B to G
)
_CJK = re.compile(f"[{_CJK_CLASS}]")
_SOURCE_BREAK_BETWEEN_CJK = re.compile(
    f"(?<=[{_CJK_CLASS}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK_CLASS}])"
)
_SPACES_BETWEEN_CJK = re.compile(f"(?<=[{_CJK_CLASS}]) +(?=[{_CJK_CLASS}])")


def is_cjk(char: str) -> bool:
    """True for a Chinese character or a Chinese/fullwidth punctuation mark."""
    return bool(char) and _CJK.match(char) is not None


def join_source_lines(text: str) -> str:
    """Remove line breaks (and the indentation around them) between two Chinese characters:
    in HTML source they only wrap a long line, and browsers show no space there."""
    return _SOURCE_BREAK_BETWEEN_CJK.sub("", text)


def drop_spaces_between_cjk(text: str) -> str:
    """Remove runs of ASCII spaces between two Chinese characters (``"其 他"`` -> ``"其他"``)."""
    return _SPACES_BETWEEN_CJK.sub("", text)
