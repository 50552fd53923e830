"""How a hit is shown: excerpts, highlights, confidence, facets, sorting (spec 8.4-8.6).

Choices where the spec is silent: when a text is cut (the 2000-character excerpt
core, the 2048-character title), only tokens that end inside the returned text are
highlighted, so ``Text[BeginOffset:EndOffset]`` is always a whole token.
"""

from __future__ import annotations

import heapq
import re
from collections import deque
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any

from ..protocol.model import compile_pattern, service_model
from .analysis import Token, tokenize

EXCERPT_TOKENS = 100
EXCERPT_LEAD = 10
EXCERPT_CHARS = 2000
TITLE_CHARS = 2048
PASSAGE_TOKENS = 200
MAX_FACET_VALUES = 10
URL_CHARS = 2048


def _url_pattern() -> re.Pattern[str]:
    """The model's ``Url`` pattern, compiled as the protocol layer compiles it (Java ``\\s``)."""
    pattern = compile_pattern(service_model().shape_for("Url").metadata["pattern"])
    assert pattern is not None
    return pattern


URL = _url_pattern()

# stem -> highlight Type, or absent when the stem is no query term
Marks = dict[str, str]


def highlights(tokens: Iterable[Token], marks: Marks, offset: int = 0,
               limit: int | None = None) -> list[dict[str, Any]]:
    """One highlight per token whose stem is a query term, offsets shifted by ``offset``;
    reading stops at the first token ending past ``limit`` (tokens come in text order)."""
    found = []
    for token in tokens:
        end = token.end + offset
        if limit is not None and end > limit:
            break
        kind = marks.get(token.stem)
        if kind is not None:
            found.append({"BeginOffset": token.start + offset, "EndOffset": end,
                          "TopAnswer": False, "Type": kind})
    return found


def titled(text: str, marks: Marks | None) -> dict[str, Any]:
    """``{Text, Highlights}`` for a title (or a document id standing in for one)."""
    cut = text[:TITLE_CHARS]
    marked = highlights(tokenize(text), marks, limit=len(cut)) if marks else []
    return {"Text": cut, "Highlights": marked}


def _window(body: str, marks: Marks | None) -> tuple[list[Token], bool, bool]:
    """The body tokens [s, e) of the excerpt window, whether s > 0 and whether e < n.

    Reads tokens only up to the window's end (plus one, to know whether more follow),
    so a long body is not tokenized to its end when a query term occurs early.
    """
    tokens = tokenize(body)
    head: list[Token] = []  # the first tokens: the window when no token matches
    recent: deque[Token] = deque(maxlen=EXCERPT_LEAD)  # the tokens just before the current
    for position, token in enumerate(tokens):
        if marks and token.stem in marks:
            window = [*recent, token]
            for following in tokens:
                if len(window) == EXCERPT_TOKENS:
                    return window, position > EXCERPT_LEAD, True
                window.append(following)
            return window, position > EXCERPT_LEAD, False
        if len(head) <= EXCERPT_TOKENS:
            head.append(token)
        recent.append(token)
    return head[:EXCERPT_TOKENS], False, len(head) > EXCERPT_TOKENS


def excerpt(body: str, title: str, marks: Marks | None) -> dict[str, Any]:
    """The excerpt window of spec 8.5 around the first query-term token of the body: tokens
    [s, e) with s = max(0, m - 10) and e = min(n, s + 100), the core cut to 2000
    characters, ``...`` before when s > 0 and after when e < n or the core was cut."""
    window, later_start, more = _window(body, marks)
    if not window:
        return titled(title, marks)
    core = body[window[0].start:window[-1].end]
    cut = len(core) > EXCERPT_CHARS
    core = core[:EXCERPT_CHARS]
    lead = "..." if later_start else ""
    text = lead + core + ("..." if more or cut else "")
    shift = len(lead) - window[0].start
    marked = highlights(window, marks, shift, len(lead) + len(core)) if marks else []
    return {"Text": text, "Highlights": marked}


def passages(body: str) -> list[tuple[int, list[Token], str]]:
    """Chunks of 200 body tokens: ``(chunk index, tokens, text from first to last token)``."""
    tokens = list(tokenize(body))
    chunks = []
    for number, begin in enumerate(range(0, len(tokens), PASSAGE_TOKENS)):
        part = tokens[begin:begin + PASSAGE_TOKENS]
        chunks.append((number, part, body[part[0].start:part[-1].end]))
    return chunks


