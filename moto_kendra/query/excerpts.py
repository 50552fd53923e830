"""How a hit's text is shown: titles, excerpts and Retrieve passages, with highlights.

Choices where the docs are silent: when a text is cut (the 2000-character excerpt
core, the 2048-character title), only tokens that end inside the returned text are
highlighted, so ``Text[BeginOffset:EndOffset]`` is always a whole token.

A query with quoted phrases also highlights every token of each phrase occurrence in the
text shown (stop words included, one highlight per token), and its excerpt centres on the
first highlighted token; a phrase occurrence is looked for within the returned text only.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Any

from ..search.analysis import Token, phrase_starts, tokenize

EXCERPT_TOKENS = 100
EXCERPT_LEAD = 10
EXCERPT_CHARS = 2000
TITLE_CHARS = 2048
PASSAGE_TOKENS = 200

STANDARD = "STANDARD"


class Marks(dict[str, str]):
    """Stem -> highlight Type (absent when the stem is no query term), and ``phrases``: the
    stems of the query's positive phrases, whose occurrences are highlighted whole."""

    phrases: list[tuple[str, ...]] = []


def _phrase_positions(tokens: list[Token], marks: dict[str, str]) -> set[int]:
    """Positions in ``tokens`` of every token of an occurrence of one of the phrases."""
    phrases = getattr(marks, "phrases", None)
    if not phrases:
        return set()
    text_stems = [token.stem for token in tokens]
    return {start + k for phrase in phrases for start in phrase_starts(text_stems, phrase)
            for k in range(len(phrase))}


def highlights(tokens: Iterable[Token], marks: dict[str, str], offset: int = 0,
               limit: int | None = None) -> list[dict[str, Any]]:
    """One highlight per token whose stem is a query term (or that lies in a phrase
    occurrence), offsets shifted by ``offset``; reading stops at the first token ending
    past ``limit`` (tokens come in text order)."""
    found = []
    if getattr(marks, "phrases", None):
        tokens = list(tokens)
    in_phrase = _phrase_positions(tokens, marks) if isinstance(tokens, list) else set()
    for position, token in enumerate(tokens):
        end = token.end + offset
        if limit is not None and end > limit:
            break
        kind = marks.get(token.stem)
        if kind is None and position in in_phrase:
            kind = STANDARD
        if kind is not None:
            found.append({"BeginOffset": token.start + offset, "EndOffset": end,
                          "TopAnswer": False, "Type": kind})
    return found


def titled(text: str, marks: dict[str, str] | None) -> dict[str, Any]:
    """``{Text, Highlights}`` for a title (or a document id standing in for one)."""
    cut = text[:TITLE_CHARS]
    marked = highlights(tokenize(text), marks, limit=len(cut)) if marks else []
    return {"Text": cut, "Highlights": marked}


def _phrase_window(body: str, marks: Marks) -> tuple[list[Token], bool, bool]:
    """:func:`_window` for a query with phrases: centred on the first highlighted token."""
    tokens = list(tokenize(body))
    marked = [i for i, token in enumerate(tokens) if token.stem in marks]
    first = min([*marked[:1], *_phrase_positions(tokens, marks)], default=0)
    start = max(0, first - EXCERPT_LEAD)
    stop = min(len(tokens), start + EXCERPT_TOKENS)
    return tokens[start:stop], start > 0, stop < len(tokens)


def _window(body: str, marks: dict[str, str] | None) -> tuple[list[Token], bool, bool]:
    """The body tokens [s, e) of the excerpt window, whether s > 0 and whether e < n.

    Reads tokens only up to the window's end (plus one, to know whether more follow),
    so a long body is not tokenized to its end when a query term occurs early.
    """
    if isinstance(marks, Marks) and marks.phrases:
        return _phrase_window(body, marks)
    tokens = tokenize(body)
    head: list[Token] = []  # the first tokens: the window when no token matches
    recent: deque[Token] = deque(maxlen=EXCERPT_LEAD)  # the tokens just before the current
    for position, token in enumerate(tokens):
        if marks and token.stem in marks:
            window = [*recent, token]
            for following in tokens:
                if len(window) == EXCERPT_TOKENS:
                    return window, position > EXCERPT_LEAD, True
                window.append(following)
            return window, position > EXCERPT_LEAD, False
        if len(head) <= EXCERPT_TOKENS:
            head.append(token)
        recent.append(token)
    return head[:EXCERPT_TOKENS], False, len(head) > EXCERPT_TOKENS


def excerpt(body: str, title: str, marks: dict[str, str] | None) -> dict[str, Any]:
    """The excerpt window around the first query-term token of the body: tokens
    [s, e) with s = max(0, m - 10) and e = min(n, s + 100), the core cut to 2000
    characters, ``...`` before when s > 0 and after when e < n or the core was cut."""
    window, later_start, more = _window(body, marks)
    if not window:
        return titled(title, marks)
    core = body[window[0].start:window[-1].end]
    cut = len(core) > EXCERPT_CHARS
    core = core[:EXCERPT_CHARS]
    lead = "..." if later_start else ""
    text = lead + core + ("..." if more or cut else "")
    shift = len(lead) - window[0].start
    marked = highlights(window, marks, shift, len(lead) + len(core)) if marks else []
    return {"Text": text, "Highlights": marked}


def passages(body: str) -> list[tuple[int, list[Token], str]]:
    """Chunks of 200 body tokens: ``(chunk index, tokens, text from first to last token)``."""
    tokens = list(tokenize(body))
    chunks = []
    for number, begin in enumerate(range(0, len(tokens), PASSAGE_TOKENS)):
        part = tokens[begin:begin + PASSAGE_TOKENS]
        chunks.append((number, part, body[part[0].start:part[-1].end]))
    return chunks
