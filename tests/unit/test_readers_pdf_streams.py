"""The stream scan that refuses a PDF content bomb before a PDF library inflates it."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.errors import InputError
from ingest.readers import read_bytes
from ingest.readers.pdfstreams import MB, check_streams
from tests.auxil.hostile import pdf_bomb, zeros_flate
from tests.auxil.render import SAMPLE_BLOCKS, render_pdf


def test_a_real_pdf_passes_and_is_read(tmp_path: Path) -> None:
    data = render_pdf(SAMPLE_BLOCKS, tmp_path / "年报.pdf").read_bytes()
    check_streams(data, "年报.pdf", limit=1 * MB)
    assert read_bytes(data, "年报.pdf").text


def test_one_huge_stream_is_refused(tmp_path: Path) -> None:
    data = pdf_bomb(tmp_path / "b.pdf", 300).read_bytes()
    with pytest.raises(InputError) as excinfo:
        read_bytes(data, "年报.pdf")
    assert str(excinfo.value).startswith(
        "「年报.pdf」页面内容解压后超过 256 MB，为保护系统未打开。"
    )


def test_many_pages_that_each_fit_are_counted_together(tmp_path: Path) -> None:
    data = pdf_bomb(tmp_path / "b.pdf", 2, pages=6).read_bytes()
    check_streams(data, "年报.pdf", limit=13 * MB)
    with pytest.raises(InputError, match="超过 10 MB"):
        check_streams(data, "年报.pdf", limit=10 * MB)


def test_image_streams_are_not_inflated() -> None:
    """Images are never decoded for text; only content, fonts and object streams count."""
    body = zeros_flate(20)
    image = b"1 0 obj\n<< /Type /XObject /Subtype /Image /Filter /FlateDecode >>\nstream\n"
    check_streams(b"%PDF-1.7\n" + image + body + b"\nendstream\nendobj\n", "a.pdf", 1 * MB)
    content = image.replace(b"/Subtype /Image ", b"")
    with pytest.raises(InputError):
        check_streams(b"%PDF-1.7\n" + content + body + b"\nendstream\nendobj\n", "a.pdf", 1 * MB)


def test_a_broken_stream_counts_what_inflated() -> None:
    head = b"1 0 obj\n<< /Filter /FlateDecode >>\nstream\n"
    check_streams(b"%PDF-1.7\n" + head + b"\x78\x9c garbage\nendstream", "a.pdf", 1 * MB)
    truncated = zeros_flate(5)[:-3000]
    with pytest.raises(InputError):
        check_streams(b"%PDF-1.7\n" + head + truncated, "a.pdf", 2 * MB)
