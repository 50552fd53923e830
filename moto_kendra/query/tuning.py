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

Gain = Callable[[int], float]  # slot -> that field's contribution to B - 1


class Tuning:
    """The tuning factor of one query's hits: B(slot), and bounds on it over all slots."""

    def __init__(self, gains: list[Gain], low: float, high: float) -> None:
        self._gains = gains
        self.low = low  # no hit's B is below this
        self.high = high  # nor above this
        self._cache: dict[int, float] = {}

    def factor(self, slot: int) -> float:
        """B of the hit in this slot."""
        found = self._cache.get(slot)
        if found is None:
            found = self._cache[slot] = 1.0 + sum(gain(slot) for gain in self._gains)
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
    gains: list[Gain] = []
    low = high = 0.0
    for name, relevance in effective_relevance(index, overrides).items():
        field = index.fields.get(name)
        if field is None or name in NEVER_TUNED:
            continue
        made = _field_gain(name, field["Type"], relevance, found, terms)
        if made is not None:
            gain, least, most = made
            gains.append(gain)
            low, high = low + min(0.0, least), high + max(0.0, most)
    if not gains:
        return None
    return Tuning(gains, 1.0 + low, 1.0 + high)


def _field_gain(name: str, kind: str, relevance: dict[str, Any], found: Found,
                terms: set[str]) -> tuple[Gain, float, float] | None:
    """One field's contribution as (slot -> contribution, least, most), or None when it
    contributes nothing to any hit."""
    base = 2 if name == TITLE else 1
    importance = relevance.get("Importance") or base
    weight = STEP * (importance - base)
    if kind in ("STRING_VALUE", "STRING_LIST_VALUE"):
        mapped = relevance.get("ValueImportanceMap") if kind == "STRING_VALUE" else None
        if not weight and not mapped:
            return None
        values = _reader(name, found)
        return _text_gain(values, terms, weight, base, mapped or {})
    if kind == "LONG_VALUE" and weight:
        return _rank_gain(name, found, weight, relevance.get("RankOrder") == "DESCENDING")
    if kind == "DATE_VALUE" and weight and relevance.get("Freshness") is True:
        return _fresh_gain(name, found, weight, _duration(relevance.get("Duration")))
    return None


def _reader(name: str, found: Found) -> Callable[[int], Any]:
    """Slot -> the field's plain value (the title for ``_document_title``)."""
    if name == TITLE:
        items = found.engine.items
        return lambda slot: items[slot].title
    column = found.engine.column(name) or []
    return lambda slot: column[slot] if slot < len(column) else None


def _text_gain(values: Callable[[int], Any], terms: set[str], weight: float, base: int,
               mapped: dict[str, int]) -> tuple[Gain, float, float]:
    matched: dict[str, bool] = {}  # one analysis per distinct string

    def holds_term(text: str) -> bool:
        known = matched.get(text)
        if known is None:
            known = matched[text] = not terms.isdisjoint(stems(text))
        return known

    def gain(slot: int) -> float:
        value = values(slot)
        if value is None:
            return 0.0
        if isinstance(value, str):
            if value in mapped:
                return STEP * (mapped[value] - base)
            return weight if holds_term(value) else 0.0
        return weight if any(holds_term(item) for item in value) else 0.0

    options = [0.0, weight, *(STEP * (i - base) for i in mapped.values())]
    return gain, min(options), max(options)


def _rank_gain(name: str, found: Found, weight: float, descending: bool
               ) -> tuple[Gain, float, float]:
    column = found.engine.column(name) or []
    size = len(column)
    ordered = sorted(v for v in (column[s] for s in found.slots if s < size) if v is not None)
    others = len(ordered) - 1

    def gain(slot: int) -> float:
        value = column[slot] if slot < size else None
        if value is None:
            return 0.0
        if others <= 0:
            return weight
        if descending:
            beaten = len(ordered) - bisect.bisect_right(ordered, value)
        else:
            beaten = bisect.bisect_left(ordered, value)
        return weight * beaten / others

    return gain, min(0.0, weight), max(0.0, weight)


def _fresh_gain(name: str, found: Found, weight: float, duration: int
                ) -> tuple[Gain, float, float]:
    column = found.engine.column(name) or []
    size = len(column)
    at = now()

    def gain(slot: int) -> float:
        value: datetime | None = column[slot] if slot < size else None
        if value is None:
            return 0.0
        age = (at - value).total_seconds()
        return weight * min(1.0, max(0.0, 1.0 - age / duration))

    return gain, min(0.0, weight), max(0.0, weight)


def _duration(text: str | None) -> int:
    """A Duration's seconds (``"86400s"``), 90 days when absent or zero."""
    match = _SECONDS.fullmatch(text or "")
    return int(match.group(1)) if match and int(match.group(1)) > 0 else DEFAULT_FRESHNESS
