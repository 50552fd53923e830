"""PDF: the text ``pypdf`` extracts from each page, in page order, pages joined by a space.

- An encrypted file is opened with the empty password; one that needs another password
  cannot be read.
- Content that is not a PDF, or that ``pypdf`` fails on, cannot be read as PDF.
- The offset where each page's text starts is kept, so a search can tell the page of an
  excerpt (a page with no text starts where the next one does).
- ``pypdf`` bounds what one stream may decompress to; the text stops with the 5 MB error
  as soon as the pages read so far outgrow it.
"""

from __future__ import annotations

import io

from pypdf import PasswordType, PdfReader

from .common import Extracted, TextBuilder, unreadable

PDF_SIGNATURE = b"%PDF-"


def extract_pdf(blob: bytes) -> Extracted:
    # A PDF header may follow up to 1 KB of leading bytes (as readers accept).
    if PDF_SIGNATURE not in blob[:1024]:
        raise unreadable("PDF")
    reader = PdfReader(io.BytesIO(blob))
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise unreadable("PDF")
    builder = TextBuilder()
    for page in reader.pages:
        builder.page()
        builder.add(page.extract_text())
    return Extracted(builder.text(), None, tuple(builder.pages))

