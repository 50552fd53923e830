"""Query, Retrieve and SubmitFeedback (spec section 8).

Relevance is Okapi BM25 over an inverted index kept per index (``search/engine.py``);
filters, language and access are applied to every hit before the 100-result cut.
Processing order (spec 1.2): static rules (step 5, :func:`check_request`), index
lookup and status (steps 7-8), index rules (step 10, :func:`check_index_rules`, then
the user token), then the search; ids are drawn only once every check has passed.

Choices where the spec is silent:

- a STRING_LIST facet reports each element as a ``StringValue``;
- ``ContainsAll`` on ``_group_ids`` needs the document visible to each group on its
  own; ``_user_id`` / ``_group_ids`` leaves expand through principal mappings;
- filters, sorting and facets read ``_language_code`` as the document's language
  (its attribute, else its data source's LanguageCode, else ``en``);
- a facet without DocumentAttributeKey is refused at step 5
  (``Each facet must name a DocumentAttributeKey.``);
- question-answer items carry ``DocumentAttributes: []``.
"""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..exceptions import ResourceUnavailableException, ValidationException
from ..search import filters
from ..search.access import Viewer, resolve_viewer
from ..search.analysis import query_terms, stems
from ..search.engine import Matches, SearchIndex
from ..search.present import (
    confidence,
    document_uri,
    excerpt,
    facet_results,
    first_sorted,
    passages,
    plain,
    titled,
)
from .backend import BackendBase
from .base import new_id
from .featured import normalised
from .index import WRITE, Index

if TYPE_CHECKING:
    from .documents import Document

MAX_QUERY_TEXT = 1000
REACHABLE = 100
MAX_PAGE_SIZE = 100
MAX_SORT_KEYS = 3
MAX_QA_ITEMS = 4
DEFAULT_PAGE_SIZE = 10
SORTABLE_TYPES = ("STRING_VALUE", "LONG_VALUE", "DATE_VALUE")


class Hit:
    """A document shown in a result page, with its BM25 score, the number of query terms
    it matched and its weighted term frequency summed over them (made only for the
    documents a page returns; :class:`Found` counts and ranks the others by slot)."""

    __slots__ = ("doc_id", "score", "coverage", "document", "frequency")

    def __init__(self, doc_id: str, score: float, coverage: int, document: Document,
                 frequency: int = 0) -> None:
        self.doc_id = doc_id
        self.score = score
        self.coverage = coverage
        self.document = document
        self.frequency = frequency

    def value(self, key: str) -> Any:
        """An attribute's plain value, or None (a shown document's ``_source_uri``)."""
        for attribute in self.document.attributes:
            if attribute["Key"] == key:
                return plain(attribute["Value"])
        return None


class Found:
    """The searchable documents that matched and passed filter, language and access, as
    slots of the index's search engine, with their scores."""

    __slots__ = ("engine", "matches", "slots")

    def __init__(self, engine: SearchIndex, matches: Matches, slots: list[int]) -> None:
        self.engine = engine
        self.matches = matches
        self.slots = slots

    def value(self, slot: int, key: str) -> Any:
        """An attribute as filters, sorting and facets read it: its plain value, or None.

        ``_language_code`` is the document's language (spec 5.1: the attribute, else
        its data source's LanguageCode, else ``en``), so a filter on it also finds
        documents that take their language from their data source."""
        return self.engine.value(slot, key)

    def relevance(self, slot: int) -> tuple[float, str]:
        """Relevance descending, then DocumentId ascending."""
        return -self.matches.scores[slot], self.engine.doc_ids[slot]  # type: ignore[return-value]

    def exclude(self, doc_ids: set[str]) -> None:
        if doc_ids:
            ids = self.engine.doc_ids
            self.slots = [slot for slot in self.slots if ids[slot] not in doc_ids]

    def top(self, limit: int, sort_keys: list[dict[str, str]]) -> list[int]:
        """The first ``limit`` slots in result order.  Without sort keys, the ``limit``-th
        best score is found at C speed and only slots scoring at least that are sorted."""
        if sort_keys:
            return first_sorted(self.slots, sort_keys, self.value, self.relevance, limit)
        scores = self.matches.scores
        chosen = self.slots
        if len(chosen) > limit:
            floor = scores[heapq.nlargest(limit, chosen, key=scores.__getitem__)[-1]]
            chosen = [slot for slot in chosen if scores[slot] >= floor]
        return sorted(chosen, key=self.relevance)[:limit]

    def hit(self, slot: int) -> Hit:
        matches = self.matches
        return Hit(self.engine.doc_ids[slot], matches.scores[slot],  # type: ignore[arg-type]
                   matches.coverage(slot), self.engine.items[slot], matches.frequency(slot))


