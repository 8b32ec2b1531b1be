"""The index on a real Chroma server (``chroma run`` on 127.0.0.1, a free port, a tmp path),
as a multi-user deployment runs it (``XXGK_CHROMA_URL``)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from base.errors import ServiceUnavailable
from base.settings import Settings
from retrieval.indexing import index_regulation, remove_report
from retrieval.search_index import forget_open_indexes, open_index
from retrieval.store import forget_clients
from services.ask import ask
from tests.integration.test_ask import add_report, small_corpus, word_hash

CHROMA = Path(sys.executable).with_name("chroma")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Chroma server for this module; stopped (and its data removed) afterwards."""
    if not CHROMA.exists():
        pytest.skip(f"chroma CLI not found next to {sys.executable}")
    path = tmp_path_factory.mktemp("chroma-server")
    port = _free_port()
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    log = (path / "server.log").open("wb")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path / "data"), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma run did not start: {(path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        forget_clients()
        forget_open_indexes()
        shutil.rmtree(path / "data", ignore_errors=True)


@pytest.fixture
def remote(tmp_path: Path, chroma_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    from retrieval.embeddings import PROVIDERS

    monkeypatch.setitem(PROVIDERS, "wordhash", word_hash)
    corpus = small_corpus(tmp_path / "corpus", {29, 30, 31, 32, 33})
    return Settings(home=tmp_path / "home", corpus_dir=corpus, chroma_url=chroma_url,
                    embedding_provider="wordhash")  # fmt: skip


def test_index_and_ask_through_the_server(remote: Settings) -> None:
    stats = index_regulation(remote)
    assert stats.embedded == stats.chunks > 5
    assert not (remote.home / "chroma").exists()  # nothing local but the lexical snapshot
    answer = ask(remote, "第三十三条")
    assert answer.citations[0]["article"] == 33
    add_report(remote, "S1", "服务器镇人民政府", new_received=4)
    try:
        found = ask(remote, "服务器镇2023年新收了几件申请？")
        assert found.citations[0]["report_id"] == "S1"
    finally:
        assert remove_report(remote, "S1") > 0
    assert index_regulation(remote).embedded == 0


def test_a_second_machine_sees_the_same_index(remote: Settings, tmp_path: Path) -> None:
    index_regulation(remote)
    forget_open_indexes()
    elsewhere = remote.model_copy(update={"home": tmp_path / "other-home"})
    index = open_index(elsewhere)  # no local snapshot: texts come from the server
    assert index.article(33) is not None


def test_an_unreachable_server_is_a_service_error(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home", chroma_url=f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(ServiceUnavailable, match="Chroma"):
        open_index(settings)
