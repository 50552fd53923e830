"""Body text of a document (spec 5.1): decoding and markup stripping."""

from __future__ import annotations

import html
import re

MAX_DOCUMENT_BYTES = 52_428_800  # 50 MB
MAX_TEXT_BYTES = 5_242_880  # 5 MB of extracted text

BINARY_TYPES = frozenset({"PDF", "MS_WORD", "PPT", "RTF", "MS_EXCEL"})
MARKUP_TYPES = frozenset({"HTML", "XML", "XSLT"})

_SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


class ContentError(Exception):
    """A document whose content fails one of the BatchPutDocument checks 2-4."""


def extract_text(blob: bytes, content_type: str | None) -> str:
    """Decode ``blob`` as ``content_type`` and return its normalised body text.

    Binary formats are not parsed: their bytes are read as UTF-8, dropping what
    does not decode (spec section 11).
    """
    if len(blob) > MAX_DOCUMENT_BYTES:
        raise ContentError("The document is larger than 50 MB.")
    if content_type in BINARY_TYPES:
        text = blob.decode("utf-8", errors="ignore")
    else:
        try:
            text = blob.decode("utf-8")
        except UnicodeDecodeError:
            raise ContentError("The document content is not valid UTF-8.") from None
    if content_type == "HTML":
        text = _SCRIPT_OR_STYLE.sub(" ", text)
    if content_type in MARKUP_TYPES:
        text = html.unescape(_TAG.sub(" ", text))
    text = " ".join(text.split())  # str.split() splits on exactly the \s characters
    if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode()) > MAX_TEXT_BYTES:
        raise ContentError("The extracted text is larger than 5 MB.")
    return text
