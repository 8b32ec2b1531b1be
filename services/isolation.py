"""Parsing an untrusted file in a worker process with a memory cap, so one hostile file (a
zip bomb, a PDF whose content streams inflate to gigabytes) cannot take the bot, every other
chat, or the operator's machine down.

The bot's worker is a ``spawn`` process whose address space is capped with ``RLIMIT_AS``; when
a file needs more, the worker fails (``MemoryError``) or dies, and the caller gets one Chinese
message instead. The pool is created on first use and rebuilt after a worker died.

A command (``xxgk check``, ``parse``, ``ingest``) parses in a ``fork`` child instead
(``parse_file_isolated``): it inherits the modules already loaded, so a one-off check does not
pay for starting an interpreter; its cap is the parent's address space plus the same budget.
A process with several threads cannot fork safely and uses the spawn worker.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from base.errors import InputError
from base.settings import Settings
from services.parsing import ParsedFile, parse_bytes, read_file

logger = logging.getLogger(__name__)

MEMORY_CAP_BYTES = 1024 * 1024 * 1024
"""Address space of the worker (virtual memory): a 19 MB text report peaks near 400 MB of it,
an idle worker uses ~90 MB."""
TIMEOUT_SECONDS = 300.0

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _limit_memory(cap: int) -> None:
    """Load the readers and the parser (and their native libraries) first, then cap: the cap
    is for what one file makes the worker hold, not for importing code."""
    import resource

    import ingest.readers  # noqa: F401 - imported for its side effect (loaded before the cap)
    from ingest.parser import _t2s

    _t2s()
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _new_pool() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_limit_memory,
        initargs=(MEMORY_CAP_BYTES,),
    )


def too_big(name: str) -> InputError:
    return InputError(
        f"「{name}」读取时占用内存过多，为保护系统已停止处理。"
        "请在 Word 或 WPS 中打开后另存为 DOCX 或 PDF（去掉嵌入的大图片或对象）再上传。"
    )


def parse_bytes_isolated(data: bytes, filename: str, settings: Settings) -> ParsedFile:
    """``parse_bytes`` in the capped worker; ``InputError`` when the file is unreadable or needs
    more memory than the cap."""
    global _pool
    with _lock:
        if _pool is None:
            _pool = _new_pool()
        pool = _pool
    future = pool.submit(parse_bytes, data, filename, settings)
    try:
        return _result(future, filename)
    except InputError:
        if not future.done() or isinstance(future.exception(), BrokenProcessPool):
            with _lock:  # a dead or stuck worker: the next file gets a new one
                if _pool is pool:
                    _pool = None
            _stop(pool)
        raise


def parse_file_isolated(path: Path, settings: Settings) -> ParsedFile:
    """``parse_file`` for a command: the file is read here (within the upload limit) and
    parsed in a capped child process; the same messages as the bot's worker."""
    return parse_bytes_once(read_file(path, settings), Path(path).name, settings)


def parse_bytes_once(data: bytes, name: str, settings: Settings) -> ParsedFile:
    """``parse_bytes`` in a capped ``fork`` child made for this file (a command's one-off
    parse), or in the spawn worker when this process has other threads."""
    if not _single_threaded():
        return parse_bytes_isolated(data, name, settings)
    pool = ProcessPoolExecutor(
        max_workers=1,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_limit_memory,
        initargs=(_address_space() + MEMORY_CAP_BYTES,),
    )
    future = pool.submit(parse_bytes, data, name, settings)
    try:
        parsed = _result(future, name)
    except BaseException:
        if future.done():  # the child answered (a refused file): it is idle, end it normally
            pool.shutdown(wait=True)
        else:  # stuck past the timeout, or interrupted: kill it
            # (killing an idle child left the pool's wakeup pipe to race the interpreter's
            # exit: "Bad file descriptor" and a traceback after the Chinese message)
            _stop(pool)
        raise
    pool.shutdown(wait=True)
    return parsed


def _result(future: Future[ParsedFile], filename: str) -> ParsedFile:
    """The worker's answer, or ``InputError`` with the one message a user can act on."""
    try:
        return future.result(TIMEOUT_SECONDS)
    except (MemoryError, ImportError) as exc:  # a library that cannot map memory any more
        logger.info("parsing %s hit the worker's memory cap", filename)
        raise too_big(filename) from exc
    except BrokenProcessPool as exc:
        logger.info("the parsing worker died on %s", filename)  # the kernel's OOM kill too
        raise too_big(filename) from exc
    except TimeoutError as exc:
        raise InputError(f"「{filename}」处理超时，请另存为 DOCX 或 PDF 后再上传。") from exc


def _stop(pool: ProcessPoolExecutor) -> None:
    """End a pool without waiting: a worker stuck on one file would block every later one."""
    for process in (getattr(pool, "_processes", None) or {}).values():
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _single_threaded() -> bool:
    """Whether ``fork`` is safe: no other thread (native ones included) may hold a lock."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False  # not Linux: the spawn worker


def _address_space() -> int:
    """This process's virtual memory size (``VmSize``), what ``RLIMIT_AS`` counts."""
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def shutdown() -> None:
    """Stop the worker (tests; the bot's exit)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
