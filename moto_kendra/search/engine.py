"""An inverted index kept up to date on every put and delete, and Okapi BM25 over it.

A put places the document at once (its slot, columns and texts) and leaves its terms
to be weighed and posted in one batch when postings are next read (Kendra indexes
asynchronously too: a document is searchable only once it is INDEXED).  Documents
replaced or deleted before then are never weighed.

Layout, chosen for memory (the benchmark counts bytes per stored document) and
for queries that touch only what they need:

- each term maps to one ``array('I')`` of interleaved ``slot, weighted tf`` pairs;
- a document owns one slot; per slot the index keeps the document's id, an
  opaque item the caller gave (the stored record), its weighted length, and one
  entry in each *column*: the document's plain value of an attribute key, or
  None (a column exists per key some document has, 8 bytes a slot);
- deleting a document frees its slot and leaves its postings behind as garbage,
  which a compaction drops once garbage outweighs live postings (amortised O(1)
  per delete).

A query reads only the postings of its terms (no rebuild, no scan of all
documents): :meth:`SearchIndex.score` answers slot -> score, and filters,
facets and sorting read the columns by slot, so no per-hit object is made for
documents that are only counted.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar

from .analysis import stems
from .boolean import Selection, select
from .lexicon import Lexicon
from .syntax import Node

K1 = 1.2
B = 0.75
TITLE = "_document_title"


class Matches:
    """The searchable documents matching a query, by slot.

    ``scores`` maps slot -> BM25 score; ``frequencies`` holds, per query term, slot ->
    weighted term frequency (the term's variants summed).  Coverage (query terms
    matched) and summed frequency are derived on demand, for the few slots that
    need them.
    """

    __slots__ = ("scores", "frequencies")

    def __init__(self, scores: dict[int, float], frequencies: list[dict[int, int]]) -> None:
        self.scores = scores
        self.frequencies = frequencies

    def coverage(self, slot: int) -> int:
        return sum(slot in terms for terms in self.frequencies)

    def frequency(self, slot: int) -> int:
        return sum(terms.get(slot, 0) for terms in self.frequencies)


class SearchIndex:
    """Postings of one Kendra index. ``add``/``remove`` are called as documents change."""

    def __init__(self) -> None:
        self.doc_ids: list[str | None] = []  # slot -> document id, None once freed
        self.items: list[Any] = []  # slot -> the caller's item, None once freed
        self._lengths = array("I")  # slot -> weighted length
        self._columns: dict[str, list[Any]] = {}  # key -> slot -> plain value or None
        self._slot_of: dict[str, int] = {}
        self._postings: dict[str, array] = {}
        self._pending: set[int] = set()  # live slots not yet seen searchable
        self._unposted: dict[int, None] = {}  # live slots whose terms wait (add_texts)
        self._freed: set[int] = set()  # slots whose postings are garbage
        self._live_length = 0
        self._texts: list[tuple[str, ...]] = []  # slot -> the texts indexed (body first)
        self._lexicon: Lexicon | None = None  # made when first asked for
        self._uncounted: set[int] = set()  # live slots the lexicon has not counted yet
        self._discounted: list[tuple[str, ...]] = []  # texts of counted slots since freed

    def __len__(self) -> int:
        return len(self._slot_of)

    # -- maintenance --------------------------------------------------------------
    def add(self, doc_id: str, weighted: Counter[str], item: Any = None,
            values: Mapping[str, Any] | None = None,
            texts: tuple[str, ...] | None = None) -> None:
        """(Re)index a document from its weighted term frequencies, posted now; ``values``
        are its plain attribute values by key (the columns filters, facets and sorting
        read); ``texts`` the texts the frequencies came from, body first (default: those
        :func:`weigh` recorded), which phrases, wildcards and spelling read."""
        slot = self._place(doc_id, item, values, texts or getattr(weighted, "texts", None) or ())
        self._post(slot, weighted)

    def add_texts(self, doc_id: str, texts: tuple[str, ...], item: Any = None,
                  values: Mapping[str, Any] | None = None) -> None:
        """(Re)index a document from the texts :func:`indexed_texts` picked; its terms are
        weighed (:func:`weigh_texts`) and posted when postings are next read, so a put
        pays only for its slot and columns, and a document replaced or deleted before
        the next search is never weighed at all."""
        slot = self._place(doc_id, item, values, texts)
        self._unposted[slot] = None

    def _place(self, doc_id: str, item: Any, values: Mapping[str, Any] | None,
               texts: tuple[str, ...]) -> int:
        """A new slot for ``doc_id`` (its old one freed), with its item, texts and columns;
        its length stays 0 until its terms are posted."""
        if doc_id in self._slot_of:
            self.remove(doc_id)
        slot = len(self.doc_ids)
        self.doc_ids.append(doc_id)
        self.items.append(item)
        self._texts.append(texts)
        if self._lexicon is not None:
            self._uncounted.add(slot)
        self._lengths.append(0)
        self._slot_of[doc_id] = slot
        self._pending.add(slot)
        columns = self._columns
        for column in columns.values():
            column.append(None)
        for key, value in (values or {}).items():
            if key not in columns:
                columns[key] = [None] * (slot + 1)
            columns[key][slot] = value
        return slot

    def _post(self, slot: int, weighted: Counter[str]) -> None:
        """Append a placed slot's weighted term frequencies to the postings."""
        length = sum(weighted.values())
        self._lengths[slot] = length
        self._live_length += length
        all_postings = self._postings
        find = all_postings.get
        for term, frequency in weighted.items():
            postings = find(term)
            if postings is None:
                all_postings[term] = array("I", (slot, frequency))
            else:
                postings.append(slot)
                postings.append(frequency)

    def _post_texts(self) -> None:
        """Weigh and post every slot :meth:`add_texts` placed since postings were last read."""
        if self._unposted:
            unposted, self._unposted = self._unposted, {}
            texts = self._texts
            for slot in unposted:
                self._post(slot, weigh_texts(texts[slot]))

    def remove(self, doc_id: str) -> None:
        slot = self._slot_of.pop(doc_id, None)
        if slot is None:
            return
        self.doc_ids[slot] = self.items[slot] = None  # column values go at compaction
        self._pending.discard(slot)
        self._unposted.pop(slot, None)  # never posted: its length is still 0
        self._freed.add(slot)
        self._live_length -= self._lengths[slot]
        if self._lexicon is not None:
            if slot in self._uncounted:
                self._uncounted.discard(slot)
            else:
                self._discounted.append(self._texts[slot])
                if len(self._discounted) > len(self._slot_of):
                    self._lexicon = None  # cheaper to count afresh when next asked for
                    self._discounted = []
        self._texts[slot] = ()
        if len(self._freed) > max(64, len(self._slot_of)):
            self._compact()

    def _compact(self) -> None:
        """Renumber live slots densely and drop postings and columns of freed ones."""
        live = [slot for slot, doc_id in enumerate(self.doc_ids) if doc_id is not None]
        renumber = {old: new for new, old in enumerate(live)}
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
        self._postings = postings
        self.doc_ids = [self.doc_ids[slot] for slot in live]
        self.items = [self.items[slot] for slot in live]
        self._lengths = array("I", (self._lengths[slot] for slot in live))
        self._texts = [self._texts[slot] for slot in live]
        self._uncounted = {renumber[slot] for slot in self._uncounted}
        self._columns = {
            key: [column[slot] for slot in live]
            for key, column in self._columns.items()
            if any(column[slot] is not None for slot in live)
        }
        self._slot_of = {doc_id: slot for slot, doc_id in enumerate(self.doc_ids) if doc_id}
        self._pending = {renumber[slot] for slot in self._pending}
        self._unposted = {renumber[slot]: None for slot in self._unposted}
        self._freed = set()

    def settle(self, is_searchable: Callable[[Any], bool]) -> None:
        """Check the documents not yet seen searchable (their status moves lazily);
        ``is_searchable`` gets a slot's item."""
        items = self.items
        for slot in [slot for slot in self._pending if is_searchable(items[slot])]:
            self._pending.discard(slot)

    # -- reading ---------------------------------------------------------------------
    def column(self, key: str) -> list[Any] | None:
        """Slot -> plain value of ``key`` (None where a document lacks it), or None
        when no stored document has the key.  ``_document_title`` reads the indexed title,
        else a stored ``_document_title`` attribute."""
        if key == TITLE:
            return [self.value(slot, TITLE) for slot in range(len(self._texts))]
        return self._columns.get(key)

    def value(self, slot: int, key: str) -> Any:
        if key == TITLE:
            texts = self._texts[slot]
            if len(texts) > 1 and texts[1]:
                return texts[1]
        column = self._columns.get(key)
        return None if column is None else column[slot]

    def searchable_slots(self) -> list[int]:
        """Every document seen searchable (browse mode)."""
        hidden = self._pending | self._freed
        return [slot for slot in range(len(self.doc_ids)) if slot not in hidden]

    def texts(self, slot: int) -> tuple[str, ...]:
        """The texts a slot's document was indexed from (body first), ``()`` if unknown."""
        return self._texts[slot]

    def hidden(self) -> set[int]:
        """Slots that are not searchable: not yet seen searchable, or freed."""
        return self._pending | self._freed

    def term_slots(self, variants: tuple[str, ...]) -> dict[int, int]:
        """Slot -> weighted tf of a term over its variants, searchable slots only."""
        return self._frequencies(variants, self.hidden())

    def lexicon(self) -> Lexicon:
        """The vocabulary of the searchable documents, brought up to date: made on first
        use, then each document put or deleted since is counted in or out (a document
        not yet searchable waits), so puts and deletes pay nothing for it."""
        if self._lexicon is None:
            self._lexicon = Lexicon()
            self._uncounted = set(self._slot_of.values())
            self._discounted = []
        lexicon = self._lexicon
        if self._discounted:
            lexicon.count(self._discounted, -1)
            self._discounted = []
        ready = [slot for slot in self._uncounted if slot not in self._pending]
        if ready:
            lexicon.count(self._texts[slot] for slot in ready)
            self._uncounted.difference_update(ready)
        return lexicon

    def search(
        self, tree: Node | None, synonyms: Mapping[str, Collection[str]] | None = None,
        column: Callable[[str], list[Any] | None] | None = None,
    ) -> tuple[Matches, Selection]:
        """Evaluate a query-syntax tree: its hits (searchable slots), scored by BM25 over its
        positive terms with their synonyms (a hit holding none scores 0), and the
        :class:`Selection` (positive terms, phrases).  ``column(key)`` gives slot -> value
        of an attribute for field units (default: :meth:`column`)."""
        selection = select(self, tree, synonyms or {}, column or self.column)
        if not selection.terms:
            return Matches(dict.fromkeys(selection.slots, 0.0), []), selection
        found = self.score([(t, *(synonyms or {}).get(t, ())) for t in selection.terms])
        hits = selection.slots
        scores = {slot: found.scores.get(slot, 0.0) for slot in hits}
        frequencies = [{s: tf for s, tf in terms.items() if s in hits}
                       for terms in found.frequencies]
        return Matches(scores, frequencies), selection

    # -- queries ---------------------------------------------------------------------
    def score(self, terms: Iterable[tuple[str, ...]]) -> Matches:
        """BM25 of every searchable document matching a query term.

        ``terms`` holds one tuple per query term: the term's stem, then any
        synonyms that also match it.  N, df and the average length are taken over
        all searchable documents.  Only the postings of the terms are read, each
        turned into a dict at C speed; freed and pending slots are dropped after.
        """
        self._post_texts()
        pending = self._pending
        lengths = self._lengths
        count = len(self._slot_of) - len(pending)
        if count <= 0:
            return Matches({}, [])
        hidden = pending | self._freed
        pending_length = sum(lengths[slot] for slot in pending)
        average = max((self._live_length - pending_length) / count, 1e-9)
        norm = K1 * (1 - B)
        scale = K1 * B / average
        boost = K1 + 1
        scores: dict[int, float] = {}
        per_term: list[dict[int, int]] = []
        for variants in terms:
            frequencies = self._frequencies(variants, hidden)
            if not frequencies:
                continue
            per_term.append(frequencies)
            df = len(frequencies)
            idf = math.log(1 + (count - df + 0.5) / (df + 0.5)) * boost
            gains = {
                slot: idf * tf / (tf + norm + scale * lengths[slot])
                for slot, tf in frequencies.items()
            }
            scores = _summed(scores, gains)
        return Matches(scores, per_term)

    def _frequencies(self, variants: tuple[str, ...], hidden: set[int]) -> dict[int, int]:
        """Slot -> weighted tf of one query term over its variants, searchable slots only."""
        self._post_texts()
        found: dict[int, int] = {}
        for variant in variants:
            postings = self._postings.get(variant)
            if postings is None:
                continue
            found = _summed(found, dict(zip(postings[0::2], postings[1::2], strict=True)))
        if hidden and found:
            if len(hidden) < len(found):
                for slot in hidden:
                    found.pop(slot, None)
            else:
                found = {slot: tf for slot, tf in found.items() if slot not in hidden}
        return found


