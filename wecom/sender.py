"""Delivering messages to chat ids, whichever channel they belong to.

The conversation and the reminders address chats by integer id. A WeCom user's id and a
region's group robot have ids from ``Store.channel_chat_id``; anything else is a Telegram chat.
``ChannelSender`` looks the id up and sends an application message (``message/send``), a robot
message (``webhook/send``), or hands it to the Telegram bot when one is configured. It
satisfies ``xxgk.services.remind.Sender``, so the reminder jobs use it unchanged.

    sender = ChannelSender(client, store, settings.wecom_robot_keys, telegram=None)
    await sender.send_message(chat_id=chat, text="【年报提醒】……")      # reminders: plain text
    await sender.send_reply(chat, reply)                                # conversation replies
"""

from __future__ import annotations

import asyncio
import logging

from bot.replies import Reply
from storage.repository import Store
from wecom import formatting
from wecom.api import TOKEN_ERRORS, WeComClient, WeComError
from xxgk.services.remind import ROBOT_CHANNEL, WECOM_CHANNEL, Sender

logger = logging.getLogger(__name__)

USER_CHANNEL = WECOM_CHANNEL
"""``channel_users.channel`` of a WeCom member (the key is the member's UserID)."""


class ChannelSender:
    """Sends to WeCom users, WeCom group robots and (if given) Telegram chats."""

    def __init__(
        self,
        client: WeComClient,
        store: Store,
        robots: dict[str, str],
        telegram: Sender | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.robots = robots
        self.telegram = telegram
        self._owners: dict[int, tuple[str, str] | None] = {}
        self.markdown = True

    async def owner(self, chat_id: int) -> tuple[str, str] | None:
        """``(channel, key)`` of a channel chat id (cached: the mapping never changes)."""
        if chat_id not in self._owners:
            self._owners[chat_id] = await asyncio.to_thread(self.store.channel_user, chat_id)
        return self._owners[chat_id]

    def remember(self, chat_id: int, channel: str, key: str) -> None:
        self._owners[chat_id] = (channel, key)

    async def send_message(self, chat_id: int, text: str) -> None:
        """Plain text (a reminder, a digest), cut under the text limit."""
        owner = await self.owner(chat_id)
        if owner is None:
            if self.telegram is None:
                raise WeComError(f"会话 {chat_id} 不是企业微信成员，且未配置 Telegram 机器人。")
            await self.telegram.send_message(chat_id=chat_id, text=text)
            return
        channel, key = owner
        for piece in formatting.split_bytes(text, formatting.TEXT_LIMIT):
            if channel == ROBOT_CHANNEL:
                robot = self.robots.get(key)
                if robot is None:
                    raise WeComError(f"地区「{key}」的群机器人未配置（XXGK_WECOM_ROBOTS）。")
                await self.client.robot_send(robot, "text", piece)
            else:
                await self.client.send_text(key, piece)

    async def _markdown(self, user: str, html: str) -> bool:
        """Send ``html`` as markdown; False when WeCom refuses markdown outright (some
        private deployments and government editions do not take it): then text is used from
        now on."""
        pieces = formatting.split_bytes(
            formatting.to_markdown(html), formatting.MARKDOWN_LIMIT, markdown=True
        )
        for i, piece in enumerate(pieces):
            try:
                await self.client.send_markdown(user, piece)
            except WeComError as exc:
                if i > 0 or exc.errcode is None or exc.errcode in TOKEN_ERRORS or exc.errcode < 0:
                    raise
                logger.warning("WeCom refused markdown (%s): sending text from now on", exc)
                self.markdown = False
                return False
        return True

    async def send_reply(self, chat_id: int, reply: Reply, footer: str = "") -> None:
        """One conversation reply: its text in pieces (markdown when formatted), ``footer``
        (the numbered choices of buttons) after it, then its file."""
        owner = await self.owner(chat_id)
        if owner is None or owner[0] != USER_CHANNEL:
            text = formatting.to_plain(reply.html) + (f"\n{footer}" if footer else "")
            await self.send_message(chat_id, text)
            return
        user = owner[1]
        html = reply.html + (f"\n\n{footer}" if footer else "")
        if not (self.markdown and formatting.has_markup(html) and await self._markdown(user, html)):
            for piece in formatting.split_bytes(formatting.to_plain(html), formatting.TEXT_LIMIT):
                await self.client.send_text(user, piece)
        if reply.attachment is not None:
            a = reply.attachment
            await self.client.send_file(user, a.filename, a.data, a.mime_type)
