"""Enrichment conditions: whether a Condition holds for a document.

A = the attribute's value (``_document_title``: the title), C = the ConditionOnValue;
an absent A makes every operator false except NotExists.

- Exists / NotExists: A present / absent;
- Equals: same kind and equal (strings exact, lists as sets, dates as instants);
  NotEquals: A present and not Equals;
- GreaterThan, GreaterThanOrEquals, LessThan, LessThanOrEquals: A and C both numbers,
  both dates (chronological) or both strings (code-point order), and the comparison
  holds; else false;
- Contains: a string C inside a string A; for a list A, a string C among its elements
  or every element of a list C among them; NotContains: A and C of those kinds, and not
  Contains;
- BeginsWith: a string C that starts a string A, or one element of a list A.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any, Protocol

from ..attributes import VALUE_MEMBER, plain


class Readable(Protocol):
    """A document whose attribute values (and title) a condition reads."""

    def value(self, key: str) -> dict[str, Any] | None: ...


def holds(document: Readable, condition: dict[str, Any] | None) -> bool:
    """Whether ``condition`` holds for the document (no condition: it does)."""
    if not condition:
        return True
    found = document.value(condition["ConditionDocumentAttributeKey"])
    name = condition["Operator"]
    if name in ("Exists", "NotExists"):
        return (found is not None) == (name == "Exists")
    if found is None:
        return False
    wanted = condition.get("ConditionOnValue") or {}
    if name.startswith("Not"):
        return _applies(name[3:], found, wanted) and not _TESTS[name[3:]](found, wanted)
    return _TESTS[name](found, wanted)


def _kind(value: dict[str, Any]) -> str | None:
    return next((m for m in VALUE_MEMBER.values() if value.get(m) is not None), None)


def _applies(name: str, found: dict[str, Any], wanted: dict[str, Any]) -> bool:
    """NotEquals: any present A; NotContains: the kinds Contains accepts."""
    if name == "Equals":
        return True
    return (_kind(found), _kind(wanted)) in (
        ("StringValue", "StringValue"), ("StringListValue", "StringValue"),
        ("StringListValue", "StringListValue"),
    )


def _equals(found: dict[str, Any], wanted: dict[str, Any]) -> bool:
    kind = _kind(found)
    if kind is None or kind != _kind(wanted):
        return False
    if kind == "StringListValue":
        return set(found[kind]) == set(wanted[kind])
    return bool(plain(found) == plain(wanted))


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[dict, dict], bool]:
    def test(found: dict[str, Any], wanted: dict[str, Any]) -> bool:
        kind = _kind(found)
        if kind not in ("LongValue", "DateValue", "StringValue") or kind != _kind(wanted):
            return False
        return bool(compare(plain(found), plain(wanted)))

    return test


def _contains(found: dict[str, Any], wanted: dict[str, Any]) -> bool:
    kinds = (_kind(found), _kind(wanted))
    if kinds == ("StringValue", "StringValue"):
        return bool(wanted["StringValue"] in found["StringValue"])
    if kinds == ("StringListValue", "StringValue"):
        return wanted["StringValue"] in found["StringListValue"]
    if kinds == ("StringListValue", "StringListValue"):
        return set(wanted["StringListValue"]) <= set(found["StringListValue"])
    return False


def _begins_with(found: dict[str, Any], wanted: dict[str, Any]) -> bool:
    prefix = wanted.get("StringValue")
    if prefix is None:
        return False
    if found.get("StringValue") is not None:
        return bool(found["StringValue"].startswith(prefix))
    return any(item.startswith(prefix) for item in found.get("StringListValue") or [])


_TESTS: dict[str, Callable[[dict, dict], bool]] = {
    "Equals": _equals,
    "GreaterThan": _ordered(operator.gt),
    "GreaterThanOrEquals": _ordered(operator.ge),
    "LessThan": _ordered(operator.lt),
    "LessThanOrEquals": _ordered(operator.le),
    "Contains": _contains,
    "BeginsWith": _begins_with,
}
