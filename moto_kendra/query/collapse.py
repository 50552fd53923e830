"""Collapsing a Query's documents into groups by one attribute, and expanding them.

- The key (CollapseConfiguration.DocumentAttributeKey) must be a Sortable index field
  of type STRING_VALUE or LONG_VALUE (DATE and STRING_LIST keys are refused).
- Groups: the surviving DOCUMENT hits (featured documents already removed) with equal
  key values.  Documents without the key: MissingAttributeKeyStrategy COLLAPSE (the
  default) puts them in one group, IGNORE leaves them out, EXPAND makes one group each.
- A group's primary is its first member ordered by the collapse SortingConfigurations
  (members lacking a key after those having it; relevance, then DocumentId break
  ties), or by relevance when none is given.
- One result per group, its primary; groups come in their primary's place in the
  query's own order (sort keys, then relevance).  TotalNumberOfResults counts groups
  and 100 groups are reachable; facets still count every hit.
- Each primary carries ``CollapsedResultDetail.DocumentAttribute`` (the key and the
  group's value; ``{}`` for the group without the key).  With ``Expand: true`` the
  first MaxResultItemsToExpand groups (default 100, at most 100) also carry
  ``ExpandedResults``: the group's other members in primary order, at most
  MaxExpandedResultsPerItem (default 10, at most 100) of them, each shown as a result
  item without Type, Format, ScoreAttributes and FeedbackToken; ``[]`` for a group
  of one.  ExpandConfiguration values below 1 are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..attributes import wire
from ..exceptions import ValidationException
from .candidates import Found
from .ranking import first_sorted, relevance, sort_key

if TYPE_CHECKING:
    from ..resources.index import Index
    from .tuning import Tuning

KEY_TYPES = ("STRING_VALUE", "LONG_VALUE")
MAX_EXPAND = 100
DEFAULT_GROUPS_EXPANDED = 100
DEFAULT_PER_GROUP = 10
EXPANDED_MEMBERS = ("Id", "DocumentId", "DocumentTitle", "DocumentExcerpt", "DocumentURI",
                    "DocumentAttributes")
_ALONE = object()  # the group key of a key-less document under EXPAND


def check_expand(collapse: dict[str, Any] | None) -> None:
    """The static rule: ExpandConfiguration values are at least 1."""
    expand = (collapse or {}).get("ExpandConfiguration") or {}
    if any(expand.get(name) is not None and expand[name] < 1
           for name in ("MaxResultItemsToExpand", "MaxExpandedResultsPerItem")):
        raise ValidationException("ExpandConfiguration values must be at least 1.")


def collapse_sort_keys(collapse: dict[str, Any] | None) -> list[dict[str, str]]:
    """The collapse SortingConfigurations (checked like the query's sort keys)."""
    return list((collapse or {}).get("SortingConfigurations") or [])


def check_collapse_key(index: Index, collapse: dict[str, Any] | None) -> None:
    """The index rule: the collapse key is a Sortable STRING_VALUE or LONG_VALUE field."""
    if not collapse:
        return
    key = collapse["DocumentAttributeKey"]
    field = index.fields.get(key) or {}
    if field.get("Type") not in KEY_TYPES or not field.get("Search", {}).get("Sortable"):
        raise ValidationException(
            f"Collapse key {key} must be a sortable STRING_VALUE or LONG_VALUE index field."
        )


class Groups:
    """The groups of one query: primaries in result order (the first ``limit``), and each
    primary's group value and other members."""

    def __init__(self, key: str, kind: str, count: int, primaries: list[int],
                 members: dict[int, list[int]], values: dict[int, Any]) -> None:
        self.key = key
        self.kind = kind
        self.count = count  # every group, reachable or not
        self.primaries = primaries
        self.members = members  # primary slot -> its group's other members, in order
        self.values = values  # primary slot -> the group's key value (None: no key)


def grouped(found: Found, collapse: dict[str, Any], kind: str,
            sort_keys: list[dict[str, str]], tuning: Tuning | None, limit: int) -> Groups:
    """Group the hits and pick each group's primary (see the module docstring)."""
    key = collapse["DocumentAttributeKey"]
    strategy = collapse.get("MissingAttributeKeyStrategy") or "COLLAPSE"
    order = relevance(found, tuning)
    if tuning is not None:
        tuning.prepare(found.slots)
    column = found.engine.column(key) or [None] * len(found.engine.doc_ids)
    groups: dict[Any, list[int]] = {}
    for slot in _member_order(found, collapse_sort_keys(collapse), tuning, order):
        value = column[slot]
        if value is None:
            if strategy == "IGNORE":
                continue
            if strategy == "EXPAND":
                groups[(_ALONE, slot)] = [slot]
                continue
        members = groups.get(value)
        if members is None:
            groups[value] = [slot]
        else:
            members.append(slot)
    firsts = {members[0]: members for members in groups.values()}
    if sort_keys:
        primaries = first_sorted(firsts, sort_keys, found.value, order, limit)
    else:
        primaries = sorted(firsts, key=order)[:limit]
    return Groups(key, kind, len(groups), primaries,
                  {slot: firsts[slot][1:] for slot in primaries},
                  {slot: column[slot] for slot in primaries})


def _member_order(found: Found, keys: list[dict[str, str]], tuning: Tuning | None,
                  order: Callable[[int], tuple[float, str]]) -> list[int]:
    """The hits in primary order.  Untuned and without collapse sort keys, two sorts at C
    speed: by DocumentId, then (stable) by score descending."""
    if keys:
        return sorted(found.slots,
                      key=lambda slot: (sort_key(slot, keys, found.value), *order(slot)))
    if tuning is not None:
        return sorted(found.slots, key=order)
    ordered = sorted(found.slots, key=found.engine.doc_ids.__getitem__)  # type: ignore[arg-type]
    ordered.sort(key=found.matches.scores.__getitem__, reverse=True)
    return ordered


ItemMaker = Callable[[int], dict[str, Any]]  # slot -> its DOCUMENT result item


def add_details(items: list[dict[str, Any]], groups: Groups, found: Found,
                collapse: dict[str, Any], make_item: ItemMaker) -> None:
    """Give each DOCUMENT item of the page its CollapsedResultDetail (and ExpandedResults
    for the first groups when expanding)."""
    expand = collapse.get("ExpandConfiguration") or {}
    expanded_groups = min(expand.get("MaxResultItemsToExpand") or DEFAULT_GROUPS_EXPANDED,
                          MAX_EXPAND) if collapse.get("Expand") else 0
    per_group = min(expand.get("MaxExpandedResultsPerItem") or DEFAULT_PER_GROUP, MAX_EXPAND)
    place = {found.engine.doc_ids[slot]: (rank, slot)
             for rank, slot in enumerate(groups.primaries)}
    for item in items:
        if item.get("Type") != "DOCUMENT" or item.get("DocumentId") not in place:
            continue
        rank, slot = place[item["DocumentId"]]
        value = groups.values[slot]
        detail: dict[str, Any] = {"DocumentAttribute": {
            "Key": groups.key, "Value": {} if value is None else wire(groups.kind, value)}}
        if rank < expanded_groups:
            detail["ExpandedResults"] = [
                {name: shown[name] for name in EXPANDED_MEMBERS if shown.get(name) is not None}
                for shown in map(make_item, groups.members[slot][:per_group])
            ]
        item["CollapsedResultDetail"] = detail
