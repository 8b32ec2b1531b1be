"""The ``openai`` embedding provider against a tiny local /v1/embeddings server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from base.settings import Settings
from retrieval.embeddings import get_embeddings

VECTORS = {"甲": [1.0, 0.0, 0.0], "乙": [0.0, 1.0, 0.0]}
OTHER = [0.0, 0.0, 1.0]


class _Embeddings(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        data = [
            {"object": "embedding", "index": i, "embedding": VECTORS.get(text, OTHER)}
            for i, text in enumerate(body["input"])
        ]
        payload = json.dumps(
            {"object": "list", "data": data, "model": body["model"],
             "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        ).encode()  # fmt: skip
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Embeddings.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Embeddings)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_openai_compatible_embeddings(settings: Settings, server: str) -> None:
    from pydantic import SecretStr

    configured = settings.model_copy(
        update={
            "embedding_provider": "openai",
            "embedding_base_url": server,
            "embedding_model": "bge-m3",
            "embedding_api_key": SecretStr("sk-local"),
        }
    )
    embeddings = get_embeddings(configured)
    assert embeddings.embed_documents(["甲", "乙", "丙"]) == [VECTORS["甲"], VECTORS["乙"], OTHER]
    assert embeddings.embed_query("乙") == VECTORS["乙"]
    first = _Embeddings.requests[0]
    assert first["path"] == "/v1/embeddings"
    assert first["auth"] == "Bearer sk-local"
    assert first["body"]["model"] == "bge-m3"
    assert first["body"]["input"] == ["甲", "乙", "丙"]  # texts, not token ids: no tiktoken


def test_an_embedding_endpoint_that_is_down_is_a_service_error(settings: Settings) -> None:
    import socket

    from base.errors import ServiceUnavailable
    from retrieval.indexing import index_regulation

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    configured = settings.model_copy(
        update={
            "embedding_provider": "openai",
            "embedding_base_url": f"http://127.0.0.1:{port}/v1",
            "embedding_model": "bge-m3",
        }
    )
    with pytest.raises(ServiceUnavailable, match="向量模型（openai）暂时不可用"):
        index_regulation(configured)
