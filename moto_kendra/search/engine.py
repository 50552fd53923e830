"""An inverted index kept up to date on every put and delete, and Okapi BM25 over it.

Layout, chosen for memory (the benchmark counts bytes per stored document):
each term maps to one ``array('I')`` of interleaved ``slot, weighted tf`` pairs;
a document owns one slot; deleting a document frees its slot and leaves its
postings behind as garbage, which a compaction drops once garbage outweighs
live postings (amortised O(1) per delete).  A query touches only the postings
of its terms: no rebuild, no scan of all documents.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from .analysis import stems

K1 = 1.2
B = 0.75


class Scored(NamedTuple):
    """One matching document: BM25 ``score``, ``coverage`` (query terms matched) and
    ``frequency`` (its weighted term frequencies summed over the query terms)."""

    score: float
    coverage: int
    frequency: int


class SearchIndex:
    """Postings of one Kendra index. ``add``/``remove`` are called as documents change."""

    def __init__(self) -> None:
        self._doc_ids: list[str | None] = []  # slot -> document id, None once freed
        self._lengths = array("I")  # slot -> weighted length
        self._slot_of: dict[str, int] = {}
        self._postings: dict[str, array] = {}
        self._pending: set[int] = set()  # slots not yet seen searchable
        self._live_length = 0
        self._garbage = 0

    def __len__(self) -> int:
        return len(self._slot_of)

    # -- maintenance --------------------------------------------------------------
    def add(self, doc_id: str, weighted: Counter[str]) -> None:
        """(Re)index a document from its weighted term frequencies."""
        self.remove(doc_id)
        slot = len(self._doc_ids)
        self._doc_ids.append(doc_id)
        length = sum(weighted.values())
        self._lengths.append(length)
        self._slot_of[doc_id] = slot
        self._pending.add(slot)
        self._live_length += length
        for term, frequency in weighted.items():
            postings = self._postings.get(term)
            if postings is None:
                postings = self._postings[term] = array("I")
            postings.append(slot)
            postings.append(frequency)

    def remove(self, doc_id: str) -> None:
        slot = self._slot_of.pop(doc_id, None)
        if slot is None:
            return
        self._doc_ids[slot] = None
        self._pending.discard(slot)
        self._live_length -= self._lengths[slot]
        self._garbage += 1
        if self._garbage > max(64, len(self._slot_of)):
            self._compact()

    def _compact(self) -> None:
        """Renumber live slots densely and drop postings of freed ones."""
        renumber: dict[int, int] = {}
        doc_ids: list[str | None] = []
        lengths = array("I")
        for slot, doc_id in enumerate(self._doc_ids):
            if doc_id is not None:
                renumber[slot] = len(doc_ids)
                doc_ids.append(doc_id)
                lengths.append(self._lengths[slot])
        postings: dict[str, array] = {}
        for term, old in self._postings.items():
            new = array("I")
            for i in range(0, len(old), 2):
                moved = renumber.get(old[i])
                if moved is not None:
                    new.append(moved)
                    new.append(old[i + 1])
            if new:
                postings[term] = new
        self._doc_ids, self._lengths, self._postings = doc_ids, lengths, postings
        self._slot_of = {doc_id: slot for slot, doc_id in enumerate(doc_ids) if doc_id}
        self._pending = {renumber[slot] for slot in self._pending if slot in renumber}
        self._garbage = 0

    def settle(self, is_searchable: Callable[[str], bool]) -> None:
        """Check the documents not yet seen searchable (their status moves lazily)."""
        for slot in list(self._pending):
            doc_id = self._doc_ids[slot]
            if doc_id is not None and is_searchable(doc_id):
                self._pending.discard(slot)

    # -- queries ---------------------------------------------------------------------
    def score(self, terms: Iterable[tuple[str, ...]]) -> dict[str, Scored]:
        """BM25 of every searchable document matching a query term (spec 8.4).

        ``terms`` holds one tuple per query term: the term's stem, then any
        synonyms that also match it.  N, df and the average length are taken over
        all searchable documents.  Only the postings of the terms are read.
        """
        pending = self._pending
        doc_ids = self._doc_ids
        lengths = self._lengths
        count = len(self._slot_of) - len(pending)
        if count <= 0:
            return {}
        pending_length = sum(lengths[slot] for slot in pending)
        average = max((self._live_length - pending_length) / count, 1e-9)
        norm = K1 * (1 - B)
        scale = K1 * B / average
        scores: dict[int, float] = {}
        coverage: dict[int, int] = {}
        summed: dict[int, int] = {}
        for variants in terms:
            frequencies: dict[int, int] = {}
            for variant in variants:
                postings = self._postings.get(variant)
                if postings is None:
                    continue
                it = iter(postings)
                for slot, tf in zip(it, it, strict=False):
                    if doc_ids[slot] is not None and slot not in pending:
                        frequencies[slot] = frequencies.get(slot, 0) + tf
            if not frequencies:
                continue
            df = len(frequencies)
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5))
            for slot, tf in frequencies.items():
                gain = idf * tf * (K1 + 1) / (tf + norm + scale * lengths[slot])
                scores[slot] = scores.get(slot, 0.0) + gain
                coverage[slot] = coverage.get(slot, 0) + 1
                summed[slot] = summed.get(slot, 0) + tf
        return {
            doc_ids[slot]: Scored(score, coverage[slot], summed[slot])  # type: ignore[misc]
            for slot, score in scores.items()
        }

    def searchable_ids(self) -> list[str]:
        """Every document seen searchable (browse mode)."""
        pending = self._pending
        return [d for slot, d in enumerate(self._doc_ids) if d is not None and slot not in pending]


def weigh(
    text: str,
    title: str | None,
    attributes: list[dict[str, Any]],
    fields: dict[str, dict[str, Any]],
) -> Counter[str]:
    """Weighted term frequencies of a document (spec 8.4): body tokens, plus 2 x title tokens,
    plus the tokens of custom STRING / STRING_LIST fields whose Searchable flag is true.

    Taken when the document is put: a later UpdateIndex that changes a field's
    Searchable flag applies to documents put after it (choice; the spec is silent).
    """
    weighted = Counter(stems(text))
    for term in stems(title or ""):
        weighted[term] += 2
    for attribute in attributes:
        key = attribute["Key"]
        field = fields.get(key)
        if key.startswith("_") or not field or not field["Search"].get("Searchable"):
            continue
        value = attribute["Value"]
        for item in value.get("StringListValue") or [value.get("StringValue") or ""]:
            weighted.update(stems(item))
    return weighted
