"""The roster of organs and their chats: bulk import from CSV, and listing.

A supervisor keeps the list of organs that owe a report in a spreadsheet and imports it::

    name,kind,region,chat_ids
    东城镇人民政府,乡镇,某某县,-1001234;1002
    某某县教育局,部门,某某县,
    某某县政务公开办,督导,某某县,-1009999

``kind`` is 乡镇, 街道, 县级政府 or 部门, or 督导 for a supervisor (``region`` is then the
region supervised; empty means every region). Chat ids are separated by ``;``. The headers may
also be Chinese (单位名称,类型,地区,会话ID); the file may be UTF-8 (with or without BOM) or
GBK, as Excel saves it.

All or nothing: every row is validated first, and if any row is bad nothing is imported and
every bad row is reported with its line number, so a fixed file can simply be imported again.
Re-importing the same file changes nothing. A 督导 row is not an organ: its chats become
supervisor chats of its region, named after the office. Imported chats are approved at once
(whoever can run ``xxgk`` on the server already administers the bot); an imported row only
adds and updates, it never removes organs or chats.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from base.errors import InputError
from organs import KINDS, SUPERVISOR_KIND, OrganNameError, validate_name

if TYPE_CHECKING:
    from storage.repository import Store

COLUMNS: tuple[str, ...] = ("name", "kind", "region", "chat_ids")
HEADER_ALIASES: dict[str, str] = {
    "name": "name",
    "单位名称": "name",
    "单位": "name",
    "名称": "name",
    "kind": "kind",
    "类型": "kind",
    "单位类型": "kind",
    "region": "region",
    "地区": "region",
    "所属地区": "region",
    "chat_ids": "chat_ids",
    "会话id": "chat_ids",
    "会话": "chat_ids",
}
MAX_CSV_BYTES = 5 * 1024 * 1024
_CHAT_SPLIT = re.compile(r"[;；\s]+")
_CHAT_ID = re.compile(r"^-?\d{1,20}$")


@dataclass(frozen=True, slots=True)
class OrganRow:
    """One valid row of the CSV."""

    line: int
    name: str
    kind: str
    region: str | None
    chat_ids: tuple[int, ...]

    @property
    def supervisor(self) -> bool:
        return self.kind == SUPERVISOR_KIND


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What an import changed (all zero for a re-import of the same file)."""

    rows: int
    organs_created: int
    organs_updated: int
    chats_added: int
    chats_changed: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class OrganListing:
    """One organ as ``xxgk organs list`` shows it."""

    name: str
    kind: str | None
    region: str | None
    chat_ids: tuple[int, ...] = ()
    """Approved chats: they get the reminders (a supervisor's get the digests)."""
    pending_chat_ids: tuple[int, ...] = field(default=())
    """Chats registered in chat and waiting for approval."""


# -- reading the CSV ------------------------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"「{name}」不是 UTF-8 或 GBK 编码的文本文件，请在 Excel 中另存为 CSV。")


def read_organs_csv(path: Path) -> list[OrganRow]:
    """The rows of an organs CSV file; ``InputError`` listing every bad row."""
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise InputError(f"「{path.name}」太大（{size // 1024} KB），单位名单不应超过 5 MB。")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取「{path.name}」：{exc.strerror or exc}。") from exc
    return parse_organs_csv(_decode(data, path.name), path.name)


def _header(cells: Sequence[str], name: str) -> list[str]:
    columns = [HEADER_ALIASES.get(c.strip().lower(), c.strip()) for c in cells]
    missing = [c for c in COLUMNS if c not in columns]
    if missing or len(set(columns)) != len(columns):
        raise InputError(
            f"「{name}」第1行应为表头 name,kind,region,chat_ids"
            f"（或 单位名称,类型,地区,会话ID），实际为「{','.join(cells)}」。"
        )
    return columns


def _chat_ids(raw: str, problems: list[str]) -> tuple[int, ...]:
    out: list[int] = []
    for part in _CHAT_SPLIT.split(raw.strip()):
        if not part:
            continue
        if not _CHAT_ID.match(part):
            problems.append(f"会话ID「{part}」不是整数（多个会话ID用分号 ; 分隔）")
            continue
        if int(part) == 0:
            problems.append("会话ID不能为 0")
        elif int(part) not in out:
            out.append(int(part))
    return tuple(out)


def _row(line: int, values: dict[str, str], problems: list[str]) -> OrganRow | None:
    name = values["name"].strip()
    kind = values["kind"].strip()
    region = values["region"].strip() or None
    if not name:
        problems.append("单位名称为空")
    else:
        try:
            name = validate_name(name)
        except OrganNameError as exc:
            problems.append(str(exc).rstrip("。"))
    if kind not in KINDS:
        problems.append(f"类型「{kind}」不对，应为 {'、'.join(KINDS)} 之一" if kind else "类型为空")
    elif kind != SUPERVISOR_KIND and region is None:
        problems.append("地区为空（督导按地区收到通报，报告单位必须填写所属地区）")
    chats = _chat_ids(values["chat_ids"], problems)
    if problems:
        return None
    return OrganRow(line, name, kind, region, chats)


