"""The console channel (``xxgk chat``): the same conversation as the bot, in a terminal.

Lines are read from standard input until EOF or /quit, so it works typed or piped; replies are
printed as plain text. The person at the terminal already has the data directory, so the
console acts as a supervisor (/status, /approve) with chat id 0, and registers with /register
like any chat. Files come from disk: ``/check 路径``, or a path pasted or dragged into the
terminal on its own line (quoted or not, ``~`` expanded, ``file://`` and backslash-escaped
spaces as file managers paste them); only here, the bot never reads paths.
Buttons are printed as numbered choices; typing the number presses one. A file attached to a
reply (the full findings) is written under ``<home>/exports``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TextIO
from urllib.parse import unquote, urlparse

from base.errors import InputError, XxgkError
from base.numbers import small_int
from base.paths import safe_child
from bot import conversation as conv
from bot.access import OPERATOR_CHAT_ID
from bot.dependencies import BotServices
from bot.replies import CONSOLE, INTERNAL_ERROR, Button, Reply, error_html
from bot.splitting import plain_text

logger = logging.getLogger(__name__)

CONSOLE_CHAT_ID = OPERATOR_CHAT_ID
"""The console's chat id (Telegram never uses 0)."""
QUIT = frozenset({"/quit", "/exit", "退出"})

BANNER = (
    "信息公开助手（控制台）。直接输入问题；/check 文件路径（或直接粘贴、拖入文件）检查年报草稿；"
    "/register 机构名称 登记本机关；/status 查看进度；/help 查看全部命令；/quit 退出。"
)


class Console:
    """Reads lines, runs them through the conversation, prints the replies."""

    def __init__(self, services: BotServices, out: Callable[[str], None]) -> None:
        self.services = services
        self.out = out
        self.caller = conv.Caller(CONSOLE_CHAT_ID, "控制台", channel=CONSOLE)
        self.choices: tuple[Button, ...] = ()
        self.index_ready = False

    async def run(self, stdin: TextIO) -> None:
        """Until EOF or /quit."""
        self.out(BANNER)
        interactive = stdin.isatty()
        while True:
            if interactive:
                print("> ", end="", flush=True)
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if line.lower() in QUIT:
                break
            await self.handle(line)
        self.out("再见。")

    async def handle(self, line: str) -> None:
        """One line; errors are answered as the bot answers them, and the loop goes on."""
        try:
            await self._dispatch(line)
        except XxgkError as exc:
            self.out(plain_text(error_html(exc)))
        except Exception:
            logger.exception("error in console chat for %r", line)
            self.out(INTERNAL_ERROR)

    async def _dispatch(self, line: str) -> None:
        svc, caller = self.services, self.caller
        choice_number = small_int(line) if self.choices else None
        if choice_number is not None:
            index = choice_number - 1
            if not 0 <= index < len(self.choices):
                self.out(f"请输入 1 到 {len(self.choices)} 之间的序号。")
                return
            choice, self.choices = self.choices[index], ()
            result = await conv.handle_callback(svc, caller, choice.data)
            self.show([result.edit, *result.more])
            return
        self.choices = ()
        name, arg = conv.parse_command(line)
        if name == "check":
            self.show(await self._check(arg))
            return
        if name not in conv.COMMANDS and looks_like_path(line):  # "/home/…" is no command
            self.show(await self._check(line))
            return
        if name in (None, "ask"):
            await self._warm_up()
        _, refusal = await conv.gate(svc, caller.chat_id, name)
        self.show([refusal] if refusal else await conv.handle_text(svc, caller, line))

    async def _warm_up(self) -> None:
        """Build the search index before the first question, saying so (about a minute)."""
        if self.index_ready:
            return
        from services.ask import warm_up

        await asyncio.to_thread(warm_up, self.services.settings, self.out)
        self.index_ready = True

    async def _check(self, arg: str) -> list[Reply]:
        raw = arg.strip()
        if not raw:
            return [Reply("用法：/check 文件路径，例如 /check 2025年报草稿.docx")]
        path = pasted_path(raw)
        if not path.is_file():
            raise InputError(f"找不到文件「{path}」，请检查路径后重试。")

        async def fetch() -> bytes:
            return await asyncio.to_thread(path.read_bytes)

        size = path.stat().st_size
        return await conv.check_document(self.services, self.caller, path.name, size, fetch)

    def show(self, replies: list[Reply]) -> None:
        """Print replies as plain text; save attachments; number the buttons."""
        for reply in replies:
            if not reply.html and reply.attachment is None:
                continue  # rate-limited: say nothing
            text = plain_text(reply.html)
            if reply.chat_id is not None and reply.chat_id != CONSOLE_CHAT_ID:
                text = f"（发给会话 {reply.chat_id}）{text}"
            self.out(text)
            if reply.buttons:
                for i, button in enumerate(reply.buttons, 1):
                    self.out(f"  {i}. {button.label}")
                self.out("请输入序号选择。")
                self.choices = reply.buttons
            if reply.attachment is not None:
                folder = self.services.settings.home / "exports"
                target = safe_child(folder, reply.attachment.filename)
                target.write_bytes(reply.attachment.data)
                self.out(f"附件已保存：{target}")
            self.out("")


_QUOTES = "\"'“”‘’「」"
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_ESCAPED = re.compile(r"\\([ \\'\"()&;!$`#\[\]{}*?<>|~])")


def pasted_path(text: str) -> Path:
    """The file a pasted or dragged path names: quotes around it dropped, ``file://`` URLs
    decoded, shell escapes (a backslash before a space) undone, ``~`` expanded."""
    raw = text.strip()
    while len(raw) >= 2 and raw[0] in _QUOTES and raw[-1] in _QUOTES:
        raw = raw[1:-1].strip()
    if raw.startswith("file://"):
        raw = unquote(urlparse(raw).path)
    elif not _WINDOWS_DRIVE.match(raw):
        raw = _ESCAPED.sub(r"\1", raw)
    return Path(raw).expanduser()


def looks_like_path(line: str) -> bool:
    """Whether a line (not a command) is a file to check rather than a question: a file
    that exists, or something written like a path to one (so a typo gets "找不到文件"
    instead of an answer about nothing)."""
    from ingest.readers import SUPPORTED_SUFFIXES

    text = line.strip()
    if not text or "\n" in text or len(text) > 4096:
        return False
    path = pasted_path(text)
    try:
        if path.is_file():
            return True
    except OSError:  # a name too long for the file system, etc.
        return False
    written_as_path = text.lstrip(_QUOTES).startswith(("/", "~", "./", "../", "file://")) or bool(
        _WINDOWS_DRIVE.match(text.lstrip(_QUOTES))
    )
    return written_as_path and path.suffix.lower() in SUPPORTED_SUFFIXES


def run_console(services: BotServices, stdin: TextIO, out: Callable[[str], None]) -> None:
    """``xxgk chat``: the whole session."""
    asyncio.run(Console(services, out).run(stdin))
