"""Parsing an upload in a worker process with a memory cap, so one hostile file cannot take
the bot (and every other chat) down.

The worker is a ``spawn`` process whose address space is capped with ``RLIMIT_AS``; when a
file needs more, the worker fails (``MemoryError``) or dies, and the caller gets one Chinese
message instead. The pool is created on first use and rebuilt after a worker died.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from xxgk.errors import InputError
from xxgk.services.reports import ParsedFile, parse_bytes
from xxgk.settings import Settings

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
    try:
        return pool.submit(parse_bytes, data, filename, settings).result(TIMEOUT_SECONDS)
    except (MemoryError, ImportError) as exc:  # a library that cannot map memory any more
        logger.warning("parsing %s hit the worker's memory cap", filename)
        raise too_big(filename) from exc
    except BrokenProcessPool as exc:
        logger.warning("the parsing worker died on %s; starting a new one", filename)
        with _lock:
            if _pool is pool:
                _pool = None
        pool.shutdown(wait=False, cancel_futures=True)
        raise too_big(filename) from exc
    except TimeoutError as exc:
        with _lock:
            if _pool is pool:
                _pool = None
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()  # a worker stuck on one file would block every later upload
        pool.shutdown(wait=False, cancel_futures=True)
        raise InputError(f"「{filename}」处理超时，请另存为 DOCX 或 PDF 后再上传。") from exc


def shutdown() -> None:
    """Stop the worker (tests; the bot's exit)."""
    global _pool
    with _lock:
        pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
