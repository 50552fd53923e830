"""AttributeFilter: its static shape rules, its field rules, and its evaluation.

Order of the checks: the first broken rule answers, rules in the order the
functions below list them, and for one rule the filter is walked depth-first in request
order (a composite before its children, children in list order).  So a filter
with an over-long list *and* a bad value deep inside answers with the list rule,
whatever their positions.
"""

from __future__ import annotations

import operator as op
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from ..attributes import VALUE_MEMBER
from ..exceptions import ValidationException

COMPOSITES = ("AndAllFilters", "OrAllFilters", "NotFilter")
LISTS = ("AndAllFilters", "OrAllFilters")
COMPARISONS = ("GreaterThan", "GreaterThanOrEquals", "LessThan", "LessThanOrEquals")
CONTAINS = ("ContainsAll", "ContainsAny")
LEAVES = ("EqualsTo", *CONTAINS, *COMPARISONS)
OPERATORS = COMPOSITES + LEAVES
ACCESS_KEYS = {"_user_id": "STRING_VALUE", "_group_ids": "STRING_LIST_VALUE"}
EMAIL_KEY = "_email_id"  # GEN_AI_ENTERPRISE_EDITION indexes: EqualsTo StringValue only
NO_EMAIL = "null"  # an EqualsTo value matching the documents without an _email_id
MAX_DEPTH = 2
MAX_LIST = 10
MAX_STRINGS = 10
MAX_GROUP_STRINGS = 100  # a StringListValue on _group_ids

Leaf = tuple[str, dict[str, Any]]  # (operator, DocumentAttribute)


def operator(node: dict[str, Any]) -> str:
    """The one operator a (shape-checked) filter object sets."""
    return next(name for name in OPERATORS if node.get(name) is not None)


def value_member(value: dict[str, Any]) -> str | None:
    """The one member a DocumentAttributeValue sets, or None when it sets none or several."""
    members = [name for name, member in value.items() if member is not None]
    return members[0] if len(members) == 1 else None


def _children(node: dict[str, Any], name: str) -> list[dict[str, Any]]:
    if name in LISTS:
        return list(node[name])
    return [node[name]] if name == "NotFilter" else []