N = TypeVar("N", int, float)


def _summed(total: dict[int, N], more: dict[int, N]) -> dict[int, N]:
    """``total`` with ``more`` added slot by slot (``more`` itself when ``total`` is empty)."""
    if not total:
        return more
    get = total.get
    for slot, value in more.items():
        total[slot] = get(slot, 0) + value
    return total


class Weighted(Counter[str]):
    """A document's weighted term frequencies, and the texts they came from (``texts``:
    body, title, then each Searchable custom value or list element)."""

    texts: tuple[str, ...] = ()


def weigh(
    text: str,
    title: str | None,
    attributes: list[dict[str, Any]],
    fields: dict[str, dict[str, Any]],
) -> Weighted:
    """Weighted term frequencies of a document: :func:`weigh_texts` of its
    :func:`indexed_texts`."""
    return weigh_texts(indexed_texts(text, title, attributes, fields))


def indexed_texts(
    text: str,
    title: str | None,
    attributes: list[dict[str, Any]],
    fields: dict[str, dict[str, Any]],
) -> tuple[str, ...]:
    """The texts a document is searched by: body, title, then the values of custom
    STRING / STRING_LIST fields whose Searchable flag is true.

    Picked when the document is put: a later UpdateIndex that changes a field's
    Searchable flag applies to documents put after it (a choice).
    """
    texts = [text, title or ""]
    for attribute in attributes:
        key = attribute["Key"]
        field = fields.get(key)
        if key.startswith("_") or not field or not field["Search"].get("Searchable"):
            continue
        value = attribute["Value"]
        texts.extend(value.get("StringListValue") or [value.get("StringValue") or ""])
    return tuple(texts)


def weigh_texts(texts: tuple[str, ...]) -> Weighted:
    """Weighted term frequencies of the texts :func:`weigh` picks (body, title, then the
    searchable field values): body and field tokens once, title tokens twice.  A saved
    index is rebuilt from the texts its engine recorded (``SearchIndex.texts``)."""
    weighted = Weighted(stems(texts[0]))
    for term in stems(texts[1]):
        weighted[term] += 2
    for item in texts[2:]:
        weighted.update(stems(item))
    weighted.texts = texts
    return weighted
