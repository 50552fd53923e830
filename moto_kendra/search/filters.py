"""AttributeFilter: its static shape rules, its field rules, and its evaluation (spec 8.1, 8.3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..exceptions import ValidationException

COMPOSITES = ("AndAllFilters", "OrAllFilters", "NotFilter")
COMPARISONS = ("GreaterThan", "GreaterThanOrEquals", "LessThan", "LessThanOrEquals")
LEAVES = ("EqualsTo", "ContainsAll", "ContainsAny", *COMPARISONS)
OPERATORS = COMPOSITES + LEAVES
ACCESS_KEYS = {"_user_id": "STRING_VALUE", "_group_ids": "STRING_LIST_VALUE"}
VALUE_MEMBER = {
    "STRING_VALUE": "StringValue",
    "STRING_LIST_VALUE": "StringListValue",
    "LONG_VALUE": "LongValue",
    "DATE_VALUE": "DateValue",
}
MAX_DEPTH = 2
MAX_LIST = 10


def operator(node: dict[str, Any]) -> str:
    return next(name for name in OPERATORS if node.get(name) is not None)


def value_member(value: dict[str, Any]) -> str | None:
    members = [name for name, member in value.items() if member is not None]
    return members[0] if len(members) == 1 else None


def check_shape(node: dict[str, Any]) -> int:
    """Static rules (step 5), depth-first in request order; returns the node's depth."""
    present = [name for name in OPERATORS if node.get(name) is not None]
    if len(present) != 1:
        raise ValidationException("Each AttributeFilter must set exactly one operator.")
    name = present[0]
    if name in ("AndAllFilters", "OrAllFilters"):
        children = node[name]
        if len(children) > MAX_LIST:
            raise ValidationException("An AttributeFilter list holds at most 10 filters.")
        depth = 1 + max((check_shape(child) for child in children), default=0)
    elif name == "NotFilter":
        depth = 1 + check_shape(node[name])
    else:
        leaf = node[name]
        member = value_member(leaf["Value"])
        limit = 100 if leaf["Key"] == "_group_ids" else 10
        if member is None or (
            member == "StringListValue" and len(leaf["Value"][member]) > limit
        ):
            raise ValidationException("Invalid AttributeFilter value.")
        depth = 0
    if depth > MAX_DEPTH:
        raise ValidationException("AttributeFilter depth is limited to 2.")
    return depth


def field_error(key: str) -> ValidationException:
    return ValidationException(f"Attribute {key} is not an index field of a matching type.")


def check_fields(node: dict[str, Any], fields: dict[str, dict[str, Any]]) -> None:
    """Index rules (step 10): keys are typed index fields, operators fit their types."""
    name = operator(node)
    if name in ("AndAllFilters", "OrAllFilters"):
        for child in node[name]:
            check_fields(child, fields)
        return
    if name == "NotFilter":
        check_fields(node[name], fields)
        return
    leaf = node[name]
    key = leaf["Key"]
    kind = ACCESS_KEYS.get(key) or (fields.get(key) or {}).get("Type")
    if kind is None or VALUE_MEMBER[kind] != value_member(leaf["Value"]):
        raise field_error(key)
    if key in ACCESS_KEYS and name not in (
        ("EqualsTo",) if key == "_user_id" else ("EqualsTo", "ContainsAny", "ContainsAll")
    ):
        raise field_error(key)
    if name in ("ContainsAll", "ContainsAny") and kind != "STRING_LIST_VALUE":
        raise ValidationException(
            f"ContainsAll and ContainsAny apply only to STRING_LIST_VALUE fields, not {key}."
        )
    if name in COMPARISONS and kind not in ("LONG_VALUE", "DATE_VALUE"):
        raise ValidationException(
            f"{name} applies only to LONG_VALUE and DATE_VALUE fields, not {key}."
        )


def uses_key(node: dict[str, Any], key: str) -> bool:
    name = operator(node)
    if name in ("AndAllFilters", "OrAllFilters"):
        return any(uses_key(child, key) for child in node[name])
    if name == "NotFilter":
        return uses_key(node[name], key)
    return bool(node[name]["Key"] == key)


def comparable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return value


def matches(
    node: dict[str, Any],
    attributes: dict[str, Any],
    visible_to: Callable[[str | None, list[str]], bool],
) -> bool:
    """Evaluate a filter on a document's attributes (``{key: plain value}``)."""
    name = operator(node)
    if name == "AndAllFilters":
        return all(matches(child, attributes, visible_to) for child in node[name])
    if name == "OrAllFilters":
        return any(matches(child, attributes, visible_to) for child in node[name])
    if name == "NotFilter":
        return not matches(node[name], attributes, visible_to)
    leaf = node[name]
    key, wanted = leaf["Key"], leaf["Value"][value_member(leaf["Value"]) or "StringValue"]
    if key == "_user_id":
        return visible_to(wanted, [])
    if key == "_group_ids":
        if name == "ContainsAll":
            return all(visible_to(None, [group]) for group in wanted)
        return visible_to(None, list(wanted))
    if key not in attributes:
        return False
    have = attributes[key]
    if name == "EqualsTo":
        if isinstance(have, list):
            return set(have) == set(wanted)
        return bool(comparable(have) == comparable(wanted))
    if name == "ContainsAll":
        return set(wanted) <= set(have)
    if name == "ContainsAny":
        return bool(set(wanted) & set(have))
    have, wanted = comparable(have), comparable(wanted)
    if name == "GreaterThan":
        return bool(have > wanted)
    if name == "GreaterThanOrEquals":
        return bool(have >= wanted)
    if name == "LessThan":
        return bool(have < wanted)
    return bool(have <= wanted)
