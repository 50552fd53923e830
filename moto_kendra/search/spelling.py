"""Spell correction of QueryText from the index vocabulary.

- **Vocabulary** V: the distinct lower-cased, unstemmed body tokens of the searchable
  documents, each with its document frequency df, keeping those with
  df >= max(1, ceil(0.0001 x N)), N the number of searchable documents.
- **Checked words**: the tokens of QueryText (hyphen parts are separate tokens; operator
  words, field words and wildcards are left alone) of 3 to 30 characters, all letters, not a
  stop word, such that neither the word (lower-cased) nor its stem is a word or a stem of V.
- **Correction**: the word of V at the smallest restricted Damerau-Levenshtein distance from
  the lower-cased word, at most 1 for words of up to 4 characters and 2 otherwise; ties go to
  the higher df, then code-point order.  No candidate: the word stays.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from .analysis import STOP_WORDS, stem, tokenize
from .lexicon import Lexicon
from .syntax import skipped_spans

MIN_LETTERS, MAX_LETTERS = 3, 30


class Correction(NamedTuple):
    begin: int  # offsets into QueryText, end exclusive
    end: int
    term: str  # as written
    corrected: str  # the vocabulary word


class Speller:
    """Spell correction against one state of a :class:`Lexicon`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.least = max(1, math.ceil(0.0001 * lexicon.documents))

    def known(self, word: str) -> bool:
        """Whether ``word`` is in V."""
        return self.lexicon.body_df.get(word, 0) >= self.least

    def is_stem_of_known(self, wanted: str) -> bool:
        """Whether some word of V stems to ``wanted``: such a word starts with ``wanted``,
        or is ``wanted`` with its final y written ``ies``."""
        if wanted.endswith("y") and self.known(wanted[:-1] + "ies"):
            return True
        return any(stem(word) == wanted and self.known(word)
                   for word in self.lexicon.prefixed(wanted))

    def needs_checking(self, word: str) -> bool:
        lowered = word.lower()
        if not (MIN_LETTERS <= len(word) <= MAX_LETTERS and word.isalpha()):
            return False
        if lowered in STOP_WORDS:
            return False
        stemmed = stem(lowered)
        return not any((self.known(lowered), self.known(stemmed),
                        self.is_stem_of_known(lowered), self.is_stem_of_known(stemmed)))

    def correct(self, word: str) -> str | None:
        """The correction of a checked word, or None."""
        lowered = word.lower()
        limit = 1 if len(lowered) <= 4 else 2
        df = self.lexicon.body_df
        near = self.lexicon.near(lowered, limit, self.known)
        if not near:
            return None
        return min(near, key=lambda found: (found[0], -df[found[1]], found[1]))[1]

    def corrections(self, text: str) -> list[Correction]:
        """The corrections of QueryText, in text order."""
        skipped = iter(skipped_spans(text))
        span = next(skipped, None)
        found = []
        for token in tokenize(text):
            while span is not None and span[1] <= token.start:
                span = next(skipped, None)
            if span is not None and span[0] <= token.start:
                continue  # inside an operator word, field word or wildcard
            word = text[token.start:token.end]
            if not self.needs_checking(word):
                continue
            corrected = self.correct(word)
            if corrected is not None:
                found.append(Correction(token.start, token.end, word, corrected))
        return found


def suggested_text(text: str, corrections: list[Correction]) -> str:
    """QueryText with each corrected span replaced by its correction."""
    pieces: list[str] = []
    at = 0
    for correction in corrections:
        pieces.extend((text[at:correction.begin], correction.corrected))
        at = correction.end
    pieces.append(text[at:])
    return "".join(pieces)
