"""The botocore ``kendra`` model, compiled once into small :class:`Node` objects.

A :class:`Node` describes one shape: its type, its children and a ``limits`` function that returns
the constraint phrases a value breaks.  The input validator,
the serializer and the output checker all walk these nodes; the constraint
phrases, the value rendering and the violation wording live only here.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import threading
import unicodedata
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

import botocore.session

from ..exceptions import QUOTE_LIMIT, quoted

SERVICE_NAME = "kendra"


Limits = Callable[[Any], list[str]]
"""Returns the constraint phrases a (type-correct) value breaks, in reporting order."""

_LOCK = threading.Lock()


@cache
def service_model() -> Any:
    """The botocore ``ServiceModel`` for Kendra, loaded once."""
    return botocore.session.get_session().get_service_model(SERVICE_NAME)


#: The 66 Kendra operations, in model (alphabetical) order, read from the model.
OPERATION_NAMES: tuple[str, ...] = tuple(sorted(service_model().operation_names))


# --------------------------------------------------------------------------- nodes


class Member(NamedTuple):
    """One structure member: its JSON key, its path segment, its node, whether required."""

    wire: str
    path: str
    node: Node
    required: bool


class Node:
    """One compiled shape (shared by every walker; cyclic for recursive shapes)."""

    __slots__ = (
        "name",
        "type",
        "document",
        "members",
        "member",
        "key",
        "value",
        "limits",
        "min_length",
    )

    def __init__(self, name: str, type_name: str, document: bool) -> None:
        self.name = name
        self.type = type_name
        self.document = document
        self.members: tuple[Member, ...] = ()
        self.member: Node | None = None  # list element
        self.key: Node | None = None  # map key
        self.value: Node | None = None  # map value
        self.limits: Limits | None = None
        self.min_length: int | None = None

    def __repr__(self) -> str:
        return f"Node({self.name}: {self.type})"


_NODES: dict[str, Node] = {}

#: Members Kendra cannot do without although the model leaves them optional: a request
#: omitting one fails the constraint checks like any required member (``Member must not be
#: null``), so no operation ever sees the member missing.  Keyed by shape name.
KENDRA_REQUIRED: dict[str, frozenset[str]] = {
    "FeaturedDocument": frozenset({"Id"}),  # a featured document is named by its Id
}


def operation_model(operation: str) -> Any:
    """The botocore ``OperationModel`` of ``operation``."""
    return service_model().operation_model(operation)


def input_node(operation: str) -> Node | None:
    """The node of the operation's input shape (``None`` if it has none)."""
    shape = operation_model(operation).input_shape
    return None if shape is None else node_for(shape)


def output_node(operation: str) -> Node | None:
    """The node of the operation's output shape (``None`` if it has none)."""
    shape = operation_model(operation).output_shape
    return None if shape is None else node_for(shape)


def node_for(shape: Any) -> Node:
    """The node of a botocore shape, built once per shape name.

    Nodes are published only once complete (with every node they reach), so a
    concurrent caller never sees a node whose children are still being built.
    """
    node = _NODES.get(shape.name)
    if node is None:
        with _LOCK:
            node = _NODES.get(shape.name)
            if node is None:
                pending: dict[str, Node] = {}
                node = _build(shape, pending)
                _NODES.update(pending)
    return node


def _build(shape: Any, pending: dict[str, Node]) -> Node:
    document = bool(shape.metadata.get("document") or getattr(shape, "is_document_type", False))
    node = Node(shape.name, shape.type_name, document)
    pending[shape.name] = node  # registered before the children: shapes may be recursive

    def child(child_shape: Any) -> Node:
        name = child_shape.name
        return _NODES.get(name) or pending.get(name) or _build(child_shape, pending)

    if document:
        return node
    if shape.type_name == "structure":
        required = set(shape.required_members) | KENDRA_REQUIRED.get(shape.name, frozenset())
        node.members = tuple(
            Member(
                wire=member.serialization.get("name", name),
                path=name[:1].lower() + name[1:],
                node=child(member),
                required=name in required,
            )
            for name, member in shape.members.items()
        )
    elif shape.type_name == "list":
        node.member = child(shape.member)
        node.min_length = shape.metadata.get("min")
    elif shape.type_name == "map":
        node.key = child(shape.key)
        node.value = child(shape.value)
    node.limits = _compile_limits(shape)
    return node


