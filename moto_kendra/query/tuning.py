"""Relevance tuning: the factor B(d) that multiplies a document's BM25 score.

B(d) = 1 + sum over the index fields with an effective Relevance of
0.1 x (I - I0) x g(d), where I is the field's Importance (a missing one counts as
I0), I0 is 2 for ``_document_title`` (its default, already the BM25 title weight)
and 1 for every other field, and g(d) in [0, 1] says how much the document has
of what the field rewards.  ``_excerpt_page_number`` never takes part.  With
every field at its default, B = 1.

- STRING and STRING_LIST fields (Searchable or not): g = 1 when a query term is
  among the stems of the document's value (any element), else 0.  A STRING
  field's ValueImportanceMap: when the value is a key (exact), that entry's
  importance is I and g = 1, whether or not a term matches.
  ``_document_title`` reads the document's title.
- LONG fields: among the n surviving hits having the field, g is the share of
  the others with a strictly smaller value (RankOrder ASCENDING or absent) or a
  strictly larger one (DESCENDING); a lone hit has g = 1.
- DATE fields with Freshness true: g = max(0, 1 - age / Duration), age in
  seconds from the value to the request time (a future value has g = 1), the
  Duration 90 days when the Relevance has none.  Other DATE fields: g = 0
  (RankOrder on a DATE field is ignored).
- Relevance members that do not apply to a field's type are ignored.

Effective Relevance: each field's Relevance as DescribeIndex shows it.  A query's
DocumentRelevanceOverrideConfigurations (a non-empty list) replace that: each
named field takes its override's Relevance (the last entry per name wins) and
every other field contributes nothing; on an index none of whose fields was ever
tuned (every Relevance still as the index began, custom fields without one),
overrides change nothing and B = 1.

B only reorders: it never adds or removes hits, and coverage, ScoreConfidence and
facets ignore it.  Browsing ignores it too.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..exceptions import ValidationException
from ..resources.base import now
from ..resources.index import BUILTIN_FIELDS
from ..search.analysis import stems
from .candidates import Found

if TYPE_CHECKING:
    from ..resources.index import Index

TITLE = "_document_title"
NEVER_TUNED = ("_excerpt_page_number",)
STEP = 0.1  # B's change per importance step
DEFAULT_FRESHNESS = 7_776_000  # seconds (90 days)
_DEFAULTS = {field["Name"]: field.get("Relevance") for field in BUILTIN_FIELDS}
_SECONDS = re.compile(r"([0-9]+)s")

ValueGain = Callable[[Any], float]  # a present value -> that field's contribution to B - 1
Values = Callable[[list[int]], list[Any]]  # slots -> the field's values (None: absent)


class Tuning:
    """The tuning factor of one query's hits: B(slot), and bounds on it over all slots.

    Factors are computed in bulk (:meth:`prepare`), field by field, each distinct value
    once; :meth:`factor` reads them (computing any slot not prepared)."""

    def __init__(self, fields: list[tuple[Values, ValueGain]], low: float,
                 high: float) -> None:
        self._fields = fields
        self.low = low  # no hit's B is below this
        self.high = high  # nor above this
        self._cache: dict[int, float] = {}

    def prepare(self, slots: list[int]) -> None:
        """Compute B for these slots: per field, each distinct value's contribution once,
        then the sums at C speed."""
        cache = self._cache
        todo = [slot for slot in slots if slot not in cache]
        totals: list[float] = [1.0] * len(todo)
        for values_of, gain in self._fields:
            values = values_of(todo)
            try:
                distinct = set(values)
            except TypeError:  # STRING_LIST values are lists
                values = [tuple(v) if isinstance(v, list) else v for v in values]
                distinct = set(values)
            table = {value: gain(value) for value in distinct if value is not None}
            table[None] = 0.0
            totals = list(map(operator.add, totals, map(table.__getitem__, values)))
        cache.update(zip(todo, totals, strict=True))

    def factor(self, slot: int) -> float:
        """B of the hit in this slot."""
        found = self._cache.get(slot)
        if found is None:
            self.prepare([slot])
            found = self._cache[slot]
        return found


def check_overrides(index: Index, overrides: list[dict[str, Any]] | None) -> None:
    """The index rule: each DocumentRelevanceOverrideConfigurations Name is an index field."""
    for entry in overrides or []:
        if entry["Name"] not in index.fields:
            raise ValidationException(
                f"Relevance override {entry['Name']} is not an index field."
            )


def index_tuned(index: Index) -> bool:
    """Whether some field's Relevance differs from the one the index began with (custom
    fields begin without one)."""
    return any(
        field.get("Relevance") != _DEFAULTS.get(name) for name, field in index.fields.items()
    )


def effective_relevance(index: Index, overrides: list[dict[str, Any]] | None
                        ) -> dict[str, dict[str, Any]]:
    """Field name -> its effective Relevance for this query (see the module docstring)."""
    if not overrides:
        return {name: field["Relevance"] for name, field in index.fields.items()
                if field.get("Relevance")}
    if not index_tuned(index):
        return {}
    return {entry["Name"]: entry.get("Relevance") or {} for entry in overrides}


def tuning_for(index: Index, overrides: list[dict[str, Any]] | None, found: Found,
               words: list[str] | None) -> Tuning | None:
    """The query's :class:`Tuning`, or None when every hit's B is 1 (or browsing)."""
    if words is None:
        return None
    terms = set(words)
    fields: list[tuple[Values, ValueGain]] = []
    low = high = 0.0
    for name, relevance in effective_relevance(index, overrides).items():
        field = index.fields.get(name)
        if field is None or name in NEVER_TUNED:
            continue
        made = _field_gain(name, field["Type"], relevance, found, terms)
        if made is not None:
            gain, least, most = made
            fields.append((_reader(name, found), gain))
            low, high = low + min(0.0, least), high + max(0.0, most)
    if not fields:
        return None
    return Tuning(fields, 1.0 + low, 1.0 + high)


def _field_gain(name: str, kind: str, relevance: dict[str, Any], found: Found,
                terms: set[str]) -> tuple[ValueGain, float, float] | None:
    """One field's contribution as (value -> contribution, least, most), or None when it
    contributes nothing to any hit."""
    base = 2 if name == TITLE else 1
    importance = relevance.get("Importance") or base
    weight = STEP * (importance - base)
    if kind in ("STRING_VALUE", "STRING_LIST_VALUE"):
        mapped = relevance.get("ValueImportanceMap") if kind == "STRING_VALUE" else None
        if not weight and not mapped:
            return None
        return _text_gain(terms, weight, base, mapped or {})
    if kind == "LONG_VALUE" and weight:
        return _rank_gain(name, found, weight, relevance.get("RankOrder") == "DESCENDING")
    if kind == "DATE_VALUE" and weight and relevance.get("Freshness") is True:
        return _fresh_gain(weight, _duration(relevance.get("Duration")))
    return None


def _reader(name: str, found: Found) -> Values:
    """Slots -> the field's plain values (the titles for ``_document_title``)."""
    if name == TITLE:
        items = found.engine.items
        return lambda slots: [items[slot].title for slot in slots]
    column = found.engine.column(name)
    if column is None:
        return lambda slots: [None] * len(slots)
    return lambda slots: [column[slot] for slot in slots]


