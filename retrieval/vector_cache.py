"""Passage vectors by content hash, so each distinct chunk text is embedded once.

Thousands of reports share template sentences and table rows ("（三）不予公开 1.属于国家秘密：
自然人 0…"); the embedding model (~16 passages/s on two cores) is the limit of ingest, so a
text embedded once is never embedded again, by this process or a later one. The cache is a
SQLite file per collection (one embedding model) in the data directory: a cache, never the
source of truth — deleting it only costs time.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np


class VectorCache:
    """``text fingerprint -> vector`` (float32), shared by the processes of one data directory."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (fp TEXT PRIMARY KEY, vector BLOB NOT NULL)"
            )

    def get(self, fingerprints: Sequence[str]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        with self._lock:
            for start in range(0, len(fingerprints), 500):
                part = list(fingerprints[start : start + 500])
                marks = ",".join("?" * len(part))
                for fp, blob in self._db.execute(
                    f"SELECT fp, vector FROM vectors WHERE fp IN ({marks})", part
                ):
                    out[fp] = np.frombuffer(blob, dtype=np.float32).astype(float).tolist()
        return out

    def put(self, vectors: dict[str, Sequence[float]]) -> None:
        rows = [(fp, np.asarray(v, dtype=np.float32).tobytes()) for fp, v in vectors.items()]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def close(self) -> None:
        self._db.close()
