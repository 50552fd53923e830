"""Request parsing for an operation's input shape: a JSON object, JSON types, then
model constraints.

Each shape compiles once into two readers:

- a *fast* reader, ``fast(value) -> converted``, for the common case of a valid
  request: it walks only the members present and gives up (raises) at the first
  problem of any kind;
- an *exact* reader, ``exact(value, path, violations) -> converted``, run only
  when the fast one gave up: it walks in reporting order (structure members in
  model order), raises :class:`SerializationException` at the first type mismatch
  and appends every constraint violation to ``violations``.  A type mismatch
  anywhere pre-empts every constraint violation, so one depth-first pass does both
  steps.

Both convert to Python natives with the same converters and check constraints
with the same :attr:`Node.limits`.

Map entries: the path of a map value is ``<map path>.<key>`` (used only by type
mismatches; constraint violations of keys and values are reported against the
map itself).
"""

from __future__ import annotations

import binascii
import sys
import threading
from base64 import b64decode
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Any

from ..exceptions import SerializationException, ValidationException, Violations
from ..safe_json import loads_nested, value_bound
from .collector import collector_paused
from .deep import DEEPEST, check_deep, check_nesting
from .model import (
    NOT_NULL,
    Node,
    child_path,
    element_path,
    input_node,
    map_key_violation,
    map_value_violation,
    null_violation,
    violation,
)

Fast = Callable[[Any], Any]
Exact = Callable[[Any, str, list[str]], Any]
Converter = Callable[[Any, str], Any]
"""Type-checks a scalar (raising ``SerializationException``) and converts it."""

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class _GiveUp(Exception):
    """Raised by a fast reader: let the exact reader find out what is wrong."""


def parse_request(operation: str, body: bytes | str | None) -> dict[str, Any]:
    """Parse and validate a request body for ``operation`` (a known operation name).

    Returns the input parameters as Python natives (blobs ``bytes``, timestamps aware
    UTC ``datetime``, integers ``int``); members outside the shape and ``null``
    members are dropped.  Raises ``SerializationException`` (the body is not a JSON object,
    or a member has the wrong JSON type) or, only once every type is right,
    ``ValidationException`` listing every constraint violation.
    """
    readers = _operation_readers(operation)
    with collector_paused(len(body or "")):  # linear in the body (see .collector)
        return _parse(operation, readers, body)


def _parse(operation: str, readers: tuple[Fast, Exact] | None, body: bytes | str | None
           ) -> dict[str, Any]:
    data = _load(body)
    if readers is None:
        return {}
    fast, exact = readers
    try:
        params = fast(data)
    except (_GiveUp, SerializationException, RecursionError):
        pass
    else:
        check_nesting(_input(operation), params)
        return params  # type: ignore[no-any-return]
    violations: list[str] = Violations()
    try:
        params = exact(data, "", violations)
    except RecursionError:  # only AttributeFilter and Facet nest that deep
        check_deep(_input(operation), data, CONVERTERS)
        raise SerializationException.not_an_object() from None
    if violations:
        raise ValidationException.constraints(violations)
    check_nesting(_input(operation), params)
    return params


@cache
def _input(operation: str) -> Node:
    return input_node(operation)  # type: ignore[return-value]  # operations with input only


#: The most JSON values a request body may hold, counted by :func:`value_bound` before it
#: is decoded.  Choice: no Kendra request needs nearly so many (a BatchPutDocument of 10
#: documents with 200 principals and 500 attributes each holds about 30,000; a Blob is one
#: value), and the limit keeps the cost of reading any body, however hostile, well under a
#: second.
MAX_VALUES = 100_000


def _load(body: bytes | str | None) -> dict[str, Any]:
    """The body check, before any member's type: an empty body is ``{}``; otherwise UTF-8
    JSON of at most :data:`MAX_VALUES` values whose top level is an object, nested at most
    :data:`.deep.DEEPEST` levels."""
    if not body:
        return {}
    try:
        text = body if isinstance(body, str) else bytes(body).decode("utf-8")
    except ValueError:  # UnicodeDecodeError
        raise SerializationException.not_an_object() from None
    if value_bound(text) > MAX_VALUES:
        raise SerializationException.too_many_values(MAX_VALUES)
    try:
        data = loads_nested(text, DEEPEST)
    except (ValueError, TypeError, RecursionError):
        raise SerializationException.not_an_object() from None
    if type(data) is not dict:
        raise SerializationException.not_an_object()
    return data