# -- step 5: rules needing no stored state --------------------------------------------
def check_request(
    text: str | None,
    browse: bool,
    attribute_filter: dict[str, Any] | None,
    facets: list[dict[str, Any]] | None,
    sort_keys: list[dict[str, str]],
    page_number: int | None,
    page_size: int | None,
    user_context: dict[str, Any] | None,
    sorting_configurations: list[dict[str, str]] | None,
) -> None:
    """The static rules of spec 8.1, in the spec's order (the first broken one answers).

    Browse mode counts a given AttributeFilter (even one the shape rules reject) or a
    non-empty Facets list.  Choice beyond the spec: a facet without
    DocumentAttributeKey (optional in the model) is refused after the nesting rule.
    """
    if text is not None and len(text) > MAX_QUERY_TEXT:
        raise ValidationException(
            f"QueryText has {len(text)} characters; the limit is {MAX_QUERY_TEXT}."
        )
    if browse and ((attribute_filter is None and not facets) or not sort_keys):
        raise ValidationException("Browsing without QueryText needs a filter or facets and a sort.")
    if (page_number is not None and page_number < 1) or (page_size is not None and page_size < 1):
        raise ValidationException("PageNumber and PageSize must be at least 1.")
    context = user_context or {}
    if context.get("Token") and any(
        context.get(k) for k in ("UserId", "Groups", "DataSourceGroups")
    ):
        raise ValidationException(
            "Give either a user token or user and group information, not both."
        )
    if sorting_configurations is not None and len(sorting_configurations) > MAX_SORT_KEYS:
        raise ValidationException(f"At most {MAX_SORT_KEYS} sort keys are allowed.")
    for facet in facets or []:
        if any(child.get("Facets") for child in facet.get("Facets") or []):
            raise ValidationException("Facets can be nested only one level.")
    if any(facet.get("DocumentAttributeKey") is None for facet in _all_facets(facets or [])):
        raise ValidationException("Each facet must name a DocumentAttributeKey.")
    if attribute_filter is not None:
        filters.check_shape(attribute_filter)


# -- step 10: rules needing the index ----------------------------------------------------
def _facet_error(key: str) -> ValidationException:
    return ValidationException(f"Facet key {key} is not a facetable index field.")


def _sort_error(key: str) -> ValidationException:
    return ValidationException(f"Sort key {key} is not a sortable index field.")


def check_index_rules(
    index: Index,
    user_context: dict[str, Any] | None,
    attribute_filter: dict[str, Any] | None,
    facets: list[dict[str, Any]] | None,
    sort_keys: list[dict[str, str]],
) -> None:
    """The index rules of spec 8.1 (step 10), rule by rule in the spec's order: the token
    rule; every key (filters, then facets, then sort keys) an index field; filter value
    kinds; ContainsAll/ContainsAny; comparisons; facet keys Facetable; sort keys Sortable."""
    if (user_context or {}).get("Token") and (
        index.edition == "GEN_AI_ENTERPRISE_EDITION"
        or index.settings.get("UserContextPolicy") == "ATTRIBUTE_FILTER"
    ):
        raise ValidationException("User tokens are not supported on this index.")
    fields = index.fields
    facet_keys = [facet["DocumentAttributeKey"] for facet in _all_facets(facets or [])]
    sort_names = [sort["DocumentAttributeKey"] for sort in sort_keys]
    if attribute_filter is not None:
        filters.check_known_keys(attribute_filter, fields)
    for key in facet_keys:
        if key not in fields:
            raise _facet_error(key)
    for key in sort_names:
        if key not in fields:
            raise _sort_error(key)
    if attribute_filter is not None:
        filters.check_value_kinds(attribute_filter, fields)
        filters.check_operators(attribute_filter, fields)
    for key in facet_keys:
        if not fields[key].get("Search", {}).get("Facetable"):
            raise _facet_error(key)
    for key in sort_names:
        field = fields[key]
        if not field.get("Search", {}).get("Sortable") or field["Type"] not in SORTABLE_TYPES:
            raise _sort_error(key)


