"""What every Kendra resource shares: a status on moto's state manager, times, ids."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any, TypeVar

from moto.moto_api._internal import mock_random
from moto.moto_api._internal.managed_state_model import ManagedState

from ..exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ValidationException,
)

REMOVED = "REMOVED"  # pseudo-status: the resource is gone once its status reads this

_sequence = itertools.count(1)


def now() -> datetime:
    return datetime.now(timezone.utc)


def new_id() -> str:
    """An id from moto's seeded generator (``/moto-api/seed`` makes runs repeatable)."""
    return str(mock_random.uuid4())


def next_seq() -> int:
    """A process-wide increasing number: creation order and pagination positions."""
    return next(_sequence)


class Resource(ManagedState):
    """A resource with a managed status (spec 3.5).

    ``status`` reads through moto's state manager; :meth:`set_status` is a
    status set by an API call and restarts the ``manual`` count.
    """

    def __init__(self, model_name: str, transitions: list[tuple[str | None, str]]):
        super().__init__(model_name, transitions)
        self.seq = next_seq()
        self.created_at = self.updated_at = now()

    def set_status(self, status: str, touch: bool = True) -> None:
        self.status = status
        self._tick = 0
        if touch:
            self.updated_at = now()

    @property
    def removed(self) -> bool:
        return self.status == REMOVED

    def current_status(self) -> str:
        """The status as a lookup reads it (through the state manager)."""
        return str(self.status)

    def on_removed(self) -> None:
        """Called when its status reads removed; subclasses leave their collection here."""


R = TypeVar("R", bound=Resource)


def find_child(collection: dict[str, R], child_id: str) -> R | None:
    """The present child of a collection (removing it if its status reads removed)."""
    child = collection.get(child_id)
    if child is not None and child.status == REMOVED:
        child.on_removed()
        return None
    return child


def present_child(
    collection: dict[str, R], child_id: str, label: str, index_id: str,
    refuse: frozenset[str] = frozenset(), advance: bool = False,
) -> R:
    """Step 9 for a child of an index: the present child (advanced once first when
    ``advance``, as Describe does), else ResourceNotFound; a status in ``refuse`` ->
    Conflict."""
    child = collection.get(child_id)
    if child is not None and advance:
        child.advance()
    child = find_child(collection, child_id)
    if child is None:
        raise ResourceNotFoundException.child(label, child_id, index_id)
    status = child.current_status()
    if status in refuse:
        raise ConflictException.child_status(label, child_id, status)
    return child


def live(resources: dict[str, Any], advance: bool = False) -> Iterable[Any]:
    """The present resources of a collection, dropping those whose status reads removed.

    Resources without a managed status (featured results sets, access control
    configurations) leave their collection when deleted, so all of them are present.
    """
    for key, resource in list(resources.items()):
        managed = isinstance(resource, ManagedState)
        if not managed:
            yield resource
            continue
        if advance:
            resource.advance()
        if resource.status == REMOVED:
            resources.pop(key, None)
            resource.on_removed()
        else:
            yield resource


def pascal_keys(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Backend keyword arguments (snake_case) back to the model's member names."""
    return {
        "".join(part[:1].upper() + part[1:] for part in key.split("_")): value
        for key, value in kwargs.items()
    }


def check_tags(tags: list[dict[str, str]] | None) -> None:
    """Spec section 7: tag-key prefix and the 200-tag limit (one rule, one helper each)."""
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