# --------------------------------------------------------------------------- compilation

_FAST: dict[str, Fast] = {}
_EXACT: dict[str, Exact] = {}
_OPERATIONS: dict[str, tuple[Fast, Exact] | None] = {}
_BUILDING: set[str] = set()
_LOCK = threading.RLock()


def _operation_readers(operation: str) -> tuple[Fast, Exact] | None:
    try:
        return _OPERATIONS[operation]
    except KeyError:
        node = input_node(operation)
        readers = None if node is None else readers_for(node)
        _OPERATIONS[operation] = readers
        return readers


def readers_for(node: Node) -> tuple[Fast, Exact]:
    """The fast and exact readers of a node, compiled once per shape name."""
    if node.name not in _EXACT:
        with _LOCK:
            if node.name not in _EXACT:
                _compile(node)
    return _FAST[node.name], _EXACT[node.name]


def _child(node: Node) -> tuple[Fast, Exact]:
    """A child's readers; forwarding stubs while a recursive shape is being compiled."""
    name = node.name
    if name in _BUILDING:
        return (
            lambda value: _FAST[name](value),
            lambda value, path, violations: _EXACT[name](value, path, violations),
        )
    if name not in _EXACT:
        _compile(node)
    return _FAST[name], _EXACT[name]


def _compile(node: Node) -> None:
    _BUILDING.add(node.name)
    try:
        fast, exact = _make(node)
    finally:
        _BUILDING.discard(node.name)
    _FAST[node.name] = fast
    _EXACT[node.name] = exact


def _make(node: Node) -> tuple[Fast, Exact]:
    if node.document:
        return _fast_document, _exact_document
    convert = CONVERTERS.get(node.type)
    if convert is not None:
        return _make_scalar(node, convert)
    if node.type == "structure":
        return _make_structure(node)
    if node.type == "list":
        return _make_list(node)
    if node.type == "map":
        return _make_map(node)
    raise NotImplementedError(f"shape type {node.type}")  # pragma: no cover


# --------------------------------------------------------------------------- scalars


def _to_string(value: Any, path: str) -> str:
    if type(value) is str:
        return value
    raise SerializationException.wrong_type(path, "string")


def _to_integer(value: Any, path: str) -> int:
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    raise SerializationException.wrong_type(path, "integer")


def _to_float(value: Any, path: str) -> float:
    if type(value) is float:
        return value
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:
            return float("inf") if value > 0 else float("-inf")
    raise SerializationException.wrong_type(path, "number")


def _to_boolean(value: Any, path: str) -> bool:
    if type(value) is bool:
        return value
    raise SerializationException.wrong_type(path, "boolean")


def _to_timestamp(value: Any, path: str) -> datetime:
    if type(value) is int or type(value) is float:
        try:
            return datetime.fromtimestamp(value, timezone.utc)
        except (OverflowError, OSError, ValueError):
            try:  # platforms without negative epochs
                return EPOCH + timedelta(seconds=value)
            except (OverflowError, ValueError):
                pass
    raise SerializationException.wrong_type(path, "timestamp")


if sys.version_info >= (3, 11):

    def _b64decode(text: str) -> bytes:
        """Strict padded base64 (same verdicts as ``b64decode(validate=True)``, faster)."""
        return binascii.a2b_base64(text, strict_mode=True)

else:  # pragma: no cover - Python 3.10

    def _b64decode(text: str) -> bytes:
        """Strict padded base64."""
        return b64decode(text, validate=True)


def _to_blob(value: Any, path: str) -> bytes:
    if type(value) is not str:
        raise SerializationException.wrong_type(path, "blob")
    try:
        return _b64decode(value)
    except (binascii.Error, ValueError):
        raise SerializationException.bad_base64(path) from None


#: The type-check-and-convert function of each scalar type (also used by ``check``).
CONVERTERS: dict[str, Converter] = {
    "string": _to_string,
    "integer": _to_integer,
    "long": _to_integer,
    "float": _to_float,
    "double": _to_float,
    "boolean": _to_boolean,
    "timestamp": _to_timestamp,
    "blob": _to_blob,
}


def _fast_document(value: Any) -> Any:
    return value