def confidence(coverage: int, term_count: int) -> str:
    if term_count <= 0:
        return "NOT_AVAILABLE"
    share = coverage / term_count
    if share >= 1:
        return "VERY_HIGH"
    if share >= 0.75:
        return "HIGH"
    return "MEDIUM" if share >= 0.5 else "LOW"


def document_uri(uri: Any) -> str | None:
    """DocumentURI: a ``_source_uri`` value that is a URL of the model's ``Url`` shape."""
    if isinstance(uri, str) and len(uri) <= URL_CHARS and URL.fullmatch(uri):
        return uri
    return None


def source_uri(attributes: dict[str, Any]) -> str | None:
    """:func:`document_uri` of the ``_source_uri`` in ``{key: plain value}``."""
    return document_uri(attributes.get("_source_uri"))


# -- attribute values ---------------------------------------------------------------
def plain(value: dict[str, Any]) -> Any:
    """A DocumentAttributeValue as a Python value (the one member it sets)."""
    for member in ("StringValue", "StringListValue", "LongValue", "DateValue"):
        item = value.get(member)
        if item is not None:
            if isinstance(item, datetime) and item.tzinfo is None:
                return item.replace(tzinfo=timezone.utc)
            return item
    return None


def plain_values(attributes: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """``{key: plain value}`` of DocumentAttributes."""
    return {attribute["Key"]: plain(attribute["Value"]) for attribute in attributes}


def wire(kind: str, item: Any) -> dict[str, Any]:
    member = {"STRING_VALUE": "StringValue", "STRING_LIST_VALUE": "StringValue",
              "LONG_VALUE": "LongValue", "DATE_VALUE": "DateValue"}[kind]
    return {member: item}


# -- sorting ---------------------------------------------------------------------------
class _Descending:
    """Wraps a sort value so that larger values come first."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Descending) and bool(self.value == other.value)

    def __lt__(self, other: _Descending) -> bool:
        return bool(self.value > other.value)

    __hash__ = None  # type: ignore[assignment]


_MISSING = (1,)


Lookup = Callable[[Any, str], Any]  # (hit, attribute key) -> plain value or None


def sort_key(hit: Any, keys: list[dict[str, str]], lookup: Lookup) -> tuple[Any, ...]:
    """The sort-key part of a hit's order: ``(0, value)`` per key it has; at the first
    key it lacks, ``(1,)`` for that key and every later one, so documents lacking a key
    follow all that have it and are ordered among themselves by relevance alone."""
    parts: list[tuple[Any, ...]] = []
    for key in keys:
        value = lookup(hit, key["DocumentAttributeKey"])
        if value is None:
            parts.extend([_MISSING] * (len(keys) - len(parts)))
            break
        parts.append((0, value if key["SortOrder"] == "ASC" else _Descending(value)))
    return tuple(parts)


def first_sorted(items: Iterable[Any], keys: list[dict[str, str]], lookup: Lookup,
                 relevance: Callable[[Any], tuple[Any, ...]], limit: int) -> list[Any]:
    """The first ``limit`` items by the sort keys (ASC/DESC), then ``relevance`` (relevance
    descending, then DocumentId ascending)."""
    return heapq.nsmallest(
        limit, items, key=lambda item: (sort_key(item, keys, lookup), *relevance(item))
    )


# -- facets ------------------------------------------------------------------------------
def facet_results(facets: list[dict[str, Any]], hits: list[Any],
                  lookup: Lookup,
                  fields: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Counts over all surviving hits, a document once per distinct value (spec 8.6)."""
    results = []
    for facet in facets:
        key = facet["DocumentAttributeKey"]
        kind = fields[key]["Type"]
        groups: dict[Any, list[Any]] = {}
        for hit in hits:
            value = lookup(hit, key)
            if value is None:
                continue
            for item in dict.fromkeys(value if isinstance(value, list) else [value]):
                groups.setdefault(item, []).append(hit)
        keep = min(facet.get("MaxResults", MAX_FACET_VALUES), MAX_FACET_VALUES)
        ranked = sorted(groups.items(), key=lambda pair: (-len(pair[1]), pair[0]))[:keep]
        pairs = []
        for item, members in ranked:
            pair: dict[str, Any] = {"DocumentAttributeValue": wire(kind, item),
                                    "Count": len(members)}
            if facet.get("Facets"):
                pair["FacetResults"] = facet_results(facet["Facets"], members, lookup, fields)
            pairs.append(pair)
        results.append({"DocumentAttributeKey": key, "DocumentAttributeValueType": kind,
                        "DocumentAttributeValueCountPairs": pairs})
    return results
