"""The LLM path with fake chat models and unreachable servers: citations the model makes are
verified against what was retrieved, and a failing model degrades to the extractive answer."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from langchain_core.language_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from base.settings import Settings
from retrieval.citations import tag_sources
from retrieval.generate import load_prompt, render_context
from retrieval.hybrid import Hit
from services.ask import ask
from tests.integration.test_ask import indexed, indexed_small, wordhash_provider  # noqa: F401

QUESTION = "依申请公开最晚多少个工作日内要答复？"


def test_a_citation_of_a_retrieved_article_is_kept(indexed_small: Settings) -> None:  # noqa: F811
    llm = FakeListChatModel(responses=["依据第三十三条，应当自收到申请之日起20个工作日内答复。"])
    answer = ask(indexed_small, "第三十三条规定的答复期限是多少？", llm=llm)
    assert answer.mode == "llm"
    assert answer.text == "依据第三十三条，应当自收到申请之日起20个工作日内答复。"
    assert [c["article"] for c in answer.citations] == [33]
    assert answer.citations[0]["text"].startswith("第三十三条")
    assert answer.warnings == []


def test_a_citation_that_was_not_retrieved_is_removed_and_flagged(
    indexed_small: Settings,  # noqa: F811
) -> None:
    llm = FakeListChatModel(responses=["根据第九十九条和第三十三条，应在20个工作日内答复。"])
    answer = ask(indexed_small, "第三十三条规定的答复期限是多少？", llm=llm)
    assert "第九十九条" not in answer.text
    assert "第三十三条" in answer.text
    assert [c["article"] for c in answer.citations] == [33]
    assert any("第九十九条" in w and "已删除" in w for w in answer.warnings)


def test_an_unsupported_number_is_flagged(indexed_small: Settings) -> None:  # noqa: F811
    llm = FakeListChatModel(responses=["依据第三十三条，应在45个工作日内答复。"])
    answer = ask(indexed_small, "第三十三条规定的答复期限是多少？", llm=llm)
    assert any("45" in w for w in answer.warnings)


def test_an_answer_without_citations_lists_the_sources(indexed_small: Settings) -> None:  # noqa: F811
    llm = GenericFakeChatModel(messages=iter([AIMessage(content="应在规定期限内答复。")]))
    answer = ask(indexed_small, "第三十三条规定的答复期限是多少？", llm=llm)
    assert answer.mode == "llm"
    assert answer.citations and answer.citations[0]["article"] == 33
    assert any("没有标注依据" in w for w in answer.warnings)


def test_no_basis_never_reaches_the_model(indexed_small: Settings) -> None:  # noqa: F811
    class Exploding(FakeListChatModel):
        def _call(self, *args: object, **kwargs: object) -> str:
            raise AssertionError("the model must not be asked")

    answer = ask(indexed_small, "怎么办理护照？", llm=Exploding(responses=["x"]))
    assert answer.text.startswith("没有找到依据")
    assert answer.mode == "extractive"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_connection_refused_falls_back_to_the_quote(indexed_small: Settings) -> None:  # noqa: F811
    settings = indexed_small.model_copy(
        update={"llm_base_url": f"http://127.0.0.1:{_closed_port()}/v1", "llm_model": "m",
                "llm_timeout": 3.0}
    )  # fmt: skip
    answer = ask(settings, "第三十三条")
    assert answer.mode == "extractive"
    assert answer.text.startswith("依据《政府信息公开条例》第三十三条")
    assert answer.warnings == ["大模型暂时不可用（无法连接），以下为依据原文摘录。"]


class _Slow(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        time.sleep(2.0)
        self.send_response(500)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def slow_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def test_a_timeout_falls_back_to_the_quote(indexed_small: Settings, slow_server: str) -> None:  # noqa: F811
    settings = indexed_small.model_copy(
        update={"llm_base_url": slow_server, "llm_model": "m", "llm_timeout": 0.3}
    )
    started = time.monotonic()
    answer = ask(settings, "第三十三条")
    assert time.monotonic() - started < 10
    assert answer.mode == "extractive"
    assert answer.warnings == ["大模型暂时不可用（请求超时），以下为依据原文摘录。"]


def test_the_prompt_carries_tagged_sources_and_the_question() -> None:
    prompt = load_prompt()
    assert set(prompt.input_variables) == {"context", "question"}
    art = Hit("reg:x:033", "第三十三条　……20个工作日内……", {"kind": "regulation", "article": 33},
              0.03, "fused")  # fmt: skip
    row = Hit("rpt:R:t3:01", "一、本年新收政府信息公开申请数量：总计 3",
              {"kind": "report", "organ": "甲镇人民政府", "year": 2021,
               "section_title": "三、收到和处理政府信息公开申请情况"}, 0.03, "fused")  # fmt: skip
    context = render_context(tag_sources([art, row]))
    assert context.startswith("[第三十三条] 第三十三条")
    assert "【报告R1】（甲镇人民政府2021年年度报告，三、收到和处理政府信息公开申请情况）" in context
    system, human = prompt.invoke({"context": context, "question": QUESTION}).to_messages()
    assert "只根据下面“依据”中的内容回答" in str(system.content)
    assert context in str(system.content)
    assert human.content == QUESTION
