"""Opening WeCom callbacks: the signature, the AES envelope, and replays.

WeCom signs every callback (``msg_signature`` = SHA-1 of the sorted token, timestamp, nonce
and ciphertext) and encrypts the message with the app's EncodingAESKey; wechatpy's
``WeChatCrypto`` checks and opens both (its ``enterprise`` module is WeCom's, renamed
``work`` in wechatpy 2). On top of the spec, a request is refused when its timestamp is more
than ``WINDOW`` seconds from now, or when its (timestamp, nonce) pair was already used: a
captured request cannot be played again later, nor within the window. A second message with
an already seen ``MsgId`` (WeCom retries when it gets no answer in 5 seconds) is
acknowledged but not processed again.

    guard = CallbackGuard.from_settings(settings)
    echo = guard.verify_url(signature, timestamp, nonce, echostr)    # GET: URL verification
    message = guard.open(body, signature, timestamp, nonce)          # POST: a dict of fields
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import xmltodict
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException

from base.errors import ConfigError
from base.numbers import small_int
from base.settings import Settings

WINDOW = 300
"""Seconds a callback's timestamp may be off from now (WeCom posts within seconds)."""
REMEMBERED = 100_000
"""Nonces and message ids kept at most (older ones are past the window anyway)."""


class Refused(Exception):
    """A callback that must not be processed: bad signature, stale, replayed, malformed."""


class Duplicate(Exception):
    """A message already received (same MsgId): acknowledge it, do not process it again."""


class _Seen:
    """Keys seen in the last ``ttl`` seconds, bounded in number."""

    def __init__(self, ttl: float, clock: Callable[[], float]) -> None:
        self.ttl, self.clock = ttl, clock
        self._at: OrderedDict[str, float] = OrderedDict()

    def add(self, key: str) -> bool:
        """Remember ``key``; False when it was already there."""
        now = self.clock()
        while self._at and (
            next(iter(self._at.values())) < now - self.ttl or len(self._at) >= REMEMBERED
        ):
            self._at.popitem(last=False)
        if key in self._at:
            return False
        self._at[key] = now
        return True


def require_crypto(settings: Settings) -> tuple[str, str, str]:
    """Token, EncodingAESKey and corp id; a ConfigError naming what is missing or wrong."""
    token = settings.wecom_token.get_secret_value().strip() if settings.wecom_token else ""
    key = settings.wecom_aes_key.get_secret_value().strip() if settings.wecom_aes_key else ""
    corp = (settings.wecom_corp_id or "").strip()
    missing = [
        n
        for n, v in (
            ("XXGK_WECOM_TOKEN", token),
            ("XXGK_WECOM_AES_KEY", key),
            ("XXGK_WECOM_CORP_ID", corp),
        )
        if not v
    ]
    if missing:
        raise ConfigError(
            f"未设置企业微信回调参数：{'、'.join(missing)}（在应用的“接收消息—设置API接收”中填写）。"
        )
    if len(key) != 43:
        raise ConfigError("XXGK_WECOM_AES_KEY 应为企业微信后台生成的 43 位 EncodingAESKey。")
    return token, key, corp


class CallbackGuard:
    """Checks and opens callbacks of one app; keeps the nonces and message ids it saw."""

    def __init__(
        self, token: str, aes_key: str, corp_id: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.crypto = WeChatCrypto(token, aes_key, corp_id)
        self.clock = clock
        self._nonces = _Seen(2 * WINDOW, clock)
        self._messages = _Seen(24 * 3600, clock)

    @classmethod
    def from_settings(cls, settings: Settings) -> CallbackGuard:
        return cls(*require_crypto(settings))

    def _fresh(self, timestamp: str) -> None:
        sent = small_int(timestamp)  # unauthenticated: "²" or 5,000 digits raised (HTTP 500)
        if sent is None or abs(self.clock() - sent) > WINDOW:
            raise Refused("stale or missing timestamp")

    def verify_url(self, signature: str, timestamp: str, nonce: str, echostr: str) -> str:
        """The plain echostr of WeCom's URL verification (GET)."""
        try:
            echo = self.crypto.check_signature(signature, timestamp, nonce, echostr)
        except Exception as exc:  # a wrong signature, or an echostr that does not decrypt
            raise Refused("bad signature") from exc
        self._fresh(timestamp)
        return str(echo.decode() if isinstance(echo, bytes) else echo)

    def open(self, body: bytes, signature: str, timestamp: str, nonce: str) -> dict[str, Any]:
        """The message's fields (``FromUserName``, ``MsgType``, ``Content``, …)."""
        try:
            envelope = xmltodict.parse(body)["xml"]
            if not isinstance(envelope, dict) or not isinstance(envelope.get("Encrypt"), str):
                raise Refused("no Encrypt element")
            plain = self.crypto.decrypt_message(envelope, signature, timestamp, nonce)
        except Refused:
            raise
        except InvalidSignatureException as exc:
            raise Refused("bad signature") from exc
        except Exception as exc:  # malformed XML, wrong key or corp id, bad padding
            raise Refused(f"cannot open: {type(exc).__name__}") from exc
        self._fresh(timestamp)
        if not self._nonces.add(f"{timestamp}:{nonce}"):
            raise Refused("replayed nonce")
        try:
            message = xmltodict.parse(plain)["xml"]
        except Exception as exc:
            raise Refused("malformed message") from exc
        if not isinstance(message, dict) or not message.get("FromUserName"):
            raise Refused("no sender")
        fields = {k: v for k, v in message.items() if isinstance(v, str)}
        if not self._messages.add(message_key(fields)):
            raise Duplicate(message_key(fields))
        return fields


def message_key(message: dict[str, str]) -> str:
    """What identifies one message: its MsgId, or for an event its sender, time and kind."""
    if message.get("MsgId"):
        return f"msg:{message['MsgId']}"
    parts = (message.get(k, "") for k in ("FromUserName", "CreateTime", "Event", "EventKey"))
    return "event:" + ":".join(parts)
