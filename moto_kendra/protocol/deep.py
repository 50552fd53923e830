"""Requests nested too deep for the recursive readers, checked without recursion.

Only two input shapes of the model can nest without bound: ``AttributeFilter`` (through
``AndAllFilters``, ``OrAllFilters``, ``NotFilter``) and ``Facet`` (through ``Facets``).
When the readers run out of recursion (a body nested a few hundred levels deep), the
body is walked here with an explicit stack, in the readers' order (structure members in
model order, list elements and map entries in order): the first JSON type mismatch
raises ``SerializationException`` as the
readers would; then, if an ``AttributeFilter`` or ``Facet`` is nested past its rule, that
rule's ``ValidationException`` answers (``AttributeFilter depth is limited to 2.``,
``Facets can be nested only one level.``).  Such a request is answered without the
constraint walk, which only recursive readers could do.  After the readers, a shape
nested past :data:`NESTING_BOUND` levels answers its rule at once (:func:`check_nesting`);
shallower ones reach the backend's rules in their usual order.  Members outside the shape are
never read, however deep; a body deeper than :data:`DEEPEST` levels is not decoded at all
(``SerializationException``), so decoding stays fast.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import SerializationException, ValidationException
from .model import Node

#: The deepest request body decoded (about 0.3 s of iterative decoding at most).
DEEPEST = 50_000

#: Past this many levels a nesting shape is refused right after the readers, before any
#: other request rule: the backend's own rule checks walk these shapes recursively.
NESTING_BOUND = 16

#: The shapes that nest, how many of them may sit on one path, and the rule's error.
NESTING_RULES: dict[str, tuple[int, Any]] = {
    "AttributeFilter": (3, lambda: ValidationException.filter_depth()),
    "Facet": (2, lambda: ValidationException.facet_nesting()),
}

_KINDS = {"structure": (dict, "object"), "map": (dict, "object"), "list": (list, "list")}

Path = tuple[Any, str] | None
"""A path kept as ``(parent path, segment)`` links: spelled out only for an error."""
Frame = tuple[Node, Any, Path, int]


def _spelled(path: Path) -> str:
    segments: list[str] = []
    while path is not None:
        path, segment = path
        segments.append(segment)
    return ".".join(reversed(segments))


def check_deep(node: Node, data: Any, converters: dict[str, Any]) -> None:
    """The JSON type checks and the nesting rules for a deeply nested body (see the module
    docstring); ``converters`` are the readers' own scalar type checks."""
    broken: Any = None
    stack: list[Frame] = [(node, data, None, 0)]
    while stack:
        node, value, path, nesting = stack.pop()
        if node.document:
            continue
        convert = converters.get(node.type)
        if convert is not None:
            try:
                convert(value, "")
            except SerializationException:  # again, to word it with the path spelled out
                convert(value, _spelled(path))
            continue
        kind, noun = _KINDS[node.type]
        if type(value) is not kind:
            raise SerializationException.wrong_type(_spelled(path), noun)
        rule = NESTING_RULES.get(node.name)
        if rule is not None:
            nesting += 1
            if nesting > rule[0] and broken is None:
                broken = rule[1]
        stack.extend(reversed(_children(node, value, path, nesting)))
    if broken is not None:
        raise broken()


def check_nesting(node: Node, params: Any) -> None:
    """After the readers: an ``AttributeFilter`` or ``Facet`` nested more than
    :data:`NESTING_BOUND` levels raises its rule's error at once.  Only the members that can
    lead to such a shape are walked, with an explicit stack."""
    if not _reaches_nesting(node):
        return
    stack: list[tuple[Node, Any, int]] = [(node, params, 0)]
    while stack:
        node, value, nesting = stack.pop()
        rule = NESTING_RULES.get(node.name)
        if rule is not None:
            nesting += 1
            if nesting > NESTING_BOUND:
                raise rule[1]()
        stack.extend(
            (child, item, nesting)
            for child, item, _, _ in _children(node, value, None, nesting)
            if _reaches_nesting(child)
        )


_REACHES: dict[str, bool] = {}


def _reaches_nesting(node: Node) -> bool:
    """Whether a value of ``node`` can hold a nesting shape (graph search, cached by name)."""
    known = _REACHES.get(node.name)
    if known is not None:
        return known
    seen, todo, found = {node.name}, [node], False
    while todo and not found:
        current = todo.pop()
        found = current.name in NESTING_RULES
        nexts = [m.node for m in current.members] + [current.member, current.value]
        for child in nexts:
            if child is not None and child.name not in seen:
                seen.add(child.name)
                todo.append(child)
    _REACHES[node.name] = found
    return found


def _children(node: Node, value: Any, path: Path, nesting: int) -> list[Frame]:
    if node.type == "structure":
        return [
            (member.node, value[member.wire], (path, member.path), nesting)
            for member in node.members
            if value.get(member.wire) is not None
        ]
    if node.type == "list":
        assert node.member is not None
        return [
            (node.member, item, (path, f"{index}.member"), nesting)
            for index, item in enumerate(value, 1)
            if item is not None
        ]
    assert node.value is not None
    return [
        (node.value, item, (path, key), nesting) for key, item in value.items() if item is not None
    ]
