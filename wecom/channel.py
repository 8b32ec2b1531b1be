"""The WeCom channel's conversation adapter: one decrypted callback message in, replies out.

Like ``bot.app`` for Telegram it only translates: the sender's UserID becomes an integer
chat id (``Store.channel_chat_id``), the access gate and the commands are
``bot.conversation``'s, and the replies go back through ``ChannelSender``. WeCom text
messages have no inline buttons, so a reply's buttons are sent as a numbered list and a
reply of just that number presses the button (as in the console). Messages of one user are
handled in order (a /register before the /approve it asks for); different users' messages run
concurrently.

Each message is claimed in storage by its MsgId before it is handled (the callback guard
already drops repeats it has seen in memory), so WeCom's retry of a message that reached a
restarted or a second server is not answered twice.

Supervisors may approve a WeCom member by UserID: ``/approve zhangsan 2`` is read as
``/approve <zhangsan's chat id> 2`` (the request number stays: it is what makes the approval
approve the request the supervisor saw).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from base.errors import XxgkError
from base.numbers import small_int
from bot import conversation as conv
from bot.dependencies import BotServices
from bot.replies import INTERNAL_ERROR, Button, Reply, error_html
from wecom.api import WeComClient
from wecom.callback import message_key
from wecom.sender import USER_CHANNEL, ChannelSender

logger = logging.getLogger(__name__)

APPROVE_CHAT = re.compile(r"/approve (\d{16,19})(?!\d)")
"""An /approve command naming a chat id as long as a channel user's."""
USER_ID = re.compile(r"[A-Za-z0-9_.@-]{1,64}")
"""What a WeCom UserID looks like (letters, digits, _ . @ -; at most 64)."""
REMEMBER = timedelta(days=1)
"""How long a handled message's id is kept in storage (WeCom retries within seconds)."""
BUSY = 8
"""Messages handled at once; the rest wait their turn, so a burst neither delays the
callbacks' answers (WeCom retries after 5 s) nor holds a hundred uploads in memory."""
FILE_TYPES = frozenset({"file"})
MEDIA_TYPES = frozenset({"image", "voice", "video", "location", "link"})


