"""The Telegram channel: one handler per command, all wired in ``build_application``.

Handlers only translate between Telegram and ``bot.conversation``: read the update, call the
command, send the replies (HTML, split under Telegram's limit; files as documents). Access
control runs first, as a ``TypeHandler`` in group -1 that stops every other handler for a chat
that may not use the bot. Updates are handled concurrently, so one chat's upload being checked
never delays another chat's answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    MessageHandler,
    TypeHandler,
    filters,
)

from base.errors import ConfigError, XxgkError
from base.settings import Settings
from bot import conversation as conv
from bot.access import Access
from bot.dependencies import BotServices
from bot.replies import Reply, error_html
from bot.splitting import plain_text, split_html

logger = logging.getLogger(__name__)

SERVICES = "services"
"""Key of the ``BotServices`` in ``application.bot_data``."""
TYPING_DELAY = 1.0
"""Seconds before a slow answer or check shows "typing…"."""


class CustomContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The callback context, with the conversation's services at hand. One context serves
    every handler of an update, so ``access`` carries the gate's finding to the command."""

    access: Access | None = None

    @property
    def services(self) -> BotServices:
        services: BotServices = self.application.bot_data[SERVICES]
        return services


# -- sending ------------------------------------------------------------------------------


def _keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data)] for b in reply.buttons]
    )


async def send_replies(context: CustomContext, chat_id: int, replies: list[Reply]) -> None:
    """Send each reply to its chat: the HTML in pieces under 4096, then its file. A notice to
    another chat that cannot be delivered is logged, not raised."""
    for reply in replies:
        if not reply.html and reply.attachment is None:
            continue  # the conversation's "say nothing" (a rate-limited flood)
        target = reply.chat_id if reply.chat_id is not None else chat_id
        try:
            await _send(context, target, reply)
        except TelegramError:
            if reply.chat_id is None:
                raise
            logger.warning("could not notify chat %s", target, exc_info=True)


async def _send(context: Any, chat_id: int, reply: Reply) -> None:
    pieces = split_html(reply.html)
    for i, piece in enumerate(pieces):
        await context.bot.send_message(
            chat_id,
            piece,
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            reply_markup=_keyboard(reply) if i == len(pieces) - 1 else None,
        )
    if reply.attachment is not None:
        a = reply.attachment
        await context.bot.send_document(
            chat_id, InputFile(io.BytesIO(a.data), filename=a.filename), filename=a.filename
        )


def _caller(update: Update, context: CustomContext) -> conv.Caller:
    chat = update.effective_chat
    assert chat is not None  # the gate lets only updates with a chat through
    return conv.Caller(chat.id, chat.title or chat.full_name, context.access)


def _argument(message: Message | None) -> str:
    """The text after the command, line breaks kept (``context.args`` would lose them)."""
    if message is None or not message.text:
        return ""
    return conv.parse_command(message.text)[1]


async def _command(update: Update, context: CustomContext, command: conv.Command) -> None:
    caller = _caller(update, context)
    replies = await command(context.services, caller, _argument(update.effective_message))
    await send_replies(context, caller.chat_id, replies)


# -- access -------------------------------------------------------------------------------


def _command_name(update: Update) -> str | None:
    if update.callback_query is not None:
        return conv.callback_command(update.callback_query.data or "")
    message = update.effective_message
    if message is not None and message.text:
        return conv.parse_command(message.text)[0]
    return None


async def answer_once(update: Update, context: CustomContext) -> None:
    """Stop an update another worker (or this one, on Telegram's redelivery) already took:
    several webhook workers share one database, and each update is answered once."""
    services = context.services
    bot_id = context.bot.id
    if not await services.run(services.store.claim_update, bot_id, update.update_id):
        logger.info("update %s already handled by another worker", update.update_id)
        raise ApplicationHandlerStop


