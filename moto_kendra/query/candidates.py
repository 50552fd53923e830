"""Candidate selection: the searchable documents a query matches and may show.

A document is a candidate when it is searchable, matches a query term (any
searchable document when browsing), and passes, in this order: the language rule
(English only, unless the AttributeFilter names ``_language_code``), the
AttributeFilter, and the viewer's access.  Candidates are slots of the index's
search engine, with their BM25 scores; nothing is made per candidate beyond that,
so counting and faceting many matches stays cheap.

A query using syntax selects its hits by evaluating its tree (operators, phrases,
wildcards, ``field:value``); its positive terms then score them, and a hit holding none of
them scores 0 (so a query without positive terms ranks by DocumentId).

Filters, sorting and facets read ``_language_code`` as the document's language (its
attribute, else its data source's LanguageCode, else ``en``), so a filter on it
also finds documents that take their language from their data source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..search.engine import Matches, SearchIndex
from . import attribute_filter as filters
from .terms import QueryTerms
from .viewer import Viewer, visible

if TYPE_CHECKING:
    from ..resources.index import Index


class Found:
    """The candidates of one query: slots of the index's search engine, and its scores."""

    __slots__ = ("engine", "matches", "slots")

    def __init__(self, engine: SearchIndex, matches: Matches, slots: list[int]) -> None:
        self.engine = engine
        self.matches = matches
        self.slots = slots

    def value(self, slot: int, key: str) -> Any:
        """An attribute as filters, sorting and facets read it: its plain value, or None."""
        return self.engine.value(slot, key)

    def exclude(self, doc_ids: set[str]) -> None:
        """Drop the candidates with these DocumentIds (those shown as featured results)."""
        if doc_ids:
            ids = self.engine.doc_ids
            self.slots = [slot for slot in self.slots if ids[slot] not in doc_ids]


def find(index: Index, terms: QueryTerms, attribute_filter: dict[str, Any] | None,
         viewer: Viewer) -> Found:
    """Every searchable document matching a term (every one when browsing) that passes
    language, filter and access, in that order.  No term (only stop words) matches
    nothing, and costs nothing."""
    engine = index.search
    if terms.words == [] and not terms.syntax:
        return Found(engine, Matches({}, []), [])
    engine.settle(lambda document: document.searchable)
    if terms.syntax:
        matches, selection = engine.search(terms.tree, terms.synonyms)
        terms.resolve(selection)
        slots = list(matches.scores)
    elif terms.words is None:
        slots = engine.searchable_slots()
        matches = Matches(dict.fromkeys(slots, 0.0), [])
    else:
        matches = engine.score(terms.alternatives())
        slots = list(matches.scores)
    languages = engine.column("_language_code")
    if languages is not None and not (
        attribute_filter is not None and filters.uses_key(attribute_filter, "_language_code")
    ):
        slots = [slot for slot in slots if languages[slot] == "en"]
    if attribute_filter is not None:
        slots = _filtered(index, attribute_filter, slots, viewer)
    if not viewer.everyone:
        documents = engine.items
        slots = [slot for slot in slots if visible(index, viewer, documents[slot])]
    return Found(engine, matches, slots)


def _filtered(index: Index, node: dict[str, Any], slots: list[int], viewer: Viewer
              ) -> list[int]:
    """The slots the AttributeFilter accepts; a ``_user_id`` / ``_group_ids`` leaf asks
    whether the viewer it stands for may see the document."""
    engine = index.search
    documents = engine.items
    probes: dict[tuple[str | None, tuple[str, ...]], Viewer] = {}

    def visible_to(slot: int, user: str | None, groups: list[str]) -> bool:
        # one expanded viewer per filter leaf, not one per document
        key = (user, tuple(groups))
        probe = probes.get(key)
        if probe is None:
            probe = probes[key] = viewer.with_only(user, groups)
        return visible(index, probe, documents[slot])

    return filters.select(node, slots, engine.column, visible_to)
