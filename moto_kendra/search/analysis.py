"""Text analysis of spec 8.2: tokens with offsets, a small English stemmer, stop words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_TOKEN = re.compile(r"[^\W_]+")
MAX_QUERY_TERMS = 30
STOP_WORDS = frozenset(
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with".split()
)
_NO_UNDOUBLE = frozenset("aeiouylsz")


class Token(NamedTuple):
    stem: str
    start: int
    end: int  # exclusive


_STEMS: dict[str, str] = {}  # word -> stem; emptied when it reaches MAX_CACHED_STEMS
MAX_CACHED_STEMS = 65536


def stem(word: str) -> str:
    """Stem a lower-cased token; tokens of three characters or fewer stay as they are."""
    found = _STEMS.get(word)
    if found is None:
        found = _stem(word)
        if len(_STEMS) >= MAX_CACHED_STEMS:
            _STEMS.clear()  # a bounded cache that keeps learning the words in use now
        _STEMS[word] = found
    return found


def _stem(word: str) -> str:
    if len(word) <= 3:
        return word
    # (1) plurals
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("es") and (word[-3] in "xz" or word[-4:-2] in ("ch", "sh")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    # (2) -ing / -ed
    dropped = False
    if word.endswith("ing") and len(word) - 3 >= 3:
        word, dropped = word[:-3], True
    elif word.endswith("ed") and len(word) - 2 >= 3:
        word, dropped = word[:-2], True
    if dropped and len(word) >= 2 and word[-1] == word[-2] and word[-1] not in _NO_UNDOUBLE:
        word = word[:-1]
    # (3) final e
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def tokenize(text: str) -> Iterator[Token]:
    """Every token of ``text`` with its stem and [start, end) offsets."""
    for match in _TOKEN.finditer(text):
        yield Token(stem(match.group().lower()), match.start(), match.end())


# ASCII fast path of the tokenizer: in ASCII, ``[^\W_]`` is exactly ``[A-Za-z0-9]``, so one
# byte-translation both lower-cases and turns every other byte into a separator.
_ASCII_WORDS = bytes(
    (c | 0x20 if chr(c).isalpha() else c) if chr(c).isascii() and chr(c).isalnum() else 0x20
    for c in range(256)
)


def stems(text: str) -> list[str]:
    """The stems of ``text``'s tokens, in order: ``tokenize`` without the offsets."""
    if text.isascii():
        words = text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
        found = list(map(_STEMS.get, words))  # the cache read at C speed
        if None in found:
            return [known or stem(word) for known, word in zip(found, words, strict=True)]
        return found  # type: ignore[return-value]
    return [stem(word.lower()) for word in _TOKEN.findall(text)]


def query_terms(text: str) -> list[str]:
    """Stems of the non-stop-word tokens, deduplicated in order, the first 30 kept."""
    terms: dict[str, None] = {}
    for word in _TOKEN.findall(text):
        lowered = word.lower()
        if lowered not in STOP_WORDS:
            terms.setdefault(stem(lowered))
    return list(terms)[:MAX_QUERY_TERMS]
