"""moto's ``moto_api`` seams: an extra ``/moto-api`` route, following moto's seed, and the
dashboard's model lists (``/moto-api/data.json``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any


def add_route(path: str, handler: Callable[..., Any]) -> None:
    """Serve ``path`` (a moto url-path pattern such as ``"{0}/moto-api/kendra/faults"``) with
    ``handler(request, full_url, headers)``.  moto's server and in-process ``requests`` calls
    to the moto API both read these paths; add them before the server first answers."""
    from moto.moto_api._internal import urls

    urls.url_paths.setdefault(path, handler)


def on_seed(callback: Callable[[Any], None]) -> None:
    """Call ``callback(a)`` whenever moto's seeded generator is seeded (``/moto-api/seed``)."""
    from moto.moto_api._internal import mock_random

    moto_seed = mock_random.seed
    if callback in getattr(moto_seed, "kendra_callbacks", ()):
        return

    def seed(a: Any = None, version: int = 2) -> None:
        moto_seed(a, version)
        callback(a)

    seed.kendra_callbacks = (*getattr(moto_seed, "kendra_callbacks", ()), callback)  # type: ignore[attr-defined]
    mock_random.seed = seed  # type: ignore[method-assign]


class _Listed:
    """What moto's dashboard reads for one model, ``instances_tracked`` (``instances`` on
    moto 5.0), computed on each read from ``entries()`` instead of kept as every instance
    ever made."""

    def __init__(self, entries: Callable[[], Iterable[dict[str, Any]]]) -> None:
        self.entries = entries

    @property
    def instances_tracked(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(**entry) for entry in self.entries()]

    @instances_tracked.setter
    def instances_tracked(self, value: Any) -> None:
        """moto's reset empties every model's list; these lists are computed, not kept."""

    # moto 5.0 reads and resets the same list under the name ``instances``
    instances = instances_tracked


def show_in_dashboard(
    service: str, models: dict[str, Callable[[], Iterable[dict[str, Any]]]]
) -> None:
    """List ``models`` (model name -> its current entries) under ``service`` in the dashboard."""
    from moto.core.model_instances import model_data

    for name, entries in models.items():
        if not isinstance(model_data[service].get(name), _Listed):
            model_data[service][name] = _Listed(entries)