# --------------------------------------------------------------------------- constraints


def _compile_limits(shape: Any) -> Limits | None:
    """Compile the length / range / pattern / enum checks of a shape."""
    meta, type_name = shape.metadata, shape.type_name
    lo, hi = meta.get("min"), meta.get("max")
    sized = type_name in ("string", "list", "map")
    numeric = type_name in ("integer", "long", "float", "double")
    if not (sized or numeric):
        lo = hi = None
    noun = "length" if sized else "value"
    below = (
        f"Member must have {noun} greater than or equal to {render_limit(lo)}"
        if lo is not None
        else ""
    )
    above = (
        f"Member must have {noun} less than or equal to {render_limit(hi)}"
        if hi is not None
        else ""
    )
    pattern = meta.get("pattern") if type_name == "string" else None
    regex = None if pattern is None else compile_pattern(pattern)
    full = None if regex is None else regex.fullmatch
    mismatch = f"Member must satisfy regular expression pattern: {pattern}"
    enum = list(getattr(shape, "enum", None) or ()) if type_name == "string" else []
    allowed = frozenset(enum) if enum else None
    outside = f"Member must satisfy enum value set: [{', '.join(enum)}]"
    if lo is None and hi is None and full is None and allowed is None:
        return None

    def limits(value: Any) -> list[str]:
        phrases: list[str] = []
        if lo is not None or hi is not None:
            measure = len(value) if sized else value
            if lo is not None and measure < lo:
                phrases.append(below)
            if hi is not None and measure > hi:
                phrases.append(above)
        if full is not None and full(value) is None:
            phrases.append(mismatch)
        if allowed is not None and value not in allowed:
            phrases.append(outside)
        return phrases

    return limits


def render_limit(number: int | float) -> str:
    """A model bound as written in the model: ``36``, ``0.000001`` (never ``1e-06``)."""
    if isinstance(number, float):
        if number.is_integer():
            return str(int(number))
        return format(Decimal(repr(number)), "f")
    return str(number)


# --------------------------------------------------------------------------- patterns

_CATEGORY_RANGES: dict[tuple[str, bool], str] = {}
_PROPERTY = re.compile(r"\\([pP])\{([A-Za-z]{1,2})\}")


def _category_ranges(category: str, negate: bool) -> str:
    """Regex class body of the code points whose Unicode category starts (or not) with ``category``.

    Computed once per category from :mod:`unicodedata` (about 0.2 s for a full scan).
    """
    key = (category, negate)
    body = _CATEGORY_RANGES.get(key)
    if body is not None:
        return body
    cat = unicodedata.category
    width = len(category)
    parts: list[str] = []
    start = -1
    for cp in range(sys.maxunicode + 2):
        inside = cp <= sys.maxunicode and (cat(chr(cp))[:width] == category) != negate
        if inside and start < 0:
            start = cp
        elif not inside and start >= 0:
            end = cp - 1
            parts.append(f"\\U{start:08x}" if start == end else f"\\U{start:08x}-\\U{end:08x}")
            start = -1
    body = "".join(parts)
    _CATEGORY_RANGES[key] = body
    return body


