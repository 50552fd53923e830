"""PDF: the text ``pypdf`` extracts from each page, in page order, pages joined by a space.

- An encrypted file is opened with the empty password; one that needs another password
  cannot be read.
- Content that is not a PDF, or that ``pypdf`` fails on, cannot be read as PDF.
- The offset where each page's text starts is kept, so a search can tell the page of an
  excerpt (a page with no text starts where the next one does).
- Bounds: the page content streams of one file may decode to at most 100 MB in all (each
  page's are decoded, and counted, before its text is read); the text stops with the 5 MB
  error as soon as the pages read so far outgrow it.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.generic import ArrayObject, StreamObject

from .common import MAX_UNPACKED_BYTES, Extracted, TextBuilder, unreadable

PDF_SIGNATURE = b"%PDF-"


def _decoded_size(page: PageObject) -> int:
    """Bytes the page's content streams decode to (pypdf keeps them decoded for its text)."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    total = 0
    for stream in streams:
        stream = stream.get_object()
        if isinstance(stream, StreamObject):
            total += len(stream.get_data())
    return total


def extract_pdf(blob: bytes) -> Extracted:
    # A PDF header may follow up to 1 KB of leading bytes (as readers accept).
    if PDF_SIGNATURE not in blob[:1024]:
        raise unreadable("PDF")
    reader = PdfReader(io.BytesIO(blob))
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise unreadable("PDF")
    builder = TextBuilder()
    unpacked = 0
    for page in reader.pages:
        unpacked += _decoded_size(page)
        if unpacked > MAX_UNPACKED_BYTES:
            raise unreadable("PDF")
        builder.page()
        builder.add(page.extract_text())
    return Extracted(builder.text(), None, tuple(builder.pages))

