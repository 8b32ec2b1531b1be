"""A local Telegram Bot API server for tests and benchmarks: the real ``Application`` talks to it
over HTTP on 127.0.0.1, so polling, form and multipart encoding, file downloads and error
mapping are exercised as against Telegram itself.

    emu = BotApiEmulator(TOKEN)
    await emu.start()
    app = Application.builder().token(TOKEN).base_url(emu.base_url)
          .base_file_url(emu.base_file_url).build()
    ...
    await emu.push_text("/start", chat_id=42)           # adds the bot_command entity
    (call,) = await emu.wait_call("sendMessage")
    assert call.params["chat_id"] == 42
    await emu.release_polls()                            # before stopping the updater
    await emu.stop()

What Telegram enforces and the bot must respect is enforced here too: a text longer than 4096
UTF-16 code units, an empty text, and HTML that Telegram cannot parse are rejected with the
same 400 ``Bad Request`` descriptions. Every call is recorded in ``calls``.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

__all__ = [
    "BOT_USER",
    "MAX_MESSAGE_LENGTH",
    "BotApiEmulator",
    "Call",
    "HtmlError",
    "check_telegram_html",
    "polling",
]

MAX_MESSAGE_LENGTH = 4096
"""Telegram's limit for a message text, in UTF-16 code units."""

BOT_USER: dict[str, Any] = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "信息公开助手",
    "username": "xxgk_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

_INT_FIELDS = frozenset({"chat_id", "message_id", "offset", "limit", "timeout", "from_chat_id"})
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "allowed_updates",
        "commands",
        "link_preview_options",
        "reply_parameters",
        "scope",
    }
)
_ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    }
)
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


