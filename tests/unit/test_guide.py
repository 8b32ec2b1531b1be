"""The filling guide shipped in the corpus: complete (every row and column of 表二, 表三 and
表四 in both formats), resting on provisions that exist, and indexed one entry per row with
its exact label."""

from __future__ import annotations

import re

import pytest

from base.errors import ConfigError
from ingest.model import (
    APPLICANT_COLUMNS,
    T2_ITEMS_2019,
    T2_ITEMS_2021,
    T3_ROWS_2019,
    T3_ROWS_2021,
    T4_GROUPS,
    T4_RESULTS,
)
from retrieval.chunking import chunk_regulation, is_probe
from retrieval.guide import (
    GuideEntry,
    case_text,
    core_labels,
    guide_chunks,
    load_guide,
    parse_basis,
    parse_guide,
    quote_provision,
)
from tests.conftest import CORPUS

ENTRIES = load_guide(CORPUS)
TIAOLI = CORPUS / "regulation" / "zhengfu_xinxi_gongkai_tiaoli_2019.md"
ARTICLES = {
    int(c.metadata["article"]): c.text
    for c in chunk_regulation(TIAOLI.read_text("utf-8"), TIAOLI.name)
    if c.metadata["part"] == "article"
}


def _entry(label: str, version: str) -> GuideEntry:
    found = [e for e in ENTRIES if e.label == label and version in e.formats]
    assert len(found) == 1, f"{label} ({version}): {len(found)} entries"
    return found[0]


@pytest.mark.parametrize(("version", "rows"), [("2021", T3_ROWS_2021), ("2019", T3_ROWS_2019)])
def test_every_row_of_table_three_has_one_entry(version: str, rows: tuple) -> None:  # type: ignore[type-arg]
    for _key, label in rows:
        entry = _entry(label, version)
        assert entry.table == "表三" and entry.counts


@pytest.mark.parametrize(("version", "items"), [("2021", T2_ITEMS_2021), ("2019", T2_ITEMS_2019)])
def test_every_row_of_table_two_has_one_entry(version: str, items: dict) -> None:  # type: ignore[type-arg]
    for label, (paragraph, columns) in items.items():
        entry = _entry(label, version)
        assert entry.table == "表二"
        assert paragraph in entry.line
        assert all(column in entry.line for column in columns)


def test_every_column_has_an_entry() -> None:
    for version in ("2021", "2019"):
        columns = {e.label.split()[-1] for e in ENTRIES if version in e.formats}
        assert set(APPLICANT_COLUMNS) <= columns
        for group in T4_GROUPS:
            for result in T4_RESULTS:
                assert _entry(f"{group} {result}", version).table == "表四"
    for column in ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量"):
        assert _entry(column, "2021").table == "表二"


def test_topics_staff_ask_about_are_covered() -> None:
    text = "\n".join(f"{e.label} {e.counts}" for e in ENTRIES)
    for topic in ("勾稽关系", "上年结转", "信息处理费", "20个工作日", "1月31日", "区分处理"):
        assert topic in text


def test_every_basis_is_an_existing_provision_and_quotes_verbatim() -> None:
    for entry in ENTRIES:
        for basis in entry.basis:
            article = ARTICLES[basis.article]
            quoted = quote_provision(article, basis)
            for piece in quoted.split("……"):
                assert piece and piece in article, (entry.id, basis.text)


def test_the_law_the_rows_rest_on() -> None:
    """The provisions the task names: 信访举报投诉 第三十九条, answers 第三十六条, 不予公开
    第十四至十六条, the time limit 第三十三条; and the ones a row is decided by besides its
    own (who determines a secret, 第十七条; who is to disclose, 第十条; what an application
    is, 第二十九条; the report's part on 主动公开, 第五十条)."""
    assert _entry("（五）不予处理 1.信访举报投诉类申请", "2021").articles == (39,)
    assert _entry("（五）不予处理 2.重复申请", "2021").articles == (36,)
    assert _entry("（三）不予公开 1.属于国家秘密", "2021").articles == (14, 17)
    assert 10 in _entry("（四）无法提供 1.本机关不掌握相关政府信息", "2021").articles
    assert _entry("一、本年新收政府信息公开申请数量", "2021").articles == (31, 29)
    assert 50 in _entry("二、主动公开政府信息情况", "2021").articles
    assert 50 in _entry("二、主动公开政府信息情况", "2019").articles
    assert _entry("（三）不予公开 4.保护第三方合法权益", "2021").articles[0] == 15
    assert _entry("（三）不予公开 6.属于四类过程性信息", "2021").articles == (16,)
    assert 33 in _entry("四、结转下年度继续办理", "2021").articles
    assert _entry("答复期限", "2021").articles[0] == 33


