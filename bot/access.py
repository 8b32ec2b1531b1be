"""Who may use the assistant, and who may see everything.

A chat may use the bot when it is in ``XXGK_ALLOWED_CHATS``, is a supervisor, or registered
with /register and was approved by a supervisor (``/approve``). Supervisors are the chats in
``XXGK_SUPERVISOR_CHATS`` (``地区:ID`` limits one to a region) and approved chats registered as
supervisors in the database. /start, /help and /register are open to every chat: registering
is how a new chat asks to be let in, and it grants nothing until a supervisor approves (or
the chat redeems a supervisor's invite code). A chat in ``XXGK_ALLOWED_CHATS`` may ask
questions, but speaks for an organ only once its registration is approved.

These functions read the database; call them through ``BotServices.run`` (a thread).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from base.settings import Settings
from services.deadlines import supervisors
from storage.records import ChatRecord
from storage.repository import Store

Role = Literal["supervisor", "member", "refused"]

OPEN_COMMANDS = frozenset({"start", "help", "register"})
"""Commands every chat may use, approved or not."""

ALL_REGIONS = "*"
OPERATOR_CHAT_ID = 0
"""The console's chat id (``xxgk chat``): the operator at the server, a supervisor of every
region in any process. Telegram never uses 0 and channel users' ids start far above it."""


@dataclass(frozen=True, slots=True)
class Access:
    """What one chat may do: its role, its registration, and for a supervisor the regions it
    oversees (``None``: every region)."""

    chat_id: int
    role: Role
    chat: ChatRecord | None
    regions: frozenset[str] | None = None

    @property
    def allowed(self) -> bool:
        return self.role != "refused"

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"

    @property
    def organ(self) -> str | None:
        """The organ this chat speaks for: a member's *approved* registration. A registration
        that waits for its supervisor grants nothing, not even to an allowed chat."""
        if self.chat is None or self.chat.role != "member" or not self.chat.approved:
            return None
        return self.chat.organ_name

    @property
    def organ_id(self) -> int | None:
        """The id of ``organ``: what every access check compares."""
        return self.chat.organ_id if self.organ is not None and self.chat else None

    def oversees(self, region: str | None) -> bool:
        return self.regions is None or (region is not None and region in self.regions)


def access_of(
    settings: Settings, store: Store, chat_id: int, local_supervisors: Collection[int] = ()
) -> Access:
    """The role of ``chat_id``: supervisor, member or refused."""
    chat = store.chat_info(chat_id)
    if chat_id in local_supervisors:
        return Access(chat_id, "supervisor", chat)
    if chat_id in settings.supervisor_chat_ids:
        regions = frozenset(r for r, ids in supervisors(settings).items() if chat_id in ids)
        return Access(chat_id, "supervisor", chat, None if ALL_REGIONS in regions else regions)
    if chat is not None and chat.approved and chat.role == "supervisor":
        regions = None if chat.region is None else frozenset({chat.region})
        return Access(chat_id, "supervisor", chat, regions)
    allowed = chat_id in settings.allowed_chat_ids or (chat is not None and chat.approved)
    return Access(chat_id, "member" if allowed else "refused", chat)
