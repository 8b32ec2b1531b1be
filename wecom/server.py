"""``xxgk wecom``: the callback server of a WeCom self-built app, on aiohttp's web server.

WeCom calls ``/wecom/callback``: a GET to verify the URL when the admin saves it (answer the
decrypted ``echostr``), a POST for every message. A POST is checked and opened
(``wecom.callback``), answered at once with ``success`` (WeCom waits 5 seconds, then retries),
and handled in a background task that replies through the message API. The reminder
scheduler runs in the same event loop and sends through the same ``ChannelSender``.

Access: ``XXGK_WECOM_ALLOWED_USERS`` and ``XXGK_WECOM_SUPERVISORS`` name UserIDs; at start-up
each is mapped to its chat id and added to the allowed and supervisor chats the conversation's
gate reads, so WeCom members pass the same gate (and approval) as Telegram chats.

    app = build_app(settings, services, client)       # tests run it with web.AppRunner
    run_wecom(settings)                               # the CLI
"""

from __future__ import annotations

import logging
from typing import Any

from aiohttp import web

from base.errors import ConfigError
from base.settings import ANY_REGION, Settings
from bot.dependencies import BotServices
from services.remind import Sender
from storage.repository import Store
from wecom.api import WeComClient, require_app
from wecom.callback import CallbackGuard, Duplicate, Refused, require_crypto
from wecom.channel import WeComChannel
from wecom.sender import USER_CHANNEL, ChannelSender

logger = logging.getLogger(__name__)

CALLBACK_PATH = "/wecom/callback"
MAX_BODY = 256 * 1024
"""Bytes a callback may carry (a text message is at most 2048 bytes, encrypted ~3 KB)."""
CHANNEL = web.AppKey("channel", WeComChannel)
GUARD = web.AppKey("guard", CallbackGuard)


def channel_settings(settings: Settings, store: Store) -> Settings:
    """``settings`` with the configured WeCom users folded into the allowed and supervisor
    chats (as their chat ids), so the conversation's gate treats them as it treats chats."""
    allowed = tuple(
        store.channel_chat_id(USER_CHANNEL, user) for user in settings.wecom_allowed_user_ids
    )
    supervisors = {region: tuple(chats) for region, chats in settings.supervisor_chats.items()}
    for region, user in settings.wecom_supervisor_users:
        key = region or ANY_REGION
        supervisors[key] = (*supervisors.get(key, ()), store.channel_chat_id(USER_CHANNEL, user))
    if not allowed and supervisors == settings.supervisor_chats:
        return settings
    return settings.model_copy(
        update={
            "allowed_chats": (*settings.allowed_chats, *allowed),
            "supervisor_chats": supervisors,
        }
    )


def _query(request: web.Request) -> tuple[str, str, str]:
    q = request.query
    return q.get("msg_signature", ""), q.get("timestamp", ""), q.get("nonce", "")


async def verify_url(request: web.Request) -> web.Response:
    """GET: WeCom checks the URL when the admin saves the 接收消息 settings."""
    signature, timestamp, nonce = _query(request)
    try:
        echo = request.app[GUARD].verify_url(
            signature, timestamp, nonce, request.query.get("echostr", "")
        )
    except Refused as exc:
        logger.warning("refused a URL verification from %s: %s", request.remote, exc)
        return web.Response(status=403, text="forbidden")
    return web.Response(text=echo)


async def receive(request: web.Request) -> web.Response:
    """POST: a message. Answered at once; handled in the background."""
    signature, timestamp, nonce = _query(request)
    try:
        body = await request.read()
        message = request.app[GUARD].open(body, signature, timestamp, nonce)
    except web.HTTPRequestEntityTooLarge:
        logger.warning("refused an oversize callback from %s", request.remote)
        return web.Response(status=413, text="too large")
    except Refused as exc:
        logger.warning("refused a callback from %s: %s", request.remote, exc)
        return web.Response(status=403, text="forbidden")
    except Duplicate as exc:
        logger.info("ignored a repeated message %s", exc)
        return web.Response(text="success")
    request.app[CHANNEL].spawn(message)
    return web.Response(text="success")


def build_app(
    settings: Settings,
    services: BotServices,
    client: WeComClient,
    *,
    telegram: Sender | None = None,
    scheduler: bool = True,
) -> web.Application:
    """The callback app. ``services.settings`` should already be ``channel_settings``.
    With ``scheduler`` the reminder jobs start and stop with it."""
    sender = ChannelSender(client, services.store, settings.wecom_robot_keys, telegram)
    app = web.Application(client_max_size=MAX_BODY)
    app[GUARD] = CallbackGuard.from_settings(settings)
    app[CHANNEL] = WeComChannel(services, client, sender)
    app.router.add_get(CALLBACK_PATH, verify_url)
    app.router.add_post(CALLBACK_PATH, receive)
    state: dict[str, Any] = {}

    async def start_jobs(app: web.Application) -> None:
        if scheduler:
            from scheduler.setup import start_scheduler

            state["scheduler"] = await start_scheduler(services.settings, services.store, sender)

    async def shutdown(app: web.Application) -> None:
        await app[CHANNEL].drain()
        if "scheduler" in state:
            from scheduler.setup import stop_scheduler

            await stop_scheduler(state.pop("scheduler"))
        await client.aclose()

    app.on_startup.append(start_jobs)
    app.on_cleanup.append(shutdown)
    return app


def run_wecom(settings: Settings) -> None:
    """Run the callback server until interrupted."""
    from services.storage import open_store

    require_app(settings)
    require_crypto(settings)
    store = open_store(settings)
    try:
        from services.ask import warm_up

        warm_up(settings, progress=lambda message: logger.info("%s", message))
        services = BotServices(channel_settings(settings, store), store)
        logging.getLogger("httpx").setLevel(logging.WARNING)  # request URLs carry the token

        async def make() -> web.Application:
            client = WeComClient(settings)
            telegram = await _telegram(settings)
            app = build_app(settings, services, client, telegram=telegram)
            if telegram is not None:

                async def close_bot(app: web.Application) -> None:
                    await telegram.shutdown()

                app.on_cleanup.append(close_bot)
            return app

        logger.info(
            "xxgk wecom: %s on %s:%s, API %s",
            CALLBACK_PATH,
            settings.wecom_listen,
            settings.wecom_port,
            settings.wecom_api_base,
        )
        try:
            web.run_app(make(), host=settings.wecom_listen, port=settings.wecom_port, print=None)
        except OSError as exc:  # the port is taken, the address is not this machine's
            raise ConfigError(
                f"无法在 {settings.wecom_listen}:{settings.wecom_port} 上监听（{exc.strerror}），"
                "请检查 XXGK_WECOM_LISTEN、XXGK_WECOM_PORT 或是否已有一个 xxgk wecom 在运行。"
            ) from exc

    finally:
        store.close()


async def _telegram(settings: Settings) -> Any:
    """The Telegram bot, when a token is set: reminders of Telegram chats go through it."""
    token = settings.telegram_bot_token
    if token is None or not token.get_secret_value().strip():
        return None
    from telegram import Bot

    bot = Bot(token.get_secret_value().strip(), base_url=settings.telegram_base_url)
    await bot.initialize()
    return bot