def test_provisions_are_parsed_and_quoted_at_the_right_level() -> None:
    item = parse_basis("第三十六条第（六）项")
    assert (item.article, item.paragraph, item.item) == (36, None, 6)
    assert quote_provision(ARTICLES[36], item) == (
        "对政府信息公开申请，行政机关根据下列情况分别作出答复：……（六）行政机关已就申请人提出的"
        "政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理；"
    )
    second = parse_basis("第三十九条第二款")
    assert quote_provision(ARTICLES[39], second).startswith("申请人提出的申请内容为要求")
    nested = parse_basis("第五十条第一款第（三）项")
    assert quote_provision(ARTICLES[50], nested).endswith(
        "（三）因政府信息公开工作被申请行政复议、提起行政诉讼的情况；"
    )
    with pytest.raises(ValueError):
        parse_basis("条例三十九")


def test_chunks_carry_the_exact_label_as_text_and_keyword() -> None:
    every = guide_chunks(ENTRIES)
    chunks = [c for c in every if not is_probe(c.metadata)]
    assert len({c.id for c in every}) == len(every)
    assert len(chunks) == len(ENTRIES)
    for chunk, entry in zip(chunks, ENTRIES, strict=True):
        assert chunk.metadata["kind"] == "guide"
        assert chunk.text.startswith(entry.label)
        assert all(c in chunk.context for c in core_labels(entry.label))
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", entry.counts)  # YAML folding
    assert guide_chunks(ENTRIES) == every  # stable ids: re-indexing replaces


def test_each_row_is_also_found_by_its_cases() -> None:
    """Every row gets probes (what counts there, and each typical case) that point to it and
    carry its visibility, so a question telling one case reaches the row."""
    every = guide_chunks(ENTRIES)
    rows = {c.id: c for c in every if not is_probe(c.metadata)}
    probes = [c for c in every if is_probe(c.metadata)]
    assert {p.metadata["parent"] for p in probes} == set(rows)
    for probe in probes:
        row = rows[str(probe.metadata["parent"])]
        assert probe.metadata["kind"] == "guide"
        assert probe.metadata["fmt2021"] == row.metadata["fmt2021"]
        assert probe.metadata["label"] == row.metadata["label"]
    entry = next(e for e in ENTRIES if e.cases)
    texts = {p.text for p in probes if p.metadata["parent"] == f"guide:{entry.id}"}
    assert {case_text(c) for c in entry.cases} <= texts  # each case, without its filling cue


def test_core_labels() -> None:
    assert core_labels("（五）不予处理 1.信访举报投诉类申请") == (
        "（五）不予处理 1.信访举报投诉类申请",
        "信访举报投诉类申请",
    )
    assert core_labels("四、结转下年度继续办理")[-1] == "结转下年度继续办理"
    assert core_labels("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")[-1] == "部分公开"
    assert core_labels("规章") == ("规章",)


def test_a_broken_guide_file_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match=r"填报指引文件 x\.yaml"):
        parse_guide("entries:\n  - id: a\n    table: 表三\n", "x.yaml")
    with pytest.raises(ConfigError, match="重复"):
        one = "  - {id: a, table: 表三, label: 甲, counts: 乙}\n"
        parse_guide("entries:\n" + one + one, "x.yaml")
    with pytest.raises(ConfigError):
        parse_guide("entries:\n  - {id: a, table: 表三, label: 甲, counts: 乙, basis: [第九十]}\n")
