"""The Chinese messages of every reader failure, in one place so they stay consistent.

Each function returns an ``InputError`` naming the file in 「」 and saying what the user can do;
the caller raises it, chained to the cause (``raise errors.corrupt_pdf(name) from exc``).
"""

from __future__ import annotations

from base.errors import InputError

MB = 1024 * 1024

RESAVE = "请另存为 DOCX 或 PDF 后再上传。"
NEED_TEXT_LAYER = "请上传带文字层的 PDF 或 Word 原件。"


def format_mb(size: int) -> str:
    """``20971520`` -> ``"20"``, ``26528317`` -> ``"25.3"``: megabytes without trailing zeros."""
    value = size / MB
    text = f"{value:.2f}" if value >= 0.01 else f"{value:.6f}"
    return text.rstrip("0").rstrip(".") or "0"


def not_found(name: str) -> InputError:
    return InputError(f"找不到文件「{name}」，请检查路径后重试。")


def not_a_file(name: str) -> InputError:
    return InputError(f"「{name}」不是文件（可能是文件夹），请选择报告文件。")


def unreadable(name: str, reason: str) -> InputError:
    return InputError(f"无法打开「{name}」：{reason}。")


def empty_file(name: str) -> InputError:
    return InputError(f"「{name}」是空文件（0 字节），请检查后重新上传。")


def too_large(name: str, size: int, limit: int) -> InputError:
    return InputError(
        f"「{name}」大小为 {format_mb(size)} MB，超过 {format_mb(limit)} MB 的上限，"
        "请压缩其中的图片或只上传报告正文。"
    )


def no_text(name: str) -> InputError:
    return InputError(f"「{name}」中没有可读取的文字内容，请检查文件后重新上传。")


def unsupported(name: str, kind: str, advice: str = RESAVE) -> InputError:
    """A file type we do not read; ``kind`` describes it (``"旧版 Word（.doc）文件"``)."""
    space = " " if kind[:1].isascii() else ""  # 这是 Excel 表格文件
    return InputError(f"暂不支持读取「{name}」：这是{space}{kind}。{advice}")


def unknown_type(name: str, suffix: str) -> InputError:
    return InputError(
        f"无法识别「{name}」的文件类型（{suffix}）。"
        f"支持 TXT、Markdown、HTML、DOCX 和 PDF 文件，{RESAVE}"
    )


def undecodable(name: str) -> InputError:
    return InputError(
        f"无法识别「{name}」的文字编码，请用记事本或 WPS 另存为 UTF-8 编码，或上传 DOCX、PDF 原件。"
    )


def binary_text(name: str) -> InputError:
    return InputError(
        f"「{name}」看起来不是文本文件（含有二进制内容），请确认文件类型，或上传 DOCX、PDF 原件。"
    )


def corrupt_pdf(name: str) -> InputError:
    return InputError(f"无法读取「{name}」：文件已损坏或不是有效的 PDF，请重新导出后再上传。")


def encrypted_pdf(name: str) -> InputError:
    return InputError(
        f"无法读取「{name}」：PDF 已加密（设有打开密码），请取消密码后重新导出再上传。"
    )


def scanned_pdf(name: str) -> InputError:
    return InputError(
        f"「{name}」没有文字层（可能是扫描件或图片转成的 PDF），无法提取文字；{NEED_TEXT_LAYER}"
    )


def garbled_pdf(name: str) -> InputError:
    return InputError(
        f"「{name}」的文字层无法识别（字体缺少编码信息，提取出来是乱码）；"
        "请上传 Word 原件，或用 Word/WPS 重新导出 PDF。"
    )


def corrupt_docx(name: str) -> InputError:
    return InputError(
        f"无法读取「{name}」：文件已损坏或不是有效的 Word 文档（DOCX），"
        "请用 Word 或 WPS 打开后另存为 DOCX 再上传。"
    )


def encrypted_office(name: str) -> InputError:
    return InputError(
        f"无法读取「{name}」：文档已加密（设有打开密码），请取消密码后重新保存再上传。"
    )


def corrupt_html(name: str) -> InputError:
    return InputError(f"无法读取「{name}」：网页文件已损坏，{RESAVE}")


def archive_bomb(name: str, detail: str) -> InputError:
    return InputError(
        f"「{name}」解压后过大或结构异常（{detail}），为保护系统未打开。"
        "正常的年报 Word 文件不会这样；请在 Word 或 WPS 中打开后另存为 DOCX 或 PDF 再上传。"
    )


def pdf_bomb(name: str, detail: str) -> InputError:
    return InputError(
        f"「{name}」{detail}，为保护系统未打开。"
        "正常的年报 PDF 不会这样；请用 Word 或 WPS 重新导出 PDF，或上传 Word（.docx）原件。"
    )


def too_many_pages(name: str, pages: int, limit: int) -> InputError:
    return InputError(
        f"「{name}」有 {pages} 页，超过 {limit} 页的上限，不像是一份年度报告。"
        "请只上传年度报告本身。"
    )


def too_much_markup(name: str, tags: int, limit: int) -> InputError:
    return InputError(
        f"「{name}」的网页标记过多（约 {tags} 个，上限 {limit} 个），为保护系统未打开。"
        "请在浏览器中打开后只复制年报正文另存为 TXT，或上传 DOCX、PDF 原件。"
    )


MAX_TABLE_COLUMNS = 100
"""Grid columns a table is read with (Word allows 63): spans and ``gridBefore`` past it are cut,
so ``gridSpan``/``colspan`` values cannot make one row millions of positions wide."""
MAX_TABLE_CELLS = 1_000_000
"""Grid positions (rows × columns) of one table: a 40 KB HTML cell with ``rowspan=65534
colspan=1000`` would otherwise expand to 65 million (gigabytes); 表三 has ~300."""


class TableTooLarge(Exception):
    """Raised by a reader's grid expansion past ``MAX_TABLE_CELLS``; the reader turns it into
    ``table_too_large`` with the file's name."""


def table_too_large(name: str) -> InputError:
    return InputError(
        f"「{name}」中有表格的单元格合并范围或行列数异常（超过 {MAX_TABLE_CELLS} 格），"
        "为保护系统未打开。正常的年报表格不会这样；"
        "请在 Word 或 WPS 中打开后另存为 DOCX 或 PDF 再上传。"
    )
