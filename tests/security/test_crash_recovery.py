"""What a crash leaves is repaired: a report stored but not indexed (kill -9 mid-ingest) is
indexed by the next ingest, ``xxgk doctor`` or the next start; a reminder claimed but not sent
(a crash mid-send) is sent again, marked 【补发】, and never lost."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storage import Store
from tests.auxil.fake_embeddings import fake_embeddings
from tests.integration.test_remind import CHAT, TOWN, RecordingSender, at, make_settings, seed
from xxgk.cli import app
from xxgk.services.ask import ask
from xxgk.services.ingesting import ingest_paths, repair_index
from xxgk.services.remind import run_reminders
from xxgk.services.storage import open_store
from xxgk.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = sorted((ROOT / "corpus" / "reports").glob("*.txt"))[0]

# the ingest process is killed (os._exit, as kill -9 would) after storing the report and
# before its chunks are in the index
KILLED_INGEST = """
import os, sys
from pathlib import Path
import retrieval.indexing
retrieval.indexing.index_record = lambda *a, **k: os._exit(9)
from xxgk.settings import Settings
from xxgk.services.storage import open_store
from xxgk.services.ingesting import ingest_paths
settings = Settings()
ingest_paths(settings, open_store(settings), [Path(sys.argv[1])])
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    with fake_embeddings() as provider:
        monkeypatch.setenv("XXGK_HOME", str(tmp_path / "home"))
        monkeypatch.setenv("XXGK_EMBEDDING_PROVIDER", provider)
        yield Settings()


def killed_ingest(settings: Settings) -> None:
    env = {**os.environ, "XXGK_HOME": str(settings.home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", KILLED_INGEST, str(SAMPLE)], env=env, cwd=ROOT, timeout=300
    )
    assert done.returncode == 9


def indexed_chunks(settings: Settings, report_id: str) -> int:
    from retrieval.index import open_index

    entries = open_index(settings).lexical.entries
    return sum(e.metadata.get("report_id") == report_id for e in entries)


def stored(settings: Settings) -> list[tuple[int, bool]]:
    with open_store(settings) as store:
        return [(r.id, r.indexed_at is not None) for r in store.list_reports()]


def test_a_report_left_unindexed_by_a_crash_is_indexed_by_the_next_ingest(
    home: Settings,
) -> None:
    killed_ingest(home)
    assert stored(home) == [(1, False)]  # stored, never marked indexed
    with open_store(home) as store:
        (item,) = ingest_paths(home, store, [SAMPLE])
    assert item.report_id == 1 and not item.created  # not stored twice, but indexed now
    assert stored(home) == [(1, True)]
    assert indexed_chunks(home, "1") > 0
    answer = ask(home, "保安镇人民政府2021年主动公开政府信息的内容")
    assert any(c.get("report_id") == "1" for c in answer.citations)


def test_doctor_repairs_what_a_crash_left(home: Settings) -> None:
    killed_ingest(home)
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "补建 1 份未完成索引的报告" in result.output
    assert stored(home) == [(1, True)] and indexed_chunks(home, "1") > 0
    # chunks gone from the index (a lost index folder): doctor re-indexes what is marked
    from retrieval.indexing import remove_report

    remove_report(home, "1")
    again = CliRunner().invoke(app, ["doctor"])
    assert "重建 1 份索引缺失的报告" in again.output and indexed_chunks(home, "1") > 0
    with open_store(home) as store:
        assert repair_index(home, store, verify=True).missing == ()


class Crash(BaseException):
    """The process dies inside the send (not an error the run could catch)."""


class CrashingSender(RecordingSender):
    """Sends until it reaches ``crash_on``, then the process 'dies' mid-send."""

    def __init__(self, crash_on: int) -> None:
        super().__init__()
        self.crash_on = crash_on

    async def send_message(self, chat_id: int, text: str) -> object:
        if chat_id == self.crash_on:
            raise Crash
        return await super().send_message(chat_id, text)


@pytest.fixture
def reminders(tmp_path: Path) -> Iterator[tuple[Store, Settings]]:
    url = f"sqlite:///{tmp_path / 'xxgk.sqlite3'}"
    store = Store(url)
    store.upgrade()
    seed(store)
    yield store, make_settings(tmp_path, url)
    store.close()


async def test_a_reminder_claimed_when_the_sender_crashed_is_resent_marked(
    reminders: tuple[Store, Settings],
) -> None:
    store, settings = reminders
    everyone = RecordingSender()
    await run_reminders(Store(store.engine.url), settings, everyone, at(1, 24))
    expected = sorted(chat for chat, _ in everyone.sent)  # what one clean run sends

    store2 = Store(f"sqlite:///{settings.home.parent / 'second.sqlite3'}")
    store2.upgrade()
    seed(store2)
    crashing = CrashingSender(crash_on=CHAT[TOWN])
    with pytest.raises(Crash):
        await run_reminders(store2, settings, crashing, at(1, 24))
    (claim,) = store2.reminders_sent(chat_id=CHAT[TOWN])
    assert claim.delivered_at is None  # claimed, never marked sent

    soon = RecordingSender()  # another run while the claim may still be in flight
    await run_reminders(store2, settings, soon, at(1, 24, 9, 5))
    assert soon.to(CHAT[TOWN]) == []

    after = RecordingSender()
    await run_reminders(store2, settings, after, at(1, 24, 9, 15))
    (resent,) = after.to(CHAT[TOWN])
    assert resent.startswith("【补发】【年报提醒】甲镇人民政府")
    (claim,) = store2.reminders_sent(chat_id=CHAT[TOWN])
    assert claim.delivered_at is not None and claim.attempts == 2
    # nothing lost: every chat of the clean run got its message, exactly once
    got = sorted(chat for chat, _ in crashing.sent + soon.sent + after.sent)
    assert got == expected
    again = RecordingSender()
    await run_reminders(store2, settings, again, at(1, 24, 10))
    assert again.sent == []
    store2.close()
