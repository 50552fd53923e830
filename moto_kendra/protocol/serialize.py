"""Response serialization: one generic serializer driven by the output shape.

Each shape compiles once into a *writer* that turns a backend value into a
JSON-ready value, or :data:`OMIT`.  Writers walk the SHAPE, never the value's
keys, so members the model does not know can never leak; ``None`` is omitted,
while falsy values (``0``, ``""``, ``False``, ``[]``) are kept, except an empty
list whose model minimum length is at least 1.

Timestamps (``datetime``, naive = UTC, or epoch seconds as ``int``/``float``)
become epoch seconds rounded to milliseconds: an ``int`` when whole
(``1700000000``), else a ``float`` with at most 3 decimals (``1700000000.123``).
Blobs become base64.  Featured-results-set ``Long`` timestamps are plain longs:
the backend passes integer epoch milliseconds.

Strings whose shape forbids control, format, surrogate and unassigned characters
(the ``^\\P{C}*$`` pattern: error and warning messages, failure reasons, names) are
sent within it: such a character, which only a message quoting a client value can
hold, goes out escaped (``\\udfff``), and text the escapes make longer than the
shape's maximum is cut there and marked.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from base64 import b64encode
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from ..exceptions import CUT_MARK
from .model import Node, output_node, service_model

Writer = Callable[[Any], Any]


class _Omit:
    """Marker returned by a writer whose value must not be sent."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OMIT"


OMIT: Any = _Omit()

_WRITERS: dict[str, Writer] = {}
_OPERATIONS: dict[str, Writer | None] = {}
_BUILDING: set[str] = set()
_LOCK = threading.RLock()
_dumps = json.JSONEncoder(separators=(",", ":")).encode


def serialize_response(operation: str, result: Mapping[str, Any] | None) -> str:
    """The JSON body of a successful ``operation`` returning ``result``.

    ``""`` for an operation without an output shape; ``"{}"`` at least otherwise.
    """
    try:
        writer = _OPERATIONS[operation]
    except KeyError:
        node = output_node(operation)
        writer = _OPERATIONS[operation] = None if node is None else writer_for(node)
    if writer is None:
        return ""
    return _dumps(writer(result or {}))


def writer_for(node: Node) -> Writer:
    """The writer of a node, compiled once per shape name."""
    writer = _WRITERS.get(node.name)
    if writer is None:
        with _LOCK:
            writer = _WRITERS.get(node.name)
            if writer is None:
                writer = _compile(node)
    return writer


def _child(node: Node) -> Writer | None:
    """A child's writer (``None`` = the value is sent as it is)."""
    if node.name in _BUILDING:  # a recursive shape: forward to the finished writer
        name = node.name
        return lambda value: _WRITERS[name](value)
    writer = _WRITERS.get(node.name) or _compile(node)
    return None if writer is _identity else writer


def _compile(node: Node) -> Writer:
    _BUILDING.add(node.name)
    try:
        writer = _make(node)
    finally:
        _BUILDING.discard(node.name)
    _WRITERS[node.name] = writer
    return writer


def _identity(value: Any) -> Any:
    return value


def _make(node: Node) -> Writer:
    if node.document:
        return _identity
    if node.type == "structure":
        return _make_structure(node)
    if node.type == "list":
        return _make_list(node)
    if node.type == "map":
        return _make_map(node)
    if node.type == "string":
        meta = service_model().shape_for(node.name).metadata
        if meta.get("pattern") == PRINTABLE:
            return _make_printable(meta.get("max"))
    return _SCALARS.get(node.type, _identity)


PRINTABLE = r"^\P{C}*$"


def _escaped(char: str) -> str:
    """A character of Unicode category C as its escape; any other as it is."""
    if unicodedata.category(char)[0] == "C":
        return char.encode("unicode_escape").decode("ascii")
    return char


def _make_printable(limit: int | None) -> Writer:
    def write(value: Any) -> Any:
        value = _write_string(value)
        if not value.isprintable():  # C speed; true for almost every text
            value = "".join(map(_escaped, value))
        if limit is not None and len(value) > limit:
            value = value[:limit - len(CUT_MARK)] + CUT_MARK
        return value

    return write


def _make_structure(node: Node) -> Writer:
    members = tuple((m.wire, _child(m.node)) for m in node.members)

    def write(value: Any) -> Any:
        out: dict[str, Any] = {}
        get = value.get
        for wire, writer in members:
            item = get(wire)
            if item is None:
                continue
            if writer is None:
                out[wire] = item
            else:
                item = writer(item)
                if item is not OMIT:
                    out[wire] = item
        return out

    return write


def _make_list(node: Node) -> Writer:
    assert node.member is not None
    element = _child(node.member)
    omit_empty = (node.min_length or 0) >= 1

    def write(value: Any) -> Any:
        if element is None:
            out = [item for item in value if item is not None]
        else:
            out = [
                item
                for item in map(element, (i for i in value if i is not None))
                if item is not OMIT
            ]
        if omit_empty and not out:
            return OMIT
        return out

    return write


def _make_map(node: Node) -> Writer:
    assert node.value is not None
    element = _child(node.value)

    def write(value: Any) -> Any:
        out: dict[str, Any] = {}
        for key, item in value.items():
            if item is None:
                continue
            if element is not None:
                item = element(item)
                if item is OMIT:
                    continue
            out[str(key)] = item
        return out

    return write


def _write_string(value: Any) -> Any:
    """Strings as they are; an ``int`` becomes its decimal string (sync metrics)."""
    if type(value) is int:
        return str(value)
    return value


def _write_timestamp(value: Any) -> Any:
    """Epoch seconds, at most 3 decimals; ``int`` when whole."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        value = value.timestamp()
    seconds = round(float(value), 3)
    return int(seconds) if seconds.is_integer() else seconds


def _write_blob(value: Any) -> Any:
    """Base64 of ``bytes`` (a ``str`` is encoded as UTF-8 first)."""
    if isinstance(value, str):
        value = value.encode("utf-8")
    return b64encode(value).decode("ascii")


_SCALARS: dict[str, Writer] = {
    "string": _write_string,
    "timestamp": _write_timestamp,
    "blob": _write_blob,
}