def _nodes(node: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(operator, filter object)`` depth-first in request order (shape already checked)."""
    name = operator(node)
    yield name, node
    for child in _children(node, name):
        yield from _nodes(child)


def leaves(node: dict[str, Any]) -> Iterator[Leaf]:
    """The leaves of a (shape-checked) filter, depth-first in request order."""
    for name, item in _nodes(node):
        if name in LEAVES:
            yield name, item[name]


def _depth(node: dict[str, Any]) -> int:
    """Leaf 0, composite 1 + its deepest child (an empty list counts as a leaf child)."""
    name = operator(node)
    if name in LEAVES:
        return 0
    return 1 + max((_depth(child) for child in _children(node, name)), default=0)


def _check_operators(node: dict[str, Any]) -> None:
    present = [name for name in OPERATORS if node.get(name) is not None]
    if len(present) != 1:
        raise ValidationException("Each AttributeFilter must set exactly one operator.")
    for child in _children(node, present[0]):
        _check_operators(child)


def check_shape(node: dict[str, Any]) -> None:
    """The static AttributeFilter rules, in order: one operator per filter object; depth
    at most 2; lists of at most 10 filters; each value sets one member (a list at most
    10 strings, 100 on ``_group_ids``)."""
    _check_operators(node)
    if _depth(node) > MAX_DEPTH:
        raise ValidationException.filter_depth(MAX_DEPTH)
    for name, item in _nodes(node):
        if name in LISTS and len(item[name]) > MAX_LIST:
            raise ValidationException(
                f"An AttributeFilter list holds at most {MAX_LIST} filters."
            )
    for _, leaf in leaves(node):
        member = value_member(leaf["Value"])
        limit = MAX_GROUP_STRINGS if leaf["Key"] == "_group_ids" else MAX_STRINGS
        if member is None or (
            member == "StringListValue" and len(leaf["Value"][member]) > limit
        ):
            raise ValidationException("Invalid AttributeFilter value.")


# -- field rules, checked once the index is found (this project's messages; they name the key) --
def field_error(key: str) -> ValidationException:
    return ValidationException(f"Attribute {key} is not an index field of a matching type.")


def _kind(key: str, fields: dict[str, dict[str, Any]]) -> str | None:
    if key == EMAIL_KEY and key not in fields:
        return "STRING_VALUE"  # (allowed at all only where check_known_keys says so)
    return ACCESS_KEYS.get(key) or (fields.get(key) or {}).get("Type")


def check_known_keys(node: dict[str, Any], fields: dict[str, dict[str, Any]],
                     email: bool = False) -> None:
    """Every filter key is an index field, or ``_user_id`` / ``_group_ids``, or (``email``:
    a GEN_AI_ENTERPRISE_EDITION index) ``_email_id`` in an EqualsTo with a StringValue."""
    for name, leaf in leaves(node):
        if leaf["Key"] == EMAIL_KEY and EMAIL_KEY not in fields:
            if not (email and name == "EqualsTo"
                    and value_member(leaf["Value"]) == "StringValue"):
                raise field_error(leaf["Key"])
        elif _kind(leaf["Key"], fields) is None:
            raise field_error(leaf["Key"])


def check_value_kinds(node: dict[str, Any], fields: dict[str, dict[str, Any]]) -> None:
    """Each filter value sets the member of its field's type."""
    for _, leaf in leaves(node):
        kind = _kind(leaf["Key"], fields)
        if kind is None or VALUE_MEMBER[kind] != value_member(leaf["Value"]):
            raise field_error(leaf["Key"])


def check_operators(node: dict[str, Any], fields: dict[str, dict[str, Any]]) -> None:
    """ContainsAll/ContainsAny only on STRING_LIST fields; then comparisons only on
    LONG and DATE fields (two rules: every leaf is checked against the first before
    any against the second)."""
    for name, leaf in leaves(node):
        if name in CONTAINS and _kind(leaf["Key"], fields) != "STRING_LIST_VALUE":
            raise ValidationException(
                f"ContainsAll and ContainsAny apply only to STRING_LIST_VALUE fields, "
                f"not {leaf['Key']}."
            )
    for name, leaf in leaves(node):
        if name in COMPARISONS and _kind(leaf["Key"], fields) not in ("LONG_VALUE", "DATE_VALUE"):
            raise ValidationException(
                f"{name} applies only to LONG_VALUE and DATE_VALUE fields, not {leaf['Key']}."
            )


def uses_key(node: dict[str, Any], key: str) -> bool:
    """Whether some leaf of the filter names ``key`` (the implicit English filter)."""
    return any(leaf["Key"] == key for _, leaf in leaves(node))


# -- evaluation ---------------------------------------------------------------------------
def comparable(value: Any) -> Any:
    """Dates compare as instants (a naive datetime is UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return value


Column = Callable[[str], Sequence[Any] | None]  # key -> slot -> plain value, or None
Visibility = Callable[[int, str | None, list[str]], bool]  # (slot, user, groups)
_COMPARE = {"GreaterThan": op.gt, "GreaterThanOrEquals": op.ge, "LessThan": op.lt,
            "LessThanOrEquals": op.le}


def select(node: dict[str, Any], slots: list[int], column: Column,
           visible_to: Visibility) -> list[int]:
    """The slots among ``slots`` whose document the filter accepts, in their order.

    ``column(key)`` gives slot -> plain value (None where a document lacks the key, or
    None for a key no document has); the filter is evaluated once per leaf over all
    candidates, so a query pays one tight loop per leaf, not a tree walk per document.

    Empty AndAllFilters is true, empty OrAllFilters false; a leaf on an attribute
    the document lacks is false (so ``NotFilter`` of it is true).  ``_user_id`` and
    ``_group_ids`` leaves ask ``visible_to(slot, user, groups)``: EqualsTo and
    ContainsAny on ``_group_ids`` ask once for all the groups together, ContainsAll
    asks for each group on its own (choice: the docs only say "visible to those groups").
    ``_email_id`` EqualsTo ``null`` holds for the documents without an ``_email_id``.
    """
    name = operator(node)
    if name == "AndAllFilters":
        for child in node[name]:
            slots = select(child, slots, column, visible_to)
        return slots
    if name == "OrAllFilters":
        kept: set[int] = set()
        for child in node[name]:
            kept.update(select(child, [s for s in slots if s not in kept], column, visible_to))
        return [slot for slot in slots if slot in kept]
    if name == "NotFilter":
        dropped = set(select(node[name], slots, column, visible_to))
        return [slot for slot in slots if slot not in dropped]
    leaf = node[name]
    key = leaf["Key"]
    wanted = leaf["Value"][value_member(leaf["Value"]) or "StringValue"]
    if key == "_user_id":
        return [slot for slot in slots if visible_to(slot, wanted, [])]
    if key == "_group_ids":
        if name == "ContainsAll":
            return [slot for slot in slots
                    if all(visible_to(slot, None, [group]) for group in wanted)]
        return [slot for slot in slots if visible_to(slot, None, list(wanted))]
    values = column(key)
    if key == EMAIL_KEY and wanted == NO_EMAIL:
        return slots if values is None else [slot for slot in slots if values[slot] is None]
    if values is None:
        return []
    if name == "EqualsTo" and not isinstance(wanted, list):
        wanted = comparable(wanted)
        return [slot for slot in slots if values[slot] == wanted]
    test = _leaf_test(name, wanted)
    return [slot for slot in slots if (have := values[slot]) is not None and test(have)]


def _leaf_test(name: str, wanted: Any) -> Callable[[Any], bool]:
    """The test a present plain value must pass for a leaf other than a scalar EqualsTo."""
    if name in _COMPARE:
        compare, bound = _COMPARE[name], comparable(wanted)
        return lambda have: bool(compare(comparable(have), bound))
    members = set(wanted)
    if name == "EqualsTo":
        return lambda have: isinstance(have, list) and set(have) == members
    if name == "ContainsAll":
        return members.issubset
    return lambda have: not members.isdisjoint(have)
