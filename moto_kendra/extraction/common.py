"""What every format family shares: the limits, the error and the text builder."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

MAX_DOCUMENT_BYTES = 52_428_800  # 50 MB of content
MAX_TEXT_BYTES = 5_242_880  # 5 MB of extracted text
#: Decompressed bytes one document may unpack (OOXML parts read); beyond it the content
#: is not read (a guard against zip bombs, far above any real document's text).
MAX_UNPACKED_BYTES = 104_857_600

TOO_MUCH_TEXT = "The extracted text is larger than 5 MB."


class ExtractionError(Exception):
    """Content that fails a BatchPutDocument content check; the message is the reason."""


def unreadable(content_type: str) -> ExtractionError:
    """The one reason given for content that cannot be read as its ContentType."""
    return ExtractionError(f"The document cannot be read as {content_type}.")


@dataclass(frozen=True)
class Extracted:
    """The body text of a document, its title from the content (HTML ``<title>``), and
    for a PDF the character offset in ``text`` where each page starts (page 1 at 0)."""

    text: str
    title: str | None = None
    pages: tuple[int, ...] | None = None


def page_at(pages: tuple[int, ...], offset: int) -> int:
    """The 1-based page of a PDF body holding the character at ``offset`` of its text
    (``pages``: :attr:`Extracted.pages`, page 1 starting at 0; a page with no text starts
    where the next one does, so it never holds a character)."""
    return max(1, bisect_right(pages, offset))


def fold(text: str) -> str:
    """Whitespace runs become one space, trimmed (``str.split`` splits on exactly ``\\s``)."""
    return " ".join(text.split())


def check_size(text: str) -> str:
    """``text`` if its UTF-8 form fits the 5 MB extracted-text limit."""
    if len(text) > MAX_TEXT_BYTES // 4 and len(text.encode()) > MAX_TEXT_BYTES:
        raise ExtractionError(TOO_MUCH_TEXT)
    return text


class TextBuilder:
    """Joins pieces of text with one space, each folded, empty ones dropped, and stops
    with the 5 MB error as soon as the text outgrows it (so a huge input is not read to
    its end). ``page()`` marks where the next piece starts a new page."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0  # characters so far, separators included
        self.size = 0  # UTF-8 bytes so far, separators included
        self.pages: list[int] = []

    def add(self, piece: str) -> None:
        piece = fold(piece)
        if not piece:
            return
        separator = 1 if self.pieces else 0
        self.pieces.append(piece)
        self.length += separator + len(piece)
        self.size += separator + (len(piece) if piece.isascii() else len(piece.encode()))
        if self.size > MAX_TEXT_BYTES:
            raise ExtractionError(TOO_MUCH_TEXT)

    def page(self) -> None:
        self.pages.append(self.length + 1 if self.pieces else 0)

    def text(self) -> str:
        return " ".join(self.pieces)