def translate_pattern(pattern: str) -> str:
    """Turn a model (Java) regular expression into a Python one.

    A ``/.../``-wrapped pattern loses its slashes; ``\\p{X}`` / ``\\P{X}`` (a Unicode
    general category or category group) become explicit character ranges, also inside
    a character class.  Everything else in the Kendra model means the same in Python
    when compiled with :data:`re.ASCII` (Java's ``\\s``, ``\\d``, ``\\w`` are ASCII-only).
    """
    if len(pattern) >= 2 and pattern.startswith("/") and pattern.endswith("/"):
        pattern = pattern[1:-1]
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            match = _PROPERTY.match(pattern, i)
            if match is not None:
                body = _category_ranges(match.group(2), negate=match.group(1) == "P")
                out.append(body if in_class else f"[{body}]")
                i = match.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            # a leading "]" (or "^]") is a literal member of the class
            if pattern.startswith("^", i + 1):
                out.append("^")
                i += 1
            if pattern.startswith("]", i + 1):
                out.append("\\]")
                i += 1
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        else:
            out.append(char)
        i += 1
    return "".join(out)


@cache
def compile_pattern(pattern: str) -> re.Pattern[str] | None:
    """The compiled form of a model pattern (``None`` if Python cannot compile it)."""
    try:
        return re.compile(translate_pattern(pattern), re.ASCII)
    except re.error:  # pragma: no cover - every Kendra pattern compiles (tested)
        return None


# --------------------------------------------------------------------------- messages


def _json_default(value: Any) -> Any:
    """JSON for the natives of a parsed response (rendering in output checks)."""
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def render(value: Any) -> str:
    """Render a value for a violation message (``<v>``), cut by :func:`quoted`.

    Strings verbatim, numbers and objects as compact JSON, lists ``[a, b]``; a long list or
    object is rendered only as far as the quote can show, so the work is bounded too.
    """
    return quoted(_render(value, QUOTE_LIMIT + 1))


def _render(value: Any, budget: int) -> str:
    """``value`` rendered; once longer than ``budget`` the rest is left out."""
    if isinstance(value, str):
        return value[:budget]
    if value is None or value is True or value is False:
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, (list, tuple)):
        return _joined("[", (_render(item, budget) for item in value), ", ", "]", budget)
    if isinstance(value, dict):
        entries = (f"{_json(key)}:{_json(item)}" for key, item in value.items())
        return _joined("{", entries, ",", "}", budget)
    if isinstance(value, (int, float)):
        return _json(value)
    return str(value)[:budget]


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _joined(opening: str, parts: Any, separator: str, closing: str, budget: int) -> str:
    out, size = [opening], len(opening)
    for index, part in enumerate(parts):
        if index:
            out.append(separator)
        out.append(part)
        size += len(part) + len(separator)
        if size > budget:
            return "".join(out)
    out.append(closing)
    return "".join(out)


def violation(value: Any, path: str, phrase: str) -> str:
    """``Value '<v>' at '<path>' failed to satisfy constraint: <phrase>``."""
    return f"Value '{render(value)}' at '{path}' failed to satisfy constraint: {phrase}"


NOT_NULL = "Member must not be null"


def null_violation(path: str) -> str:
    """``Value null at '<path>' failed to satisfy constraint: Member must not be null``."""
    return f"Value null at '{path}' failed to satisfy constraint: {NOT_NULL}"


def map_key_violation(mapping: Any, path: str, phrase: str) -> str:
    """A map key breaking ``phrase``: reported against the whole map."""
    return violation(mapping, path, f"Map keys must satisfy constraint: [{phrase}]")


def map_value_violation(mapping: Any, path: str, phrase: str) -> str:
    """A map value breaking ``phrase``: reported against the whole map."""
    return violation(mapping, path, f"Map value must satisfy constraint: [{phrase}]")


def child_path(path: str, segment: str) -> str:
    """``path.segment`` (just ``segment`` at the top level)."""
    return f"{path}.{segment}" if path else segment


def element_path(path: str, index: int) -> str:
    """The path of list element ``index`` (1-based): ``<list>.<n>.member``."""
    return f"{path}.{index}.member"
