"""The readers' public API: the same content in every format, dispatch, and every bad input.

Format details live in test_readers_{text,html,docx,pdf}.py; fixtures are rendered by
tests/auxil/render.py at test time.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

import ingest.readers
from base.errors import InputError
from ingest.document import Document, Paragraph, Table
from ingest.readers import SUPPORTED_SUFFIXES, read_bytes, read_document
from ingest.readers.errors import format_mb
from tests.auxil.render import (
    SAMPLE_BLOCKS,
    SAMPLE_TABLE,
    RTable,
    heading_level,
    render_docx,
    render_html,
    render_pdf,
    render_pdf_without_text,
    render_txt,
)

CJK = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[2]


def paragraphs(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.text]


def tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def unwrapped(rows: tuple[tuple[str | None, ...], ...]) -> tuple[tuple[str | None, ...], ...]:
    """Rows with line breaks inside cells removed (narrow PDF cells wrap their text)."""
    return tuple(tuple(None if c is None else c.replace("\n", "") for c in row) for row in rows)


def assert_user_error(excinfo: pytest.ExceptionInfo[InputError], name: str) -> str:
    """The message is Chinese and names the file; returns it for further checks."""
    message = str(excinfo.value)
    assert f"「{name}」" in message
    assert CJK.search(message.replace(name, ""))
    assert excinfo.value.exit_code == 2
    return message


def test_public_api() -> None:
    assert ingest.readers.__all__ == sorted(ingest.readers.__all__)
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}


def test_render_grid_marks_covered_positions() -> None:
    table = RTable([["a", None, "b"], [None, None, ""]], merges=[(0, 0, 1, 1)])
    assert table.grid() == (("a", None, "b"), (None, None, ""))


# ------------------------------------------------------------------------ same content, 4 ways


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".html"])
def test_formats_with_cells_give_the_same_blocks(tmp_path: Path, suffix: str) -> None:
    """DOCX, PDF and HTML recover the paragraphs in order and the merged table's exact grid."""
    path = tmp_path / f"报告{suffix}"
    {".docx": render_docx, ".pdf": render_pdf, ".html": render_html}[suffix](SAMPLE_BLOCKS, path)
    doc = read_document(path)

    assert doc.source_name == path.name
    expected = [heading_level(b)[1] for b in SAMPLE_BLOCKS if isinstance(b, str)]
    if suffix == ".pdf":  # a PDF has lines: the long paragraph wraps, nothing else changes
        assert "".join(paragraphs(doc)) == "".join(expected)
        assert set(expected) - {SAMPLE_BLOCKS[2]} <= set(paragraphs(doc))
    else:
        assert paragraphs(doc) == expected
    [table] = tables(doc)
    assert unwrapped(table.rows) == SAMPLE_TABLE.grid()
    kinds = [b.text if isinstance(b, Paragraph) else "<table>" for b in doc.blocks]
    assert kinds.index("<table>") == kinds.index("三、收到和处理政府信息公开申请情况") + 1


@pytest.mark.parametrize(
    ("suffix", "media_type", "pages"),
    [
        (".pdf", "application/pdf", 1),
        (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", None),
        (".html", "text/html", None),
        (".htm", "text/html", None),
        (".txt", "text/plain", None),
        (".md", "text/markdown", None),
    ],
)
def test_media_type_and_pages(
    tmp_path: Path, suffix: str, media_type: str, pages: int | None
) -> None:
    render = {".pdf": render_pdf, ".docx": render_docx, ".html": render_html, ".htm": render_html}
    path = tmp_path / f"r{suffix}"
    render.get(suffix, render_txt)(SAMPLE_BLOCKS, path)
    doc = read_bytes(path.read_bytes(), path.name)
    assert (doc.media_type, doc.pages) == (media_type, pages)


# -------------------------------------------------------------------------- dispatch by content


def test_pdf_named_txt_is_read_as_pdf(tmp_path: Path) -> None:
    data = render_pdf(SAMPLE_BLOCKS, tmp_path / "a.pdf").read_bytes()
    doc = read_bytes(data, "导出结果.txt")
    assert doc.media_type == "application/pdf"
    assert tables(doc)


def test_docx_named_doc_is_read_as_docx(tmp_path: Path) -> None:
    data = render_docx(SAMPLE_BLOCKS, tmp_path / "a.docx").read_bytes()
    assert tables(read_bytes(data, "年报.doc"))


def test_html_named_txt_is_read_as_html(tmp_path: Path) -> None:
    data = render_html(SAMPLE_BLOCKS, tmp_path / "a.html").read_bytes()
    doc = read_bytes(data, "网页.txt")
    assert doc.media_type == "text/html"
    assert "首页" not in doc.text


def test_bytes_and_path_agree(tmp_path: Path) -> None:
    path = render_docx(SAMPLE_BLOCKS, tmp_path / "a.docx")
    assert read_document(path) == read_bytes(path.read_bytes(), "a.docx")


# ----------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("name", ["空.pdf", "空.docx", "空.txt", "空.html"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    with pytest.raises(InputError) as excinfo:
        read_document(tmp_path / name)
    assert "空文件" in assert_user_error(excinfo, name)


def test_blank_text_file_has_no_text() -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(b" \r\n\t\n", "空白.txt")
    assert "没有可读取的文字" in assert_user_error(excinfo, "空白.txt")


def test_oversize_bytes_name_size_and_limit() -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(b"x" * 3 * 1024 * 1024, "大文件.pdf", max_bytes=2 * 1024 * 1024)
    message = assert_user_error(excinfo, "大文件.pdf")
    assert "3 MB" in message
    assert "2 MB" in message


def test_oversize_file_is_refused_before_reading(tmp_path: Path) -> None:
    """A sparse 30 MB file: the size comes from stat(), nothing is read."""
    path = tmp_path / "扫描件合集.pdf"
    with path.open("wb") as f:
        f.truncate(30 * 1024 * 1024)
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    message = assert_user_error(excinfo, path.name)
    assert "30 MB" in message
    assert "20 MB" in message


def test_small_limit_in_megabytes() -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(b"abc" * 100, "a.txt", max_bytes=100)
    assert f"{format_mb(300)} MB" in str(excinfo.value)
    assert format_mb(20 * 1024 * 1024) == "20"
    assert format_mb(26_528_317) == "25.3"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as excinfo:
        read_document(tmp_path / "不存在.pdf")
    assert "找不到" in assert_user_error(excinfo, "不存在.pdf")


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "目录.pdf").mkdir()
    with pytest.raises(InputError) as excinfo:
        read_document(tmp_path / "目录.pdf")
    assert_user_error(excinfo, "目录.pdf")


