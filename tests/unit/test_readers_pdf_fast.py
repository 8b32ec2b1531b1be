"""Text-only pages are read through PDFium for speed; the result must be the same as reading
every page through pdfplumber."""

from __future__ import annotations

from pathlib import Path

import pytest

import ingest.readers.pdf as pdf_reader
from ingest.readers import read_document
from tests.auxil.layouts import report_blocks, sample_data
from tests.auxil.render import PAGE_BREAK, SAMPLE_BLOCKS, render_pdf

NARRATIVE = "本年度，我镇坚持以公开为常态、不公开为例外，做好政府信息公开工作。" * 6


def _pdfplumber_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader._FastText, "open", classmethod(lambda cls, data: None))


@pytest.mark.parametrize("char_space", [0.0, 1.5])
def test_fast_path_reads_what_pdfplumber_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, char_space: float
) -> None:
    blocks = [*report_blocks(sample_data(), vertical_merges=False)[:3], PAGE_BREAK]
    blocks += [NARRATIVE] * 12 + [PAGE_BREAK, *SAMPLE_BLOCKS]
    path = render_pdf(
        blocks, tmp_path / "r.pdf", running_header="某某镇人民政府", char_space=char_space
    )
    fast = read_document(path)
    _pdfplumber_only(monkeypatch)
    slow = read_document(path)
    assert fast.blocks == slow.blocks
    assert fast.pages == slow.pages


def test_text_only_pages_skip_pdfplumber(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = render_pdf([NARRATIVE] * 5, tmp_path / "text.pdf")
    calls: list[int] = []
    original = pdf_reader.pdfplumber.page.Page.find_tables

    def counting(self: object, *args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_reader.pdfplumber.page.Page, "find_tables", counting)
    document = read_document(path)
    assert "不公开为例外" in document.text
    assert calls == []
