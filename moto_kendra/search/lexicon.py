"""The vocabulary of an index: distinct lower-cased, unstemmed words with their document
frequencies, for trailing wildcards and spell correction.

Two frequencies are kept per word: over every indexed text of a document (body, title,
Searchable custom values; wildcards expand over these) and over bodies only (spell
correction's vocabulary).  Words are also kept in code-point order, which serves both a
prefix range (wildcards) and a trie walk over the sorted words that finds every word within
a small edit distance while skipping whole prefixes that cannot come close (spelling): the
walk visits only prefixes still within reach, never the whole vocabulary, and costs no memory
beyond the sorted list.

The search index feeds documents in as they become searchable and takes them out when they
are deleted (see ``SearchIndex.lexicon``).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Callable, Iterable

from .analysis import words

MAX_EXPANSIONS = 20
_RESORT = 64  # more changed words than this at once: sort afresh instead of one by one


class Lexicon:
    """Words of the counted documents, by document frequency."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()  # every text of a document
        self.body_df: Counter[str] = Counter()  # bodies only
        self.documents = 0
        self._sorted: list[str] = []

    # -- maintenance -------------------------------------------------------------------------
    def count(self, texts: Iterable[tuple[str, ...]], sign: int = 1) -> None:
        """Add (``sign`` 1) or take out (-1) documents, each given as its texts (the body
        first)."""
        added: set[str] = set()
        gone: set[str] = set()
        body_gone: set[str] = set()
        df, body_df = self.df, self.body_df
        for document in texts:
            body = set(words(document[0])) if document else set()
            every = body.union(*(words(text) for text in document[1:]))
            if sign > 0:
                added.update([word for word in every if word not in df])  # (a Counter is
                # no exact dict: set.difference would walk the whole vocabulary)
                df.update(every)
                body_df.update(body)
            else:
                df.subtract(every)
                body_df.subtract(body)
                gone.update(word for word in every if df[word] <= 0)
                body_gone.update(word for word in body if body_df[word] <= 0)
            self.documents += sign
        for word in gone:
            del df[word]
        for word in body_gone:
            if body_df[word] <= 0:
                del body_df[word]
        self._resort(added, gone)

    def _resort(self, added: set[str], gone: set[str]) -> None:
        if len(added) + len(gone) > _RESORT:
            self._sorted = sorted(self.df)
            return
        for word in gone:
            at = bisect_left(self._sorted, word)
            if at < len(self._sorted) and self._sorted[at] == word:
                del self._sorted[at]
        for word in added:
            insort(self._sorted, word)

    # -- wildcards ---------------------------------------------------------------------------
    def prefixed(self, prefix: str) -> list[str]:
        """Every word starting with ``prefix``, in code-point order."""
        start = bisect_left(self._sorted, prefix)
        stop = bisect_left(self._sorted, _after(prefix), start) if prefix else len(self._sorted)
        return self._sorted[start:stop]

    def expand(self, prefix: str, limit: int = MAX_EXPANSIONS) -> list[str]:
        """The ``limit`` words starting with ``prefix`` of highest document frequency (ties in
        code-point order), in that order."""
        df = self.df
        return heapq.nsmallest(limit, self.prefixed(prefix), key=lambda word: (-df[word], word))

    # -- spelling ----------------------------------------------------------------------------
    def near(self, word: str, limit: int,
             keep: Callable[[str], bool] = lambda _: True) -> list[tuple[int, str]]:
        """``(distance, word)`` for every kept word within ``limit`` edits of ``word``
        (restricted Damerau-Levenshtein: insert, delete, substitute, swap two neighbours)."""
        return [found for found in _walk(self._sorted, word, limit) if keep(found[1])]


def _after(prefix: str) -> str:
    """The smallest string above every string starting with ``prefix``."""
    last = ord(prefix[-1])
    return prefix[:-1] + chr(last + 1) if last < 0x10FFFF else prefix + "\U0010ffff"


def _row(rows: list[list[int]], candidate: str, k: int, word: str, limit: int) -> list[int]:
    """Distances of ``candidate[:k + 1]`` to every prefix of ``word``, from the rows of the
    shorter prefixes, capped at ``limit + 1`` (enough to tell what is within reach); only
    the band of prefixes within ``limit`` of its length can be within reach."""
    above = rows[k]
    twice = rows[k - 1] if k else None
    char = candidate[k]
    before = candidate[k - 1] if k else ""
    big = limit + 1
    size = len(word)
    row = [big] * (size + 1)
    row[0] = min(k + 1, big)
    low, high = max(1, k + 1 - limit), min(size, k + 1 + limit)
    left = row[low - 1]
    for j in range(low, high + 1):
        wanted = word[j - 1]
        best = above[j - 1] if wanted == char else above[j - 1] + 1
        if above[j] < best:
            best = above[j] + 1
        if left < best:
            best = left + 1
        if twice is not None and j > 1 and wanted == before and word[j - 2] == char \
                and twice[j - 2] < best:
            best = twice[j - 2] + 1
        left = row[j] = best if best < big else big
    return row


def _walk(ordered: list[str], word: str, limit: int) -> list[tuple[int, str]]:
    """The words of ``ordered`` (sorted) within ``limit`` of ``word``: a trie walk over the
    sorted list.  Rows of the current prefix are reused by the next word sharing it; a
    prefix whose last two rows are out of reach (a swap can reach back two rows) skips every
    word starting with it."""
    found: list[tuple[int, str]] = []
    rows: list[list[int]] = [[min(j, limit + 1) for j in range(len(word) + 1)]]
    current = ""
    at = 0
    while at < len(ordered):
        candidate = ordered[at]
        common = 0
        bound = min(len(current), len(candidate), len(rows) - 1)
        while common < bound and current[common] == candidate[common]:
            common += 1
        del rows[common + 1:]
        current = candidate
        pruned = 0
        for k in range(common, len(candidate)):
            row = _row(rows, candidate, k, word, limit)
            rows.append(row)
            if min(row) > limit and min(rows[-2]) >= limit:
                pruned = k + 1
                break
        if pruned:
            at = bisect_left(ordered, _after(candidate[:pruned]), at + 1)
            continue
        if rows[-1][-1] <= limit:
            found.append((rows[-1][-1], candidate))
        at += 1
    return found
