"""A bound on what a PDF's compressed streams inflate to, checked before any PDF library
opens the file: a 2 MB PDF can hold a FlateDecode content stream of 2 GB (zeros compress
about 1000×), and pdfminer and PDFium inflate a page's whole content stream into memory
(pdfminer keeps it while the document is open). Hundreds of pages each with a large stream
cost minutes even when each fits.

The scan inflates each FlateDecode stream that is not an image (images are never decoded for
text) 4 KB of input at a time and throws the output away, so it holds at most ~4 MB, and it
stops as soon as the total passes the bound. Streams with filter chains that do not start with
FlateDecode are not counted; the reader's memory cap (``services.isolation``) still bounds
them.
"""

from __future__ import annotations

import re
import zlib

from ingest.readers import errors

MB = 1024 * 1024
MAX_INFLATED_BYTES = 256 * MB
"""All non-image FlateDecode streams together, inflated. A 40-page report has a few MB of
page content and up to some tens of MB of embedded fonts."""
_INPUT_STEP = 4096
"""Compressed bytes fed at a time: deflate inflates at most 1032×, so one step holds ~4 MB."""
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_DICT_WINDOW = 4096  # bytes before the keyword where the stream's dictionary is
_FLATE = re.compile(rb"/Filter\s*\[?\s*/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")


def check_streams(data: bytes, name: str, limit: int = MAX_INFLATED_BYTES) -> None:
    """Refuse (``InputError``) a PDF whose streams inflate to more than ``limit`` bytes."""
    total = 0
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - _DICT_WINDOW) : match.start()]
        head = head[head.rfind(b" obj") + 1 :]  # this object's dictionary only
        if not _FLATE.search(head) or _IMAGE.search(head):
            continue
        total += _inflated(view, match.end(), limit - total)
        if total > limit:
            raise errors.pdf_bomb(name, f"页面内容解压后超过 {errors.format_mb(limit)} MB")


def _inflated(view: memoryview, start: int, budget: int) -> int:
    """How many bytes the zlib stream at ``start`` inflates to, counting no further than
    just past ``budget``; a broken stream counts what inflated before the error."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        for position in range(start, len(view), _INPUT_STEP):
            size += len(inflater.decompress(view[position : position + _INPUT_STEP]))
            if inflater.eof or size > budget:
                break
    except zlib.error:
        pass
    return size
