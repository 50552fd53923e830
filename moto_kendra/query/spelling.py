"""SpellCorrectedQueries of a Query that asks for spell-check suggestions.

The vocabulary is the index's searchable bodies (no filter, language or access rule
applies to it).  At least one corrected word gives one suggestion: the QueryText with each
corrected span replaced, and the corrections in text order (zero-based offsets into
QueryText, end exclusive; ``Term`` as written, ``CorrectedTerm`` the vocabulary word).
Nothing corrected gives ``[]``.  The results always answer the original QueryText.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..search.spelling import Speller, suggested_text

if TYPE_CHECKING:
    from ..resources.index import Index


def spell_corrected_queries(index: Index, text: str) -> list[dict[str, Any]]:
    """The SpellCorrectedQueries member for ``text`` (``[]`` when nothing is corrected)."""
    if not text.strip():
        return []
    engine = index.search
    engine.settle(lambda document: document.searchable)
    corrections = Speller(engine.lexicon()).corrections(text)
    if not corrections:
        return []
    return [{
        "SuggestedQueryText": suggested_text(text, corrections),
        "Corrections": [
            {"BeginOffset": c.begin, "EndOffset": c.end, "Term": c.term,
             "CorrectedTerm": c.corrected}
            for c in corrections
        ],
    }]
