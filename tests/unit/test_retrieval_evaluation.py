"""QA files and the metrics of ``xxgk eval qa``."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.errors import InputError
from retrieval.evaluation import (
    QAItem,
    evaluate,
    load_qa,
    ranked_sources,
    resolve_reports,
    source_key,
)


def test_load_the_dev_set() -> None:
    items = load_qa(Path(__file__).resolve().parents[2] / "corpus" / "eval" / "qa_dev.jsonl")
    assert len(items) == 29
    assert items[0].articles == (33,) and items[0].must_contain == ("20个工作日",)
    assert items[-1].reports == ("004_bd5d810af7c26391",)
    assert items[-1].gold == ("report:004_bd5d810af7c26391",)


def test_bad_lines_are_named(tmp_path: Path) -> None:
    path = tmp_path / "qa.jsonl"
    path.write_text('{"q": "甲", "articles": [1]}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="第 2 行"):
        load_qa(path)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="没有问题"):
        load_qa(empty)
    with pytest.raises(InputError, match="无法读取"):
        load_qa(tmp_path / "missing.jsonl")


def test_metrics() -> None:
    items = [
        QAItem("a", articles=(1,), must_contain=("x",)),
        QAItem("b", articles=(2,), must_contain=("y",)),
        QAItem("c", reports=("R",)),
        QAItem("d", articles=(4,)),
    ]
    runs = {
        "a": (["article:1", "article:9"], "x"),
        "b": (["article:9", "article:8", "article:2"], "z"),
        "c": (["report:R"], ""),
        "d": (["article:9"], ""),
    }
    report = evaluate(items, lambda q: runs[q])
    assert [r.rank for r in report.results] == [1, 3, 1, None]
    assert report.recall_at_1 == pytest.approx(0.5)
    assert report.recall_at_3 == pytest.approx(0.75)
    assert report.mrr == pytest.approx((1 + 1 / 3 + 1 + 0) / 4)
    assert report.contains_share == pytest.approx(0.5)
    assert report.summary()["items"] == 4


def test_sources_are_ranked_once_each() -> None:
    metas = [
        {"kind": "regulation", "article": 33},
        {"kind": "report", "report_id": "R1"},
        {"kind": "regulation", "article": 33},
        {"kind": "format", "source": "f.md", "heading": "一"},
    ]
    assert ranked_sources(metas) == ["article:33", "report:R1", "format:f.md:一"]
    assert source_key({"kind": "report", "report_id": "7"}) == "report:7"


def test_report_ids_from_file_names_are_resolved() -> None:
    items = [QAItem("q", reports=("000_abc",)), QAItem("r", reports=("zzz",))]
    resolved, missing = resolve_reports(items, {"000_abc": "12", "12": "12"})
    assert resolved[0].reports == ("12",)
    assert missing == ["zzz"]
