"""Text analysis: tokens with offsets, a small English stemmer, stop words, query terms.

A token is a maximal run of Unicode letters and digits; it is lower-cased, then stemmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_TOKEN = re.compile(r"[^\W_]+")
MAX_QUERY_TERMS = 30
# Stop words are dropped from queries only (documents index every token).  Besides the
# usual articles and conjunctions they hold question and function words, so that a question
# asked in plain English ("how do I reset my password") is matched and scored on its content
# words (reset, password).
STOP_WORDS = frozenset("""
    a about above after again all am an and any are as at be been before being below between
    both but by can could did do does doing down during each few for from further had has have
    having he her here hers herself him himself his how i if in into is it its itself just me
    more most my myself no nor not now of on only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves
""".split())
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


def words(text: str) -> list[str]:
    """The lower-cased, unstemmed tokens of ``text``, in order."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    return [word.lower() for word in _TOKEN.findall(text)]


def stems(text: str) -> list[str]:
    """The stems of ``text``'s tokens, in order: ``tokenize`` without the offsets."""
    if text.isascii():
        lowered = text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
        found = list(map(_STEMS.get, lowered))  # the cache read at C speed
        if None in found:
            return [known or stem(word) for known, word in zip(found, lowered, strict=True)]
        return found  # type: ignore[return-value]
    return [stem(word.lower()) for word in _TOKEN.findall(text)]


def phrase_starts(text_stems: list[str], phrase: tuple[str, ...]) -> list[int]:
    """Token positions where ``phrase`` (stems) occurs in ``text_stems`` at consecutive
    positions."""
    width = len(phrase)
    if not width:
        return []
    first = phrase[0]
    return [
        i for i, found in enumerate(text_stems[:len(text_stems) - width + 1])
        if found == first and tuple(text_stems[i:i + width]) == phrase
    ]


def contains_phrase(text: str, phrase: tuple[str, ...]) -> bool:
    """Whether ``text``'s stems hold ``phrase`` at consecutive positions (stems never hold
    a space, so a padded join finds the run at C speed)."""
    return f" {' '.join(phrase)} " in f" {' '.join(stems(text))} "


def query_terms(text: str) -> list[str]:
    """Stems of the non-stop-word tokens, deduplicated in order, the first 30 kept."""
    terms: dict[str, None] = {}
    for word in _TOKEN.findall(text):
        lowered = word.lower()
        if lowered not in STOP_WORDS:
            terms.setdefault(stem(lowered))
    return list(terms)[:MAX_QUERY_TERMS]
