"""The request of one Query or Retrieve call, as the stages read it.

The backend methods receive the model's members as keyword arguments; a
:class:`SearchRequest` keeps the members the stages use under short names and
derives what several stages need (browse mode, the sort keys, the page window).
Members not named here are accepted and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REACHABLE = 100  # results a query can reach by paging
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10
RESULT_TYPES = ("ANSWER", "DOCUMENT", "QUESTION_ANSWER")


@dataclass(frozen=True)
class SearchRequest:
    """What a Query or Retrieve call asks.  ``browse`` is a Query without QueryText (only
    white space counts as none); Retrieve never browses."""

    index_id: str
    text: str = ""
    browse: bool = False
    text_length: int | None = None  # len(QueryText) when given (the length rule)
    attribute_filter: dict[str, Any] | None = None
    facets: list[dict[str, Any]] = field(default_factory=list)
    requested_attributes: list[str] | None = None
    result_type_filter: str | None = None
    page_number: int | None = None
    page_size: int | None = None
    sort_keys: list[dict[str, str]] = field(default_factory=list)
    sort_key_count: int | None = None  # len(SortingConfigurations) when given
    user_context: dict[str, Any] | None = None
    visitor_id: str | None = None
    spell_suggestions: bool = False
    relevance_overrides: list[dict[str, Any]] | None = None
    collapse: dict[str, Any] | None = None  # CollapseConfiguration

    @classmethod
    def for_query(cls, index_id: str, params: dict[str, Any]) -> SearchRequest:
        """A Query's request.  SortingConfigurations, when given, win over
        SortingConfiguration."""
        text = params.get("query_text")
        many = params.get("sorting_configurations")
        one = params.get("sorting_configuration")
        spelling = params.get("spell_correction_configuration") or {}
        return cls(
            index_id=index_id,
            text=text or "",
            browse=not (text or "").strip(),
            text_length=None if text is None else len(text),
            attribute_filter=params.get("attribute_filter"),
            facets=params.get("facets") or [],
            requested_attributes=params.get("requested_document_attributes"),
            result_type_filter=params.get("query_result_type_filter"),
            page_number=params.get("page_number"),
            page_size=params.get("page_size"),
            sort_keys=many or ([one] if one else []),
            sort_key_count=None if many is None else len(many),
            user_context=params.get("user_context"),
            visitor_id=params.get("visitor_id"),
            spell_suggestions=bool(spelling.get("IncludeQuerySpellCheckSuggestions")),
            relevance_overrides=params.get("document_relevance_override_configurations"),
            collapse=params.get("collapse_configuration"),
        )

    @classmethod
    def for_retrieve(cls, index_id: str, params: dict[str, Any]) -> SearchRequest:
        """A Retrieve's request: QueryText is required, and no facets, sorting or types."""
        text = params["query_text"]
        return cls(
            index_id=index_id,
            text=text,
            text_length=len(text),
            attribute_filter=params.get("attribute_filter"),
            requested_attributes=params.get("requested_document_attributes"),
            page_number=params.get("page_number"),
            page_size=params.get("page_size"),
            user_context=params.get("user_context"),
            relevance_overrides=params.get("document_relevance_override_configurations"),
        )

    def result_types(self) -> set[str]:
        """The result types asked for: both, or the one QueryResultTypeFilter names."""
        kinds = set(RESULT_TYPES)
        if self.result_type_filter is not None:
            kinds &= {self.result_type_filter}
        return kinds

    def window(self) -> range:
        """The result positions of the asked page (PageSize at most 100, default 10),
        cut at the 100 reachable results."""
        size = min(self.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        first = ((self.page_number or 1) - 1) * size
        return range(first, min(first + size, REACHABLE))
