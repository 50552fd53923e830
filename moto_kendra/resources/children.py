"""``Children[R]``: one kind of an index's children (data sources, FAQs, thesauri, ...).

A ``dict`` from child Id to child, in creation order, that also answers the questions every
kind asks the same way: the present child or the kind's ResourceNotFound/Conflict
(``<Label> <Id> ...``), the live listing of a List* call, removal.  "Present" means stored
and its status not reading removed; a child whose status reads removed is dropped (and its
``on_removed`` run) at the lookup or listing that reads it.  Children without a managed
status (featured results sets, access control configurations) leave at once when deleted,
so every stored one is present.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Generic, Protocol, TypeVar

from .._moto.state import Managed
from ..exceptions import ConflictException, ResourceNotFoundException
from .lifecycles import REMOVED


class Child(Protocol):
    """What every child of an index has (a List* also reads its ``summary()``)."""

    id: str

    def on_removed(self) -> None: ...


R = TypeVar("R", bound=Child)


def live(resources: dict[str, Any], advance: bool = False) -> Iterable[Any]:
    """The present resources of a collection, dropping those whose status reads removed
    (advancing each once first when ``advance``, as a List* does)."""
    for key, resource in list(resources.items()):
        if not isinstance(resource, Managed):
            yield resource
            continue
        if advance:
            resource.advance()
        if resource.status == REMOVED:
            resources.pop(key, None)
            resource.on_removed()
        else:
            yield resource


class Children(dict[str, R], Generic[R]):
    """The children of one kind under one index; ``label`` names the kind in errors."""

    def __init__(self, label: str, index_id: str):
        super().__init__()
        self.label = label
        self.index_id = index_id

    def add(self, child: R) -> R:
        self[child.id] = child
        return child

    def find(self, child_id: str | None) -> R | None:
        """The present child, or None (a child whose status reads removed is dropped)."""
        if child_id is None:
            return None
        child = self.get(child_id)
        if isinstance(child, Managed) and child.status == REMOVED:
            self.pop(child_id, None)
            child.on_removed()
            return None
        return child

    def require(
        self, child_id: str, refuse: frozenset[str] = frozenset(), advance: bool = False
    ) -> R:
        """The present child (advanced once first when ``advance``, as Describe does), else
        ResourceNotFoundException; a status in ``refuse`` -> ConflictException."""
        child = self.get(child_id)
        if advance and isinstance(child, Managed):
            child.advance()
        child = self.find(child_id)
        if child is None:
            raise ResourceNotFoundException.child(self.label, child_id, self.index_id)
        status = child.current_status() if isinstance(child, Managed) else None
        if status is not None and status in refuse:
            raise ConflictException.child_status(self.label, child_id, status)
        return child

    def live(self, advance: bool = False) -> list[R]:
        """The present children in creation order (each advanced once first when ``advance``)."""
        return list(live(self, advance))

    def holds(self, child: Any) -> bool:
        """Whether ``child`` itself (not another child with its Id) is stored here."""
        return self.get(getattr(child, "id", None)) is child  # type: ignore[arg-type]

    def drop_all(self) -> None:
        """The index is removed: every child leaves (each ``on_removed`` drops its tags)."""
        for child in list(self.values()):
            child.on_removed()