def _text_gain(terms: set[str], weight: float, base: int, mapped: dict[str, int]
               ) -> tuple[ValueGain, float, float]:
    # a word whose stem is t holds t minus its last letter (stemming only cuts or swaps
    # the end), so a text without any such piece is not analysed at all
    pieces = [term[:-1] for term in terms]

    def holds_term(text: str) -> bool:
        lowered = text.lower()
        for piece in pieces:
            if piece in lowered:
                return not terms.isdisjoint(stems(text))
        return False

    def gain(value: Any) -> float:
        if isinstance(value, str):
            if value in mapped:
                return STEP * (mapped[value] - base)
            return weight if holds_term(value) else 0.0
        return weight if any(holds_term(item) for item in value) else 0.0

    options = [0.0, weight, *(STEP * (i - base) for i in mapped.values())]
    return gain, min(options), max(options)


def _rank_gain(name: str, found: Found, weight: float, descending: bool
               ) -> tuple[ValueGain, float, float]:
    column = found.engine.column(name) or []
    ordered = sorted(v for v in (column[s] for s in found.slots) if v is not None)
    others = len(ordered) - 1

    def gain(value: Any) -> float:
        if others <= 0:
            return weight
        if descending:
            beaten = len(ordered) - bisect.bisect_right(ordered, value)
        else:
            beaten = bisect.bisect_left(ordered, value)
        return weight * beaten / others

    return gain, min(0.0, weight), max(0.0, weight)


def _fresh_gain(weight: float, duration: int) -> tuple[ValueGain, float, float]:
    at = now()

    def gain(value: datetime) -> float:
        age = (at - value).total_seconds()
        return weight * min(1.0, max(0.0, 1.0 - age / duration))

    return gain, min(0.0, weight), max(0.0, weight)


def _duration(text: str | None) -> int:
    """A Duration's seconds (``"86400s"``), 90 days when absent or zero."""
    match = _SECONDS.fullmatch(text or "")
    return int(match.group(1)) if match and int(match.group(1)) > 0 else DEFAULT_FRESHNESS