def parse_organs_csv(text: str, name: str = "organs.csv") -> list[OrganRow]:
    """Validate every row of an organs CSV; ``InputError`` (Chinese, with line numbers)
    listing every bad row when any is bad."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)
        if header is None:
            raise InputError(f"「{name}」是空文件，第1行应为表头 name,kind,region,chat_ids。")
        columns = _header(header, name)
        rows: list[OrganRow] = []
        errors: list[str] = []
        names: dict[str, int] = {}
        chats: dict[int, int] = {}
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            problems: list[str] = []
            if len(cells) != len(columns):
                problems.append(
                    f"应有{len(columns)}列，实际{len(cells)}列（名称中有逗号时请加引号）"
                )
                errors.append(f"第{line}行：" + "；".join(problems) + "。")
                continue
            row = _row(line, dict(zip(columns, cells, strict=True)), problems)
            if row is not None:
                if row.name in names:
                    problems.append(f"单位「{row.name}」与第{names[row.name]}行重复")
                for chat in row.chat_ids:
                    if chat in chats:
                        problems.append(
                            f"会话ID {chat} 已在第{chats[chat]}行出现（一个会话只能属于一个单位）"
                        )
            if problems:
                errors.append(f"第{line}行：" + "；".join(problems) + "。")
                continue
            assert row is not None
            names[row.name] = line
            chats.update((chat, line) for chat in row.chat_ids)
            rows.append(row)
    except csv.Error as exc:
        raise InputError(f"「{name}」第{reader.line_num}行不是有效的 CSV：{exc}。") from exc
    if errors:
        raise InputError(
            f"「{name}」有{len(errors)}行有误，未导入任何单位，请改正后重新导入：\n"
            + "\n".join(errors)
        )
    if not rows:
        raise InputError(f"「{name}」只有表头，没有单位。")
    return rows


# -- importing ------------------------------------------------------------------------------


def check_conflicts(store: Store, rows: Iterable[OrganRow]) -> None:
    """Refuse chats already registered (in chat) for another organ or role: moving them
    silently would send one organ's reminders to another."""
    registered = {c.chat_id: c for c in store.list_chats()}
    errors = []
    for row in rows:
        role = "supervisor" if row.supervisor else "member"
        for chat in row.chat_ids:
            known = registered.get(chat)
            if known is None:
                continue
            registered_as = known.title if known.role == "supervisor" else known.organ_name
            if known.role == "supervisor" and known.organ_name:  # a 督导 organ row of old
                registered_as = known.organ_name
            if registered_as != row.name:
                errors.append(
                    f"第{row.line}行：会话ID {chat} 已登记为「{known.organ_name or '未知单位'}」"
                    "的会话，请核对；如确需改到本单位，请在该会话中重新 /register。"
                )
            elif known.role != role:
                what = "督导" if known.role == "supervisor" else "报告单位"
                errors.append(
                    f"第{row.line}行：会话ID {chat} 已登记为{what}会话，与类型「{row.kind}」不符。"
                )
    if errors:
        raise InputError(
            f"有{len(errors)}行与已登记的会话冲突，未导入任何单位：\n" + "\n".join(errors)
        )


def import_organs(store: Store, rows: Sequence[OrganRow]) -> ImportSummary:
    """Create or update each organ and register and approve its chats; idempotent.

    Checks every row against the chats already registered before writing anything.
    """
    check_conflicts(store, rows)
    organs = {o.name: o for o in store.list_organs()}
    chats = {c.chat_id: c for c in store.list_chats()}
    offices = {c.title for c in chats.values() if c.role == "supervisor" and c.organ_id is None}
    created = updated = added = changed = unchanged = 0
    for row in rows:
        if row.supervisor:  # supervisors are chats with a region, not organ rows
            is_new = row.name not in offices and row.name not in organs
            created += is_new
            row_changed = is_new
            for chat_id in row.chat_ids:
                known = chats.get(chat_id)
                if known is None:
                    added += 1
                    row_changed = True
                elif not known.approved or known.region != row.region:
                    changed += 1
                    row_changed = True
                store.register_supervisor(chat_id, row.name, row.region)
            unchanged += not row_changed
            continue
        before = organs.get(row.name)
        if before is None:
            created += 1
        elif (before.kind, before.region) != (row.kind, row.region):
            updated += 1
        store.upsert_organ(row.name, kind=row.kind, region=row.region, demo=False)
        role = "supervisor" if row.supervisor else "member"
        row_changed = before is None or (before.kind, before.region) != (row.kind, row.region)
        for chat_id in row.chat_ids:
            known = chats.get(chat_id)
            if known is None:
                added += 1
                row_changed = True
            elif not known.approved or (row.supervisor and known.region != row.region):
                changed += 1
                row_changed = True
            store.register_chat(chat_id, row.name, role, region=row.region)
            store.approve_chat(chat_id)
        unchanged += not row_changed
    return ImportSummary(len(rows), created, updated, added, changed, unchanged)


# -- listing --------------------------------------------------------------------------------


def list_roster(store: Store, region: str | None = None) -> list[OrganListing]:
    """Every organ (of ``region``) with its approved and waiting chats, by name; the
    internal organ supervisor messages are recorded under is left out."""
    from services.remind import SUPERVISOR_ORGAN

    approved: dict[int, list[int]] = {}
    pending: dict[int, list[int]] = {}
    offices: dict[tuple[str, str | None], list[int]] = {}
    for chat in store.list_chats():
        if chat.organ_id is not None:
            (approved if chat.approved else pending).setdefault(chat.organ_id, []).append(
                chat.chat_id
            )
        elif chat.role == "supervisor" and chat.title:
            offices.setdefault((chat.title, chat.region), []).append(chat.chat_id)
    listing = [
        OrganListing(
            o.name,
            o.kind,
            o.region,
            tuple(approved.get(o.id, ())),
            tuple(pending.get(o.id, ())),
        )
        for o in store.list_organs(region)
        if o.name != SUPERVISOR_ORGAN
    ]
    listing += [
        OrganListing(name, SUPERVISOR_KIND, where, tuple(ids))
        for (name, where), ids in offices.items()
        if region is None or where == region
    ]
    return sorted(listing, key=lambda o: o.name)
