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


Typed = tuple[str, Any]  # (the member a value sets, its plain value)


Test = Callable[[Readable], bool]


def holds(document: Readable, condition: dict[str, Any] | None) -> bool:
    """Whether ``condition`` holds for the document (no condition: it does)."""
    return compile_condition(condition)(document)


def compile_condition(condition: dict[str, Any] | None) -> Test:
    """``condition`` as a test of a document, the ConditionOnValue read once."""
    if not condition:
        return _always
    key, name = condition["ConditionDocumentAttributeKey"], condition["Operator"]
    if name == "Exists" or name == "NotExists":
        wanted = name == "Exists"
        return lambda document: (document.value(key) is not None) == wanted
    c = _typed(condition.get("ConditionOnValue") or {})
    compare = _TESTS.get(name, _never)

    def test(document: Readable) -> bool:
        found = document.value(key)
        return found is not None and compare(_typed(found), c)

    return test


def _never(a: Typed, c: Typed) -> bool:
    return False


def _always(document: Readable) -> bool:
    return True


def _typed(value: dict[str, Any]) -> Typed:
    for member in MEMBERS:
        item = value.get(member)
        if item is not None:
            return member, plain(value) if member == "DateValue" else item
    return "", None


def _equals(a: Typed, c: Typed) -> bool:
    if a[0] != c[0]:
        return False
    if a[0] == "StringListValue":
        return set(a[1]) == set(c[1])
    return bool(a[1] == c[1])


def _ordered(compare: Callable[[Any, Any], bool]) -> Callable[[Typed, Typed], bool]:
    def test(a: Typed, c: Typed) -> bool:
        return a[0] == c[0] and a[0] in _ORDERED and bool(compare(a[1], c[1]))

    return test


def _contains(a: Typed, c: Typed) -> bool:
    kinds = (a[0], c[0])
    if kinds == ("StringValue", "StringValue"):
        return bool(c[1] in a[1])
    if kinds == ("StringListValue", "StringValue"):
        return c[1] in a[1]
    if kinds == ("StringListValue", "StringListValue"):
        return set(c[1]) <= set(a[1])
    return False


def _not_equals(a: Typed, c: Typed) -> bool:
    return not _equals(a, c)


def _not_contains(a: Typed, c: Typed) -> bool:
    return (a[0], c[0]) in _CONTAINABLE and not _contains(a, c)


def _begins_with(a: Typed, c: Typed) -> bool:
    if c[0] != "StringValue":
        return False
    if a[0] == "StringValue":
        return bool(a[1].startswith(c[1]))
    return a[0] == "StringListValue" and any(item.startswith(c[1]) for item in a[1])


MEMBERS = tuple(VALUE_MEMBER.values())
_ORDERED = frozenset({"LongValue", "DateValue", "StringValue"})
_CONTAINABLE = frozenset({
    ("StringValue", "StringValue"), ("StringListValue", "StringValue"),
    ("StringListValue", "StringListValue"),
})
_TESTS: dict[str, Callable[[Typed, Typed], bool]] = {
    "Equals": _equals,
    "NotEquals": _not_equals,
    "NotContains": _not_contains,
    "GreaterThan": _ordered(operator.gt),
    "GreaterThanOrEquals": _ordered(operator.ge),
    "LessThan": _ordered(operator.lt),
    "LessThanOrEquals": _ordered(operator.le),
    "Contains": _contains,
    "BeginsWith": _begins_with,
}
