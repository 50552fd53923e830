"""What every Kendra resource shares: a status on moto's state manager, times, ids."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
from typing import Any

from .._moto.state import Managed, new_id
from ..exceptions import ServiceQuotaExceededException, ValidationException
from .lifecycles import REMOVED

__all__ = ["REMOVED", "Resource", "new_id", "next_seq", "now"]

_sequence = itertools.count(1)


def now() -> datetime:
    return datetime.now(timezone.utc)


def next_seq() -> int:
    """A process-wide increasing number: creation order and pagination positions."""
    return next(_sequence)


def continue_after(seq: int) -> None:
    """Numbers handed out from now on are above ``seq`` (resources loaded from a saved
    state keep theirs, and new ones still list after them)."""
    global _sequence
    _sequence = itertools.count(max(seq + 1, next(_sequence)))


class Resource(Managed):
    """A resource with a managed status, on the lifecycle its model declares in
    :data:`~moto_kendra.resources.lifecycles.LIFECYCLES`.

    ``status`` reads through moto's state manager; :meth:`set_status` is a
    status set by an API call and restarts the ``manual`` count.
    """

    def __init__(self, model_name: str):
        super().__init__(model_name)
        self.seq = next_seq()
        self.created_at = self.updated_at = now()

    def set_status(self, status: str, touch: bool = True) -> None:
        self.force_status(status)
        if touch:
            self.updated_at = now()

    def delete(self) -> bool:
        """A Delete* call: -> DELETING, whatever the status; already DELETING -> no change
        (a ``manual`` count goes on).  Whether the status changed."""
        if self.current_status() == "DELETING":
            return False
        self.set_status("DELETING")
        return True

    @property
    def removed(self) -> bool:
        return self.status == REMOVED

    def current_status(self) -> str:
        """The status as a lookup reads it (through the state manager)."""
        return str(self.status)

    def on_removed(self) -> None:
        """Called when its status reads removed; subclasses leave their collection here."""


def pascal_keys(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Backend keyword arguments (snake_case) back to the model's member names."""
    return {
        "".join(part[:1].upper() + part[1:] for part in key.split("_")): value
        for key, value in kwargs.items()
    }


def check_tags(tags: list[dict[str, str]] | None) -> None:
    """Tags: no key starting ``aws:``, at most 200 distinct keys (one rule, one helper each)."""
    if not tags:
        return
    for tag in tags:
        if tag["Key"].lower().startswith("aws:"):
            raise ValidationException("Tag keys may not start with aws:.")
    check_tag_count(len({tag["Key"] for tag in tags}))


def check_tag_count(count: int) -> None:
    if count > 200:
        raise ValidationException("A resource can have at most 200 tags.")


def check_quota(count: int, limit: int, noun: str) -> None:
    """Raise ServiceQuotaExceededException when ``count`` items would pass ``limit``."""
    if count > limit:
        raise ServiceQuotaExceededException.quota(limit, noun)
