"""Running the Telegram bot: long polling by default, a webhook behind a reverse proxy.

Webhook mode listens on ``XXGK_WEBHOOK_LISTEN:XXGK_WEBHOOK_PORT`` (127.0.0.1:8443 by default,
for a proxy such as nginx that terminates TLS) and registers ``XXGK_WEBHOOK_URL`` with
Telegram; the proxy forwards that URL's path unchanged. Telegram sends a secret header derived
from the bot token with every update, and the bot drops requests without it, so only Telegram
can post updates even if the URL leaks.
"""

from __future__ import annotations

import asyncio
import hashlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, TimedOut

from base.errors import ConfigError, ServiceUnavailable
from base.masking import mask_url
from base.settings import Settings
from bot.app import build_application, require_token
from bot.dependencies import BotServices
from scheduler.setup import attach_scheduler
from services.remind import Sender
from services.storage import open_store
from storage.repository import Store

logger = logging.getLogger(__name__)

_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """The arguments of ``Application.run_webhook``."""

    listen: str
    port: int
    url_path: str
    webhook_url: str
    secret_token: str


def secret_token(token: str) -> str:
    """The ``X-Telegram-Bot-Api-Secret-Token`` value: stable across restarts, not the token."""
    return hashlib.sha256(f"xxgk-webhook:{token}".encode()).hexdigest()


def webhook_config(settings: Settings) -> WebhookConfig:
    """Webhook arguments from the settings; a missing or non-https URL is a ConfigError."""
    url = (settings.webhook_url or "").strip()
    if not url:
        raise ConfigError(
            "webhook 模式需要设置公网地址 XXGK_WEBHOOK_URL（如 https://example.gov.cn/xxgk-bot）。"
        )
    parts = urlsplit(url)
    local = (parts.hostname or "") in _LOCAL_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise ConfigError(
            f"XXGK_WEBHOOK_URL「{url}」必须是 https 地址（Telegram 只向 https 推送）。"
        )
    if not parts.hostname:
        raise ConfigError(f"XXGK_WEBHOOK_URL「{url}」缺少主机名。")
    return WebhookConfig(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path=parts.path.strip("/"),
        webhook_url=url,
        secret_token=secret_token(require_token(settings)),
    )


def _require_webhook_support() -> None:
    if importlib.util.find_spec("tornado") is None:
        raise ConfigError(
            "webhook 模式需要 tornado：请安装 python-telegram-bot[webhooks]，"
            "或去掉 --webhook 使用长轮询。"
        )


def _reach_api(settings: Settings) -> None:
    """Ask the Bot API who we are (``getMe``) before anything slow: a wrong URL or token then
    fails in seconds, not after the minutes a first index takes on a fresh home."""
    bot = Bot(
        require_token(settings),
        base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url,
    )

    async def probe() -> None:
        async with bot:  # initialize() calls getMe; leaving closes the HTTP client
            pass

    asyncio.run(probe())


def _build_index(settings: Settings) -> None:
    """Build the search index and train its classifiers before the first question rather
    than during it."""
    from services.ask import warm_up

    warm_up(settings, progress=lambda message: logger.info("%s", message))


def run_bot(
    settings: Settings,
    *,
    webhook: bool = False,
    wrap: Callable[[Sender, Store], Sender] | None = None,
) -> None:
    """Run until interrupted: webhook when asked or when XXGK_WEBHOOK_URL is set, else polling.
    ``wrap(bot, store)`` gives the reminders' sender (one that also reaches other channels)."""
    require_token(settings)
    use_webhook = webhook or bool(settings.webhook_url)
    config = webhook_config(settings) if use_webhook else None
    if config is not None:
        _require_webhook_support()
    store = open_store(settings)
    try:
        _reach_api(settings)
        _build_index(settings)
        _repair(settings, store)
        application = build_application(
            settings, BotServices(settings, store), shared_updates=config is not None
        )
        # reminders, escalation and the nightly re-check run in the bot's own event loop
        attach_scheduler(application, settings, store=store, wrap=wrap)
        if config is None:
            logger.info("xxgk bot: long polling %s", settings.telegram_base_url)
            application.run_polling(allowed_updates=Update.ALL_TYPES)
        else:
            logger.info(
                "xxgk bot: webhook %s on %s:%s", config.webhook_url, config.listen, config.port
            )
            application.run_webhook(
                listen=config.listen,
                port=config.port,
                url_path=config.url_path,
                webhook_url=config.webhook_url,
                secret_token=config.secret_token,
                allowed_updates=Update.ALL_TYPES,
            )
    except (NetworkError, TimedOut) as exc:
        raise ServiceUnavailable(
            f"无法连接 Telegram Bot API（{mask_url(settings.telegram_base_url)}）："
            "请检查网络、代理或 TELEGRAM_BASE_URL 设置后重试。"
        ) from exc
    except InvalidToken as exc:
        raise ConfigError("Telegram 机器人令牌无效：请检查 TELEGRAM_BOT_TOKEN。") from exc
    finally:
        from services.isolation import shutdown

        shutdown()
        store.close()


def _repair(settings: Settings, store: Store) -> None:
    """What a crash left: stored reports not yet indexed are indexed before serving."""
    from services.ingesting import repair_index

    try:
        summary = repair_index(settings, store, progress=lambda m: logger.info("%s", m))
    except Exception:
        logger.exception("could not repair the index at start-up; run xxgk doctor")
        return
    if summary.indexed or summary.failed:
        logger.info(
            "start-up repair: %d reports indexed, %d failed",
            len(summary.indexed),
            len(summary.failed),
        )
