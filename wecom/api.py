"""The WeCom server API the channel calls: access token, message/send, media upload and
download, and the group robot webhook.

httpx (async) rather than wechatpy's ``WeChatClient``: that client is synchronous
(``requests``), refreshes the token without a lock (every worker thread would fetch its own
after an expiry) and reads a whole media file into memory, so the upload limit could not be
enforced before the download. wechatpy still does the callback crypto (``wecom.callback``).

The access token is fetched once and shared; when it expires (by its ``expires_in``, or
because WeCom answers 40014/42001) exactly one request fetches a new one while the others
wait for it: ``token_fetches`` counts the fetches.

    client = WeComClient(settings)
    await client.send_text("zhangsan", "你好")
    data = await client.download_media(media_id, limit=settings.max_upload_bytes)
    await client.aclose()
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import httpx

from base.errors import ConfigError, ServiceUnavailable
from base.numbers import small_int
from base.settings import Settings
from ingest.readers.errors import too_large

logger = logging.getLogger(__name__)

TOKEN_ERRORS = frozenset({40014, 42001, 41001})
"""invalid, expired, missing access_token: fetch a new one and retry once."""
BUSY = -1
"""WeCom's 系统繁忙: the call is retried once after ``BUSY_PAUSE`` seconds."""
BUSY_PAUSE = 1.0
TOKEN_MARGIN = 300.0
"""Seconds before its stated expiry that a token is renewed."""
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
CHUNK = 64 * 1024


class WeComError(ServiceUnavailable):
    """WeCom answered with a non-zero ``errcode`` (or could not be reached)."""

    def __init__(self, message: str, errcode: int | None = None) -> None:
        super().__init__(message)
        self.errcode = errcode


@dataclass(frozen=True, slots=True)
class Media:
    """A downloaded file: its name as WeCom gives it and its bytes."""

    filename: str
    data: bytes


def require_app(settings: Settings) -> tuple[str, int, str]:
    """corp id, agent id and secret; a ConfigError naming what is missing."""
    secret = settings.wecom_secret.get_secret_value().strip() if settings.wecom_secret else ""
    missing = [
        name
        for name, value in (
            ("XXGK_WECOM_CORP_ID", settings.wecom_corp_id),
            ("XXGK_WECOM_AGENT_ID", settings.wecom_agent_id),
            ("XXGK_WECOM_SECRET", secret),
        )
        if not value
    ]
    if missing:
        raise ConfigError(
            f"未设置企业微信应用参数：{'、'.join(missing)}（在企业微信管理后台“应用管理”中查看）。"
        )
    assert settings.wecom_corp_id and settings.wecom_agent_id
    return settings.wecom_corp_id.strip(), settings.wecom_agent_id, secret


def _filename(disposition: str) -> str:
    """The file name of a ``Content-Disposition`` header (``filename*=UTF-8''…`` first)."""
    m = re.search(r"filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)", disposition)
    if m:
        return unquote(m.group(1).strip())
    m = re.search(r'filename\s*=\s*"([^"]*)"', disposition) or re.search(
        r"filename\s*=\s*([^;]+)", disposition
    )
    return m.group(1).strip() if m else ""


