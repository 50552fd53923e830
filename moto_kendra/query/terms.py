"""What a query asks for, read from QueryText: its terms, their synonyms, their highlights.

QueryText is analysed as document text is (the same tokens, stop words and stems),
so a query term matches the documents holding a word of the same stem.  Synonyms
come from the index's ACTIVE thesauri, looked up for the query's terms only (a query
costs nothing per thesaurus entry).  A browse (no QueryText) has no terms at all
(``words`` is None), which selects every searchable document; a text of stop words
only has an empty list of terms, which selects none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..search.analysis import query_terms

if TYPE_CHECKING:
    from ..resources.index import Index

STANDARD = "STANDARD"
SYNONYM = "THESAURUS_SYNONYM"


@dataclass
class QueryTerms:
    """The analysed QueryText.  ``marks`` maps each stem to highlight (a query term, or a
    synonym of one) to its highlight Type; a query term wins over a synonym."""

    words: list[str] | None
    synonyms: dict[str, set[str]] = field(default_factory=dict)
    marks: dict[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.words or [])

    def alternatives(self) -> list[tuple[str, ...]]:
        """Per query term, the term then its synonyms (sorted): what the engine scores."""
        return [(t, *sorted(self.synonyms.get(t, ()))) for t in self.words or []]

    def term_sets(self) -> dict[str, set[str]]:
        """Stem -> the query terms it stands for (the term itself, or a term it is a
        synonym of)."""
        found: dict[str, set[str]] = {}
        for term in self.words or []:
            for stem in (term, *self.synonyms.get(term, ())):
                found.setdefault(stem, set()).add(term)
        return found


def analyse(index: Index, text: str, browse: bool) -> QueryTerms:
    """QueryText's terms, their synonyms over the index's ACTIVE thesauri, and marks."""
    words = None if browse else query_terms(text)
    synonyms = _synonyms(index, words)
    return QueryTerms(words, synonyms, _marks(words, synonyms))


def _synonyms(index: Index, terms: list[str] | None) -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for thesaurus in index.thesauri.values():
        if thesaurus.status == "ACTIVE":
            for term in terms or ():
                others = thesaurus.synonyms.get(term)
                if others:
                    merged.setdefault(term, set()).update(others)
    return merged


def _marks(terms: list[str] | None, synonyms: dict[str, set[str]]) -> dict[str, str]:
    marks: dict[str, str] = {}
    for term in terms or []:
        for other in synonyms.get(term, ()):
            marks.setdefault(other, SYNONYM)
    for term in terms or []:
        marks[term] = STANDARD
    return marks
