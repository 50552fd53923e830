"""A strict response checker: does a response body obey its output shape?

Used by the test-suite on every response.  It reports, as readable messages:
a top level that is not an object, foreign members, ``null`` anywhere, wrong
JSON types (timestamps must be numbers with at most 3 decimals on the wire),
missing required members and every model constraint (lengths, ranges,
patterns, enums, empty lists whose model minimum is 1 or more).

Type checks reuse the request converters of :mod:`.validate` and constraints
reuse :attr:`Node.limits` and the violation wording of :mod:`.model`, so a rule
is written once for requests and responses.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..exceptions import SerializationException
from .model import (
    Node,
    child_path,
    element_path,
    map_key_violation,
    map_value_violation,
    null_violation,
    output_node,
    violation,
)
from .validate import CONVERTERS

Checker = Callable[[Any, str, list[str]], None]
Typer = Callable[[Any, str, list[str]], Any]
"""Type-checks a scalar: returns the converted value, or :data:`_BAD` after reporting."""

_BAD = object()
_CHECKERS: dict[tuple[str, bool], Checker] = {}
_BUILDING: set[tuple[str, bool]] = set()
_LOCK = threading.RLock()


def output_violations(
    operation: str, body: str | bytes | dict[str, Any], parsed: bool = False
) -> list[str]:
    """Every way ``body`` breaks the output shape of ``operation`` (``[]`` = valid).

    ``parsed=False``: ``body`` is the wire text (or its ``json.loads`` result).
    ``parsed=True``: ``body`` is what boto3 returned (``datetime`` timestamps,
    ``bytes`` blobs; ``ResponseMetadata`` is ignored).
    """
    node = output_node(operation)
    data: Any = body
    if parsed:
        if isinstance(data, dict):
            data = {key: value for key, value in data.items() if key != "ResponseMetadata"}
    elif isinstance(data, (str, bytes, bytearray)):
        try:
            text = data if isinstance(data, str) else bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            return ["Response body is not UTF-8."]
        if node is None:
            return (
                []
                if text == ""
                else [f"Response body of {operation} must be empty (no output shape)."]
            )
        if not text:
            return [f"Response body of {operation} is empty; expected a JSON object."]
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return ["Response body is not valid JSON."]
    if type(data) is not dict:
        return ["Response body is not a JSON object."]
    if node is None:
        return [] if not data else [f"{operation} has no output shape; expected no members."]
    violations: list[str] = []
    checker_for(node, parsed)(data, "", violations)
    return violations


def checker_for(node: Node, parsed: bool) -> Checker:
    """The checker of a node (wire or parsed mode), compiled once per shape name."""
    checker = _CHECKERS.get((node.name, parsed))
    if checker is None:
        with _LOCK:
            checker = _CHECKERS.get((node.name, parsed))
            if checker is None:
                checker = _compile(node, parsed)
    return checker


def _child(node: Node, parsed: bool) -> Checker:
    key = (node.name, parsed)
    if key in _BUILDING:  # a recursive shape: forward to the finished checker
        return lambda value, path, violations: _CHECKERS[key](value, path, violations)
    return _CHECKERS.get(key) or _compile(node, parsed)


def _compile(node: Node, parsed: bool) -> Checker:
    key = (node.name, parsed)
    _BUILDING.add(key)
    try:
        checker = _make(node, parsed)
    finally:
        _BUILDING.discard(key)
    _CHECKERS[key] = checker
    return checker


# --------------------------------------------------------------------------- messages


def _at(path: str) -> str:
    return f"at '{path}'" if path else "at the top level"


def _null_sent(path: str) -> str:
    return f"Value {_at(path)} is null; absent values must be omitted."


def _wrong_type(path: str, kind: str) -> str:
    return SerializationException.wrong_type(path, kind).message


# --------------------------------------------------------------------------- scalars


def _converting(convert: Callable[[Any, str], Any]) -> Typer:
    """A typer from a request converter (one type rule for requests and responses)."""

    def typer(value: Any, path: str, violations: list[str]) -> Any:
        try:
            return convert(value, path)
        except SerializationException as error:
            violations.append(error.message)
            return _BAD

    return typer


def _strict_integer(value: Any, path: str, violations: list[str]) -> Any:
    """Responses send integers as JSON integers (never ``10.0``)."""
    if type(value) is int:
        return value
    violations.append(_wrong_type(path, "integer"))
    return _BAD


def _wire_timestamp(value: Any, path: str, violations: list[str]) -> Any:
    """Epoch seconds as a JSON number with at most 3 decimals."""
    if _timestamp_number(value, path, violations) is _BAD:
        return _BAD
    if type(value) is float and round(value, 3) != value:
        violations.append(f"Value '{value!r}' {_at(path)} has more than 3 decimals.")
        return _BAD
    return value


_timestamp_number = _converting(CONVERTERS["timestamp"])


def _instance(kind: type, name: str) -> Typer:
    def typer(value: Any, path: str, violations: list[str]) -> Any:
        if isinstance(value, kind):
            return value
        violations.append(_wrong_type(path, name))
        return _BAD

    return typer


def _typer(node: Node, parsed: bool) -> Typer | None:
    """The typer of a scalar node (``None`` for containers)."""
    if node.type in ("integer", "long"):
        return _strict_integer
    if node.type == "timestamp":
        return _instance(datetime, "timestamp") if parsed else _wire_timestamp
    if node.type == "blob" and parsed:
        return _instance(bytes, "blob")
    convert = CONVERTERS.get(node.type)
    return None if convert is None else _converting(convert)


# --------------------------------------------------------------------------- nodes


def _check_anything(value: Any, path: str, violations: list[str]) -> None:
    """Document members carry free JSON."""


def _make(node: Node, parsed: bool) -> Checker:
    if node.document:
        return _check_anything
    typer = _typer(node, parsed)
    if typer is not None:
        return _make_scalar(node, typer)
    if node.type == "structure":
        return _make_structure(node, parsed)
    if node.type == "list":
        return _make_list(node, parsed)
    if node.type == "map":
        return _make_map(node, parsed)
    raise NotImplementedError(f"shape type {node.type}")  # pragma: no cover


def _make_scalar(node: Node, typer: Typer) -> Checker:
    limits = node.limits

    def check(value: Any, path: str, violations: list[str]) -> None:
        value = typer(value, path, violations)
        if value is not _BAD and limits is not None:
            violations.extend(violation(value, path, phrase) for phrase in limits(value))

    return check


def _make_structure(node: Node, parsed: bool) -> Checker:
    members = tuple((m.wire, m.path, _child(m.node, parsed), m.required) for m in node.members)
    known = frozenset(m.wire for m in node.members)
    name = node.name

    def check(value: Any, path: str, violations: list[str]) -> None:
        if type(value) is not dict:
            violations.append(_wrong_type(path, "object"))
            return
        for key in value:
            if key not in known:
                violations.append(f"Foreign member '{key}' {_at(path)}: not in shape {name}.")
        for wire, segment, checker, required in members:
            member_path = child_path(path, segment)
            if wire not in value:
                if required:
                    violations.append(null_violation(member_path))
            elif value[wire] is None:
                violations.append(_null_sent(member_path))
            else:
                checker(value[wire], member_path, violations)

    return check


def _make_list(node: Node, parsed: bool) -> Checker:
    assert node.member is not None
    element = _child(node.member, parsed)
    limits = node.limits

    def check(value: Any, path: str, violations: list[str]) -> None:
        if type(value) is not list:
            violations.append(_wrong_type(path, "list"))
            return
        if limits is not None:
            violations.extend(violation(value, path, phrase) for phrase in limits(value))
        for index, item in enumerate(value, 1):
            if item is None:
                violations.append(_null_sent(element_path(path, index)))
            else:
                element(item, element_path(path, index), violations)

    return check


def _make_map(node: Node, parsed: bool) -> Checker:
    assert node.key is not None and node.value is not None
    limits, key_limits = node.limits, node.key.limits
    value_typer = None if node.value.document else _typer(node.value, parsed)
    value_limits = node.value.limits
    value_checker = _child(node.value, parsed)

    def check(value: Any, path: str, violations: list[str]) -> None:
        if type(value) is not dict:
            violations.append(_wrong_type(path, "object"))
            return
        if limits is not None:
            violations.extend(violation(value, path, phrase) for phrase in limits(value))
        for key, item in value.items():
            if key_limits is not None:
                violations.extend(
                    map_key_violation(value, path, phrase) for phrase in key_limits(key)
                )
            if item is None:
                violations.append(_null_sent(child_path(path, key)))
            elif value_typer is None:
                value_checker(item, child_path(path, key), violations)
            else:
                item = value_typer(item, child_path(path, key), violations)
                if item is not _BAD and value_limits is not None:
                    violations.extend(
                        map_value_violation(value, path, phrase) for phrase in value_limits(item)
                    )

    return check
