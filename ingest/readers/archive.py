"""Bounds on ZIP-based files (DOCX) checked from the central directory, before any part is
inflated: a 532 KB DOCX can declare 171 MB of XML, and parsing that takes gigabytes.

``zipfile`` never inflates a member past its declared size (it truncates and then fails the
CRC), so checking the declared sizes bounds what a reader can be made to hold.
"""

from __future__ import annotations

import io
import zipfile

from ingest.readers import errors

MB = 1024 * 1024
MAX_TOTAL_BYTES = 100 * MB
"""All members together, inflated (images included: python-docx loads every part)."""
MAX_XML_BYTES = 20 * MB
"""XML parts together, inflated: each is parsed into an lxml tree several times its size."""
MAX_RATIO = 200
"""Inflated / compressed size of one member: Word's XML compresses 5–20×, a bomb 1000×."""
RATIO_FLOOR = 1 * MB
"""Members smaller than this inflated are not held to the ratio (tiny repetitive parts)."""
MAX_MEMBERS = 5000


def check_archive(data: bytes, name: str) -> None:
    """Refuse (``InputError``) an archive whose declared sizes or ratios are out of bounds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise errors.corrupt_docx(name) from exc
    if len(infos) > MAX_MEMBERS:
        raise errors.archive_bomb(name, f"包含 {len(infos)} 个部件")
    total = xml = 0
    for info in infos:
        size = info.file_size
        total += size
        if info.filename.endswith((".xml", ".rels")):
            xml += size
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise errors.archive_bomb(name, f"部件 {info.filename} 压缩比异常（{ratio} 倍）")
    if total > MAX_TOTAL_BYTES:
        raise errors.archive_bomb(name, f"解压后达 {errors.format_mb(total)} MB")
    if xml > MAX_XML_BYTES:
        raise errors.archive_bomb(name, f"文档内容解压后达 {errors.format_mb(xml)} MB")
