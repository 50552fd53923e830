"""QUESTION_ANSWER result items: the question-answer pairs of the index's ACTIVE FAQs.

A pair is a candidate when its question covers at least half the query's terms (a
synonym from an ACTIVE thesaurus stands for its term; query operators, phrases and
field units do not apply to pairs).  It survives as a document does: the
AttributeFilter over its attributes (``_language_code`` is its FAQ's LanguageCode,
``_source_uri`` its URL; ``_user_id`` / ``_group_ids`` leaves test its ACL), the
language rule (English only unless the filter names ``_language_code``), and access
with its principals as a flat ACL (GROUP principals match plain groups).  Surviving
pairs rank by BM25 over the questions (ties: FAQ creation order, then file order);
the first 4 are shown, and facets count every surviving pair.

An item looks as the live service returns it: Format TEXT, DocumentId
``<FaqId>-<n>`` (n: the pair's 1-based ordinal in its file), DocumentTitle
``{Text: ""}``, ``AdditionalAttributes`` QuestionText (the question cut to 200
characters, with query-term highlights) then AnswerText (the answer, no highlights),
the answer as DocumentExcerpt (cut to 287 characters and ``...`` when over 290) with
one highlight over it, the pair's URL as DocumentURI, its ``_source_uri`` then its
attributes as DocumentAttributes, and ScoreConfidence from the share of query terms
the question covers: all VERY_HIGH, at least 3/4 HIGH, else MEDIUM.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..attributes import document_uri, plain
from ..resources.base import new_id
from ..search.analysis import stems, tokenize
from ..search.engine import SearchIndex
from . import attribute_filter as filters
from .excerpts import Marks, highlights
from .items import displayed_attributes
from .ranking import confidence
from .terms import QueryTerms
from .viewer import Viewer

if TYPE_CHECKING:
    from ..resources.index import Index
    from .candidates import Found

MAX_QA_ITEMS = 4
QUESTION_CHARS = 200
EXCERPT_CHARS = 290
EXCERPT_CUT = 287


class PairHit:
    """A surviving pair: its FAQ, the pair, its 1-based ordinal, score and coverage."""

    __slots__ = ("faq", "pair", "ordinal", "score", "coverage", "values")

    def __init__(self, faq: Any, pair: Any, ordinal: int, score: float,
                 coverage: int) -> None:
        self.faq, self.pair, self.ordinal = faq, pair, ordinal
        self.score, self.coverage = score, coverage
        self.values = {a["Key"]: plain(a["Value"]) for a in pair.attributes}
        self.values["_language_code"] = faq.settings.get("LanguageCode", "en")
        if pair.uri:
            self.values["_source_uri"] = pair.uri

    def value(self, key: str) -> Any:
        """An attribute as filters and facets read it: its plain value, or None."""
        return self.values.get(key)


def matching_pairs(index: Index, terms: QueryTerms, attribute_filter: dict[str, Any] | None,
                   viewer: Viewer) -> list[PairHit]:
    """Every surviving pair for these query terms, best first."""
    if not terms.words:
        return []
    engine, pairs = _faq_engine(index)
    if not pairs:
        return []
    matches = engine.score(terms.alternatives())
    candidates = sorted(
        (-score, engine.items[slot], matches.coverage(slot))
        for slot, score in matches.scores.items()
        if matches.coverage(slot) * 2 >= terms.count
    )
    hits = []
    for score, number, coverage in candidates:
        faq, pair, ordinal = pairs[number]
        hits.append(PairHit(faq, pair, ordinal, -score, coverage))
    if attribute_filter is None or not filters.uses_key(attribute_filter, "_language_code"):
        hits = [h for h in hits if h.values["_language_code"] == "en"]
    if attribute_filter is not None:
        hits = _filtered(hits, attribute_filter, viewer)
    if not viewer.everyone:
        hits = [h for h in hits if viewer.can_see(h.pair.acl, [], None)]
    return hits


def _filtered(hits: list[PairHit], node: dict[str, Any], viewer: Viewer) -> list[PairHit]:
    """The pairs the AttributeFilter accepts (positions into ``hits`` serve as slots)."""

    def column(key: str) -> list[Any]:
        return [h.values.get(key) for h in hits]

    def visible_to(slot: int, user: str | None, groups: list[str]) -> bool:
        return viewer.with_only(user, groups).can_see(hits[slot].pair.acl, [], None)

    kept = filters.select(node, list(range(len(hits))), column, visible_to)
    return [hits[slot] for slot in kept]


def _faq_engine(index: Index) -> tuple[SearchIndex, list[tuple[Any, Any, int]]]:
    """An engine over the questions of the index's ACTIVE FAQs, with ``(faq, pair,
    ordinal)`` per item number.  A FAQ's pairs never change once loaded, so the engine is
    built once per set of ACTIVE FAQs and kept on the index until that set changes."""
    active = [faq for faq in index.faqs.values() if faq.status == "ACTIVE"]
    key = tuple((faq.id, id(faq.pairs)) for faq in active)
    cached = index.faq_search
    if cached is None or cached[0] != key:
        # the cache holds the pair lists, so their ids in the key stay theirs
        pairs = [(faq, pair, ordinal) for faq in active
                 for ordinal, pair in enumerate(faq.pairs, 1)]
        engine = SearchIndex()
        for number, (_, pair, _) in enumerate(pairs):
            engine.add(str(number), Counter(stems(pair.question)), number)
        engine.settle(lambda _: True)
        cached = index.faq_search = (key, engine, pairs)
    return cached[1], cached[2]


def _question_text(question: str, marks: Marks) -> dict[str, Any]:
    cut = question[:QUESTION_CHARS]
    return {"Text": cut, "Highlights": highlights(tokenize(question), marks, limit=len(cut))}


def _answer_excerpt(answer: str) -> dict[str, Any]:
    text = answer if len(answer) <= EXCERPT_CHARS else answer[:EXCERPT_CUT] + "..."
    end = min(len(answer), EXCERPT_CUT) if len(answer) > EXCERPT_CHARS else len(answer)
    return {"Text": text, "Highlights": [
        {"BeginOffset": 0, "EndOffset": end, "TopAnswer": False, "Type": "STANDARD"}
    ]}


def question_answer_item(index: Index, query_id: str, found: PairHit, terms: QueryTerms,
                         requested: list[str] | None) -> dict[str, Any]:
    """The QUESTION_ANSWER result item of one surviving pair."""
    pair = found.pair
    item_id = f"{query_id}-{new_id()}"
    shown = ([{"Key": "_source_uri", "Value": {"StringValue": pair.uri}}] if pair.uri
             else [])
    return {
        "Id": item_id,
        "Type": "QUESTION_ANSWER",
        "Format": "TEXT",
        "AdditionalAttributes": [
            {"Key": "QuestionText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
             "Value": {"TextWithHighlightsValue": _question_text(pair.question,
                                                                 terms.marks)}},
            {"Key": "AnswerText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
             "Value": {"TextWithHighlightsValue": {"Text": pair.answer, "Highlights": []}}},
        ],
        "DocumentId": f"{found.faq.id}-{found.ordinal}",
        "DocumentTitle": {"Text": ""},
        "DocumentExcerpt": _answer_excerpt(pair.answer),
        "DocumentURI": document_uri(pair.uri),
        "DocumentAttributes": displayed_attributes(index, [*shown, *pair.attributes],
                                                   requested),
        "ScoreAttributes": {"ScoreConfidence": confidence(found.coverage, terms.count)},
        "FeedbackToken": f"{query_id}.{item_id}",
    }


def facet_lookup(found: Found) -> Callable[[Any, str], Any]:
    """Facets' value lookup over document slots and surviving pairs alike."""

    def lookup(entry: Any, key: str) -> Any:
        return entry.value(key) if isinstance(entry, PairHit) else found.value(entry, key)

    return lookup