def test_corrupt_pdf() -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF\n", "损坏.pdf")
    assert "损坏" in assert_user_error(excinfo, "损坏.pdf")
    assert excinfo.value.__cause__ is not None


def test_truncated_pdf(tmp_path: Path) -> None:
    data = render_pdf(SAMPLE_BLOCKS, tmp_path / "a.pdf").read_bytes()
    with pytest.raises(InputError) as excinfo:
        read_bytes(data[: len(data) // 3], "截断.pdf")
    assert "PDF" in assert_user_error(excinfo, "截断.pdf")
    assert excinfo.value.__cause__ is not None


def test_pdf_suffix_without_pdf_content() -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes("这其实是一段文字".encode(), "伪装.pdf")
    assert "不是有效的 PDF" in assert_user_error(excinfo, "伪装.pdf")


def test_corrupt_docx_zip_garbage() -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(b"PK\x03\x04" + os.urandom(2000), "损坏.docx")
    assert "DOCX" in assert_user_error(excinfo, "损坏.docx")
    assert excinfo.value.__cause__ is not None


def test_docx_without_word_part(tmp_path: Path) -> None:
    """A valid ZIP named .docx that is not a Word document."""
    import zipfile

    path = tmp_path / "打包.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert "DOCX" in assert_user_error(excinfo, "打包.docx")


def test_docx_with_broken_xml(tmp_path: Path) -> None:
    import zipfile

    good = render_docx(SAMPLE_BLOCKS, tmp_path / "good.docx")
    bad = tmp_path / "坏.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:200] if item.filename == "word/document.xml" else data)
    with pytest.raises(InputError) as excinfo:
        read_document(bad)
    assert_user_error(excinfo, "坏.docx")
    assert excinfo.value.__cause__ is not None


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = render_pdf(SAMPLE_BLOCKS, tmp_path / "加密.pdf", encrypt="123456")
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert "加密" in assert_user_error(excinfo, "加密.pdf")
    assert excinfo.value.__cause__ is not None


@pytest.mark.parametrize("pages", [1, 3])
def test_pdf_without_text_layer(tmp_path: Path, pages: int) -> None:
    path = render_pdf_without_text(tmp_path / "扫描件.pdf", pages=pages)
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    message = assert_user_error(excinfo, "扫描件.pdf")
    assert "请上传带文字层的 PDF 或 Word 原件" in message


def test_pdf_with_only_page_numbers_counts_as_scanned(tmp_path: Path) -> None:
    path = render_pdf(["", ""], tmp_path / "只有页码.pdf", page_number="- {n} -")
    with pytest.raises(InputError) as excinfo:
        read_document(path)
    assert "文字层" in assert_user_error(excinfo, "只有页码.pdf")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("年报.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ["另存为 .docx", ".doc"]),
        ("年报.doc", "纯文字".encode(), ["另存为 .docx", "旧版 Word（.doc）文件"]),
        ("年报.wps", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ["另存为 .docx", "WPS"]),
        ("统计.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ["Word（.docx）", "Excel"]),
        ("统计.xlsx", b"\x00\x01", ["这是 Excel 表格文件", "Word（.docx）或 PDF"]),
        ("年报.ofd", b"\x00\x01", ["PDF"]),
        ("年报.rtf", b"{\\rtf1\\ansi hello}", ["DOCX 或 PDF"]),
        ("扫描.jpg", b"\xff\xd8\xff\xe0" + bytes(100), ["文字层"]),
        ("程序.exe", b"MZ\x90\x00", [".exe", "DOCX 或 PDF"]),
        ("资料.zip", b"PK\x05\x06" + bytes(18), ["解压"]),
    ],
)
def test_unsupported_types(name: str, data: bytes, words: list[str]) -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(data, name)
    message = assert_user_error(excinfo, name)
    for word in words:
        assert word in message


def test_password_protected_docx_is_encrypted_not_doc() -> None:
    """Word stores an encrypted DOCX in the OLE container with an EncryptedPackage stream."""
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100) + "EncryptedPackage".encode("utf-16-le")
    with pytest.raises(InputError) as excinfo:
        read_bytes(data, "加密.docx")
    assert "密码" in assert_user_error(excinfo, "加密.docx")


def test_binary_named_txt() -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(bytes(range(256)) * 8, "数据.txt")
    assert "文本" in assert_user_error(excinfo, "数据.txt")


def test_undecodable_text() -> None:
    """Bytes that are neither UTF-8 nor GB18030 and that no detector makes sense of."""
    data = b"\x81\x30\xff\xfe" * 50 + b"\x80\x80\xc3\x28" * 50
    with pytest.raises(InputError) as excinfo:
        read_bytes(data, "乱码.txt")
    message = assert_user_error(excinfo, "乱码.txt")
    assert "编码" in message or "文本" in message


def test_bytearray_from_the_bot(tmp_path: Path) -> None:
    data = bytearray(render_pdf(SAMPLE_BLOCKS, tmp_path / "a.pdf").read_bytes())
    assert tables(read_bytes(data, "年报.pdf"))


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _package(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in members:
            archive.writestr(member, "<x/>")
    return buffer.getvalue()


def _stream(name: str) -> bytes:
    """An OLE directory entry's name as the container stores it (UTF-16, NUL-terminated)."""
    return (name + "\x00").encode("utf-16-le")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        # by content, whatever the suffix says
        ("年报.docx", OLE + _stream("WordDocument"), "这是旧版 Word（.doc）文件。请在 Word 或 WPS"),
        ("年报.doc", OLE + _stream("WordDocument"), "这是旧版 Word（.doc）文件。"),
        ("年报.wps", OLE + _stream("WordDocument"), "这是 WPS 文字文件（.wps）。请在 WPS 中打开"),
        ("年报.docx", OLE + _stream("Workbook"), "这是 Excel 表格文件，不是年报的 Word 文档"),
        ("年报.pdf", OLE + _stream("Book"), "这是 Excel 表格文件"),
        ("年报.docx", OLE + _stream("PowerPoint Document"), "这是 PowerPoint 演示文稿"),
        ("年报.docx", _package("[Content_Types].xml", "xl/workbook.xml"), "这是 Excel 表格文件"),
        ("统计.xlsx", _package("[Content_Types].xml", "xl/workbook.xml"), "Word（.docx）或 PDF"),
        ("年报.docx", _package("[Content_Types].xml", "ppt/presentation.xml"), "PowerPoint"),
        ("年报.docx", _package("报告/年报.txt"), "这是压缩包，不是 Word 文档。请解压"),
        # a damaged ZIP is named by its suffix: a broken workbook is not called a Word document
        ("统计.xlsx", b"PK\x03\x04damaged", "这是 Excel 表格文件（.xlsx），不是年报的 Word 文档"),
        ("幻灯片.pptx", b"PK\x03\x04damaged", "这是 PowerPoint 演示文稿（.pptx）"),
        ("年报.pdf", PNG, "这是图片。图片中的文字无法直接读取"),
        ("年报.txt", PNG, "这是图片。"),
        ("年报.docx", b"\xff\xd8\xff\xe0" + bytes(100), "这是图片。"),
    ],
)
def test_a_renamed_file_is_named_for_what_it_is(name: str, data: bytes, expected: str) -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(data, name)
    message = assert_user_error(excinfo, name)
    assert expected in message
    assert "损坏" not in message


def test_an_office_package_without_its_word_part_is_a_corrupt_docx() -> None:
    with pytest.raises(InputError) as excinfo:
        read_bytes(_package("[Content_Types].xml", "docProps/core.xml"), "年报.docx")
    assert "已损坏或不是有效的 Word 文档" in assert_user_error(excinfo, "年报.docx")


def test_bmp_magic_does_not_make_a_text_file_an_image() -> None:
    """ "BM" is two letters: a text file may start with them."""
    text = "BM 项目组：一、总体情况\n本机关认真贯彻落实政府信息公开条例。\n"
    assert read_bytes(text.encode(), "说明.txt").text.startswith("BM 项目组")


@pytest.mark.parametrize(
    "encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]
)
def test_chinese_text_in_any_common_encoding_reads_the_same(encoding: str) -> None:
    """Notepad's "ANSI" (GBK) and "Unicode" (UTF-16, with or without a BOM) exports."""
    text = (ROOT / "corpus" / "reports" / "000_bae77339b0aba9fa.txt").read_text(encoding="utf-8")
    expected = read_bytes(text.encode("utf-8"), "年报.txt").text
    assert read_bytes(text.encode(encoding), "年报.txt").text == expected
