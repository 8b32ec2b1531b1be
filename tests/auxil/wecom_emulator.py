"""A local WeCom server for tests: the API the app calls, and the callbacks WeCom posts.

The real ``xxgk wecom`` server talks to it over HTTP on 127.0.0.1, as to qyapi.weixin.qq.com:

    emu = WeComEmulator()
    await emu.start()
    settings = Settings(..., wecom_api_base=emu.base_url, **emu.app_settings())
    ...                                    # start the callback server at callback_url
    status, _ = await emu.post_text("zhangsan", "/start")       # encrypted, signed, like WeCom
    (sent,) = await emu.wait_sent("zhangsan")
    await emu.stop()

API: ``/cgi-bin/gettoken`` (tokens expire after ``token_ttl`` seconds, or at once with
``expire_tokens``), ``/cgi-bin/message/send`` (text ≤ 2048 bytes, markdown ≤ 4096 bytes, file
by a known media_id), ``/cgi-bin/media/upload``, ``/cgi-bin/media/get`` (files put with
``add_media``) and the group robot ``/cgi-bin/webhook/send``. Errors come back as WeCom gives
them: HTTP 200 with a non-zero ``errcode``.

Callbacks are encrypted here independently of wechatpy (which the server uses), from the
WeCom spec: AES-256-CBC with the EncodingAESKey, IV its first 16 bytes, plaintext
``random(16) + len(msg) (4 bytes, big endian) + msg + corp_id`` with PKCS#7 padding to 32, and
``msg_signature = sha1(sorted(token, timestamp, nonce, encrypt))``.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import json
import os
import secrets
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
from aiohttp import web
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

CORP_ID = "ww0123456789abcdef"
AGENT_ID = 1000002
SECRET = "emulator-app-secret"
TOKEN = "EmulatorToken"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
TEXT_LIMIT = 2048
MARKDOWN_LIMIT = 4096


def encrypt(plain: str, aes_key: str = AES_KEY, corp_id: str = CORP_ID) -> str:
    key = base64.b64decode(aes_key + "=")
    msg = plain.encode()
    data = os.urandom(16) + struct.pack(">I", len(msg)) + msg + corp_id.encode()
    pad = 32 - len(data) % 32
    data += bytes([pad]) * pad
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def decrypt(cipher_text: str, aes_key: str = AES_KEY) -> str:
    key = base64.b64decode(aes_key + "=")
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).decryptor()
    data = decryptor.update(base64.b64decode(cipher_text)) + decryptor.finalize()
    data = data[: -data[-1]]
    (length,) = struct.unpack(">I", data[16:20])
    return data[20 : 20 + length].decode()


def signature(token: str, timestamp: str, nonce: str, encrypted: str) -> str:
    return hashlib.sha1("".join(sorted([token, timestamp, nonce, encrypted])).encode()).hexdigest()


@dataclass
class Sent:
    """One ``message/send`` (or robot webhook) call WeCom accepted."""

    to: str
    msgtype: str
    content: str
    """The text or markdown; for a file, its name."""
    data: bytes = b""
    at: float = field(default_factory=time.monotonic)


@dataclass
class Callback:
    """One request WeCom would post: the URL query and the XML body."""

    params: dict[str, str]
    body: bytes


class WeComEmulator:
    """The WeCom API on 127.0.0.1 plus a client that posts callbacks to the app."""

    def __init__(self, token_ttl: int = 7200, clock: Callable[[], float] = time.time) -> None:
        self.token_ttl = token_ttl
        self.clock = clock
        self.tokens: dict[str, float] = {}
        self.token_requests = 0
        self.sent: list[Sent] = []
        self.robot: list[Sent] = []
        self.refused: list[dict[str, Any]] = []
        self.media: dict[str, tuple[str, bytes]] = {}
        self.media_gets: list[str] = []
        self.media_completed: list[str] = []
        self.robot_keys: set[str] = set()
        self.markdown = True
        """False: markdown messages are refused (40008), as some private deployments do."""
        self.busy = 0
        """The next ``busy`` message/send calls are answered with -1 (系统繁忙)."""
        self.callback_url = ""
        self._ids = itertools.count(1)
        self._msg_ids = itertools.count(7_300_000_000_000_000_000 + secrets.randbelow(10**9) * 1000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self._http = httpx.AsyncClient(timeout=30)

    def app_settings(self) -> dict[str, Any]:
        """The ``Settings`` fields that point an app at this emulator."""
        return {
            "wecom_corp_id": CORP_ID,
            "wecom_agent_id": AGENT_ID,
            "wecom_secret": SECRET,
            "wecom_token": TOKEN,
            "wecom_aes_key": AES_KEY,
            "wecom_api_base": self.base_url,
        }

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/cgi-bin/gettoken", self._gettoken)
        app.router.add_post("/cgi-bin/message/send", self._send)
        app.router.add_post("/cgi-bin/media/upload", self._upload)
        app.router.add_get("/cgi-bin/media/get", self._media_get)
        app.router.add_post("/cgi-bin/webhook/send", self._webhook)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        await self._http.aclose()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> WeComEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- the API --------------------------------------------------------------------------

    def expire_tokens(self) -> None:
        """Every token issued so far is expired from now on (errcode 42001)."""
        for token in self.tokens:
            self.tokens[token] = 0.0

    def _token_error(self, request: web.Request) -> web.Response | None:
        token = request.query.get("access_token", "")
        if not token:
            return _error(41001, "access_token missing")
        if token not in self.tokens:
            return _error(40014, "invalid access_token")
        if self.tokens[token] <= self.clock():
            return _error(42001, "access_token expired")
        return None

    async def _gettoken(self, request: web.Request) -> web.Response:
        if request.query.get("corpid") != CORP_ID:
            return _error(40013, "invalid corpid")
        if request.query.get("corpsecret") != SECRET:
            return _error(40001, "invalid credential")
        self.token_requests += 1
        token = f"token-{next(self._ids)}-{secrets.token_hex(8)}"
        self.tokens[token] = self.clock() + self.token_ttl
        return web.json_response(
            {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": self.token_ttl}
        )

    async def _send(self, request: web.Request) -> web.Response:
        if (err := self._token_error(request)) is not None:
            return err
        payload = json.loads(await request.read())
        if self.busy > 0:
            self.busy -= 1
            return _error(-1, "system busy")
        if payload.get("agentid") != AGENT_ID:
            return _error(40056, "invalid agentid")
        kind = payload.get("msgtype")
        to = str(payload.get("touser", ""))
        if kind == "markdown" and not self.markdown:
            return self._refuse(payload, 40008, "invalid message type")
        if kind in ("text", "markdown"):
            content = str(payload.get(kind, {}).get("content", ""))
            limit = TEXT_LIMIT if kind == "text" else MARKDOWN_LIMIT
            if not content.strip():
                return self._refuse(payload, 44004, "empty content")
            if len(content.encode()) > limit:
                return self._refuse(payload, 45002, "content size out of limit")
            await self._record(self.sent, Sent(to, kind, content))
        elif kind == "file":
            media_id = payload.get("file", {}).get("media_id", "")
            if media_id not in self.media:
                return self._refuse(payload, 40007, "invalid media_id")
            name, data = self.media[media_id]
            await self._record(self.sent, Sent(to, "file", name, data))
        else:
            return self._refuse(payload, 40008, "invalid message type")
        return web.json_response({"errcode": 0, "errmsg": "ok", "msgid": f"m{next(self._ids)}"})

    def _refuse(self, payload: dict[str, Any], code: int, message: str) -> web.Response:
        self.refused.append({"payload": payload, "errcode": code})
        return _error(code, message)

    async def _upload(self, request: web.Request) -> web.Response:
        if (err := self._token_error(request)) is not None:
            return err
        post = await request.post()
        media = post.get("media")
        if not isinstance(media, web.FileField):
            return _error(41005, "media data missing")
        media_id = f"media-{next(self._ids)}"
        self.media[media_id] = (media.filename, media.file.read())
        return web.json_response(
            {
                "errcode": 0,
                "errmsg": "ok",
                "type": request.query.get("type", "file"),
                "media_id": media_id,
                "created_at": str(int(self.clock())),
            }
        )

    def add_media(self, filename: str, data: bytes) -> str:
        """A file a user sent; its media_id for a file callback."""
        media_id = f"upload-{next(self._ids)}"
        self.media[media_id] = (filename, data)
        return media_id

    async def _media_get(self, request: web.Request) -> web.StreamResponse:
        if (err := self._token_error(request)) is not None:
            return err
        media_id = request.query.get("media_id", "")
        if media_id not in self.media:
            return _error(40007, "invalid media_id")
        self.media_gets.append(media_id)
        name, data = self.media[media_id]
        response = web.StreamResponse(
            headers={
                "Content-Type": "application/octet-stream",
                "Content-Length": str(len(data)),
                "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}",
            }
        )
        await response.prepare(request)
        for i in range(0, len(data), 256 * 1024):
            await response.write(data[i : i + 256 * 1024])
        await response.write_eof()
        self.media_completed.append(media_id)
        return response

    async def _webhook(self, request: web.Request) -> web.Response:
        key = request.query.get("key", "")
        if key not in self.robot_keys:
            return _error(93000, "invalid webhook url")
        payload = json.loads(await request.read())
        kind = payload.get("msgtype")
        content = str(payload.get(kind, {}).get("content", ""))
        limit = TEXT_LIMIT if kind == "text" else MARKDOWN_LIMIT
        if not content or len(content.encode()) > limit:
            return _error(45002, "content size out of limit")
        await self._record(self.robot, Sent(key, kind, content))
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    async def _record(self, into: list[Sent], item: Sent) -> None:
        async with self._changed:
            into.append(item)
            self._changed.notify_all()

    # -- what was sent --------------------------------------------------------------------

    def sent_to(self, user: str) -> list[Sent]:
        return [s for s in self.sent if s.to == user]

    async def wait_sent(
        self, user: str, count: int = 1, timeout: float = 30.0, robot: bool = False
    ) -> list[Sent]:
        """The first ``count`` messages to ``user`` (or robot key), waiting for them."""

        def enough() -> bool:
            got = [s for s in (self.robot if robot else self.sent) if s.to == user]
            return len(got) >= count

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(enough), timeout)
        got = [s for s in (self.robot if robot else self.sent) if s.to == user]
        return got[:count]

    async def settle(self, quiet: float = 0.3, timeout: float = 30.0) -> None:
        """Wait until nothing has been sent for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        seen = -1
        while time.monotonic() < deadline:
            now = len(self.sent) + len(self.robot)
            if now == seen:
                return
            seen = now
            await asyncio.sleep(quiet)

    # -- callbacks, as WeCom posts them ---------------------------------------------------

    def callback(
        self,
        fields: dict[str, str],
        *,
        timestamp: int | None = None,
        nonce: str | None = None,
        token: str = TOKEN,
    ) -> Callback:
        """An encrypted, signed callback carrying a message with ``fields``."""
        inner = "".join(
            f"<{k}>{v}</{k}>" if v.isdigit() else f"<{k}><![CDATA[{v}]]></{k}>"
            for k, v in fields.items()
        )
        encrypted = encrypt(f"<xml>{inner}</xml>")
        ts = str(int(self.clock()) if timestamp is None else timestamp)
        nonce = nonce or secrets.token_hex(8)
        body = (
            f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>"
            f"<AgentID><![CDATA[{AGENT_ID}]]></AgentID>"
            f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
        ).encode()
        params = {
            "msg_signature": signature(token, ts, nonce, encrypted),
            "timestamp": ts,
            "nonce": nonce,
        }
        return Callback(params, body)

    def message_fields(self, user: str, msgtype: str, **extra: str) -> dict[str, str]:
        return {
            "ToUserName": CORP_ID,
            "FromUserName": user,
            "CreateTime": str(int(self.clock())),
            "MsgType": msgtype,
            **extra,
            "MsgId": str(next(self._msg_ids)),
            "AgentID": str(AGENT_ID),
        }

    async def post(self, callback: Callback) -> tuple[int, str]:
        """POST ``callback`` to the app; its HTTP status and body."""
        response = await self._http.post(
            self.callback_url, params=callback.params, content=callback.body
        )
        return response.status_code, response.text

    async def post_text(self, user: str, text: str) -> tuple[int, str]:
        return await self.post(self.callback(self.message_fields(user, "text", Content=text)))

    async def post_file(
        self, user: str, filename: str, data: bytes, *, with_size: bool = True
    ) -> tuple[int, str]:
        media_id = self.add_media(filename, data)
        extra = {"MediaId": media_id, "FileName": filename}
        if with_size:
            extra["FileSize"] = str(len(data))
        return await self.post(self.callback(self.message_fields(user, "file", **extra)))

    async def verify_url(self, echo: str = "echo-1234", **kw: Any) -> tuple[int, str]:
        """The GET WeCom sends when the admin saves the callback URL."""
        encrypted = encrypt(echo)
        ts = str(int(self.clock()))
        nonce = secrets.token_hex(8)
        params = {
            "msg_signature": kw.get("signature") or signature(TOKEN, ts, nonce, encrypted),
            "timestamp": ts,
            "nonce": nonce,
            "echostr": encrypted,
        }
        response = await self._http.get(self.callback_url, params=params)
        return response.status_code, response.text


def _error(code: int, message: str) -> web.Response:
    return web.json_response({"errcode": code, "errmsg": message})


def _quote(name: str) -> str:
    return quote(name, safe="")


__all__ = ["AES_KEY", "AGENT_ID", "CORP_ID", "SECRET", "TOKEN", "WeComEmulator"]
