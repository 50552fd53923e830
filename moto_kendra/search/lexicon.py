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
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import chain, islice

from .analysis import words

MAX_EXPANSIONS = 20
_RESORT = 64  # more changed words than this at once: sort afresh instead of one by one
_CHUNK = 256  # documents counted at a time


class Lexicon:
    """Words of the counted documents, by document frequency.

    Counted in one linear pass per batch: per document, the set of its body words and the
    set of its other words absent from the body, all counted by one C-level update; the
    frequency over every text is the sum of the two counts.
    """

    def __init__(self) -> None:
        self.body_df: Counter[str] = Counter()  # bodies only
        self.extra_df: Counter[str] = Counter()  # other texts, where the body lacks the word
        self.documents = 0
        self._sorted: list[str] = []

    @property
    def df(self) -> _Total:
        """Word -> document frequency over every text of a document."""
        return _Total(self.body_df, self.extra_df)

    # -- maintenance -------------------------------------------------------------------------
    def count(self, texts: Iterable[tuple[str, ...]], sign: int = 1) -> None:
        """Add (``sign`` 1) or take out (-1) documents, each given as its texts (the body
        first).  Documents are read in chunks, so that counting a whole index holds the word
        sets of one chunk at a time."""
        documents = iter(texts)
        seen = 0
        added: set[str] = set()
        gone: set[str] = set()
        while chunk := list(islice(documents, _CHUNK)):
            bodies, extras = _word_sets(chunk)
            seen += len(chunk)
            self.documents += sign * len(chunk)
            if sign > 0:
                if seen <= _RESORT:
                    added.update(word for found in (*bodies, *extras) for word in found
                                 if word not in self.body_df and word not in self.extra_df)
                self.body_df.update(chain.from_iterable(bodies))
                self.extra_df.update(chain.from_iterable(extras))
                continue
            for counter, found in ((self.body_df, bodies), (self.extra_df, extras)):
                counter.subtract(chain.from_iterable(found))
                emptied = {word for word in chain.from_iterable(found) if counter[word] <= 0}
                for word in emptied:
                    del counter[word]
                gone |= emptied
        if seen > _RESORT and sign > 0:
            self._sorted = sorted(self.body_df.keys() | self.extra_df.keys())
            return
        self._resort(added, {word for word in gone
                             if word not in self.body_df and word not in self.extra_df})

    def _resort(self, added: set[str], gone: set[str]) -> None:
        if len(added) + len(gone) > _RESORT:
            self._sorted = sorted(self.body_df.keys() | self.extra_df.keys())
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
        return heapq.nsmallest(limit, self.prefixed(prefix),
                               key=lambda word: (-df.get(word), word))

    # -- spelling ----------------------------------------------------------------------------
    def near(self, word: str, limit: int,
             keep: Callable[[str], bool] = lambda _: True) -> list[tuple[int, str]]:
        """``(distance, word)`` for every kept word within ``limit`` edits of ``word``
        (restricted Damerau-Levenshtein: insert, delete, substitute, swap two neighbours)."""
        return [found for found in _walk(self._sorted, word, limit) if keep(found[1])]


class _Total(Mapping[str, int]):
    """The sum of two word counts, read-only."""

    def __init__(self, first: Counter[str], second: Counter[str]) -> None:
        self.first, self.second = first, second

    def __getitem__(self, word: str) -> int:
        total = self.first.get(word, 0) + self.second.get(word, 0)
        if not total:
            raise KeyError(word)
        return total

    def get(self, word: str, default: int = 0) -> int:  # type: ignore[override]
        return self.first.get(word, 0) + self.second.get(word, 0) or default

    def __iter__(self) -> Iterator[str]:
        return iter(self.first.keys() | self.second.keys())

    def __len__(self) -> int:
        return len(self.first.keys() | self.second.keys())


def _word_sets(documents: list[tuple[str, ...]]) -> tuple[list[set[str]], list[set[str]]]:
    """Per document, the set of its body words, and the set of its other texts' words that
    its body lacks (documents with no other text give none)."""
    bodies: list[set[str]] = []
    extras: list[set[str]] = []
    for document in documents:
        body = set(words(document[0])) if document else set()
        bodies.append(body)
        if len(document) > 1:
            extras.append(set().union(*map(words, document[1:])).difference(body))
    return bodies, extras


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
