"""Field values written in query syntax (``name:value``): the value forms, their validity
for the field's type, and the set of attribute values each form accepts.

Value forms: ``v``, ``"v"``, ``>v``, ``>=v``, ``<v``, ``<=v``, ``[a TO b]`` (inclusive) and
``{a TO b}`` (exclusive).  STRING and STRING_LIST fields take any ``v`` (an equal value, or an
equal element) and no comparison or range.  A LONG value is ``[+-]?[0-9]+`` (at most 4,000
digits).  A DATE value names a UTC span [start, end): four digits are a year, any other run of
digits is epoch seconds (one second), ``YYYY-mm`` a month, ``YYYY-mm-dd`` a day and
``YYYY-mm-ddTHH`` an hour, each a real calendar date.  Dates compare as spans: ``>v`` means at
or after the end of v, ``>=v`` at or after its start, ``<v`` before its start, ``<=v`` before
its end, and ``v`` itself inside it.  Spans beyond the year 9999 end at the last representable
instant.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

_LONG = re.compile(r"[+-]?[0-9]{1,4000}")
_DIGITS = re.compile(r"[0-9]+")
_CALENDAR = re.compile(r"([0-9]{4})-([0-9]{2})(?:-([0-9]{2})(?:T([0-9]{2}))?)?")
_RANGE = re.compile(r"([\[{])\s*([^\s\[\]{}]+)\s+TO\s+([^\s\[\]{}]+)\s*([\]}])")
_COMPARISONS = (">=", "<=", ">", "<")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_LAST = datetime.max.replace(tzinfo=timezone.utc)
ORDERED = ("LONG_VALUE", "DATE_VALUE")


class Bounds(NamedTuple):
    """The accepted values of a LONG or DATE field: ``low``/``high`` (None = open) with
    their inclusiveness; a STRING or STRING_LIST field sets only ``equals``."""

    equals: str | None = None
    low: Any = None
    low_inclusive: bool = True
    high: Any = None
    high_inclusive: bool = True


class BadValue(Exception):
    """A value that breaks a rule; ``ordered`` tells a comparison or range on a field that
    is not LONG or DATE from a value that is not valid for the type."""

    def __init__(self, ordered: bool) -> None:
        super().__init__()
        self.ordered = ordered


def bounds(kind: str, value: str, quoted: bool) -> Bounds:
    """The values ``value`` (as written after ``name:``) accepts on a field of type ``kind``;
    raises :class:`BadValue` when the form or the value is not valid for the type."""
    if quoted:
        return _equal(kind, value)
    if value[:1] in ("[", "{"):
        match = _RANGE.fullmatch(value)
        if match is None or (match.group(1) == "[") != (match.group(4) == "]"):
            raise BadValue(ordered=False)
        if kind not in ORDERED:
            raise BadValue(ordered=True)
        low, high = _point(kind, match.group(2)), _point(kind, match.group(3))
        if match.group(1) == "[":
            return _joined(_compare(kind, ">=", low), _compare(kind, "<=", high))
        return _joined(_compare(kind, ">", low), _compare(kind, "<", high))
    for operator in _COMPARISONS:
        if value.startswith(operator):
            point = value[len(operator):]
            if kind not in ORDERED:
                raise BadValue(ordered=True)
            return _compare(kind, operator, _point(kind, point))
    return _equal(kind, value)


def _equal(kind: str, value: str) -> Bounds:
    if kind not in ORDERED:
        return Bounds(equals=value)
    start, end = _point(kind, value)
    if kind == "LONG_VALUE":
        return Bounds(low=start, high=start)
    return Bounds(low=start, high=end, high_inclusive=False)


def _point(kind: str, text: str) -> tuple[Any, Any]:
    """A LONG value as (v, v), a DATE value as its span (start, end)."""
    if kind == "LONG_VALUE":
        if not _LONG.fullmatch(text):
            raise BadValue(ordered=False)
        number = int(text)
        return number, number
    span = date_span(text)
    if span is None:
        raise BadValue(ordered=False)
    return span


def _compare(kind: str, operator: str, point: tuple[Any, Any]) -> Bounds:
    start, end = point
    if kind == "LONG_VALUE":
        return {
            ">": Bounds(low=start, low_inclusive=False),
            ">=": Bounds(low=start),
            "<": Bounds(high=start, high_inclusive=False),
            "<=": Bounds(high=start),
        }[operator]
    return {
        ">": Bounds(low=end),
        ">=": Bounds(low=start),
        "<": Bounds(high=start, high_inclusive=False),
        "<=": Bounds(high=end, high_inclusive=False),
    }[operator]


def _joined(low: Bounds, high: Bounds) -> Bounds:
    return Bounds(low=low.low, low_inclusive=low.low_inclusive, high=high.high,
                  high_inclusive=high.high_inclusive)


def date_span(text: str) -> tuple[datetime, datetime] | None:
    """The UTC span [start, end) a DATE value names, or None when it names none."""
    if _DIGITS.fullmatch(text):
        if len(text) == 4:
            return _calendar(int(text), 1, 1, None, "year")
        seconds = int(text) if len(text) <= 15 else 10**15
        try:
            start = _EPOCH + timedelta(seconds=seconds)
        except OverflowError:
            return _LAST, _LAST
        return start, _later(start, timedelta(seconds=1))
    match = _CALENDAR.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour = match.groups()
    unit = "hour" if hour else "day" if day else "month"
    return _calendar(int(year), int(month), int(day or 1), None if hour is None else int(hour),
                     unit)


def _calendar(year: int, month: int, day: int, hour: int | None,
              unit: str) -> tuple[datetime, datetime] | None:
    try:
        start = datetime(year, month, day, hour or 0, tzinfo=timezone.utc)
    except ValueError:
        return None
    if unit == "hour":
        return start, _later(start, timedelta(hours=1))
    if unit == "day":
        return start, _later(start, timedelta(days=1))
    if unit == "month":
        following = (year + 1, 1) if month == 12 else (year, month + 1)
        return start, _first_of(*following)
    return start, _first_of(year + 1, 1)


def _first_of(year: int, month: int) -> datetime:
    if year > 9999:
        return _LAST
    return datetime(year, month, 1, tzinfo=timezone.utc)


def _later(start: datetime, step: timedelta) -> datetime:
    try:
        return start + step
    except OverflowError:
        return _LAST


def accepts(kind: str, wanted: Bounds) -> Any:
    """The test a present attribute value must pass (values of another type fail)."""
    if kind not in ORDERED:
        value = wanted.equals
        if kind == "STRING_LIST_VALUE":
            return lambda have: isinstance(have, list) and value in have
        return lambda have: have == value
    low, low_in = wanted.low, wanted.low_inclusive
    high, high_in = wanted.high, wanted.high_inclusive
    if kind == "LONG_VALUE":
        def plain(have: Any) -> Any:
            return have if isinstance(have, int) and not isinstance(have, bool) else None
    else:
        def plain(have: Any) -> Any:
            if not isinstance(have, datetime):
                return None
            return have if have.tzinfo else have.replace(tzinfo=timezone.utc)

    def test(have: Any) -> bool:
        have = plain(have)
        if have is None:
            return False
        if low is not None and (have < low if low_in else have <= low):
            return False
        return high is None or (have <= high if high_in else have < high)

    return test


def scan(values: list[Any], kind: str, wanted: Bounds) -> set[int]:
    """The slots of a whole column whose value ``wanted`` accepts: one comprehension per
    value form, so a field unit over every document costs one tight loop."""
    if kind not in ORDERED:
        value = wanted.equals
        if kind == "STRING_LIST_VALUE":
            return {slot for slot, have in enumerate(values)
                    if type(have) is list and value in have}
        return {slot for slot, have in enumerate(values) if have == value}
    plain: type = int if kind == "LONG_VALUE" else datetime
    typed: list[tuple[int, Any]] = [
        (slot, have) for slot, have in enumerate(values) if type(have) is plain
    ]
    if kind == "DATE_VALUE":
        typed = [(slot, have if have.tzinfo else have.replace(tzinfo=timezone.utc))
                 for slot, have in typed]
    low, high = wanted.low, wanted.high
    if low is not None:
        typed = ([(s, h) for s, h in typed if h >= low] if wanted.low_inclusive
                 else [(s, h) for s, h in typed if h > low])
    if high is not None:
        typed = ([(s, h) for s, h in typed if h <= high] if wanted.high_inclusive
                 else [(s, h) for s, h in typed if h < high])
    return {slot for slot, _ in typed}