def _all_facets(facets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facets depth-first in request order: each facet, then its nested facets."""
    return [f for facet in facets for f in [facet, *(facet.get("Facets") or [])]]


class SearchOperations(BackendBase):
    """Backend methods for Query, Retrieve and SubmitFeedback."""

    # -- shared pieces -------------------------------------------------------------
    def _viewer(self, index: Index, context: dict[str, Any] | None) -> Viewer:
        return resolve_viewer(
            context,
            index.settings.get("UserContextPolicy", "ATTRIBUTE_FILTER"),
            index.settings.get("UserTokenConfigurations"),
            index.principal_mappings,
        )

    def _acl(self, index: Index, document: Document) -> tuple[list, list]:
        """A document's ACL: its access control configuration's lists as they are now, if it
        names a present one, else its own lists."""
        access = document.access
        config = index.access_control_configurations.get(
            access.get("AccessControlConfigurationId") or ""
        )
        if config is not None:
            flat, hierarchy = config.access_control_list, config.hierarchical_access_control_list
        else:
            flat = access.get("AccessControlList") or []
            hierarchy = access.get("HierarchicalAccessControlList") or []
        return flat, [level["PrincipalList"] for level in hierarchy or []]

    def _visible(self, index: Index, viewer: Viewer, document: Document) -> bool:
        if viewer.everyone:
            return True
        acl, levels = self._acl(index, document)
        return viewer.can_see(acl, levels, document.owner)

    def _synonyms(self, index: Index, terms: list[str] | None) -> dict[str, set[str]]:
        """Each query term's synonyms over the ACTIVE thesauri (only the terms are looked
        up: a query costs nothing per thesaurus entry)."""
        merged: dict[str, set[str]] = {}
        for thesaurus in index.thesauri.values():
            if thesaurus.status == "ACTIVE":
                for term in terms or ():
                    others = thesaurus.synonyms.get(term)
                    if others:
                        merged.setdefault(term, set()).update(others)
        return merged

    def _found(
        self,
        index: Index,
        terms: list[str] | None,
        synonyms: dict[str, set[str]],
        attribute_filter: dict[str, Any] | None,
        viewer: Viewer,
    ) -> Found:
        """Every searchable document matching a term (every one when ``terms`` is None,
        browse mode) that passes language, filter and access, in that order.  No term
        (only stop words) matches nothing, and costs nothing."""
        engine = index.search
        if terms == []:
            return Found(engine, Matches({}, []), [])
        engine.settle(lambda document: document.searchable)
        if terms is None:
            slots = engine.searchable_slots()
            matches = Matches(dict.fromkeys(slots, 0.0), [])
        else:
            matches = engine.score([(t, *sorted(synonyms.get(t, ()))) for t in terms])
            slots = list(matches.scores)
        languages = engine.column("_language_code")
        if languages is not None and not (
            attribute_filter is not None and filters.uses_key(attribute_filter, "_language_code")
        ):
            slots = [slot for slot in slots if languages[slot] == "en"]
        documents = engine.items
        if attribute_filter is not None:

            probes: dict[tuple[str | None, tuple[str, ...]], Viewer] = {}

            def visible_to(slot: int, user: str | None, groups: list[str]) -> bool:
                # one expanded viewer per filter leaf, not one per document
                key = (user, tuple(groups))
                probe = probes.get(key)
                if probe is None:
                    probe = probes[key] = viewer.with_only(user, groups)
                return self._visible(index, probe, documents[slot])

            slots = filters.select(attribute_filter, slots, engine.column, visible_to)
        if not viewer.everyone:
            slots = [slot for slot in slots if self._visible(index, viewer, documents[slot])]
        return Found(engine, matches, slots)

    def _attributes(
        self, index: Index, document: Document, requested: list[str] | None
    ) -> list[dict[str, Any]]:
        shown = []
        for attribute in document.attributes:
            key = attribute["Key"]
            field = index.fields.get(key) or {}
            if not key.startswith("_") and not field.get("Search", {}).get("Displayable", True):
                continue
            if requested is not None and key not in requested:
                continue
            shown.append(attribute)
        return shown

    def _document_item(
        self,
        index: Index,
        query_id: str,
        hit: Hit,
        marks: dict[str, str] | None,
        requested: list[str] | None,
        with_score: str | None,
    ) -> dict[str, Any]:
        document = hit.document
        item_id = f"{query_id}-{new_id()}"
        title = document.title or document.id
        item: dict[str, Any] = {
            "Id": item_id,
            "Type": "DOCUMENT",
            "AdditionalAttributes": [],
            "DocumentId": document.id,
            "DocumentTitle": titled(title, marks),
            "DocumentExcerpt": excerpt(document.text, title, marks),
            "DocumentURI": document_uri(hit.value("_source_uri")),
            "DocumentAttributes": self._attributes(index, document, requested),
            "FeedbackToken": f"{query_id}.{item_id}",
        }
        if with_score is not None:
            item["ScoreAttributes"] = {"ScoreConfidence": with_score}
        return item

    def _qa_items(
        self, index: Index, terms: list[str], marks: dict[str, str]
    ) -> list[tuple[float, Any, Any]]:
        """Question-answer pairs of ACTIVE FAQs covering at least half the query terms."""
        if not terms:
            return []
        engine, pairs = self._faq_engine(index)
        if not pairs:
            return []
        matches = engine.score([(t,) for t in terms])
        ranked = sorted(
            (
                (-score, engine.items[slot])
                for slot, score in matches.scores.items()
                if matches.coverage(slot) * 2 >= len(terms)
            )
        )[:MAX_QA_ITEMS]
        return [(-neg, pairs[number][0], pairs[number][1]) for neg, number in ranked]

    def _faq_engine(self, index: Index) -> tuple[SearchIndex, list[tuple[Any, Any]]]:
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

    def _qa_item(
        self, query_id: str, pair: Any, marks: dict[str, str], terms: list[str]
    ) -> dict[str, Any]:
        item_id = f"{query_id}-{new_id()}"
        question = titled(pair.question, marks)
        answer = titled(pair.answer, marks)
        item = {
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
        return item

    def _featured(
        self, index: Index, text: str, viewer: Viewer
    ) -> list[Document]:
        wanted = normalised(text)
        for featured in getattr(index, "featured_sets", {}).values():
            if featured.status == "ACTIVE" and wanted in featured.query_texts:
                found = []
                for doc_id in featured.document_ids:
                    document = index.documents.get(doc_id)
                    if document is not None and document.searchable and self._visible(
                        index, viewer, document
                    ):
                        found.append(document)
                return found
        return []

    def _log_query(
        self, index: Index, text: str, context: dict[str, Any] | None,
        visitor_id: str | None, results: int,
    ) -> None:
        if text.strip():
            user = (context or {}).get("UserId") or visitor_id
            index.query_log.append(
                {"Text": text, "Time": datetime.now(timezone.utc), "User": user,
                 "Results": results}
            )

    # -- operations ---------------------------------------------------------------------
    def query(
        self,
        index_id: str,
        query_text: str | None = None,
        attribute_filter: dict[str, Any] | None = None,
        facets: list[dict[str, Any]] | None = None,
        requested_document_attributes: list[str] | None = None,
        query_result_type_filter: str | None = None,
        page_number: int | None = None,
        page_size: int | None = None,
        sorting_configuration: dict[str, str] | None = None,
        sorting_configurations: list[dict[str, str]] | None = None,
        user_context: dict[str, Any] | None = None,
        visitor_id: str | None = None,
        spell_correction_configuration: dict[str, Any] | None = None,
        **ignored: Any,
    ) -> dict[str, Any]:
        """Query (spec 8.1-8.7). Ignored: relevance overrides, collapsing."""
        browse = not (query_text or "").strip()
        sort_keys = sorting_configurations or (
            [sorting_configuration] if sorting_configuration else []
        )
        check_request(query_text, browse, attribute_filter, facets, sort_keys, page_number,
                      page_size, user_context, sorting_configurations)
        index = self.get_index(index_id, WRITE)
        check_index_rules(index, user_context, attribute_filter, facets, sort_keys)
        viewer = self._viewer(index, user_context)
        text = query_text or ""
        terms = None if browse else query_terms(text)
        synonyms = self._synonyms(index, terms)
        marks = _marks(terms, synonyms)
        kinds = {"DOCUMENT", "QUESTION_ANSWER"}
        if query_result_type_filter is not None:
            kinds &= {query_result_type_filter}
        found = self._found(index, terms, synonyms, attribute_filter, viewer)
        featured = [] if browse else self._featured(index, text, viewer)
        found.exclude({document.id for document in featured})
        if "DOCUMENT" not in kinds:
            found.slots = []
        qa = self._qa_items(index, terms or [], marks) if "QUESTION_ANSWER" in kinds else []
        facet_answer = facet_results(facets or [], found.slots, found.value, index.fields)
        ordered = found.top(REACHABLE, sort_keys)
        size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        first = ((page_number or 1) - 1) * size
        window = range(first, min(first + size, REACHABLE))
        query_id = new_id()
        index.query_ids.add(query_id)
        featured_items = [
            self._document_item(index, query_id, Hit(d.id, 0.0, 0, d), marks,
                                requested_document_attributes, None)
            for d in featured
        ]
        for item in featured_items:
            item.pop("ScoreAttributes", None)
        items = []
        term_count = len(terms or [])
        for position in window:
            if position < len(qa):
                _, _, pair = qa[position]
                items.append(self._qa_item(query_id, pair, marks, terms or []))
            elif position - len(qa) < len(ordered):
                hit = found.hit(ordered[position - len(qa)])
                score = "NOT_AVAILABLE" if browse else confidence(hit.coverage, term_count)
                items.append(self._document_item(index, query_id, hit, None if browse else marks,
                                                 requested_document_attributes, score))
        total = len(found.slots) + len(qa)
        self._log_query(index, text, user_context, visitor_id, total)
        result: dict[str, Any] = {
            "QueryId": query_id,
            "ResultItems": items,
            "FacetResults": facet_answer,
            "TotalNumberOfResults": total,
            "FeaturedResultsItems": featured_items,
        }
        if (spell_correction_configuration or {}).get("IncludeQuerySpellCheckSuggestions"):
            result["SpellCorrectedQueries"] = []
        return result

    def retrieve(
        self,
        index_id: str,
        query_text: str,
        attribute_filter: dict[str, Any] | None = None,
        requested_document_attributes: list[str] | None = None,
        page_number: int | None = None,
        page_size: int | None = None,
        user_context: dict[str, Any] | None = None,
        **ignored: Any,
    ) -> dict[str, Any]:
        """Retrieve (spec 8.8): passages of 200 tokens, ordered by coverage."""
        check_request(query_text, False, attribute_filter, None, [], page_number, page_size,
                      user_context, None)
        index = self.get_index(index_id, WRITE)
        check_index_rules(index, user_context, attribute_filter, None, [])
        viewer = self._viewer(index, user_context)
        terms = query_terms(query_text)
        synonyms = self._synonyms(index, terms)
        found = self._found(index, terms, synonyms, attribute_filter, viewer)
        size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        first = ((page_number or 1) - 1) * size
        last = min(first + size, REACHABLE)
        ranked = (
            _passages(found, _term_sets(terms, synonyms), last) if terms and first < last else []
        )
        query_id = new_id()
        index.query_ids.add(query_id)
        items = []
        for hit, content in ranked[first:last]:
            document = hit.document
            score = (
                confidence(hit.coverage, len(terms)) if document.language == "en"
                else "NOT_AVAILABLE"
            )
            items.append({
                "Id": f"{query_id}-{new_id()}",
                "DocumentId": document.id,
                "DocumentTitle": document.title or document.id,
                "Content": content,
                "DocumentURI": document_uri(hit.value("_source_uri")),
                "DocumentAttributes": self._attributes(index, document,
                                                       requested_document_attributes),
                "ScoreAttributes": {"ScoreConfidence": score},
            })
        return {"QueryId": query_id, "ResultItems": items}

    def submit_feedback(
        self, index_id: str, query_id: str, **feedback: Any
    ) -> None:
        """SubmitFeedback: the QueryId must come from this index; feedback has no effect."""
        index = self.get_index(index_id)
        if query_id not in index.query_ids:
            raise ResourceUnavailableException.query(query_id)


def _marks(terms: list[str] | None, synonyms: dict[str, set[str]]) -> dict[str, str]:
    marks: dict[str, str] = {}
    for term in terms or []:
        for other in synonyms.get(term, ()):
            marks.setdefault(other, "THESAURUS_SYNONYM")
    for term in terms or []:
        marks[term] = "STANDARD"
    return marks


def _term_sets(terms: list[str], synonyms: dict[str, set[str]]) -> dict[str, set[str]]:
    """Stem -> the query terms it stands for (the term itself, or a term it is a synonym of)."""
    found: dict[str, set[str]] = {}
    for term in terms:
        for stem in (term, *synonyms.get(term, ())):
            found.setdefault(stem, set()).add(term)
    return found


def _passages(found: Found, term_sets: dict[str, set[str]], limit: int) -> list[tuple[Hit, str]]:
    """The first ``limit`` Retrieve passages in order (spec 8.8), as ``(hit, content)``.

    A passage's order key is (-coverage, -distinct terms, -term tokens, DocumentId,
    chunk).  A hit's passages cannot beat (-coverage, -coverage, -frequency,
    DocumentId, 0), since a chunk holds at most the terms the document matched
    and at most its weighted term frequency; hits are read best bound first and
    reading stops once ``limit`` passages beat the next hit's bound, so a common
    term does not tokenize every matching document (a page needs only the
    passages up to its end).
    """
    matches, ids = found.matches, found.engine.doc_ids
    bounds = []
    for slot in found.slots:
        coverage = matches.coverage(slot)
        bounds.append((-coverage, -coverage, -matches.frequency(slot), ids[slot], 0, slot))
    heapq.heapify(bounds)
    ranked: list[tuple[tuple[Any, ...], Hit, str]] = []
    while bounds:
        bound = heapq.heappop(bounds)
        if len(ranked) >= limit:
            ranked.sort(key=lambda entry: entry[0])
            del ranked[limit:]
            if ranked[-1][0] < bound[:5]:
                break
        hit = found.hit(bound[5])
        chunks = passages(hit.document.text)
        found_chunks = []
        for number, tokens, content in chunks:
            matched = [term_sets[t.stem] for t in tokens if t.stem in term_sets]
            if matched:
                distinct = len(set().union(*matched))
                found_chunks.append((-distinct, -len(matched), number, content))
        if not found_chunks:
            content = chunks[0][2] if chunks else (hit.document.title or hit.doc_id)
            found_chunks = [(0, 0, 0, content)]
        for distinct, count, number, content in found_chunks:
            ranked.append(((-hit.coverage, distinct, count, hit.doc_id, number), hit, content))
    ranked.sort(key=lambda entry: entry[0])
    return [(hit, content) for _, hit, content in ranked[:limit]]
