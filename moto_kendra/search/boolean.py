"""Evaluation of a query-syntax tree over the inverted index: each node stands for a set of
searchable documents (slots).

- term: its stem, or one of its synonyms, among the document's indexed stems;
- wildcard: the stems of the words its prefix expands to (the 20 of highest document
  frequency over every indexed text) matched like bare terms; no word, nothing;
- phrase: its stems at consecutive positions within one indexed text (body, title, one
  Searchable value or list element), no synonyms.  Candidates come from the postings of its
  stems; only they are re-read, from the texts the index keeps, so no positions are stored;
- field: the attribute column passes the unit's test (a document lacking it fails);
- seq: the documents satisfying every required unit (phrase, field, group); without one,
  those holding one of its bare terms or wildcard words;
- AND intersection, OR union, NOT the first part minus the others.

Sets are narrowed as they go (the right side of AND and NOT is only tested on what the left
side kept), and a tree is walked with at most one frame per nesting level of parentheses.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any, NamedTuple, Protocol

from .analysis import contains_phrase, stem
from .syntax import (
    OPTIONAL,
    And,
    Field,
    Node,
    Not,
    Or,
    Phrase,
    Seq,
    Term,
    Wildcard,
    positive_units,
)
from .values import accepts, scan


class Selection(NamedTuple):
    """A tree's hits, its positive terms (stems of bare terms, non-stop phrase tokens and
    wildcard expansions outside the right side of a NOT, in text order, deduplicated) and its
    positive phrases (for highlights)."""

    slots: set[int]
    terms: list[str]
    phrases: list[tuple[str, ...]]


class Index(Protocol):
    """What evaluation reads of a search index."""

    def term_slots(self, variants: tuple[str, ...]) -> dict[int, int]: ...

    def texts(self, slot: int) -> tuple[str, ...]: ...

    def searchable_slots(self) -> list[int]: ...

    def lexicon(self) -> Any: ...

    def hidden(self) -> set[int]: ...


Column = Callable[[str], "list[Any] | None"]


def select(index: Index, tree: Node | None, synonyms: Mapping[str, Collection[str]],
           column: Column) -> Selection:
    """Evaluate ``tree`` (None: a query left empty, no hits)."""
    walk = _Walk(index, synonyms, column)
    slots = set() if tree is None else walk.node(tree, None)
    terms: dict[str, None] = {}
    phrases: list[tuple[str, ...]] = []
    for unit in positive_units(tree):
        if isinstance(unit, Term):
            terms.setdefault(unit.stem)
        elif isinstance(unit, Wildcard):
            terms.update(dict.fromkeys(walk.expansion(unit.prefix)))
        else:
            phrases.append(unit.stems)
            terms.update(dict.fromkeys(unit.content))
    return Selection(slots, list(terms), phrases)


class _Walk:
    def __init__(self, index: Index, synonyms: Mapping[str, Collection[str]],
                 column: Column) -> None:
        self.index = index
        self.synonyms = synonyms
        self.column = column
        self._expansions: dict[str, list[str]] = {}

    def expansion(self, prefix: str) -> list[str]:
        """The stems of the words ``prefix`` expands to, in expansion order."""
        found = self._expansions.get(prefix)
        if found is None:
            found = list(dict.fromkeys(stem(word) for word in self.index.lexicon().expand(prefix)))
            self._expansions[prefix] = found
        return found

    def node(self, node: Node, within: set[int] | None) -> set[int]:
        if isinstance(node, Seq):
            return self._seq(node, within)
        if isinstance(node, And):
            for part in node.parts:
                within = self.node(part, within)
                if not within:
                    return set()
            return within or set()
        if isinstance(node, Or):
            found: set[int] = set()
            for part in node.parts:
                found |= self.node(part, within)
            return found
        if isinstance(node, Not):
            kept = self.node(node.parts[0], within)
            for part in node.parts[1:]:
                if not kept:
                    break
                kept -= self.node(part, kept)
            return kept
        return self._unit(node, within)

    def _seq(self, seq: Seq, within: set[int] | None) -> set[int]:
        required = [unit for unit in seq.units if not isinstance(unit, OPTIONAL)]
        if required:
            for needed in required:
                within = self.node(needed, within)
                if not within:
                    return set()
            return within or set()
        found: set[int] = set()
        for optional in seq.units:
            found |= self._unit(optional, within)
        return found

    def _unit(self, unit: Node, within: set[int] | None) -> set[int]:
        found: set[int]
        if isinstance(unit, Term):
            found = self._term((unit.stem, *self.synonyms.get(unit.stem, ())))
        elif isinstance(unit, Wildcard):
            found = set()
            for stem in self.expansion(unit.prefix):
                found |= self._term((stem,))
        elif isinstance(unit, Phrase):
            return self._phrase(unit.stems, within)
        elif isinstance(unit, Field):
            return self._field(unit, within)
        else:
            return self.node(unit, within)
        return found if within is None else found & within

    def _term(self, variants: tuple[str, ...]) -> set[int]:
        return set(self.index.term_slots(variants))

    def _phrase(self, stems: tuple[str, ...], within: set[int] | None) -> set[int]:
        postings = sorted((self.index.term_slots((stem,)) for stem in set(stems)), key=len)
        candidates = set(postings[0]) if within is None else within.intersection(postings[0])
        for more in postings[1:]:
            if not candidates:
                break
            candidates.intersection_update(more)
        if len(stems) == 1:
            return candidates
        texts = self.index.texts
        return {slot for slot in candidates
                if any(contains_phrase(text, stems) for text in texts(slot))}

    def _field(self, unit: Field, within: set[int] | None) -> set[int]:
        values = self.column(unit.name)
        if values is None:
            return set()
        if within is not None:
            test = accepts(unit.kind, unit.bounds)
            return {slot for slot in within if (have := values[slot]) is not None and test(have)}
        found = scan(values, unit.kind, unit.bounds)
        found.difference_update(self.index.hidden())
        return found
