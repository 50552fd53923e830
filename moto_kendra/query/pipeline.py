"""Query, stage by stage, on an index the backend found and whose static rules passed.

1. index rules (:mod:`.checks`), then the viewer of the UserContext (:mod:`.viewer`);
2. the QueryText's terms and synonyms (:mod:`.terms`);
3. candidates: matching, language, AttributeFilter, access (:mod:`.candidates`);
4. featured results taken out of the candidates (:mod:`.items`), question-answer
   pairs (:mod:`.question_answers`), facets over all candidates (:mod:`.facets`);
5. ranking of the first 100 (:mod:`.ranking`), the asked page's items
   (:mod:`.items`), and the query log (:mod:`.log`).

ResultItems list the ANSWER items first (:mod:`.answers`), then the question-answer
items, then documents; a page is cut from those first 100 results.
TotalNumberOfResults counts every candidate document (every group when collapsing), the
ANSWER items and the question-answer items shown (at most 4).  DOCUMENT items have Format
TEXT.  With IncludeQuerySpellCheckSuggestions, SpellCorrectedQueries (:mod:`.spelling`);
a QueryText with invalid syntax runs as plain text and adds ``Warnings``.  Relevance
tuning (:mod:`.tuning`) reorders the documents; CollapseConfiguration groups them
(:mod:`.collapse`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .answers import Answer, answer_hits, answer_item, answers_wanted
from .candidates import Found, find
from .checks import check_index_rules
from .collapse import Groups, add_details, grouped
from .facets import facet_results
from .items import document_item, featured_documents, featured_items
from .log import issue_query_id, log_query
from .question_answers import MAX_QA_ITEMS, facet_lookup, matching_pairs, question_answer_item
from .ranking import confidence, hit, ranked
from .request import REACHABLE, SearchRequest
from .spelling import spell_corrected_queries
from .terms import QueryTerms, analyse
from .tuning import Tuning, tuning_for
from .viewer import viewer_for

if TYPE_CHECKING:
    from ..resources.index import Index


def run_query(index: Index, request: SearchRequest) -> dict[str, Any]:
    """The Query response (see the module docstring for the stages)."""
    check_index_rules(index, request)
    viewer = viewer_for(index, request.user_context)
    terms = analyse(index, request.text, request.browse)
    kinds = request.result_types()
    found = find(index, terms, request.attribute_filter, viewer)
    featured = [] if request.browse else featured_documents(index, request.text, viewer)
    found.exclude({document.id for document in featured})
    tuning = tuning_for(index, request.relevance_overrides, found,
                        None if request.browse else terms.words)
    answers = answer_hits(found, terms, answers_wanted(request, kinds), tuning)
    if "DOCUMENT" not in kinds:
        found.slots = []
    pairs = (matching_pairs(index, terms, request.attribute_filter, viewer)
             if "QUESTION_ANSWER" in kinds else [])
    facets = facet_results(request.facets, [*found.slots, *pairs], facet_lookup(found),
                           index.fields)
    pairs = pairs[:MAX_QA_ITEMS]
    ordered, hits, groups = _documents(index, request, found, tuning)
    query_id = issue_query_id(index)
    featured_answer = featured_items(index, query_id, featured, terms.marks,
                                     request.requested_attributes)
    shown = [*answers, *pairs]
    items = _page(index, request, query_id, terms, found, shown, ordered)
    if groups is not None:
        marks = None if request.browse else terms.marks
        add_details(items, groups, found, request.collapse or {}, lambda slot: document_item(
            index, query_id, hit(found, slot), marks, request.requested_attributes, None))
    total = hits + len(shown)
    log_query(index, request, total)
    result: dict[str, Any] = {
        "QueryId": query_id,
        "ResultItems": items,
        "FacetResults": facets,
        "TotalNumberOfResults": total,
        "FeaturedResultsItems": featured_answer,
    }
    if terms.warning is not None:
        result["Warnings"] = [{"Code": "QUERY_LANGUAGE_INVALID_SYNTAX", "Message": terms.warning}]
    if request.spell_suggestions:
        result["SpellCorrectedQueries"] = spell_corrected_queries(index, request.text)
    return result


def _documents(index: Index, request: SearchRequest, found: Found, tuning: Tuning | None
               ) -> tuple[list[int], int, Groups | None]:
    """The first 100 document slots in result order and the count TotalNumberOfResults
    takes from them: the hits, or, when collapsing, the group primaries and the groups."""
    if not request.collapse:
        return ranked(found, REACHABLE, request.sort_keys, tuning), len(found.slots), None
    kind = index.fields[request.collapse["DocumentAttributeKey"]]["Type"]
    groups = grouped(found, request.collapse, kind, request.sort_keys, tuning, REACHABLE)
    return groups.primaries, groups.count, groups


def _page(index: Index, request: SearchRequest, query_id: str, terms: QueryTerms,
          found: Found, first: list[Any], ordered: list[int]) -> list[dict[str, Any]]:
    """The items of the asked page: answers and question-answer pairs (``first``), then
    documents; a browse shows no highlights and NOT_AVAILABLE confidence."""
    marks = None if request.browse else terms.marks
    requested = request.requested_attributes
    items = []
    for position in request.window():
        if position < len(first):
            entry = first[position]
            items.append(answer_item(index, query_id, entry, terms, requested)
                         if isinstance(entry, Answer)
                         else question_answer_item(index, query_id, entry, terms, requested))
        elif position - len(first) < len(ordered):
            shown = hit(found, ordered[position - len(first)])
            score = "NOT_AVAILABLE" if request.browse else confidence(shown.coverage,
                                                                       terms.count)
            item = document_item(index, query_id, shown, marks,
                                 request.requested_attributes, score)
            items.append({**item, "Format": "TEXT"})
    return items
