"""Organ identity: the one home of organ kinds, name normalisation, matching and aliases.

Everything that interprets an organ's name (registration, ingest, checks, retrieval, drafting,
deadlines) calls this package, so ``/register 平安镇`` and a question about 平安镇 are read the
same way. Plain Python, no I/O.
"""

from organs.identity import (
    GOVERNMENT_KINDS,
    KINDS,
    MAX_NAME_CHARS,
    REPORTING_KINDS,
    SUPERVISOR_KIND,
    OrganKind,
    OrganNameError,
    aliases,
    is_government,
    is_reporting_kind,
    kind_from_name,
    may_be_same_organ,
    mentioned,
    normalise_name,
    resolve,
    same_organ,
    validate_name,
)

__all__ = [
    "GOVERNMENT_KINDS",
    "KINDS",
    "MAX_NAME_CHARS",
    "REPORTING_KINDS",
    "SUPERVISOR_KIND",
    "OrganKind",
    "OrganNameError",
    "aliases",
    "is_government",
    "is_reporting_kind",
    "kind_from_name",
    "may_be_same_organ",
    "mentioned",
    "normalise_name",
    "resolve",
    "same_organ",
    "validate_name",
]