async def gate(update: Update, context: CustomContext) -> None:
    """Let only allowed chats through; any other chat gets one refusal and nothing else."""
    if update.effective_chat is None:
        raise ApplicationHandlerStop
    who, refusal = await conv.gate(
        context.services, update.effective_chat.id, _command_name(update)
    )
    context.access = who
    if refusal is None:
        return
    if not refusal.html:  # rate-limited: already told once, say nothing more
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop
    if update.callback_query is not None:
        await update.callback_query.answer(plain_text(refusal.html)[:200], show_alert=True)
    else:
        await send_replies(context, update.effective_chat.id, [refusal])
    raise ApplicationHandlerStop


# -- one handler per command --------------------------------------------------------------


async def start(update: Update, context: CustomContext) -> None:
    """Greet and say how to register."""
    await _command(update, context, conv.start)


async def help_command(update: Update, context: CustomContext) -> None:
    """List the commands with examples."""
    await _command(update, context, conv.help_command)


async def ask(update: Update, context: CustomContext) -> None:
    """Answer ``/ask 问题``."""
    async with _typing(update, context):
        await _command(update, context, conv.ask)


async def question(update: Update, context: CustomContext) -> None:
    """Answer a plain text message as a question."""
    caller = _caller(update, context)
    text = update.effective_message.text if update.effective_message else ""
    async with _typing(update, context):
        replies = await conv.ask(context.services, caller, text or "")
    await send_replies(context, caller.chat_id, replies)


async def register(update: Update, context: CustomContext) -> None:
    """Link this chat to an organ (buttons when the name is ambiguous)."""
    await _command(update, context, conv.register)


async def invite(update: Update, context: CustomContext) -> None:
    """Supervisors: a one-time invite code for an organ."""
    await _command(update, context, conv.invite)


async def choose_organ(update: Update, context: CustomContext) -> None:
    """A button of the /register choice was pressed: register, then replace the buttons."""
    query = update.callback_query
    assert query is not None
    caller = _caller(update, context)
    result = await conv.handle_callback(context.services, caller, query.data or "")
    await query.answer(result.toast[:200])
    try:
        await query.edit_message_text(
            result.edit.html, parse_mode=ParseMode.HTML, reply_markup=_keyboard(result.edit)
        )
    except BadRequest as exc:
        # a stale button pressed twice: the message already says so (was 系统内部错误)
        if "not modified" not in str(exc).lower():
            raise
    await send_replies(context, caller.chat_id, list(result.more))


async def status(update: Update, context: CustomContext) -> None:
    """Supervisors: every organ's report state."""
    await _command(update, context, conv.status)


async def approve(update: Update, context: CustomContext) -> None:
    """Supervisors: approve a chat."""
    await _command(update, context, conv.approve)


async def deadline(update: Update, context: CustomContext) -> None:
    """The 依申请公开 deadlines for an application date."""
    await _command(update, context, conv.deadline)


async def report(update: Update, context: CustomContext) -> None:
    """The latest draft's findings."""
    await _command(update, context, conv.report)


async def draft(update: Update, context: CustomContext) -> None:
    """Draft the report from this organ's uploaded numbers and send the file."""
    await _command(update, context, conv.draft)


async def document(update: Update, context: CustomContext) -> None:
    """Check an uploaded draft (downloaded only after its name and size pass)."""
    message = update.effective_message
    assert message is not None and message.document is not None
    doc = message.document

    async def fetch() -> bytes:
        file = await doc.get_file()
        return bytes(await file.download_as_bytearray())

    caller = _caller(update, context)
    async with _typing(update, context):
        replies = await conv.check_document(
            context.services, caller, doc.file_name or "", doc.file_size, fetch
        )
    await send_replies(context, caller.chat_id, replies)


async def unknown(update: Update, context: CustomContext) -> None:
    """A command the bot does not have."""
    await _command(update, context, conv.unknown_command)


async def other(update: Update, context: CustomContext) -> None:
    """Photos, stickers and the like."""
    await _command(update, context, conv.unsupported_message)


@asynccontextmanager
async def _typing(update: Update, context: CustomContext) -> AsyncIterator[None]:
    """Show "typing…" when the block takes longer than ``TYPING_DELAY`` (a quick answer
    needs no indicator, and each one is a request)."""
    chat = update.effective_chat

    async def later() -> None:
        await asyncio.sleep(TYPING_DELAY)
        if chat is not None:
            with contextlib.suppress(TelegramError):  # only a courtesy
                await context.bot.send_chat_action(chat.id, ChatAction.TYPING)

    task = asyncio.create_task(later())
    try:
        yield
    finally:
        task.cancel()


