"""GetQuerySuggestions: suggestions from the query log or from document fields.

SuggestionTypes exactly ``[DOCUMENT_ATTRIBUTES]`` asks for suggestions from the
values of the index's suggestable fields (:func:`attribute_suggestions`); anything else
(absent, ``[QUERY]``, both) for suggestions from the query log
(``resources/suggestions.py``).

``AttributeSuggestionsConfig`` is checked like a Query's filter and user context,
whatever the SuggestionTypes: its AttributeFilter and UserContext pass Query's static
rules (before the index is looked up: one operator per filter, depth at most 2, at most
10 filters per list, value sizes; a token or user and groups, not both), then Query's
rules that read the index (no token where the index takes none; filter keys index
fields of matching kinds and operators).

Document-attribute suggestions:

- Fields: the config's SuggestableConfigList entries with Suggestable true, in that
  order, kept to the request's ``SuggestionAttributes`` when given; none, or
  AttributeSuggestionsMode INACTIVE: no suggestions.
- Source documents: the searchable documents passing the language rule (English only,
  unless the filter names ``_language_code``), the AttributeFilter and access for the
  UserContext, exactly as Query's candidates do.
- A value (a STRING value, each STRING_LIST element, the title for
  ``_document_title``) matches when its normalised text starts with the normalised input
  or holds a space followed by it.  Matches group by normalised text; Text is the value
  of the lowest DocumentId, shown (``"`` removed, white space folded, trimmed), with the
  first match highlighted.
- Order: most source documents first, then Text; block lists apply; each suggestion
  lists its SourceDocuments by DocumentId with the matching fields (field order) and the
  document's attributes named in ``AdditionalResponseAttributes`` (stored order).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..resources.backend import BackendBase
from ..resources.base import new_id
from ..resources.index import WRITE
from ..resources.suggestions import (
    blocked,
    input_served,
    normalised,
    query_log_suggestions,
    shown,
    suggestion_limit,
)
from .candidates import find
from .checks import check_index_rules, check_request
from .request import SearchRequest
from .terms import analyse
from .viewer import viewer_for

if TYPE_CHECKING:
    from ..resources.index import Index
    from ..resources.records import Document

TITLE_KEY = "_document_title"


@dataclass
class Group:
    """The matching values of one normalised text, and the documents holding them."""

    first: str  # the lowest DocumentId holding the value
    text: str  # that document's value, shown
    sources: dict[str, list[str]] = field(default_factory=dict)  # DocumentId -> fields


class QuerySuggestionOperations(BackendBase):
    """The backend method of GetQuerySuggestions."""

    def get_query_suggestions(
        self,
        index_id: str,
        query_text: str,
        max_suggestions_count: int | None = None,
        suggestion_types: list[str] | None = None,
        attribute_suggestions_config: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """GetQuerySuggestions -> ``{QuerySuggestionsId, Suggestions}`` (module docstring)."""
        config = attribute_suggestions_config or {}
        request = SearchRequest(
            index_id=index_id,
            attribute_filter=config.get("AttributeFilter"),
            user_context=config.get("UserContext"),
        )
        check_request(request)
        index = self.get_index(index_id, WRITE)
        check_index_rules(index, request)
        limit = suggestion_limit(max_suggestions_count)
        suggestions_id = new_id()
        if suggestion_types == ["DOCUMENT_ATTRIBUTES"]:
            suggestions = attribute_suggestions(index, query_text, limit, config)
        else:
            suggestions = query_log_suggestions(index, query_text, limit)
        return {"QuerySuggestionsId": suggestions_id, "Suggestions": suggestions}


def suggestable_fields(index: Index, config: dict[str, Any]) -> list[str]:
    """The fields suggestions are drawn from (see the module docstring)."""
    stored = index.suggestions_config.get("AttributeSuggestionsConfig") or {}
    if stored.get("AttributeSuggestionsMode") == "INACTIVE":
        return []
    names = [
        item["AttributeName"] for item in stored.get("SuggestableConfigList") or []
        if item.get("Suggestable") and item.get("AttributeName")
    ]
    chosen = config.get("SuggestionAttributes")
    return names if chosen is None else [name for name in names if name in chosen]


def attribute_suggestions(index: Index, text: str, limit: int, config: dict[str, Any]
                          ) -> list[dict[str, Any]]:
    """Suggestions from the values of suggestable fields (module docstring)."""
    wanted = normalised(text)
    fields = suggestable_fields(index, config)
    if not fields or not input_served(wanted):
        return []
    viewer = viewer_for(index, config.get("UserContext"))
    found = find(index, analyse(index, "", True), config.get("AttributeFilter"), viewer)
    documents = {}
    groups: dict[str, Group] = {}
    for slot in found.slots:
        document = found.engine.items[slot]
        for name in fields:
            for value in _values(document, name):
                key = normalised(value)
                if not (key.startswith(wanted) or f" {wanted}" in key):
                    continue
                documents[document.id] = document
                group = groups.setdefault(key, Group(document.id, shown(value)))
                if document.id < group.first:
                    group.first, group.text = document.id, shown(value)
                names = group.sources.setdefault(document.id, [])
                if name not in names:
                    names.append(name)
    ordered = sorted(groups.values(), key=lambda g: (-len(g.sources), g.text))
    kept = [group for group in ordered if not blocked(index, group.text)][:limit]
    wanted_attributes = config.get("AdditionalResponseAttributes") or []
    return [_suggestion(group, wanted, documents, wanted_attributes) for group in kept]


def _values(document: Document, name: str) -> list[str]:
    """A document's string values of a field: the title for ``_document_title``."""
    if name == TITLE_KEY and document.title is not None:
        return [document.title]
    for attribute in document.attributes:
        if attribute["Key"] == name:
            value = attribute["Value"]
            if value.get("StringValue") is not None:
                return [value["StringValue"]]
            return list(value.get("StringListValue") or [])
    return []


def _suggestion(group: Group, wanted: str, documents: dict[str, Document],
                additional: list[str]) -> dict[str, Any]:
    lowered = group.text.lower()
    begin = 0 if lowered.startswith(wanted) else lowered.find(f" {wanted}") + 1
    return {
        "Id": new_id(),
        "Value": {"Text": {"Text": group.text, "Highlights": [
            {"BeginOffset": begin, "EndOffset": begin + len(wanted)}]}},
        "SourceDocuments": [
            {
                "DocumentId": doc_id,
                "SuggestionAttributes": group.sources[doc_id],
                "AdditionalAttributes": [
                    a for a in documents[doc_id].attributes if a["Key"] in additional
                ],
            }
            for doc_id in sorted(group.sources)
        ],
    }
