"""QA files and the metrics of ``xxgk eval qa``."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.errors import InputError
from retrieval.evaluation import (
    ItemResult,
    QAItem,
    evaluate,
    load_qa,
    ranked_sources,
    resolve_reports,
    source_key,
)


def test_load_the_dev_set() -> None:
    items = load_qa(Path(__file__).resolve().parents[2] / "corpus" / "eval" / "qa_dev.jsonl")
    assert len(items) == 41
    assert items[0].articles == (33,) and items[0].must_contain == ("20个工作日",)
    assert items[28].reports == ("004_bd5d810af7c26391",)
    assert items[28].gold == ("report:004_bd5d810af7c26391",)
    assert sum(i.no_basis for i in items) == 10 and sum(i.smalltalk for i in items) == 2


def test_filling_items_are_scored_on_the_answer() -> None:
    items = [
        QAItem("a", articles=(39,), row="（五）不予处理 1.信访举报投诉类申请"),
        QAItem("b", articles=(39,), row="（五）不予处理 1.信访举报投诉类申请"),
        QAItem("c", row="（六）其他处理", format="2019"),
        QAItem("f", articles=(37, 15), row="（二）部分公开"),
        QAItem("d", no_basis=True),
        QAItem("e", smalltalk=True),
    ]
    answers = {
        "a": "【填报指引（非法规原文）】表三「（五）不予处理 1.信访举报投诉类申请」…第三十九条",
        "b": "依据《政府信息公开条例》第三十九条：申请人以政府信息公开申请的形式进行信访",
        "c": "【填报指引（非法规原文）】表三「（六）其他处理 3.其他」（2021年格式）",
        "f": "【填报指引（非法规原文）】表三「（二）部分公开」…第三十七条",
        "d": "没有找到依据：……",
        "e": "您好！……发送 /help 查看全部用法。",
    }
    report = evaluate(items, lambda q: (["article:39"], answers[q]))
    assert items[0].gold == ()  # a filling item is not a ranking item
    assert [r.row_named for r in report.results[:4]] == [True, False, False, True]
    assert report.row_accuracy == pytest.approx(2 / 4)
    # f names its row and cites 第三十七条 but not 第十五条: one reading counts it, one not
    assert report.row_and_article_accuracy == pytest.approx(1 / 4)
    assert report.row_and_an_article_accuracy == pytest.approx(2 / 4)
    assert report.no_basis_share == 1.0 and report.smalltalk_share == 1.0
    summary = report.summary()
    assert summary["fill_items"] == 4 and summary["row_accuracy"] == pytest.approx(0.5)
    assert summary["row_and_an_article"] == pytest.approx(0.5)


def test_the_filling_sets_have_gold_rows(tmp_path: Path) -> None:
    eval_dir = Path(__file__).resolve().parents[2] / "corpus" / "eval"
    dev = load_qa(eval_dir / "fill_dev.jsonl")
    heldout = load_qa(eval_dir / "fill_heldout.jsonl")
    assert len(dev) + len(heldout) >= 40
    assert all(i.is_fill for i in dev + heldout)
    assert not {i.question for i in dev} & {i.question for i in heldout}
    path = tmp_path / "f.jsonl"
    path.write_text('{"q": "甲", "row": "（七）总计", "format": "2019"}\n', encoding="utf-8")
    assert load_qa(path)[0] == QAItem("甲", row="（七）总计", format="2019")


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


def test_a_row_counts_only_when_the_heading_names_it() -> None:
    item = QAItem("部分给了怎么填", (), (), (), "（二）部分公开")
    right = "【填报指引（非法规原文）】表三「（二）部分公开」\n填什么：……"
    wrong = "【填报指引（非法规原文）】表三「（一）予以公开」\n注意：部分给的计入（二）部分公开。"
    assert ItemResult(item, (), right, None).row_named
    assert not ItemResult(item, (), wrong, None).row_named
