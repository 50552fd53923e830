"""Request parsing: spec section 1.2 steps 2-4 for an operation's input shape.

Each shape compiles once into a *reader*: ``reader(value, path, violations)``
type-checks ``value`` (raising :class:`SerializationException` at the first
mismatch, spec 2.1), appends every constraint violation (spec 2.2) to
``violations`` and returns the value converted to Python natives.  Because a
type mismatch anywhere pre-empts every constraint violation, one depth-first
pass does both steps.

Map entries: the path of a map value is ``<map path>.<key>`` (used only by type
mismatches; constraint violations of keys and values are reported against the
map itself, spec 2.2).
"""

from __future__ import annotations

import binascii
import json
import threading
from base64 import b64decode
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from ..exceptions import SerializationException, ValidationException
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

Reader = Callable[[Any, str, list[str]], Any]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

_READERS: dict[str, Reader] = {}
_OPERATIONS: dict[str, Reader | None] = {}
_LOCK = threading.RLock()


def parse_request(operation: str, body: bytes | str | None) -> dict[str, Any]:
    """Parse and validate a request body for ``operation`` (a known operation name).

    Returns the input parameters as Python natives (blobs ``bytes``, timestamps aware
    UTC ``datetime``, integers ``int``); members outside the shape and ``null``
    members are dropped.  Raises ``SerializationException`` (steps 2-3) or
    ``ValidationException`` listing every constraint violation (step 4).
    """
    reader = _operation_reader(operation)
    data = _load(body)
    if reader is None:
        return {}
    violations: list[str] = []
    try:
        params: dict[str, Any] = reader(data, "", violations)
    except RecursionError:
        raise SerializationException.not_an_object() from None
    if violations:
        raise ValidationException.constraints(violations)
    return params


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _load(body: bytes | str | None) -> dict[str, Any]:
    """Step 2: an empty body is ``{}``; otherwise UTF-8 JSON whose top level is an object."""
    if not body:
        return {}
    try:
        text = body if isinstance(body, str) else bytes(body).decode("utf-8")
        data = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, TypeError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise SerializationException.not_an_object() from None
    if type(data) is not dict:
        raise SerializationException.not_an_object()
    return data


def _operation_reader(operation: str) -> Reader | None:
    try:
        return _OPERATIONS[operation]
    except KeyError:
        node = input_node(operation)
        reader = None if node is None else reader_for(node)
        _OPERATIONS[operation] = reader
        return reader


def reader_for(node: Node) -> Reader:
    """The reader of a node, compiled once per shape name."""
    reader = _READERS.get(node.name)
    if reader is None:
        with _LOCK:
            reader = _READERS.get(node.name)
            if reader is None:
                reader = _compile(node)
    return reader


def _child(node: Node) -> Reader:
    """A child's reader; a forwarding stub while a recursive shape is being compiled."""
    reader = _READERS.get(node.name)
    if reader is not None:
        return reader
    if node.name in _BUILDING:
        name = node.name
        return lambda value, path, violations: _READERS[name](value, path, violations)
    return _compile(node)


_BUILDING: set[str] = set()


def _compile(node: Node) -> Reader:
    _BUILDING.add(node.name)
    try:
        reader = _make(node)
    finally:
        _BUILDING.discard(node.name)
    _READERS[node.name] = reader
    return reader


def _make(node: Node) -> Reader:
    if node.document:
        return _read_document
    convert = CONVERTERS.get(node.type)
    if convert is not None:
        return _scalar(node, convert)
    maker = _MAKERS.get(node.type)
    if maker is None:  # pragma: no cover - no other types in the Kendra model
        raise NotImplementedError(f"shape type {node.type}")
    return maker(node)


def _read_document(value: Any, path: str, violations: list[str]) -> Any:
    return value


def _scalar(node: Node, convert: Callable[[Any, str], Any]) -> Reader:
    """A reader for a scalar: ``convert`` type-checks (raising) and converts."""
    limits = node.limits
    if limits is None:
        return lambda value, path, violations: convert(value, path)

    def read(value: Any, path: str, violations: list[str]) -> Any:
        value = convert(value, path)
        for phrase in limits(value):
            violations.append(violation(value, path, phrase))
        return value

    return read


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
    kind = type(value)
    if kind is float:
        return value  # type: ignore[no-any-return]
    if kind is int:
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
            return EPOCH + timedelta(seconds=value)
        except (OverflowError, ValueError):
            pass
    raise SerializationException.wrong_type(path, "timestamp")


def _to_blob(value: Any, path: str) -> bytes:
    if type(value) is not str:
        raise SerializationException.wrong_type(path, "blob")
    try:
        return b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise SerializationException.bad_base64(path) from None


def _make_structure(node: Node) -> Reader:
    members = tuple((m.wire, m.path, _child(m.node), m.required) for m in node.members)

    def read(value: Any, path: str, violations: list[str]) -> Any:
        if type(value) is not dict:
            raise SerializationException.wrong_type(path, "object")
        prefix = path + "." if path else ""
        out: dict[str, Any] = {}
        for wire, segment, reader, required in members:
            item = value.get(wire)
            if item is None:
                if required:
                    violations.append(null_violation(prefix + segment))
                continue
            out[wire] = reader(item, prefix + segment, violations)
        return out

    return read


def _make_list(node: Node) -> Reader:
    assert node.member is not None
    element = _child(node.member)
    limits = node.limits

    def read(value: Any, path: str, violations: list[str]) -> Any:
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
                out.append(element(item, element_path(path, index), violations))
        return out

    return read


def _make_map(node: Node) -> Reader:
    assert node.key is not None and node.value is not None
    key_limits = node.key.limits
    limits = node.limits
    value_node = node.value
    convert = None if value_node.document else CONVERTERS.get(value_node.type)
    value_limits = value_node.limits
    value_reader = _child(value_node)

    def read(value: Any, path: str, violations: list[str]) -> Any:
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
                continue
            if convert is None:  # a structured value: its own paths below the entry
                out[key] = value_reader(item, child_path(path, key), violations)
                continue
            item = out[key] = convert(item, child_path(path, key))
            if value_limits is not None:
                for phrase in value_limits(item):
                    violations.append(map_value_violation(value, path, phrase))
        return out

    return read


#: Type-check-and-convert functions of the scalar types.
CONVERTERS: dict[str, Callable[[Any, str], Any]] = {
    "string": _to_string,
    "integer": _to_integer,
    "long": _to_integer,
    "float": _to_float,
    "double": _to_float,
    "boolean": _to_boolean,
    "timestamp": _to_timestamp,
    "blob": _to_blob,
}

_MAKERS: dict[str, Callable[[Node], Reader]] = {
    "structure": _make_structure,
    "list": _make_list,
    "map": _make_map,
}
