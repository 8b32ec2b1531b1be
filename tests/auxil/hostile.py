"""Hostile files for the security tests and the memory measurement: DOCX zip bombs that are
small on disk and huge inflated, built by streaming (the test never holds the inflated XML)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from tests.auxil.layouts import sample_data, write_docx

PARAGRAPH = (
    b"<w:p><w:r><w:t>" + "本机关认真贯彻落实政府信息公开条例。".encode() + b"</w:t></w:r></w:p>"
)


def docx_bomb(path: Path, inflated_bytes: int, *, filler: bytes | None = None) -> Path:
    """A DOCX (a real report's parts) whose ``word/document.xml`` inflates to about
    ``inflated_bytes`` of valid XML. ``filler`` repeats in the body (default: one paragraph);
    a less repetitive filler gives a lower compression ratio."""
    with io.BytesIO() as buf:
        write_docx(sample_data(), path.with_suffix(".seed.docx"))
        seed = path.with_suffix(".seed.docx")
        unit = filler or PARAGRAPH
        with (
            zipfile.ZipFile(seed) as src,
            zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out,
        ):
            for info in src.infolist():
                if info.filename != "word/document.xml":
                    out.writestr(info, src.read(info.filename))
                    continue
                xml = src.read(info.filename)
                head, _, tail = xml.partition(b"<w:body>")
                with out.open("word/document.xml", "w", force_zip64=True) as fh:
                    fh.write(head + b"<w:body>")
                    written = len(head)
                    block = unit * max(1, (1 << 20) // len(unit))
                    while written < inflated_bytes:
                        fh.write(block)
                        written += len(block)
                    fh.write(tail)
        seed.unlink()
        path.write_bytes(buf.getvalue())
    return path


_ZERO_MB = zlib.compressobj(9)
_ZERO_MB_HEAD = _ZERO_MB.compress(bytes(1 << 20)) + _ZERO_MB.flush(zlib.Z_FULL_FLUSH)
_ZERO_MB_BLOCK = _ZERO_MB.compress(bytes(1 << 20)) + _ZERO_MB.flush(zlib.Z_FULL_FLUSH)
"""One megabyte of zero bytes as a deflate block that starts afresh (a full flush), so the
same ~1 KB repeats: a stream of many gigabytes is written without compressing them."""


def zeros_flate(megabytes: int) -> bytes:
    """A zlib stream that inflates to ``megabytes`` MB of zero bytes (whitespace in a PDF
    content stream). The Adler-32 of n zeros is ``(n mod 65521) << 16 | 1``."""
    size = megabytes << 20
    body = _ZERO_MB_HEAD[:2] + _ZERO_MB_BLOCK * megabytes + b"\x03\x00"
    return body + struct.pack(">I", ((size % 65521) << 16) | 1)


def pdf_bomb(
    path: Path, megabytes_per_page: int, *, pages: int = 1, hex_first: bool = False
) -> Path:
    """A valid PDF whose page content streams (FlateDecode) inflate to
    ``megabytes_per_page`` MB each, after one line of real text: small on disk (about 1 KB
    per inflated MB), gigabytes when a reader decodes it. Written by hand: no PDF library.
    ``hex_first`` wraps each stream in ASCIIHexDecode (twice the size on disk): a chain the
    stream scan does not inflate, so only the reader's memory cap stops it."""
    text = b"BT /F1 12 Tf 72 720 Td (2023 Annual Report) Tj ET\n"
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the page numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for _ in range(pages):
        number = len(objects) + 1
        kids.append(f"{number} 0 R".encode())
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents [{number + 1} 0 R {number + 2} 0 R] >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream")
        body = zeros_flate(megabytes_per_page)
        filters = b"/FlateDecode"
        if hex_first:
            body, filters = body.hex().encode() + b">", b"[/ASCIIHexDecode /FlateDecode]"
        objects.append(
            b"<< /Length %d /Filter %s >>\nstream\n" % (len(body), filters) + body + b"\nendstream"
        )
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), pages)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with(path: Path, parts: dict[str, bytes], rels: bytes = b"", types: bytes = b"") -> Path:
    """The sample report's DOCX with ``parts`` replaced or added, ``rels`` appended to the
    document's relationships and ``types`` to ``[Content_Types].xml`` (hostile XML parts)."""
    seed = write_docx(sample_data(), path.with_suffix(".seed.docx"))
    with zipfile.ZipFile(seed) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rels + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", types + b"</Types>")
            out.writestr(info.filename, parts.pop(info.filename, data))
        for name, data in parts.items():
            out.writestr(name, data)
    seed.unlink()
    return path


def docx_body(path: Path, body: str) -> Path:
    """The sample report's DOCX whose body is ``body`` (WordprocessingML, ``w:`` prefix)."""
    xml = f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>'
    return docx_with(path, {"word/document.xml": xml.encode()})
