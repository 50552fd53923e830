"""FacetResults: counts of attribute values over every candidate (not just one page).

A document counts once per distinct value it has (each element of a STRING_LIST
value is a value of its own, reported as a ``StringValue``); a facet reports at
most its MaxResults (at most 10) values, most frequent first, then by value; a
nested facet counts the documents of each value of its parent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..attributes import wire

MAX_FACET_VALUES = 10

Lookup = Callable[[Any, str], Any]  # (candidate, attribute key) -> plain value or None


def facet_results(facets: list[dict[str, Any]], hits: list[Any],
                  lookup: Lookup,
                  fields: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Counts over all surviving hits, a document once per distinct value."""
    results = []
    for facet in facets:
        key = facet["DocumentAttributeKey"]
        kind = fields[key]["Type"]
        groups: dict[Any, list[Any]] = {}
        for hit in hits:
            value = lookup(hit, key)
            if value is None:
                continue
            for item in dict.fromkeys(value if isinstance(value, list) else [value]):
                groups.setdefault(item, []).append(hit)
        keep = min(facet.get("MaxResults", MAX_FACET_VALUES), MAX_FACET_VALUES)
        ranked = sorted(groups.items(), key=lambda pair: (-len(pair[1]), pair[0]))[:keep]
        pairs = []
        for item, members in ranked:
            pair: dict[str, Any] = {"DocumentAttributeValue": wire(kind, item),
                                    "Count": len(members)}
            if facet.get("Facets"):
                pair["FacetResults"] = facet_results(facet["Facets"], members, lookup, fields)
            pairs.append(pair)
        results.append({"DocumentAttributeKey": key, "DocumentAttributeValueType": kind,
                        "DocumentAttributeValueCountPairs": pairs})
    return results
