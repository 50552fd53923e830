"""Retrieve: passages of up to 200 tokens from the documents a query matches.

Candidates are selected as for Query (terms, synonyms, language, filter, access).
Each document is cut into chunks of 200 body tokens; passages come ordered by the
query terms their document matched (most first), then the distinct query terms
the chunk holds, then its query-term tokens, then the document's relevance tuning
factor B (:mod:`.tuning`, highest first), then DocumentId, then chunk order.
A matching document none of whose chunks holds a term gives its first chunk (its
title, or DocumentId, when it has no body).  ScoreConfidence bins the document's
term coverage for English documents and is NOT_AVAILABLE for others.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Any

from ..attributes import document_uri
from ..resources.base import new_id
from .candidates import Found, find
from .checks import check_index_rules
from .excerpts import passages
from .items import shown_attributes
from .log import issue_query_id
from .ranking import Hit, confidence, hit
from .request import SearchRequest
from .terms import analyse
from .tuning import Tuning, tuning_for
from .viewer import viewer_for

if TYPE_CHECKING:
    from ..resources.index import Index


def retrieve(index: Index, request: SearchRequest) -> dict[str, Any]:
    """Retrieve on an index the backend found; the static rules have passed."""
    check_index_rules(index, request)
    viewer = viewer_for(index, request.user_context)
    terms = analyse(index, request.text, False)
    found = find(index, terms, request.attribute_filter, viewer)
    tuning = tuning_for(index, request.relevance_overrides, found, terms.words)
    window = request.window()
    first, last = window.start, window.stop
    asked = (terms.words or terms.syntax) and first < last
    ranked = ranked_passages(found, terms.term_sets(), last, tuning) if asked else []
    query_id = issue_query_id(index)
    items = []
    for shown, content in ranked[first:last]:
        document = shown.document
        score = (
            confidence(shown.coverage, terms.count) if document.language == "en"
            else "NOT_AVAILABLE"
        )
        items.append({
            "Id": f"{query_id}-{new_id()}",
            "DocumentId": document.id,
            "DocumentTitle": document.title or document.id,
            "Content": content,
            "DocumentURI": document_uri(shown.value("_source_uri")),
            "DocumentAttributes": shown_attributes(index, document,
                                                   request.requested_attributes),
            "ScoreAttributes": {"ScoreConfidence": score},
        })
    return {"QueryId": query_id, "ResultItems": items}


def ranked_passages(found: Found, term_sets: dict[str, set[str]], limit: int,
                    tuning: Tuning | None = None) -> list[tuple[Hit, str]]:
    """The first ``limit`` passages in order, as ``(hit, content)``.

    A passage's order key is (-coverage, -distinct terms, -term tokens, -B,
    DocumentId, chunk).  A hit's passages cannot beat (-coverage, -coverage,
    -frequency, -B, DocumentId, 0), since a chunk holds at most the terms the document matched
    and at most its weighted term frequency; hits are read best bound first and
    reading stops once ``limit`` passages beat the next hit's bound, so a common
    term does not tokenize every matching document (a page needs only the
    passages up to its end).
    """
    matches, ids = found.matches, found.engine.doc_ids
    factor = (lambda slot: 1.0) if tuning is None else tuning.factor
    if tuning is not None:
        tuning.prepare(found.slots)
    bounds = []
    for slot in found.slots:
        coverage = matches.coverage(slot)
        bounds.append((-coverage, -coverage, -matches.frequency(slot), -factor(slot),
                       ids[slot], 0, slot))
    heapq.heapify(bounds)
    ranked: list[tuple[tuple[Any, ...], Hit, str]] = []
    while bounds:
        bound = heapq.heappop(bounds)
        if len(ranked) >= limit:
            ranked.sort(key=lambda entry: entry[0])
            del ranked[limit:]
            if ranked[-1][0] < bound[:6]:
                break
        shown = hit(found, bound[6])
        for distinct, count, number, content in _chunks(shown, term_sets):
            ranked.append(((-shown.coverage, distinct, count, bound[3], shown.doc_id, number),
                           shown, content))
    ranked.sort(key=lambda entry: entry[0])
    return [(shown, content) for _, shown, content in ranked[:limit]]


def _chunks(shown: Hit, term_sets: dict[str, set[str]]) -> list[tuple[int, int, int, str]]:
    """A hit's passages as ``(-distinct terms, -term tokens, chunk number, content)``."""
    chunks = passages(shown.document.text)
    found_chunks = []
    for number, tokens, content in chunks:
        matched = [term_sets[t.stem] for t in tokens if t.stem in term_sets]
        if matched:
            distinct = len(set().union(*matched))
            found_chunks.append((-distinct, -len(matched), number, content))
    if not found_chunks:
        content = chunks[0][2] if chunks else (shown.document.title or shown.doc_id)
        found_chunks = [(0, 0, 0, content)]
    return found_chunks
