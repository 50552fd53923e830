"""Text formats: UTF-8 text, with markup removed from HTML, XML and XSLT.

- The content must be valid UTF-8.
- HTML: ``<script>`` and ``<style>`` elements are removed with their content (an element
  never closed is left to the tag rule); the text of the first ``<title>`` element
  (references decoded, whitespace folded) is the document's title when it is not empty,
  and stays in the body.
- HTML, XML, XSLT: each tag (``<`` up to the next ``>``, with no ``<`` between) becomes a
  space, then character references are decoded.
- Then whitespace runs become one space, trimmed.

Every scan moves forward only, so the cost is linear in the content's size.
"""

from __future__ import annotations

import html
import re

from .common import Extracted, ExtractionError, check_size, fold

MARKUP_TYPES = frozenset({"HTML", "XML", "XSLT"})

_HIDDEN_OPEN = re.compile(r"<(script|style)\b", re.IGNORECASE)
_HIDDEN_CLOSE = {
    "script": re.compile(r"</script\s*>", re.IGNORECASE),
    "style": re.compile(r"</style\s*>", re.IGNORECASE),
}
_TITLE_OPEN = re.compile(r"<title\b[^<>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")


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
    return Extracted(check_size(fold(text)), title)
