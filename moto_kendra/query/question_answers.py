"""QUESTION_ANSWER result items: the question-answer pairs of the index's ACTIVE FAQs.

A pair is a candidate when its question covers at least half the query's terms;
the best 4 by BM25 score over the questions come first in ResultItems, before any
document.  An item carries the question as DocumentTitle and QuestionText, the
answer as DocumentExcerpt and AnswerText (both with highlights), the pair's URL as
DocumentURI, ``DocumentAttributes: []`` and ScoreConfidence NOT_AVAILABLE.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from ..resources.base import new_id
from ..search.analysis import stems
from ..search.engine import SearchIndex
from .excerpts import Marks, titled

if TYPE_CHECKING:
    from ..resources.index import Index

MAX_QA_ITEMS = 4


def matching_pairs(index: Index, terms: list[str]) -> list[Any]:
    """The pairs shown for these query terms, best first (at most 4)."""
    if not terms:
        return []
    engine, pairs = _faq_engine(index)
    if not pairs:
        return []
    matches = engine.score([(t,) for t in terms])
    ranked = sorted(
        (-score, engine.items[slot])
        for slot, score in matches.scores.items()
        if matches.coverage(slot) * 2 >= len(terms)
    )[:MAX_QA_ITEMS]
    return [pairs[number][1] for _, number in ranked]


def _faq_engine(index: Index) -> tuple[SearchIndex, list[tuple[Any, Any]]]:
    """An engine over the questions of the index's ACTIVE FAQs, with ``(faq, pair)`` per
    item number.  A FAQ's pairs never change once loaded, so the engine is built once
    per set of ACTIVE FAQs and kept on the index until that set changes."""
    active = [faq for faq in index.faqs.values() if faq.status == "ACTIVE"]
    key = tuple((faq.id, id(faq.pairs)) for faq in active)
    cached = index.faq_search
    if cached is None or cached[0] != key:
        # the cache holds the pair lists, so their ids in the key stay theirs
        pairs = [(faq, pair) for faq in active for pair in faq.pairs]
        engine = SearchIndex()
        for number, (_, pair) in enumerate(pairs):
            engine.add(str(number), Counter(stems(pair.question)), number)
        engine.settle(lambda _: True)
        cached = index.faq_search = (key, engine, pairs)
    return cached[1], cached[2]


def question_answer_item(query_id: str, pair: Any, marks: Marks) -> dict[str, Any]:
    """The QUESTION_ANSWER result item of one pair."""
    item_id = f"{query_id}-{new_id()}"
    question = titled(pair.question, marks)
    answer = titled(pair.answer, marks)
    return {
        "Id": item_id,
        "Type": "QUESTION_ANSWER",
        "AdditionalAttributes": [
            {"Key": "QuestionText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
             "Value": {"TextWithHighlightsValue": question}},
            {"Key": "AnswerText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
             "Value": {"TextWithHighlightsValue": answer}},
        ],
        "DocumentTitle": question,
        "DocumentExcerpt": answer,
        "DocumentURI": pair.uri if getattr(pair, "uri", None) else None,
        "DocumentAttributes": [],
        "ScoreAttributes": {"ScoreConfidence": "NOT_AVAILABLE"},
        "FeedbackToken": f"{query_id}.{item_id}",
    }
