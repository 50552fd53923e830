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
TotalNumberOfResults counts every candidate document, the ANSWER items and the
question-answer items shown (at most 4).  With IncludeQuerySpellCheckSuggestions,
SpellCorrectedQueries is ``[]``.  Relevance overrides and CollapseConfiguration
are accepted and ignored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .answers import Answer, answer_hits, answer_item, answers_wanted
from .candidates import Found, find
from .checks import check_index_rules
from .facets import facet_results
from .items import document_item, featured_documents, featured_items
from .log import issue_query_id, log_query
from .question_answers import MAX_QA_ITEMS, facet_lookup, matching_pairs, question_answer_item
from .ranking import confidence, hit, ranked
from .request import REACHABLE, SearchRequest
from .terms import QueryTerms, analyse
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
    answers = answer_hits(found, terms, answers_wanted(request, kinds))
    if "DOCUMENT" not in kinds:
        found.slots = []
    pairs = (matching_pairs(index, terms, request.attribute_filter, viewer)
             if "QUESTION_ANSWER" in kinds else [])
    facets = facet_results(request.facets, [*found.slots, *pairs], facet_lookup(found),
                           index.fields)
    pairs = pairs[:MAX_QA_ITEMS]
    ordered = ranked(found, REACHABLE, request.sort_keys)
    query_id = issue_query_id(index)
    featured_answer = featured_items(index, query_id, featured, terms.marks,
                                     request.requested_attributes)
    shown = [*answers, *pairs]
    items = _page(index, request, query_id, terms, found, shown, ordered)
    total = len(found.slots) + len(shown)
    log_query(index, request, total)
    result: dict[str, Any] = {
        "QueryId": query_id,
        "ResultItems": items,
        "FacetResults": facets,
        "TotalNumberOfResults": total,
        "FeaturedResultsItems": featured_answer,
    }
    if request.spell_suggestions:
        result["SpellCorrectedQueries"] = []
    return result


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
            items.append(document_item(index, query_id, shown, marks,
                                       request.requested_attributes, score))
    return items
