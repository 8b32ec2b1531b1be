"""A fast, deterministic embedding provider for tests that index but don't judge ranking."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from langchain_core.embeddings import DeterministicFakeEmbedding


@contextmanager
def fake_embeddings(name: str = "fake") -> Iterator[str]:
    """Register ``embedding_provider=name`` for the duration, through the real registry."""
    from retrieval.embeddings import PROVIDERS

    PROVIDERS[name] = lambda _settings: DeterministicFakeEmbedding(size=32)
    try:
        yield name
    finally:
        PROVIDERS.pop(name, None)
