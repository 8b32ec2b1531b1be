"""Who an organ is, and which names refer to it.

An organ's identity is its id in the database and, outside it, its normalised *full* name
(大洼区平安镇人民政府), which includes the county wherever a short name repeats; its region
is stored beside it. Short names (平安镇) are *aliases*: they narrow a search to the organs a
question names, and never decide who may see or change anything — access always compares ids
(see docs/SECURITY.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum


class OrganKind(StrEnum):
    """The kinds of reporting organ; the kind decides the deadline (条例第四十九条)."""

    DEPARTMENT = "部门"
    """县级以上人民政府部门."""
    COUNTY = "县级政府"
    """县级人民政府's own report (published by its 主管部门)."""
    TOWNSHIP = "乡镇"
    STREET = "街道"


REPORTING_KINDS: tuple[str, ...] = ("乡镇", "街道", "县级政府", "部门")
SUPERVISOR_KIND = "督导"
"""Kept only for rows written before supervisors became configuration (``XXGK_SUPERVISOR_CHATS``
and the organs CSV): no chat can create or become an organ of this kind."""
KINDS: tuple[str, ...] = (*REPORTING_KINDS, SUPERVISOR_KIND)
GOVERNMENT_KINDS = frozenset({"乡镇", "街道", "县级政府", "市级政府", "省级政府", "人民政府"})
"""Kinds whose report is a 人民政府's (X-ART50 asks them for 考核评议责任追究)."""

MAX_NAME_CHARS = 60
_ALLOWED_CHARS = re.compile(r"^[\u3400-\u9fffA-Za-z0-9()（）·〇]+$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_TOWNSHIP_NAME = re.compile(r"[镇乡](人民政府|政府)?(办公室)?$|[镇乡](人民政府|政府)")
_COUNTY_NAME = re.compile(r"[县区市旗州](人民)?政府$")
_GOVERNMENT_NAME = re.compile(r"(人民政府|[乡镇县区市旗省州盟]|街道办事处|街道)$")
_GOV_SUFFIX = re.compile(r"(?:人民政府|政府|办事处)$")
_ADMIN_CUT = re.compile(r"^.*?[省市县区旗州盟](?=[^省市县区旗州盟]{2,})")


class OrganNameError(ValueError):
    """A name that cannot be an organ's; ``str(error)`` is the Chinese reason."""


def normalise_name(name: str) -> str:
    """The canonical spelling: NFKC (full-width letters, digits and brackets folded), all
    whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))


def validate_name(name: str) -> str:
    """The normalised name, or ``OrganNameError``: an organ name is Chinese characters,
    letters, digits and brackets, at most ``MAX_NAME_CHARS``; never a path or markup."""
    clean = normalise_name(name)
    if not clean:
        raise OrganNameError("机构名称为空，请写机构全称，例如：东城镇人民政府。")
    if len(clean) > MAX_NAME_CHARS:
        raise OrganNameError(
            f"机构名称太长（{len(clean)} 字），请写机构全称，不超过 {MAX_NAME_CHARS} 字。"
        )
    if not _ALLOWED_CHARS.match(clean) or not _CJK.search(clean):
        raise OrganNameError(
            "机构名称只能包含汉字、字母、数字和括号，例如：东城镇人民政府（不能含 / \\ . 等符号）。"
        )
    return clean


def is_reporting_kind(kind: str | None) -> bool:
    """A reporting organ: one of ``REPORTING_KINDS``, or a kind not yet known (an organ read
    from a published report); never a 督导 row."""
    return kind is None or kind in REPORTING_KINDS


def kind_from_name(name: str) -> str:
    """Guess a *new* organ's kind from its name (a supervisor can correct it with ``xxgk organs
    import``; nothing a chat sends changes a stored kind): 东城镇人民政府 → 乡镇,
    城南街道办事处 → 街道, 某某县人民政府 → 县级政府 (due 3月31日), 某某县教育局 → 部门."""
    name = normalise_name(name)
    if "街道" in name:
        return OrganKind.STREET.value
    if _TOWNSHIP_NAME.search(name):
        return OrganKind.TOWNSHIP.value
    if _COUNTY_NAME.search(name):
        return OrganKind.COUNTY.value
    return OrganKind.DEPARTMENT.value


def is_government(name: str | None, kind: str | None) -> bool:
    """A 人民政府 (乡、镇、县、区、市…, 街道办事处) as opposed to a department: the stored kind
    when known, else the name's ending."""
    if kind is not None:
        return kind in GOVERNMENT_KINDS
    if not name:
        return False
    return _GOVERNMENT_NAME.search(normalise_name(name)) is not None


def same_organ(a: str | None, b: str | None) -> bool:
    """Whether two written names are the same organ's full name (never an alias match)."""
    return bool(a) and bool(b) and normalise_name(a or "") == normalise_name(b or "")


def may_be_same_organ(printed: str | None, registered: str | None) -> bool:
    """Whether the organ a file names may be the registered one: decides whether to *ask*
    before storing a file as the registered organ's draft, never grants anything. Equal once
    人民政府 is dropped, or one is the other with its county in front (金乡县霄云镇 and 霄云镇);
    大洼区平安镇 and 金乡县平安镇 are not. An unknown side cannot be told apart: the same."""
    if not printed or not registered:
        return True
    a = _GOV_SUFFIX.sub("", normalise_name(printed))
    b = _GOV_SUFFIX.sub("", normalise_name(registered))
    if a == b:
        return True
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    prefix = longer[: len(longer) - len(shorter)]
    return bool(shorter) and longer.endswith(shorter) and prefix[-1:] in "省市县区旗州盟"


def aliases(organ: str) -> set[str]:
    """Names people use for ``organ``: 大洼区平安镇人民政府 → {…, 大洼区平安镇, 平安镇}.
    For finding what a question is about; never for access."""
    name = normalise_name(organ)
    found = {name}
    short = _GOV_SUFFIX.sub("", name)
    if len(short) >= 2:
        found.add(short)
    rest = short
    while True:  # strip leading administrative areas one at a time: 金乡县霄云镇 → 霄云镇
        m = _ADMIN_CUT.match(rest)
        if not m:
            break
        rest = rest[m.end() :]
        if len(rest) >= 2:
            found.add(rest)
    return {a for a in found if len(a) >= 2}


def mentioned(question: str, organs: Iterable[str]) -> set[str]:
    """The known organs the question names (by any alias)."""
    text = normalise_name(question)
    return {organ for organ in organs if any(a in text for a in aliases(organ))}


def resolve(name: str, known: Iterable[str]) -> frozenset[str]:
    """Known organs that ``name`` (a full name or a short one such as 平安镇) may refer to;
    several for a short name that repeats across counties."""
    wanted = aliases(name) | {normalise_name(name)}
    return frozenset(organ for organ in known if aliases(organ) & wanted)
