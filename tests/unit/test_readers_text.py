"""TXT/Markdown reader: encodings Chinese offices produce, and the three table layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.document import Paragraph
from ingest.readers import read_bytes, read_document
from tests.auxil.render import SAMPLE_BLOCKS, SAMPLE_TABLE, RTable, render_txt

TEXT = "一、总体情况\n本年新收政府信息公开申请数量\t12\t3\n\n　　（一）主动公开"
LINES = ["一、总体情况", "本年新收政府信息公开申请数量\t12\t3", "", "　　（一）主动公开"]


def texts(data: bytes, name: str = "年报.txt") -> list[str]:
    return [b.text for b in read_bytes(data, name).blocks if isinstance(b, Paragraph)]


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-be", "utf-32"],
)
def test_encodings(encoding: str) -> None:
    assert texts(TEXT.encode(encoding)) == LINES


def test_short_gbk_text_is_not_mistaken_for_korean() -> None:
    """charset-normalizer alone reads these six GBK characters as cp949."""
    assert texts("一、总体情况".encode("gbk")) == ["一、总体情况"]


def test_gb18030_only_characters() -> None:
    text = "𠀀镕䶮"  # outside GBK: a CJK extension B character and rare given-name characters
    assert texts(text.encode("gb18030")) == [text]


def test_windows_line_endings_and_eof_mark() -> None:
    assert texts("第一行\r\n第二行\r\n\x1a".encode("gbk")) == ["第一行", "第二行"]


def test_utf16_without_bom_is_detected() -> None:
    data = ("本年度政府信息公开工作年度报告。" * 5).encode("utf-16-le")
    assert texts(data) == ["本年度政府信息公开工作年度报告。" * 5]


def test_markdown_headings_and_pipes(tmp_path: Path) -> None:
    doc = read_document(render_txt(SAMPLE_BLOCKS, tmp_path / "年报.md", "pipes"))
    assert doc.media_type == "text/markdown"
    heads = [(b.text, b.heading_level) for b in doc.blocks if b.heading_level]
    assert heads[:2] == [("某某县人民政府2023年政府信息公开工作年度报告", 1), ("一、总体情况", 2)]
    table_lines = [b.text for b in doc.blocks if b.text.startswith("|")]
    assert len(table_lines) == len(SAMPLE_TABLE.rows) + 1  # with the | --- | line
    assert table_lines[1].startswith("| --- |")


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("tabs", ["表", "甲\t\t丙", "\t1\t2", "后"]),
        ("pipes", ["表", "| 甲 |  | 丙 |", "| --- | --- | --- |", "|  | 1 | 2 |", "后"]),
        ("cells", ["表", "甲", "", "丙", "", "1", "2", "", "后"]),  # "" cell, then row end
    ],
)
def test_table_layouts(tmp_path: Path, layout: str, expected: list[str]) -> None:
    table = RTable([["甲", "", "丙"], [None, "1", "2"]], merges=[(0, 0, 1, 0)])
    path = render_txt(["# 表", table, "后"], tmp_path / "t.txt", layout)  # type: ignore[arg-type]
    doc = read_document(path)
    assert [b.text for b in doc.blocks] == expected
    assert all(b.heading_level is None for b in doc.blocks)  # a .txt keeps no "#"