def _exact_document(value: Any, path: str, violations: list[str]) -> Any:
    return value


def _make_scalar(node: Node, convert: Converter) -> tuple[Fast, Exact]:
    limits = node.limits

    def fast(value: Any) -> Any:
        value = convert(value, "")
        if limits is not None and limits(value):
            raise _GiveUp
        return value

    def exact(value: Any, path: str, violations: list[str]) -> Any:
        value = convert(value, path)
        if limits is not None:
            for phrase in limits(value):
                violations.append(violation(value, path, phrase))
        return value

    def fast_string(value: Any) -> Any:
        if type(value) is not str or (limits is not None and limits(value)):
            raise _GiveUp
        return value

    return (fast_string if convert is _to_string else fast), exact


# --------------------------------------------------------------------------- containers


def _make_structure(node: Node) -> tuple[Fast, Exact]:
    members = tuple((m.wire, m.path, _child(m.node), m.required) for m in node.members)
    by_wire = {wire: readers[0] for wire, _, readers, _ in members}
    required = tuple(wire for wire, _, _, is_required in members if is_required)

    def fast(value: Any) -> Any:
        if type(value) is not dict:
            raise _GiveUp
        out: dict[str, Any] = {}
        for key, item in value.items():
            if item is not None:
                reader = by_wire.get(key)
                if reader is not None:
                    out[key] = reader(item)
        for wire in required:
            if wire not in out:
                raise _GiveUp
        return out

    def exact(value: Any, path: str, violations: list[str]) -> Any:
        if type(value) is not dict:
            raise SerializationException.wrong_type(path, "object")
        prefix = path + "." if path else ""
        out: dict[str, Any] = {}
        for wire, segment, readers, is_required in members:
            item = value.get(wire)
            if item is None:
                if is_required:
                    violations.append(null_violation(prefix + segment))
                continue
            out[wire] = readers[1](item, prefix + segment, violations)
        return out

    return fast, exact


def _make_list(node: Node) -> tuple[Fast, Exact]:
    assert node.member is not None
    fast_element, exact_element = _child(node.member)
    limits = node.limits

    def fast(value: Any) -> Any:
        if type(value) is not list or (limits is not None and limits(value)):
            raise _GiveUp
        out = [fast_element(item) for item in value if item is not None]
        if len(out) != len(value):  # a null element
            raise _GiveUp
        return out

    def exact(value: Any, path: str, violations: list[str]) -> Any:
        if type(value) is not list:
            raise SerializationException.wrong_type(path, "list")
        if limits is not None:
            for phrase in limits(value):
                violations.append(violation(value, path, phrase))
        out = []
        for index, item in enumerate(value, 1):
            if item is None:
                violations.append(null_violation(element_path(path, index)))
            else:
                out.append(exact_element(item, element_path(path, index), violations))
        return out

    return fast, exact


def _make_map(node: Node) -> tuple[Fast, Exact]:
    assert node.key is not None and node.value is not None
    limits, key_limits = node.limits, node.key.limits
    value_node = node.value
    convert = None if value_node.document else CONVERTERS.get(value_node.type)
    value_limits = value_node.limits
    fast_value, exact_value = _child(value_node)

    def fast(value: Any) -> Any:
        if type(value) is not dict or (limits is not None and limits(value)):
            raise _GiveUp
        out: dict[str, Any] = {}
        for key, item in value.items():
            if item is None or (key_limits is not None and key_limits(key)):
                raise _GiveUp
            out[key] = fast_value(item)
        return out

    def exact(value: Any, path: str, violations: list[str]) -> Any:
        if type(value) is not dict:
            raise SerializationException.wrong_type(path, "object")
        if limits is not None:
            for phrase in limits(value):
                violations.append(violation(value, path, phrase))
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key_limits is not None:  # JSON keys are always strings
                for phrase in key_limits(key):
                    violations.append(map_key_violation(value, path, phrase))
            if item is None:
                violations.append(map_value_violation(value, path, NOT_NULL))
            elif convert is None:  # a structured value: its own paths below the entry
                out[key] = exact_value(item, child_path(path, key), violations)
            else:
                item = out[key] = convert(item, child_path(path, key))
                if value_limits is not None:
                    for phrase in value_limits(item):
                        violations.append(map_value_violation(value, path, phrase))
        return out

    return fast, exact
