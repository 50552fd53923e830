"""Text formats: UTF-8 text, with markup removed from HTML, XML and XSLT.

- The content must be valid UTF-8.
- HTML: ``<script>`` and ``<style>`` elements are removed with their content (an element
  never closed is left to the tag rule); the text of the first ``<title>`` element
  (references decoded, whitespace folded) is the document's title when it is not empty,
  and stays in the body.
- HTML, XML, XSLT: each tag (``<`` up to the next ``>``, with no ``<`` between) becomes a
  space, then character references are decoded.
- Then whitespace runs become one space, trimmed.

Every scan moves forward only, so the cost is linear in the content's size; the folding
stops at the 5 MB extracted-text error, so a long text over it costs no more than 5 MB.
"""

from __future__ import annotations

import html
import re

from .common import Extracted, ExtractionError, TextBuilder, check_size, fold

MARKUP_TYPES = frozenset({"HTML", "XML", "XSLT"})

_HIDDEN_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_HIDDEN_CLOSE = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
_TITLE_OPEN = re.compile(r"<title\b[^<>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_BREAK = re.compile(r"[ \t\n\r]")  # whitespace to both ``str.split`` and the tag rule
_PIECE = 1 << 20  # characters folded at a time


def decode(blob: bytes) -> str:
    try:
        return blob.decode("utf-8")
    except UnicodeDecodeError:
        raise ExtractionError("The document content is not valid UTF-8.") from None


def _without_hidden(text: str) -> str:
    """``text`` without its closed ``<script>``/``<style>`` elements."""
    kept: list[str] = []
    position = 0
    unclosed: set[str] = set()  # no closing tag after some point: none later either
    for match in _HIDDEN_OPEN.finditer(text):
        name = match.group(1).lower()
        if match.start() < position or name in unclosed:
            continue
        close = _HIDDEN_CLOSE[name].search(text, match.end())
        if close is None:
            unclosed.add(name)
            continue
        kept.append(text[position:match.start()])
        kept.append(" ")
        position = close.end()
    kept.append(text[position:])
    return "".join(kept)


def _title(text: str) -> str | None:
    """The folded text of the first ``<title>`` element, or None when it is empty."""
    start = _TITLE_OPEN.search(text)
    if start is None:
        return None
    end = _TITLE_CLOSE.search(text, start.end())
    if end is None:
        return None
    return fold(html.unescape(_TAG.sub(" ", text[start.end():end.start()]))) or None


def extract_markup(blob: bytes, content_type: str | None) -> Extracted:
    """The body text (and for HTML the title) of a text ContentType, or none given."""
    text = decode(blob)
    title = None
    if content_type == "HTML":
        text = _without_hidden(text)
        title = _title(text)
    if content_type in MARKUP_TYPES:
        text = html.unescape(_TAG.sub(" ", text))
    return Extracted(_folded(text), title)


def _folded(text: str) -> str:
    """``fold(text)``, built a piece at a time (each cut at whitespace) and stopped with the
    5 MB error as soon as the folded text outgrows it."""
    if len(text) <= _PIECE:
        return check_size(fold(text))
    builder = TextBuilder()
    start = 0
    while start < len(text):
        cut = _BREAK.search(text, start + _PIECE)
        end = cut.start() if cut else len(text)
        builder.add(text[start:end])
        start = end
    return builder.text()