class HtmlError(ValueError):
    """Text Telegram would refuse with "can't parse entities"."""


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            raise HtmlError(f'Unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise HtmlError(f'Unsupported start tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise HtmlError(f'Unmatched end tag "{tag}"')
        self.stack.pop()


def check_telegram_html(text: str) -> None:
    """Raise ``HtmlError`` for HTML that Telegram's parse_mode=HTML rejects: unknown or
    unbalanced tags, and ``<``/``&`` that start neither a tag nor an entity."""
    for m in re.finditer(r"&", text):
        if not _ENTITY.match(text, m.start()):
            raise HtmlError(f"Character '&' at byte offset {m.start()} must be escaped")
    for m in re.finditer(r"<", text):
        if not re.match(r"</?[a-zA-Z][\w-]*(\s[^<>]*)?>", text[m.start() :]):
            raise HtmlError(f"Unexpected '<' at byte offset {m.start()}")
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    if checker.stack:
        raise HtmlError(f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"')


def visible_text(text: str) -> str:
    """What the user sees of an HTML message: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API request the bot made, with its decoded parameters and uploaded files."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    at: float = 0.0
    error: str | None = None
    """The 400 description when the emulator refused the call (as Telegram would)."""
    result: Any = None
    """What the emulator answered (the sent ``Message`` for sendMessage)."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        """Unpack as ``(method, params, files)``."""
        return iter((self.method, self.params, self.files))


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class BotApiEmulator:
    """The Bot API methods the xxgk bot uses, plus helpers to push user updates."""

    def __init__(self, token: str, *, host: str = "127.0.0.1") -> None:
        self.token = token
        self.host = host
        self.port = 0
        self.calls: list[Call] = []
        self.webhook: dict[str, Any] | None = None
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, data)
        self._paths: dict[str, bytes] = {}
        self._sent: dict[tuple[int, int], dict[str, Any]] = {}  # (chat, message_id) -> message
        self._cond = asyncio.Condition()
        self._released = False
        self._delivered = 0  # highest update_id handed to the bot
        self._runner: web.AppRunner | None = None

    # -- lifecycle --------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        await self.release_polls()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def release_polls(self) -> None:
        """Answer pending and later long polls at once, so that stopping the updater does
        not wait for the poll timeout."""
        async with self._cond:
            self._released = True
            self._cond.notify_all()

    # -- what the user does -----------------------------------------------------------

    async def push_text(
        self,
        text: str,
        *,
        chat_id: int = 1001,
        user_id: int | None = None,
        chat_type: str = "private",
        title: str | None = None,
    ) -> dict[str, Any]:
        """A user sends ``text``; a leading ``/command`` gets its bot_command entity."""
        message = self.text_message(
            text, chat_id=chat_id, user_id=user_id, chat_type=chat_type, title=title
        )
        return await self._push({"message": message})

    def text_message(
        self,
        text: str,
        *,
        chat_id: int = 1001,
        user_id: int | None = None,
        chat_type: str = "private",
        title: str | None = None,
    ) -> dict[str, Any]:
        """The ``Message`` of a user's text as Telegram sends it (e.g. to post to a webhook)."""
        message = self._user_message(chat_id, user_id, chat_type, title)
        message["text"] = text
        m = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
        if m:
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": m.end()}]
        return message

    async def push_document(
        self,
        filename: str,
        data: bytes,
        mime_type: str = "application/octet-stream",
        *,
        chat_id: int = 1001,
        user_id: int | None = None,
        chat_type: str = "private",
        file_size: int | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        """A user sends a file; ``file_size`` may claim a size other than ``len(data)``."""
        n = next(self._file_ids)
        file_id = f"doc-{n}"
        suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        path = f"documents/file_{n}.{suffix}"
        self._files[file_id] = (path, data)
        self._paths[path] = data
        message = self._user_message(chat_id, user_id, chat_type, None)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": filename,
            "mime_type": mime_type,
            "file_size": len(data) if file_size is None else file_size,
        }
        if caption is not None:
            message["caption"] = caption
        return await self._push({"message": message})

    async def push_photo(
        self, *, chat_id: int = 1001, caption: str | None = None
    ) -> dict[str, Any]:
        """A user sends a photo (not a file)."""
        message = self._user_message(chat_id, None, "private", None)
        n = next(self._file_ids)
        message["photo"] = [
            {"file_id": f"photo-{n}", "file_unique_id": f"up{n}", "width": 90, "height": 90}
        ]
        if caption is not None:
            message["caption"] = caption
        return await self._push({"message": message})

    async def push_callback(
        self,
        data: str,
        message: dict[str, Any],
        *,
        user_id: int | None = None,
    ) -> dict[str, Any]:
        """A user presses an inline button with ``data`` under the bot's ``message``."""
        chat_id = message["chat"]["id"]
        query = {
            "id": str(next(self._callback_ids)),
            "from": self._user(user_id or chat_id),
            "message": message,
            "chat_instance": f"ci-{chat_id}",
            "data": data,
        }
        return await self._push({"callback_query": query})

    # -- what the bot did -------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def texts_to(self, chat_id: int) -> list[str]:
        """The texts of every accepted sendMessage to ``chat_id``, in order."""
        return [
            c.params["text"]
            for c in self.calls_to("sendMessage")
            if c.params.get("chat_id") == chat_id and c.error is None
        ]

    @property
    def refused(self) -> list[Call]:
        """Calls the emulator rejected (too long, bad HTML, unknown method …)."""
        return [c for c in self.calls if c.error is not None]

    async def wait_call(
        self,
        method: str,
        count: int = 1,
        *,
        timeout: float = 10.0,
        where: Callable[[Call], bool] | None = None,
    ) -> list[Call]:
        """Wait until the bot has made ``count`` calls of ``method`` (matching ``where``)
        and return them; ``TimeoutError`` says which calls did arrive."""

        def matching() -> list[Call]:
            return [c for c in self.calls_to(method) if where is None or where(c)]

        async def wait() -> list[Call]:
            async with self._cond:
                await self._cond.wait_for(lambda: len(matching()) >= count)
                return matching()[:count]

        try:
            return await asyncio.wait_for(wait(), timeout)
        except TimeoutError:
            seen = [c.method for c in self.calls if c.method != "getUpdates"]
            raise TimeoutError(
                f"waited {timeout}s for {count}× {method}, got {len(matching())}; calls: {seen}"
            ) from None

    async def wait_delivered(self, timeout: float = 10.0) -> None:
        """Wait until the bot has fetched every update pushed so far; after that,
        ``Application.stop()`` waits for their handlers to finish."""

        async def wait() -> None:
            async with self._cond:
                await self._cond.wait_for(
                    lambda: not self._updates or self._delivered >= self._updates[-1]["update_id"]
                )

        await asyncio.wait_for(wait(), timeout)

    def sent_message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message the bot sent, as the Bot API returned it (for ``push_callback``)."""
        return self._sent[(chat_id, message_id)]

    # -- HTTP -------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _json({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)
        method = request.match_info["method"]
        params, files = await _read_params(request)
        handler = getattr(self, f"_m_{method}", None)
        try:
            if handler is None:
                raise _ApiError(404, "Not Found")
            result = await handler(params, files)
            error = None
        except _ApiError as exc:
            result, error = None, exc
        if method != "getUpdates":
            description = error.description if error else None
            call = Call(method, params, files, time.monotonic(), description, result)
            async with self._cond:
                self.calls.append(call)
                self._cond.notify_all()
        if error is not None:
            return _json(
                {"ok": False, "error_code": error.status, "description": error.description},
                error.status,
            )
        return _json({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        data = self._paths.get(request.match_info["path"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    # -- methods ----------------------------------------------------------------------

    async def _m_getMe(self, params: dict[str, Any], files: Any) -> Any:
        return BOT_USER

    async def _m_deleteWebhook(self, params: dict[str, Any], files: Any) -> Any:
        self.webhook = None
        return True

    async def _m_setWebhook(self, params: dict[str, Any], files: Any) -> Any:
        self.webhook = params
        return True

    async def _m_setMyCommands(self, params: dict[str, Any], files: Any) -> Any:
        return True

    async def _m_sendChatAction(self, params: dict[str, Any], files: Any) -> Any:
        return True

    async def _m_answerCallbackQuery(self, params: dict[str, Any], files: Any) -> Any:
        if len(params.get("text") or "") > 200:
            raise _ApiError(400, "Bad Request: message is too long")
        return True

    async def _m_getUpdates(self, params: dict[str, Any], files: Any) -> Any:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        async with self._cond:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and not self._released and timeout > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._cond.wait_for(lambda: bool(self._updates) or self._released),
                        timeout,
                    )
            batch = self._updates[:limit]
            if batch:
                self._delivered = max(self._delivered, batch[-1]["update_id"])
                self._cond.notify_all()
        if not batch and self._released:
            await asyncio.sleep(0.005)  # the updater may poll again before it stops
        return batch

    async def _m_sendMessage(self, params: dict[str, Any], files: Any) -> Any:
        text = _check_text(params)
        return self._bot_message(params["chat_id"], {"text": text}, params)

    async def _m_editMessageText(self, params: dict[str, Any], files: Any) -> Any:
        text = _check_text(params)
        key = (params.get("chat_id"), params.get("message_id"))
        message = self._sent.get(key)  # type: ignore[arg-type]
        if message is None:
            raise _ApiError(400, "Bad Request: message to edit not found")
        if message.get("text") == visible_text(text) and "reply_markup" not in params:
            raise _ApiError(400, "Bad Request: message is not modified")
        message = {**message, "text": visible_text(text), "edit_date": int(time.time())}
        message.pop("reply_markup", None)
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self._sent[key] = message  # type: ignore[index]
        return message

    async def _m_sendDocument(self, params: dict[str, Any], files: Any) -> Any:
        if "document" not in files:
            raise _ApiError(400, "Bad Request: there is no document in the request")
        name, data = files["document"]
        caption = params.get("caption")
        if caption is not None:
            if utf16_len(caption) > 1024:
                raise _ApiError(400, "Bad Request: message caption is too long")
            if params.get("parse_mode") == "HTML":
                _check_html(caption)
        doc = {
            "file_id": f"sent-{name}",
            "file_unique_id": name,
            "file_name": name,
            "file_size": len(data),
        }
        return self._bot_message(params["chat_id"], {"document": doc, "caption": caption}, params)

    async def _m_getFile(self, params: dict[str, Any], files: Any) -> Any:
        file_id = params.get("file_id")
        if file_id not in self._files:
            raise _ApiError(400, "Bad Request: invalid file_id")
        path, data = self._files[file_id]
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data),
            "file_path": path,
        }

    # -- building updates -------------------------------------------------------------

    @staticmethod
    def _user(user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"用户{user_id}",
            "language_code": "zh-hans",
        }

    def _user_message(
        self, chat_id: int, user_id: int | None, chat_type: str, title: str | None
    ) -> dict[str, Any]:
        user = self._user(user_id or abs(chat_id))
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = user["first_name"]
        else:
            chat["title"] = title or f"群{chat_id}"
        return {
            "message_id": next(self._message_ids),
            "from": user,
            "chat": chat,
            "date": int(time.time()),
        }

    def _bot_message(
        self, chat_id: Any, content: dict[str, Any], params: dict[str, Any]
    ) -> dict[str, Any]:
        chat_type = "private" if isinstance(chat_id, int) and chat_id > 0 else "group"
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": BOT_USER,
            "chat": {"id": chat_id, "type": chat_type},
            "date": int(time.time()),
            **{k: v for k, v in content.items() if v is not None},
        }
        if "text" in message:
            message["text"] = (
                visible_text(message["text"])
                if params.get("parse_mode") == "HTML"
                else message["text"]
            )
        if "reply_markup" in params:
            message["reply_markup"] = params["reply_markup"]
        self._sent[(chat_id, message["message_id"])] = message
        return message

    async def _push(self, update: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **update}
        async with self._cond:
            self._updates.append(update)
            self._cond.notify_all()
        return update


@asynccontextmanager
async def polling(
    application: Any, emulator: BotApiEmulator, *, timeout: int = 10
) -> AsyncIterator[None]:
    """Run ``application`` with long polling against ``emulator`` for the block; on exit,
    every update already fetched has been handled."""
    async with application:
        await application.updater.start_polling(poll_interval=0, timeout=timeout)
        await application.start()
        try:
            yield
        finally:
            await emulator.release_polls()
            await application.updater.stop()
            await application.stop()


def _json(payload: Any, status: int = 200) -> web.Response:
    return web.Response(
        text=json.dumps(payload, ensure_ascii=False), status=status, content_type="application/json"
    )


def _decode(name: str, value: str) -> Any:
    if name in _INT_FIELDS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if name in _JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, tuple[str, bytes]]]:
    """Form fields, multipart files and query parameters, as PTB sends them."""
    params: dict[str, Any] = {k: _decode(k, v) for k, v in request.query.items()}
    files: dict[str, tuple[str, bytes]] = {}
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body or {})
        return params, files
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, str):
            params[key] = _decode(key, value)
        else:  # a FileField
            files[key] = (value.filename, value.file.read())
    for key, value in list(params.items()):
        # PTB refers to an uploaded file as "attach://<name>"
        if isinstance(value, str) and value.startswith("attach://"):
            ref = value.removeprefix("attach://")
            if ref in files:
                files[key] = files.pop(ref)
    return params, files


def _check_html(text: str) -> None:
    try:
        check_telegram_html(text)
    except HtmlError as exc:
        raise _ApiError(400, f"Bad Request: can't parse entities: {exc}") from None


def _check_text(params: dict[str, Any]) -> str:
    text = params.get("text")
    if not text or not str(text).strip():
        raise _ApiError(400, "Bad Request: message text is empty")
    text = str(text)
    if params.get("parse_mode") == "HTML":
        _check_html(text)
    if utf16_len(text) > MAX_MESSAGE_LENGTH:
        raise _ApiError(400, "Bad Request: message is too long")
    return text


def chunks_of(calls: Sequence[Call]) -> list[str]:
    """The texts of ``calls`` (sendMessage), e.g. to join a split answer back together."""
    return [c.params["text"] for c in calls]
