"""moto's ``ManagedState`` behind the few status operations Kendra's resources need.

``ManagedState`` keeps its status, transitions and advance count in private fields
(``_status``, ``_transitions``, ``_tick``); this class is the only code that touches them.
"""

from __future__ import annotations

from collections.abc import Container

from moto.moto_api._internal import mock_random
from moto.moto_api._internal.managed_state_model import ManagedState

from ..resources.lifecycles import lifecycle


def new_id(*taken: Container[str]) -> str:
    """An id from moto's seeded generator (``/moto-api/seed`` makes runs repeatable).

    An id already in one of the ``taken`` collections is drawn again: after a re-seed the
    generator repeats ids it gave before, and a create must never replace what is stored.
    The draws stay repeatable (the same seed and the same state give the same ids).
    """
    while True:
        drawn = str(mock_random.uuid4())
        if not any(drawn in ids for ids in taken):
            return drawn


class Managed(ManagedState):
    """A resource whose status runs on moto's state manager.

    ``model_name`` is its ``kendra::*`` model, ``kind`` the lifecycle of that model in
    :data:`~moto_kendra.resources.lifecycles.LIFECYCLES` it starts on.
    """

    def __init__(self, model_name: str, kind: str = "main"):
        super().__init__(model_name, lifecycle(model_name, kind))

    def force_status(self, status: str, kind: str | None = None) -> None:
        """A status set by an API call (optionally onto another lifecycle of the model);
        the ``manual`` advance count starts again."""
        if kind is not None:
            self._transitions = lifecycle(self.model_name, kind)
        self._status = status
        self._tick = 0

    def on_lifecycle(self, kind: str) -> bool:
        """Whether the resource currently follows this lifecycle of its model."""
        return self._transitions is lifecycle(self.model_name, kind)

    def settled_status(self) -> str | None:
        """The status as last moved, without asking the state manager to move it."""
        return self._status

    def on_removed(self) -> None:
        """Called once its status reads removed and it leaves its collection."""

    def moved_status(self) -> str | None:
        """The status after the state manager moves it as due (what ``status`` reads)."""
        return ManagedState.status.fget(self)  # type: ignore[attr-defined,no-any-return]
