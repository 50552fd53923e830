"""The rules a Query or Retrieve request must pass before anything is searched.

Processing order: the static rules (:func:`check_request`, needing no stored
state), then the index lookup and its status (the backend), then the rules that
read the index (:func:`check_index_rules`), then the user token; query ids are
drawn only once every check has passed.  Within each group the first broken rule
answers, in the order the functions list them.

Choice where the docs are silent: a facet without DocumentAttributeKey (optional in
the model) is refused after the nesting rule (``Each facet must name a
DocumentAttributeKey.``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..exceptions import ValidationException
from . import attribute_filter as filters
from .collapse import check_collapse_key, check_expand, collapse_sort_keys
from .request import SearchRequest
from .tuning import check_overrides

if TYPE_CHECKING:
    from ..resources.index import Index

MAX_QUERY_TEXT = 1000
MAX_SORT_KEYS = 3
SORTABLE_TYPES = ("STRING_VALUE", "LONG_VALUE", "DATE_VALUE")


def check_request(request: SearchRequest) -> None:
    """The static rules, in order: QueryText length; browsing needs (a filter or facets)
    and a sort; PageNumber and PageSize at least 1; a token or user/groups, not both;
    at most 3 sort keys; facets nested one level; each facet names a key; the
    AttributeFilter's shape; ExpandConfiguration values at least 1.

    Browse mode counts a given AttributeFilter (even one the shape rules reject) or a
    non-empty Facets list.
    """
    length = request.text_length
    if length is not None and length > MAX_QUERY_TEXT:
        raise ValidationException(
            f"QueryText has {length} characters; the limit is {MAX_QUERY_TEXT}."
        )
    if request.browse and (
        (request.attribute_filter is None and not request.facets) or not request.sort_keys
    ):
        raise ValidationException("Browsing without QueryText needs a filter or facets and a sort.")
    number, size = request.page_number, request.page_size
    if (number is not None and number < 1) or (size is not None and size < 1):
        raise ValidationException("PageNumber and PageSize must be at least 1.")
    context = request.user_context or {}
    if context.get("Token") and any(
        context.get(k) for k in ("UserId", "Groups", "DataSourceGroups")
    ):
        raise ValidationException(
            "Give either a user token or user and group information, not both."
        )
    if request.sort_key_count is not None and request.sort_key_count > MAX_SORT_KEYS:
        raise ValidationException(f"At most {MAX_SORT_KEYS} sort keys are allowed.")
    _check_facets(request.facets)
    if request.attribute_filter is not None:
        filters.check_shape(request.attribute_filter)
    check_expand(request.collapse)


def _check_facets(facets: list[dict[str, Any]]) -> None:
    for facet in facets:
        if any(child.get("Facets") for child in facet.get("Facets") or []):
            raise ValidationException.facet_nesting()
    if any(facet.get("DocumentAttributeKey") is None for facet in all_facets(facets)):
        raise ValidationException("Each facet must name a DocumentAttributeKey.")


def all_facets(facets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facets depth-first in request order: each facet, then its nested facets."""
    return [f for facet in facets for f in [facet, *(facet.get("Facets") or [])]]


def _facet_error(key: str) -> ValidationException:
    return ValidationException(f"Facet key {key} is not a facetable index field.")


def _sort_error(key: str) -> ValidationException:
    return ValidationException(f"Sort key {key} is not a sortable index field.")


def check_index_rules(index: Index, request: SearchRequest) -> None:
    """The rules reading the index, rule by rule: no user token on a GEN_AI index or one
    whose UserContextPolicy is ATTRIBUTE_FILTER; every key (filters, then facets, then
    sort keys) an index field; filter value kinds; ContainsAll/ContainsAny;
    comparisons; facet keys Facetable; sort keys (the collapse SortingConfigurations
    included) Sortable and of a sortable type; the collapse key; relevance override
    names."""
    if (request.user_context or {}).get("Token") and (
        index.edition == "GEN_AI_ENTERPRISE_EDITION"
        or index.settings.get("UserContextPolicy") == "ATTRIBUTE_FILTER"
    ):
        raise ValidationException("User tokens are not supported on this index.")
    fields = index.fields
    node = request.attribute_filter
    facet_keys = [facet["DocumentAttributeKey"] for facet in all_facets(request.facets)]
    sort_names = [sort["DocumentAttributeKey"]
                  for sort in (*request.sort_keys, *collapse_sort_keys(request.collapse))]
    if node is not None:
        filters.check_known_keys(node, fields, index.edition == "GEN_AI_ENTERPRISE_EDITION")
    for key in facet_keys:
        if key not in fields:
            raise _facet_error(key)
    for key in sort_names:
        if key not in fields:
            raise _sort_error(key)
    if node is not None:
        filters.check_value_kinds(node, fields)
        filters.check_operators(node, fields)
    for key in facet_keys:
        if not fields[key].get("Search", {}).get("Facetable"):
            raise _facet_error(key)
    for key in sort_names:
        field = fields[key]
        if not field.get("Search", {}).get("Sortable") or field["Type"] not in SORTABLE_TYPES:
            raise _sort_error(key)
    check_collapse_key(index, request.collapse)
    check_overrides(index, request.relevance_overrides)
