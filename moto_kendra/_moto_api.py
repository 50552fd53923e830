"""Kendra's additions to moto's own ``/moto-api``: the seams into moto's moto_api package.

- ``/moto-api/kendra/faults`` (``POST`` a rule list, ``GET`` it, ``DELETE`` it): the HTTP face
  of :mod:`moto_kendra.faults`.  The route joins moto's ``moto_api`` url paths, which both
  moto's server (``moto-kendra-server``, ``ThreadedMotoServer``) and in-process ``requests``
  calls to ``http://motoapi.amazonaws.com`` read, so it must be added before the server
  first answers a ``/moto-api`` request: importing ``moto_kendra`` does it.
- moto's ``/moto-api/seed`` also seeds the fault generator.
- ``/moto-api/data.json`` (the dashboard) lists Kendra's resources under ``kendra``.

Everything here is idempotent; :func:`install` is called on import of the package.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from . import faults
from .resources.base import REMOVED

FAULTS_PATH = "{0}/moto-api/kendra/faults"
_JSON = {"Content-Type": "application/json"}


def install() -> None:
    """Add the faults route, the seed hook and the dashboard models to moto."""
    from moto.moto_api._internal import urls

    urls.url_paths.setdefault(FAULTS_PATH, faults_response)
    _follow_moto_seed()
    _show_in_dashboard()


def faults_response(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    """``POST`` replaces the rules (a JSON list, or ``{"rules": [...], "seed": N}``) and
    returns them; ``GET`` returns them; ``DELETE`` clears them.  A malformed body or rule
    answers 400 ``{"error": ...}`` and leaves the rules in force."""
    method = request.method.upper()
    if method == "DELETE":
        faults.clear()
    elif method == "POST":
        try:
            rules, seed = _rules_and_seed(_body(request))
            faults.set(rules, seed=seed)
        except faults.FaultRuleError as error:
            return 400, dict(_JSON), json.dumps({"error": str(error)})
    elif method != "GET":
        return 405, dict(_JSON), json.dumps({"error": "Use GET, POST or DELETE."})
    return 200, dict(_JSON), json.dumps(faults.get())


def _body(request: Any) -> Any:
    from .responses import _raw_bytes

    try:
        return json.loads(_raw_bytes(request) or b"null")
    except (ValueError, UnicodeDecodeError):
        raise faults.FaultRuleError("The body is not JSON.") from None


def _rules_and_seed(body: Any) -> tuple[Any, int | None]:
    if not isinstance(body, dict):
        return body, None
    unknown = sorted(set(body) - {"rules", "seed"})
    if unknown or "rules" not in body:
        raise faults.FaultRuleError('Send a rule list, or {"rules": [...], "seed": N}.')
    seed = body.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise faults.FaultRuleError("'seed' must be an integer.")
    return body["rules"], seed


def _follow_moto_seed() -> None:
    """Wrap moto's seeded generator's ``seed`` so that seeding moto seeds the faults too."""
    from moto.moto_api._internal import mock_random

    moto_seed = mock_random.seed
    if getattr(moto_seed, "seeds_kendra_faults", False):
        return

    def seed(a: Any = None, version: int = 2) -> None:
        moto_seed(a, version)
        faults.seed(a)

    seed.seeds_kendra_faults = True  # type: ignore[attr-defined]
    mock_random.seed = seed  # type: ignore[method-assign]


# -- the dashboard ----------------------------------------------------------------------
# model name -> the Index attribute holding that family (None: the index itself)
DASHBOARD_MODELS = {
    "Index": None,
    "DataSource": "data_sources",
    "Document": "documents",
    "Faq": "faqs",
    "Thesaurus": "thesauri",
    "QuerySuggestionsBlockList": "block_lists",
    "FeaturedResultsSet": "featured_sets",
    "Experience": "experiences",
    "AccessControlConfiguration": "access_control_configurations",
}


class _Tracked:
    """What moto's dashboard reads for one model: ``instances_tracked``, here computed from
    the live backends (present resources only, as their List call summarises them, with
    ``AccountId``, ``Region`` and ``IndexId``) instead of every instance ever made."""

    def __init__(self, collection: str | None) -> None:
        self.collection = collection

    @property
    def instances_tracked(self) -> list[SimpleNamespace]:
        return list(self._entries())

    @instances_tracked.setter
    def instances_tracked(self, value: Any) -> None:
        """moto's reset empties every model's list; these lists are computed, not kept."""

    def _entries(self) -> Iterator[SimpleNamespace]:
        from .models import kendra_backends

        for account_id, per_account in list(kendra_backends.items()):
            for region, backend in list(per_account.items()):
                with backend.lock:
                    for index in list(backend.indices.values()):
                        place = {"AccountId": account_id, "Region": region, "IndexId": index.id}
                        for item in self._items(index):
                            yield SimpleNamespace(**place, **_json_safe(_summary(item)))

    def _items(self, index: Any) -> list[Any]:
        if index.status == REMOVED:
            return []
        if self.collection is None:
            return [index]
        children = getattr(index, self.collection).values()
        return [child for child in children if getattr(child, "status", None) != REMOVED]


def _summary(item: Any) -> dict[str, Any]:
    summary: Callable[[], dict[str, Any]] | None = getattr(item, "summary", None)
    if summary is not None:
        return summary()
    return {"Id": item.id, "Status": item.public_status()}  # a document


def _json_safe(summary: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in summary.items()
    }


def _show_in_dashboard() -> None:
    from moto.core.model_instances import model_data

    for name, collection in DASHBOARD_MODELS.items():
        if not isinstance(model_data["kendra"].get(name), _Tracked):
            model_data["kendra"][name] = _Tracked(collection)
