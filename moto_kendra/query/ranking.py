"""Ranking: the order of a query's candidates and the confidence of each result.

Without sort keys, results come by relevance descending, then DocumentId
ascending: the BM25 score times the tuning factor B (:mod:`.tuning`; 1 untuned).
With sort keys (up to 3, each ASC or DESC), by those keys first:
documents lacking a key follow all that have it and are ordered among themselves
by relevance alone.  A result's ScoreConfidence bins the share of query terms it
matched: all VERY_HIGH, at least 3/4 HIGH, at least half MEDIUM, else LOW
(NOT_AVAILABLE without terms).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..attributes import plain
from .candidates import Found

if TYPE_CHECKING:
    from ..resources.documents import Document
    from .tuning import Tuning


class Hit:
    """A document shown in a result page, with its BM25 score, the number of query terms
    it matched and its weighted term frequency summed over them (made only for the
    documents a page returns; :class:`Found` counts and ranks the others by slot)."""

    __slots__ = ("doc_id", "score", "coverage", "document", "frequency")

    def __init__(self, doc_id: str, score: float, coverage: int, document: Document,
                 frequency: int = 0) -> None:
        self.doc_id = doc_id
        self.score = score
        self.coverage = coverage
        self.document = document
        self.frequency = frequency

    def value(self, key: str) -> Any:
        """An attribute's plain value, or None (a shown document's ``_source_uri``)."""
        for attribute in self.document.attributes:
            if attribute["Key"] == key:
                return plain(attribute["Value"])
        return None


def hit(found: Found, slot: int) -> Hit:
    """The :class:`Hit` of one candidate."""
    matches = found.matches
    return Hit(found.engine.doc_ids[slot], matches.scores[slot],  # type: ignore[arg-type]
               matches.coverage(slot), found.engine.items[slot], matches.frequency(slot))


def relevance(found: Found, tuning: Tuning | None = None
              ) -> Callable[[int], tuple[float, str]]:
    """Slot -> its relevance order key: score (times B when tuned) descending, then
    DocumentId ascending."""
    scores, ids = found.matches.scores, found.engine.doc_ids
    if tuning is None:
        return lambda slot: (-scores[slot], ids[slot])  # type: ignore[return-value]
    factor = tuning.factor
    return lambda slot: (-scores[slot] * factor(slot), ids[slot])  # type: ignore[return-value]


def ranked(found: Found, limit: int, sort_keys: list[dict[str, str]],
           tuning: Tuning | None = None) -> list[int]:
    """The first ``limit`` candidate slots in result order.  Without sort keys, the
    ``limit``-th best score is found at C speed and only slots that can reach it are
    sorted: those scoring at least it untuned, or, tuned, those whose score times the
    highest B reaches it times the lowest B, and of those only as many as can still
    beat the tuned scores (so B is computed for few hits)."""
    order = relevance(found, tuning)
    if sort_keys:
        if tuning is not None:
            tuning.prepare(found.slots)
        return first_sorted(found.slots, sort_keys, found.value, order, limit)
    scores = found.matches.scores
    chosen = found.slots
    if len(chosen) > limit:
        floor = scores[heapq.nlargest(limit, chosen, key=scores.__getitem__)[-1]]
        if tuning is not None:
            floor *= tuning.low / tuning.high * (1 - 1e-9)  # rounding margin
        chosen = [slot for slot in chosen if scores[slot] >= floor]
    if tuning is not None:
        chosen = _tuned_candidates(found, chosen, limit, tuning)
    return sorted(chosen, key=order)[:limit]


def _tuned_candidates(found: Found, chosen: list[int], limit: int, tuning: Tuning
                      ) -> list[int]:
    """The slots that can be among the ``limit`` best tuned scores, with B computed: by
    score descending, in prefixes doubling from ``2 x limit``, until the next score times
    the highest B falls below the ``limit``-th best tuned score of the prefix."""
    scores = found.matches.scores
    by_score = sorted(chosen, key=scores.__getitem__, reverse=True)
    end = min(len(by_score), 2 * limit)
    while True:
        head = by_score[:end]
        tuning.prepare(head)
        if end == len(by_score):
            return head
        factor = tuning.factor
        best = heapq.nlargest(limit, [scores[slot] * factor(slot) for slot in head])
        if scores[by_score[end]] * tuning.high < best[-1] * (1 - 1e-9):  # rounding margin
            return head
        end = min(len(by_score), 2 * end)


def confidence(coverage: int, term_count: int) -> str:
    """The ScoreConfidence of a result matching ``coverage`` of ``term_count`` terms."""
    if term_count <= 0:
        return "NOT_AVAILABLE"
    share = coverage / term_count
    if share >= 1:
        return "VERY_HIGH"
    if share >= 0.75:
        return "HIGH"
    return "MEDIUM" if share >= 0.5 else "LOW"


# -- sorting ---------------------------------------------------------------------------
class _Descending:
    """Wraps a sort value so that larger values come first."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and bool(self.value == other.value)

    def __lt__(self, other: _Descending) -> bool:
        return bool(self.value > other.value)

    __hash__ = None  # type: ignore[assignment]


_MISSING = (1,)


Lookup = Callable[[Any, str], Any]  # (hit, attribute key) -> plain value or None


def sort_key(hit: Any, keys: list[dict[str, str]], lookup: Lookup) -> tuple[Any, ...]:
    """The sort-key part of a hit's order: ``(0, value)`` per key it has; at the first
    key it lacks, ``(1,)`` for that key and every later one, so documents lacking a key
    follow all that have it and are ordered among themselves by relevance alone."""
    parts: list[tuple[Any, ...]] = []
    for key in keys:
        value = lookup(hit, key["DocumentAttributeKey"])
        if value is None:
            parts.extend([_MISSING] * (len(keys) - len(parts)))
            break
        parts.append((0, value if key["SortOrder"] == "ASC" else _Descending(value)))
    return tuple(parts)


def first_sorted(items: Iterable[Any], keys: list[dict[str, str]], lookup: Lookup,
                 order: Callable[[Any], tuple[Any, ...]], limit: int) -> list[Any]:
    """The first ``limit`` items by the sort keys (ASC/DESC), then ``order`` (relevance
    descending, then DocumentId ascending)."""
    return heapq.nsmallest(
        limit, items, key=lambda item: (sort_key(item, keys, lookup), *order(item))
    )