class WeComChannel:
    """Handles the messages of one app; ``spawn`` runs each in the background."""

    def __init__(self, services: BotServices, client: WeComClient, sender: ChannelSender):
        self.services = services
        self.client = client
        self.sender = sender
        self.choices: dict[int, tuple[Button, ...]] = {}
        self._chat_ids: dict[str, int] = {}
        self._locks: dict[str, tuple[asyncio.Lock, list[int]]] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self._busy = asyncio.Semaphore(BUSY)
        # notices the conversation sends later on its own (batched supervisor notices) go
        # out through this channel too
        services.deliver = self.deliver

    # -- identity -----------------------------------------------------------------------

    async def chat_id(self, user: str) -> int:
        """The integer chat id of a WeCom UserID (created on first sight)."""
        if user not in self._chat_ids:
            chat = await self.services.run(self.services.store.channel_chat_id, USER_CHANNEL, user)
            self._chat_ids[user] = chat
            self.sender.remember(chat, USER_CHANNEL, user)
        return self._chat_ids[user]

    # -- running ------------------------------------------------------------------------

    def spawn(self, message: dict[str, str]) -> None:
        """Handle ``message`` in a background task (the callback is answered at once)."""
        task = asyncio.create_task(self.handle(message))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def drain(self) -> None:
        """Wait for the messages being handled (at shutdown, and in tests)."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)

    async def handle(self, message: dict[str, str]) -> None:
        """One message, after the messages of the same user that came before it."""
        user = message["FromUserName"]
        lock, users = self._locks.setdefault(user, (asyncio.Lock(), [0]))
        users[0] += 1
        try:
            async with lock, self._busy:
                await self._handle(user, message)
        finally:
            users[0] -= 1
            if users[0] == 0:  # nobody else holds or waits for it
                del self._locks[user]

    async def _handle(self, user: str, message: dict[str, str]) -> None:
        key = message_key(message)
        try:
            chat = await self.chat_id(user)
            first = await self.services.run(
                self.services.store.claim_channel_message,
                USER_CHANNEL,
                key,
                datetime.now(UTC),
                REMEMBER,
            )
        except Exception:
            logger.exception("cannot take the message %s of WeCom user %s", key, user)
            return
        if not first:  # a retry that reached a restarted or another process
            logger.info("message %s was handled already", key)
            return
        caller = conv.Caller(chat, user)
        try:
            replies = await self._dispatch(caller, message)
        except XxgkError as exc:
            logger.info("user error for %s: %s", user, exc)
            replies = [Reply(error_html(exc))]
        except Exception:
            logger.exception("error handling a WeCom message of %s", user)
            replies = [Reply(INTERNAL_ERROR)]
        await self.send_replies(chat, replies)

    async def deliver(self, replies: list[Reply]) -> None:
        """Replies addressed to chats (``Reply.chat_id``), not answers to a message."""
        for reply in replies:
            if reply.chat_id is not None:
                await self.send_replies(reply.chat_id, [reply])

    async def by_user_id(self, reply: Reply) -> Reply:
        """The reply with each /approve command for a WeCom member written with its UserID
        (``/approve zhangsan 2``), which supervisors type, instead of the long chat id."""
        html = reply.html
        for found in set(APPROVE_CHAT.findall(html)):
            owner = await self.sender.owner(int(found))
            if owner is not None and owner[0] == USER_CHANNEL:
                html = re.sub(rf"/approve {found}(?!\d)", f"/approve {owner[1]}", html)
        return reply if html == reply.html else dataclasses.replace(reply, html=html)

    async def send_replies(self, chat: int, replies: list[Reply]) -> None:
        """Each reply to its chat; a notice to another chat that fails is logged, not raised."""
        for reply in replies:
            reply = await self.by_user_id(reply)
            target = reply.chat_id if reply.chat_id is not None else chat
            footer = ""
            if reply.buttons:
                self.choices[target] = reply.buttons
                footer = "\n".join(
                    [f"{i}. {b.label}" for i, b in enumerate(reply.buttons, 1)]
                    + ["请回复序号选择。"]
                )
            try:
                await self.sender.send_reply(target, reply, footer)
            except Exception:
                logger.warning("could not send a reply to chat %s", target, exc_info=True)
                if reply.chat_id is None:
                    return

    # -- dispatch -----------------------------------------------------------------------

    async def _dispatch(self, caller: conv.Caller, message: dict[str, str]) -> list[Reply]:
        kind = message.get("MsgType", "")
        if kind == "text":
            return await self._text(caller, (message.get("Content") or "").strip())
        if kind == "event":
            if message.get("Event") == "subscribe":
                return await conv.start(self.services, caller)
            return []
        who, refusal = await conv.gate(self.services, caller.chat_id, None)
        if refusal is not None:
            return [refusal]
        caller = conv.Caller(caller.chat_id, caller.title, who)
        if kind in FILE_TYPES and message.get("MediaId"):
            return await self._file(caller, message)
        return await conv.unsupported_message(self.services, caller)

    async def _text(self, caller: conv.Caller, text: str) -> list[Reply]:
        if not text:
            return []
        svc = self.services
        pending = self.choices.get(caller.chat_id, ())
        number = small_int(text) if pending else None
        if number is not None:
            index = number - 1
            if not 0 <= index < len(pending):
                return [Reply(f"请回复 1 到 {len(pending)} 之间的序号。")]
            data = pending[index].data
            _, refusal = await conv.gate(svc, caller.chat_id, conv.callback_command(data))
            if refusal is not None:
                return [refusal]
            del self.choices[caller.chat_id]
            result = await conv.handle_callback(svc, caller, data)
            return [result.edit, *result.more]
        self.choices.pop(caller.chat_id, None)
        name, arg = conv.parse_command(text)
        who, refusal = await conv.gate(svc, caller.chat_id, name)
        if refusal is not None:
            return [refusal]
        caller = conv.Caller(caller.chat_id, caller.title, who)
        if name == "approve":
            text = await self._approve_by_user(arg, text)
        return await conv.handle_text(svc, caller, text)

    async def _approve_by_user(self, arg: str, text: str) -> str:
        """``/approve zhangsan 2`` → ``/approve <chat id> 2`` when zhangsan is a UserID (the
        request number, and anything else typed, stays as it was)."""
        target, *rest = arg.split() or [""]
        if not target or re.fullmatch(r"-?\d+", target) or not USER_ID.fullmatch(target):
            return text
        chat = await self.services.run(
            self.services.store.channel_user_chat_id, USER_CHANNEL, target
        )
        return text if chat is None else " ".join(["/approve", str(chat), *rest])

    async def _file(self, caller: conv.Caller, message: dict[str, str]) -> list[Reply]:
        """Check an uploaded draft: refused before the download when too large."""
        media_id = message["MediaId"]
        limit = self.services.settings.max_upload_bytes
        name = message.get("FileName") or message.get("Title") or ""
        size_text = message.get("FileSize", "")
        size = small_int(size_text)

        def fetcher(data: bytes) -> Callable[[], Any]:
            async def fetch() -> bytes:
                return data

            return fetch

        if not name:
            # WeCom gave no name: it comes with the download (Content-Disposition), which is
            # still refused before reading when the stated size is over the limit
            if size is not None and size > limit:
                return await conv.check_document(self.services, caller, "", size, _never)
            media = await self.client.download_media(media_id, limit)
            return await conv.check_document(
                self.services, caller, media.filename, len(media.data), fetcher(media.data)
            )

        async def fetch() -> bytes:
            return (await self.client.download_media(media_id, limit, name)).data

        return await conv.check_document(self.services, caller, name, size, fetch)


async def _never() -> bytes:
    raise AssertionError("the conversation refuses before downloading")