class WeComClient:
    """One app's API client; share one per process (it holds the token and the connections)."""

    def __init__(self, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None):
        self.corp_id, self.agent_id, self._secret = require_app(settings)
        self.base = settings.wecom_api_base.rstrip("/")
        self._http = httpx.AsyncClient(timeout=TIMEOUT, transport=transport)
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()
        self.token_fetches = 0

    async def aclose(self) -> None:
        await self._http.aclose()

    # -- the token --------------------------------------------------------------------

    async def token(self, stale: str | None = None) -> str:
        """A valid access token. ``stale`` is one WeCom just refused: it is replaced unless
        another request has already replaced it (single flight)."""
        async with self._lock:
            fresh = self._token is not None and time.monotonic() < self._expires
            if fresh and self._token != stale:
                assert self._token is not None
                return self._token
            body = await self._get_json(
                "/cgi-bin/gettoken", {"corpid": self.corp_id, "corpsecret": self._secret}
            )
            self.token_fetches += 1
            self._token = str(body["access_token"])
            expires_in = float(body.get("expires_in", 7200))
            self._expires = time.monotonic() + max(expires_in - TOKEN_MARGIN, expires_in / 2)
            logger.info("fetched a WeCom access token (valid %ss)", int(expires_in))
            return self._token

    # -- plumbing ---------------------------------------------------------------------

    async def _get_json(self, path: str, params: dict[str, Any]) -> dict[str, Any]:
        try:
            response = await self._http.get(self.base + path, params=params)
        except httpx.HTTPError as exc:
            raise WeComError(f"无法连接企业微信接口（{type(exc).__name__}）。") from exc
        return _checked(response)

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """An API call with the token; a refused token is renewed once and the call retried
        (so is a call WeCom answers with 系统繁忙, after a pause)."""
        token = await self.token()
        for attempt in (1, 2):
            params = {**kwargs.pop("params", {}), "access_token": token}
            try:
                response = await self._http.request(
                    method, self.base + path, params=params, **kwargs
                )
                return _checked(response)
            except httpx.HTTPError as exc:
                raise WeComError(f"无法连接企业微信接口（{type(exc).__name__}）。") from exc
            except WeComError as exc:
                if exc.errcode not in (*TOKEN_ERRORS, BUSY) or attempt == 2:
                    raise
                kwargs["params"] = {k: v for k, v in params.items() if k != "access_token"}
                if exc.errcode == BUSY:
                    await asyncio.sleep(BUSY_PAUSE)
                else:
                    token = await self.token(stale=token)
        raise AssertionError("unreachable")

    # -- messages ---------------------------------------------------------------------

    async def send(self, user: str, msgtype: str, body: dict[str, Any]) -> dict[str, Any]:
        """``message/send`` of one application message to one user."""
        payload = {"touser": user, "msgtype": msgtype, "agentid": self.agent_id, msgtype: body}
        return await self._call(
            "POST",
            "/cgi-bin/message/send",
            content=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
        )

    async def send_text(self, user: str, content: str) -> dict[str, Any]:
        return await self.send(user, "text", {"content": content})

    async def send_markdown(self, user: str, content: str) -> dict[str, Any]:
        return await self.send(user, "markdown", {"content": content})

    async def upload_media(self, filename: str, data: bytes, mime: str, kind: str = "file") -> str:
        """``media/upload``: a temporary file (3 days) to send; its media_id."""
        body = await self._call(
            "POST",
            "/cgi-bin/media/upload",
            params={"type": kind},
            files={"media": (filename, data, mime)},
        )
        return str(body["media_id"])

    async def send_file(self, user: str, filename: str, data: bytes, mime: str) -> dict[str, Any]:
        media_id = await self.upload_media(filename, data, mime)
        return await self.send(user, "file", {"media_id": media_id})

    async def download_media(self, media_id: str, limit: int, filename: str = "") -> Media:
        """``media/get``: a file a user sent. Refused before reading when its
        ``Content-Length`` is over ``limit``, and cut off when more bytes than that come."""
        token = await self.token()
        for attempt in (1, 2):
            params = {"access_token": token, "media_id": media_id}
            try:
                async with self._http.stream(
                    "GET", self.base + "/cgi-bin/media/get", params=params
                ) as response:
                    kind = response.headers.get("content-type", "")
                    if not kind.startswith(("application/json", "text/plain")):
                        return await _read_limited(response, limit, filename)
                    await response.aread()
            except httpx.HTTPError as exc:
                raise WeComError(f"无法从企业微信下载文件（{type(exc).__name__}）。") from exc
            try:
                _checked(response)
            except WeComError as exc:
                if exc.errcode not in TOKEN_ERRORS or attempt == 2:
                    raise
                token = await self.token(stale=token)
                continue
            raise WeComError("企业微信没有返回文件内容。")
        raise AssertionError("unreachable")

    # -- the group robot --------------------------------------------------------------

    async def robot_send(self, key: str, msgtype: str, content: str) -> dict[str, Any]:
        """A message to a group through its robot's webhook key (no access token)."""
        payload = {"msgtype": msgtype, msgtype: {"content": content}}
        try:
            response = await self._http.post(
                self.base + "/cgi-bin/webhook/send",
                params={"key": key},
                content=json.dumps(payload, ensure_ascii=False).encode(),
                headers={"Content-Type": "application/json; charset=utf-8"},
            )
        except httpx.HTTPError as exc:
            raise WeComError(f"无法连接企业微信群机器人（{type(exc).__name__}）。") from exc
        return _checked(response)


async def _read_limited(response: httpx.Response, limit: int, filename: str) -> Media:
    """The body, refused before reading when ``Content-Length`` is over ``limit`` and cut off
    as soon as more bytes than that arrive (a missing or false header)."""
    name = _filename(response.headers.get("content-disposition", "")) or filename or "未命名文件"
    declared = response.headers.get("content-length", "")
    size = small_int(declared)
    if size is not None and size > limit:
        raise too_large(name, size, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes(CHUNK):
        size += len(chunk)
        if size > limit:
            raise too_large(name, size, limit)
        chunks.append(chunk)
    return Media(name, b"".join(chunks))


def _checked(response: httpx.Response) -> dict[str, Any]:
    """The JSON body; a WeComError for an HTTP error or a non-zero errcode."""
    if response.status_code >= 400:
        raise WeComError(f"企业微信接口返回 HTTP {response.status_code}。")
    try:
        body = response.json()
    except ValueError as exc:
        raise WeComError("企业微信接口返回了无法识别的内容。") from exc
    code = int(body.get("errcode", 0) or 0)
    if code != 0:
        raise WeComError(f"企业微信接口错误 {code}：{body.get('errmsg', '')}", errcode=code)
    return dict(body)
