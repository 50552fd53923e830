"""``_excerpt_page_number``: the page of a PDF result's excerpt.

A result cut from a PDF body shows ``{Key: "_excerpt_page_number", Value: {LongValue:
p}}`` after its other DocumentAttributes (replacing a stored attribute of that key), p
being the 1-based page holding the first character of the excerpt core (or, for an
answer, of the answer sentence). It is absent when the document is not a PDF, its body
has no tokens, or RequestedDocumentAttributes leaves it out. Filters never read it: it
belongs to one result, not to the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..extraction import page_at
from .excerpts import Marks, _window

if TYPE_CHECKING:
    from ..resources.records import Document

PAGE_KEY = "_excerpt_page_number"


def with_page_number(
    shown: list[dict[str, Any]], document: Document, marks: Marks | None,
    requested: list[str] | None,
) -> list[dict[str, Any]]:
    """``shown`` (a result's DocumentAttributes) with the page of the document's excerpt."""
    if document.pages is None:
        return shown
    window = _window(document.text, marks)[0]
    return page_attribute(shown, document, window[0].start if window else None, requested)


def page_attribute(
    shown: list[dict[str, Any]], document: Document, offset: int | None,
    requested: list[str] | None,
) -> list[dict[str, Any]]:
    """``shown`` with the page holding ``offset`` of the document's body (None: no
    tokens, no page) when the document is a PDF and ``requested`` allows the key."""
    if document.pages is None or offset is None:
        return shown
    if requested is not None and PAGE_KEY not in requested:
        return shown
    page = {"Key": PAGE_KEY, "Value": {"LongValue": page_at(document.pages, offset)}}
    return [a for a in shown if a["Key"] != PAGE_KEY] + [page]
