"""Persistence for xxgk: SQLite (embedded default) or PostgreSQL, schema by Alembic.

Other packages use ``Store`` and the records; tables and sessions stay inside ``storage``.
"""

from storage.records import (
    CellValue,
    ChatRecord,
    FindingRecord,
    OrganRecord,
    OrganState,
    OrganStatus,
    ReminderRecord,
    ReportRecord,
    UploadRecord,
)
from storage.repository import Store

__all__ = [
    "CellValue",
    "ChatRecord",
    "FindingRecord",
    "OrganRecord",
    "OrganState",
    "OrganStatus",
    "ReminderRecord",
    "ReportRecord",
    "Store",
    "UploadRecord",
]
