"""ANSWER result items: the sentence of a top document that answers a question.

A QueryText is a question when, trimmed, it ends with ``?`` or its first word
(lower-cased) is who, what, when, where, why, how, which, is, are, can, does, do,
did or should; a browse is never a question.

A body is cut into sentences after every ``.``, ``!`` or ``?`` that is followed by
white space or ends the body; the one white-space character after a cut belongs to
no sentence, the text after the last cut is the last sentence, and sentences
without a word are dropped.  A sentence covers the distinct query terms among its
words' stems (a synonym from an ACTIVE thesaurus stands for its term).

The candidates are the first 3 surviving DOCUMENT hits by relevance (whatever the
sort keys; featured documents excluded).  A candidate's answer sentence is the one
covering the most terms (the earliest on ties), when it covers at least one and at
least half of them.  Query shows one ANSWER item, for the first candidate with an
answer sentence; with ``QueryResultTypeFilter: ANSWER``, one per such candidate.

An item is its document's DOCUMENT item with Type ``ANSWER``, ``AdditionalAttributes``
``[AnswerText]`` and ScoreConfidence from the answer sentence's coverage (so never
LOW).  AnswerText runs from the start of the sentence before the answer sentence (if
any) to the end of the one after it (if any); its highlights are first the answer
sentence (TopAnswer true), then each query-term word.  The DocumentExcerpt is that
text when at most 290 characters, else its first 287 characters and ``...``, with
the highlights that start before the cut, ended at the cut.  For a PDF, its
``_excerpt_page_number`` is the page where the answer sentence starts.  The document
keeps its DOCUMENT item too.  Retrieve never answers.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from ..extraction.common import page_at
from ..search.analysis import Token, tokenize
from .excerpts import Marks, highlights
from .items import document_item
from .ranking import Hit, confidence, hit, ranked
from .terms import QueryTerms

if TYPE_CHECKING:
    from ..resources.index import Index
    from .candidates import Found
    from .request import SearchRequest
    from .tuning import Tuning

QUESTION_WORDS = frozenset(
    "who what when where why how which is are can does do did should".split()
)
CANDIDATES = 3
EXCERPT_CHARS = 290
EXCERPT_CUT = 287
_CUT = re.compile(r"[.!?](?=\s|\Z)")

PAGE_KEY = "_excerpt_page_number"

Sentence = tuple[int, int, list[Token]]  # start, end (exclusive), its tokens


class Answer(NamedTuple):
    """An answer: the hit, its AnswerText, the answer sentence's coverage and start."""

    hit: Hit
    text: dict[str, Any]
    coverage: int
    start: int


def is_question(text: str, browse: bool) -> bool:
    """Whether QueryText asks a question (see the module docstring)."""
    trimmed = text.strip()
    if browse or not trimmed:
        return False
    if trimmed.endswith("?"):
        return True
    first = next(tokenize(trimmed), None)
    return first is not None and trimmed[first.start:first.end].lower() in QUESTION_WORDS


def sentences(body: str) -> list[Sentence]:
    """The body's sentences holding at least one token, in text order (one pass)."""
    spans = []
    start = 0
    for cut in _CUT.finditer(body):
        spans.append((start, cut.end()))
        start = cut.end() + 1
    if start < len(body):
        spans.append((start, len(body)))
    found: list[Sentence] = []
    tokens = tokenize(body)
    token = next(tokens, None)
    for begin, end in spans:
        inside = []
        while token is not None and token.start < end:
            if token.start >= begin:
                inside.append(token)
            token = next(tokens, None)
        if inside:
            found.append((begin, end, inside))
    return found


def _answer_sentence(body: str, terms: QueryTerms) -> tuple[list[Sentence], int, int] | None:
    """(sentences, position of the answer sentence, its coverage), or None."""
    wanted = terms.term_sets()
    best, best_coverage = -1, 0
    found = sentences(body)
    for position, (_, _, tokens) in enumerate(found):
        covered: set[str] = set()
        for token in tokens:
            covered.update(wanted.get(token.stem, ()))
        if len(covered) > best_coverage:
            best, best_coverage = position, len(covered)
    if best_coverage < 1 or 2 * best_coverage < terms.count:
        return None
    return found, best, best_coverage


