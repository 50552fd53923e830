"""What a query asks for, read from QueryText: its terms, their synonyms, their highlights.

QueryText is analysed as document text is (the same tokens, stop words and stems),
so a query term matches the documents holding a word of the same stem.  Synonyms
come from the index's ACTIVE thesauri, looked up for the query's terms only (a query
costs nothing per thesaurus entry).  A browse (no QueryText) has no terms at all
(``words`` is None), which selects every searchable document; a text of stop words
only has an empty list of terms, which selects none.

A QueryText using query syntax (operators, quotes, parentheses, wildcards, ``field:value``)
is parsed once into a tree; the search evaluates it and its *positive terms* (bare terms,
non-stop phrase tokens and wildcard expansions outside the right side of a NOT) become the
query's terms for ranking, confidence, excerpts and highlights (:meth:`QueryTerms.resolve`).
Thesaurus synonyms apply to the tree's bare terms; a wildcard's expansions and a phrase's
tokens match without synonyms.  Syntax that is not valid is run as plain text, and
``warning`` says why (Query reports it; Retrieve stays silent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..search import syntax
from ..search.analysis import query_terms
from ..search.boolean import Selection
from .excerpts import Marks

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
    marks: Marks = field(default_factory=Marks)
    tree: syntax.Node | None = None  # the parsed query, when it uses valid syntax
    syntax: bool = False  # the query uses valid syntax (``tree`` None: it selects nothing)
    warning: str | None = None  # why the syntax is not valid (it then ran as plain text)

    def resolve(self, selection: Selection) -> None:
        """Take a syntax query's positive terms and phrases from its evaluation."""
        self.words = selection.terms
        self.marks = _marks(self.words, self.synonyms)
        self.marks.phrases = selection.phrases

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
    """QueryText's terms, their synonyms over the index's ACTIVE thesauri, and marks; for a
    query using syntax, its tree (the terms come once it is evaluated)."""
    if browse:
        return QueryTerms(None)
    if syntax.uses_syntax(text):
        types = {name: spec["Type"] for name, spec in index.fields.items()}
        parsed = syntax.parse(text, types)
        if parsed.error is None:
            bare = list(dict.fromkeys(syntax.bare_stems(parsed.tree)))
            return QueryTerms([], _synonyms(index, bare), tree=parsed.tree, syntax=True)
        warning = (f"The query syntax is not valid ({parsed.error}); "
                   "the query was run as plain text.")
    else:
        warning = None
    words = query_terms(text)
    synonyms = _synonyms(index, words)
    return QueryTerms(words, synonyms, _marks(words, synonyms), warning=warning)


def _synonyms(index: Index, terms: list[str] | None) -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for thesaurus in index.thesauri.values():
        if thesaurus.status == "ACTIVE":
            for term in terms or ():
                others = thesaurus.synonyms.get(term)
                if others:
                    merged.setdefault(term, set()).update(others)
    return merged


def _marks(terms: list[str] | None, synonyms: dict[str, set[str]]) -> Marks:
    marks = Marks()
    for term in terms or []:
        for other in synonyms.get(term, ()):
            marks.setdefault(other, SYNONYM)
    for term in terms or []:
        marks[term] = STANDARD
    return marks
