"""The one JSON reader for text a client controls: S3 files, stored JSON, request bodies.

Python's ``json`` recurses once per nesting level, so a file of a few thousand ``[`` raises
``RecursionError`` (and every later walker of the value recurses too).  Here:

- :func:`loads` (S3 files, stored JSON): JSON nested deeper than :data:`MAX_DEPTH` levels
  is refused before it is decoded, as :class:`JsonError` naming the 1-based line of the
  first bracket too deep; other bad JSON is a :class:`JsonError` at the line of the fault.
  ``NaN`` and ``Infinity`` are not JSON.
- :func:`nesting` measures nesting without recursion, in one linear pass.
- :func:`loads_nested` (request bodies) decodes JSON up to a given depth: the C decoder
  when it can, else (past the interpreter's recursion limit) an iterative decoder
  (explicit stack, linear in the text).
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

#: The deepest nesting of objects and arrays :func:`loads` accepts.
MAX_DEPTH = 100

# a string (an unterminated one runs to the end: one pass, never a rescan) or a bracket
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.S)
_TOKEN = re.compile(
    r'[ \t\n\r]*(?:(?P<open>[\[{])|(?P<close>[\]}])|(?P<comma>,)|(?P<colon>:)'
    r'|(?P<scalar>"(?:[^"\\]|\\.)*"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?'
    r"|true|false|null))",
    re.S,
)
_SPACE = re.compile(r"[ \t\n\r]*")
_NOT_STRUCTURAL = bytes(c for c in range(256) if c not in b'[]{}"')
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class JsonError(ValueError):
    """Text that is not acceptable JSON, at a 1-based line."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


def line_at(text: str, position: int) -> int:
    """The 1-based line of ``position`` in ``text``."""
    return text.count("\n", 0, position) + 1


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


# one decoder for every call (``json.loads`` with an option builds a new one each time)
_DECODE = json.JSONDecoder(parse_constant=_reject_constant).decode


def value_bound(text: str) -> int:
    """An upper bound on the number of values (containers and scalars) JSON ``text`` holds:
    every value but the outermost is the first member of its container or follows a comma,
    so commas plus opening brackets plus one (a comma or bracket inside a string counts
    too).  Counted at C speed, before anything is decoded."""
    return text.count(",") + text.count("[") + text.count("{") + 1


def nesting(text: str) -> int:
    """How deep arrays and objects nest in JSON text, in C-level passes (linear): escapes
    dropped, then everything but quotes and brackets, then the strings (every other piece
    between quotes); the brackets left are summed by ``accumulate``."""
    if "[" not in text and "{" not in text:
        return 0
    data = text.encode("utf-8", "replace").replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(data.translate(None, _NOT_STRUCTURAL).split(b'"')[0::2])
    return max(0, max(accumulate(map(_STEP.__getitem__, outside)), default=0))


def nesting_over(text: str, limit: int) -> int | None:
    """The position of the first bracket nested deeper than ``limit``, or None (linear)."""
    if text.count("[") + text.count("{") <= limit or nesting(text) <= limit:
        return None
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif char in "]}":
            depth -= 1
    return None


def loads(text: str, max_depth: int = MAX_DEPTH) -> Any:
    """Decode JSON nested at most ``max_depth`` levels; anything else is :class:`JsonError`."""
    too_deep = nesting_over(text, max_depth)
    if too_deep is not None:
        raise JsonError(line_at(text, too_deep), f"JSON nested deeper than {max_depth} levels")
    try:
        return _DECODE(text)
    except json.JSONDecodeError as error:
        raise JsonError(error.lineno, "not valid JSON") from None
    except (ValueError, RecursionError):
        raise JsonError(1, "not valid JSON") from None


def loads_nested(text: str, limit: int) -> Any:
    """Decode JSON nested at most ``limit`` levels; ``ValueError`` if it is not JSON or
    nests deeper.  JSON too deep for the C decoder is decoded without recursion."""
    try:
        return _DECODE(text)
    except RecursionError:
        pass
    if nesting(text) > limit:
        raise ValueError(f"JSON nested deeper than {limit} levels")
    return _decode_iteratively(text)


def _decode_iteratively(text: str) -> Any:
    """A JSON decoder with an explicit stack: no recursion, linear in ``text``."""
    containers: list[Any] = []
    keys: list[Any] = []
    root: list[Any] = []
    expect = "value"  # value | first-value | key | first-key | colon | next
    position = 0
    while True:
        match = _TOKEN.match(text, position)
        if match is None:
            raise ValueError(f"not JSON at {position}")
        position, kind, token = match.end(), match.lastgroup, match.group(match.lastgroup or 0)
        value: Any = _NONE
        if kind == "open" and expect in ("value", "first-value"):
            value = [] if token == "[" else {}
        elif kind == "scalar" and expect in ("value", "first-value"):
            value = _DECODE(token)
        elif kind == "scalar" and expect in ("key", "first-key") and token[0] == '"':
            keys[-1], expect = json.loads(token), "colon"
            continue
        elif kind == "colon" and expect == "colon":
            expect = "value"
            continue
        elif kind == "comma" and expect == "next":
            expect = "value" if type(containers[-1]) is list else "key"
            continue
        elif kind == "close" and (
            (token == "]" and expect in ("first-value", "next") and type(containers[-1]) is list)
            or (token == "}" and expect in ("first-key", "next") and type(containers[-1]) is dict)
        ):
            containers.pop()
            keys.pop()
            if not containers:
                break
            expect = "next"
            continue
        else:
            raise ValueError(f"not JSON at {match.start()}")
        if not containers:
            root.append(value)
        elif type(containers[-1]) is list:
            containers[-1].append(value)
        else:
            containers[-1][keys[-1]] = value
        if type(value) is list or type(value) is dict:
            containers.append(value)
            keys.append(None)
            expect = "first-value" if type(value) is list else "first-key"
        elif not containers:
            break
        else:
            expect = "next"
    if _SPACE.match(text, position).end() != len(text):  # type: ignore[union-attr]
        raise ValueError("extra data after JSON")
    return root[0]


_NONE = object()


def loads_or_none(raw: bytes) -> Any:
    """A UTF-8 file's JSON value, or None when it is not UTF-8 JSON (too deep included)."""
    try:
        return loads(raw.decode("utf-8"))
    except ValueError:  # UnicodeDecodeError and JsonError included
        return None
