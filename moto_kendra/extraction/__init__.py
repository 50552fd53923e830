"""Text extraction: the body text, title and page starts of a document's content.

One function, :func:`extract`, serves BatchPutDocument (``Blob`` and ``S3Path``) and the
S3 crawl alike. One module per format family: :mod:`.markup` (text, HTML, XML, XSLT),
:mod:`.pdf`, :mod:`.ooxml` (MS_WORD, PPT, MS_EXCEL) and :mod:`.rtf`. The checks, in order:

1. the content is at most 50 MB (``The document is larger than 50 MB.``);
2. text types decode as UTF-8 (``The document content is not valid UTF-8.``);
3. MS_WORD, PPT and MS_EXCEL content is not a legacy OLE2 file
   (``Legacy binary .doc files are not supported; convert them to .docx.``);
4. PDF, MS_WORD, PPT, MS_EXCEL and RTF content parses
   (``The document cannot be read as <ContentType>.``) -- whatever goes wrong inside a
   parser ends here, never as an exception out of :func:`extract`;
5. the body text, whitespace folded, is at most 5 MB of UTF-8
   (``The extracted text is larger than 5 MB.``).
"""

from __future__ import annotations

from .common import (
    MAX_DOCUMENT_BYTES,
    MAX_TEXT_BYTES,
    Extracted,
    ExtractionError,
    page_at,
    unreadable,
)
from .markup import extract_markup
from .ooxml import extract_ooxml
from .pdf import extract_pdf
from .rtf import extract_rtf

__all__ = [
    "MAX_DOCUMENT_BYTES", "MAX_TEXT_BYTES", "Extracted", "ExtractionError", "extract", "page_at",
]

PARSED_TYPES = frozenset({"PDF", "MS_WORD", "PPT", "MS_EXCEL", "RTF"})


def _parse(blob: bytes, content_type: str) -> Extracted:
    if content_type == "PDF":
        return extract_pdf(blob)
    if content_type == "RTF":
        return extract_rtf(blob)
    return extract_ooxml(blob, content_type)


def extract(blob: bytes, content_type: str | None) -> Extracted:
    """The body text of ``blob`` read as ``content_type``, or :class:`ExtractionError`
    with the reason the document fails (the only exception this raises).

    Choice: empty content has an empty body for every ContentType (a document may be put
    with a title and attributes only), rather than failing to parse as a PDF or zip."""
    if len(blob) > MAX_DOCUMENT_BYTES:
        raise ExtractionError("The document is larger than 50 MB.")
    if not blob:  # no content (no Blob, or an empty one): an empty body, whatever the type
        return Extracted("", None, () if content_type == "PDF" else None)
    if content_type not in PARSED_TYPES:
        return extract_markup(blob, content_type)
    try:
        return _parse(blob, content_type)
    except ExtractionError:
        raise
    except Exception:  # any parser failure: the content is not what it claims to be
        raise unreadable(content_type) from None