async def error_handler(update: object, context: CustomContext) -> None:
    """Log the error, then answer politely (an XxgkError with its own message)."""
    error = context.error
    if isinstance(error, XxgkError):
        logger.info("user error: %s", error)
    else:
        logger.error("Exception while handling an update:", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    assert error is not None
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # it may have been answered already
            await update.callback_query.answer()
    try:
        await send_replies(context, update.effective_chat.id, [Reply(error_html(error))])
    except TelegramError:
        logger.warning("could not send the error reply", exc_info=True)


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Show the commands in Telegram's menu."""
    commands = [BotCommand(name, text) for name, text in conv.DESCRIPTIONS.items()]
    try:
        await application.bot.set_my_commands(commands)
    except TelegramError:
        logger.warning("could not set the command menu", exc_info=True)


class _BotHolder:
    """What ``_send`` needs of a context: the bot (for sends outside an update)."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot


# -- wiring -------------------------------------------------------------------------------


def require_token(settings: Settings) -> str:
    """The bot token; without one, a ConfigError that says where to set it."""
    token = settings.telegram_bot_token
    if token is None or not token.get_secret_value().strip():
        raise ConfigError(
            "未设置 Telegram 机器人令牌：请设置环境变量 TELEGRAM_BOT_TOKEN"
            "（向 @BotFather 申请）。没有令牌时可用 xxgk chat 在终端中使用。"
        )
    return token.get_secret_value().strip()


def build_application(
    settings: Settings, services: BotServices, *, shared_updates: bool = False
) -> Application[Any, CustomContext, Any, Any, Any, Any]:
    """The bot: builder, then the access gate, the handlers, and the error handler.
    ``shared_updates``: several workers take updates (a webhook behind a load balancer), so
    each update is first claimed in the database (``answer_once``)."""
    token = require_token(settings)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # request URLs carry the token
    application = (
        Application.builder()
        .token(token)
        .base_url(settings.telegram_base_url)
        .base_file_url(settings.telegram_base_file_url)
        .context_types(ContextTypes(context=CustomContext))
        .concurrent_updates(True)
        .post_init(_post_init)
        .build()
    )
    application.bot_data[SERVICES] = services
    holder = _BotHolder(application.bot)

    async def deliver(replies: list[Reply]) -> None:
        """Supervisors' digests, sent outside any update."""
        for reply in replies:
            if reply.chat_id is None:
                continue
            try:
                await _send(holder, reply.chat_id, reply)
            except TelegramError:
                logger.warning("could not notify chat %s", reply.chat_id, exc_info=True)

    services.deliver = deliver

    new = filters.UpdateType.MESSAGE  # edits of old messages are not answered again
    if shared_updates:
        application.add_handler(TypeHandler(Update, answer_once), group=-2)
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.add_handler(CommandHandler("start", start, filters=new))
    application.add_handler(CommandHandler("help", help_command, filters=new))
    application.add_handler(CommandHandler("ask", ask, filters=new))
    application.add_handler(CommandHandler("register", register, filters=new))
    application.add_handler(CommandHandler("status", status, filters=new))
    application.add_handler(CommandHandler("approve", approve, filters=new))
    application.add_handler(CommandHandler("invite", invite, filters=new))
    application.add_handler(CommandHandler("deadline", deadline, filters=new))
    application.add_handler(CommandHandler("report", report, filters=new))
    application.add_handler(CommandHandler("draft", draft, filters=new))
    application.add_handler(CallbackQueryHandler(choose_organ))
    application.add_handler(MessageHandler(new & filters.Document.ALL, document))
    application.add_handler(MessageHandler(new & filters.COMMAND, unknown))
    application.add_handler(MessageHandler(new & filters.TEXT, question))
    application.add_handler(MessageHandler(new & ~filters.StatusUpdate.ALL, other))

    application.add_error_handler(error_handler)
    return application
