"""Hostile files for the security tests and the memory measurement: DOCX zip bombs that are
small on disk and huge inflated, built by streaming (the test never holds the inflated XML)."""

from __future__ import annotations

import io
import zipfile
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