def answer_text(body: str, found: list[Sentence], position: int, marks: Marks
                ) -> dict[str, Any]:
    """AnswerText ``{Text, Highlights}``: the answer sentence with its neighbours."""
    begin = found[max(0, position - 1)][0]
    end = found[min(len(found) - 1, position + 1)][1]
    start, stop, _ = found[position]
    top = {"BeginOffset": start - begin, "EndOffset": stop - begin, "TopAnswer": True,
           "Type": "STANDARD"}
    words = [token for _, _, tokens in found[max(0, position - 1):position + 2]
             for token in tokens]
    return {"Text": body[begin:end], "Highlights": [top, *highlights(words, marks, -begin)]}


def answer_excerpt(answer: dict[str, Any]) -> dict[str, Any]:
    """The DocumentExcerpt of an answer: AnswerText, cut to 287 characters and ``...``
    when over 290, keeping the highlights that start before the cut, ended at it."""
    text = answer["Text"]
    if len(text) <= EXCERPT_CHARS:
        return {"Text": text, "Highlights": [dict(mark) for mark in answer["Highlights"]]}
    kept = [
        {**mark, "EndOffset": min(mark["EndOffset"], EXCERPT_CUT)}
        for mark in answer["Highlights"] if mark["BeginOffset"] < EXCERPT_CUT
    ]
    return {"Text": text[:EXCERPT_CUT] + "...", "Highlights": kept}


def answer_hits(found: Found, terms: QueryTerms, limit: int,
                tuning: Tuning | None = None) -> list[Answer]:
    """Up to ``limit`` answers from the first 3 candidates by relevance (BM25 times the
    tuning factor, whatever the sort keys), in candidate order."""
    answers: list[Answer] = []
    if limit <= 0:
        return answers
    for slot in ranked(found, CANDIDATES, [], tuning):
        shown = hit(found, slot)
        chosen = _answer_sentence(shown.document.text, terms)
        if chosen is not None:
            sentence_list, position, coverage = chosen
            text = answer_text(shown.document.text, sentence_list, position, terms.marks)
            answers.append(Answer(shown, text, coverage, sentence_list[position][0]))
            if len(answers) == limit:
                break
    return answers


def answer_item(index: Index, query_id: str, answer: Answer, terms: QueryTerms,
                requested: list[str] | None) -> dict[str, Any]:
    """The ANSWER result item of one answer."""
    shown, text = answer.hit, answer.text
    item = document_item(index, query_id, shown, terms.marks, requested,
                         confidence(answer.coverage, terms.count))
    pages = shown.document.pages
    if pages is not None and (requested is None or PAGE_KEY in requested):
        attributes = [a for a in item["DocumentAttributes"] if a["Key"] != PAGE_KEY]
        page = page_at(pages, answer.start)
        item["DocumentAttributes"] = [*attributes, {"Key": PAGE_KEY,
                                                    "Value": {"LongValue": page}}]
    item["Type"] = "ANSWER"
    item["Format"] = "TEXT"
    item["AdditionalAttributes"] = [
        {"Key": "AnswerText", "ValueType": "TEXT_WITH_HIGHLIGHTS_VALUE",
         "Value": {"TextWithHighlightsValue": text}},
    ]
    item["DocumentExcerpt"] = answer_excerpt(text)
    return item


def answers_wanted(request: SearchRequest, kinds: set[str]) -> int:
    """How many ANSWER items a query may show: none unless it asks a question and keeps
    ANSWER results, 3 when it keeps only them, else 1."""
    if "ANSWER" not in kinds or not is_question(request.text or "", request.browse):
        return 0
    return CANDIDATES if kinds == {"ANSWER"} else 1
