"""Kendra's additions to moto's own ``/moto-api`` (moto's seams for them: ``_moto.moto_api``).

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
from typing import Any

from . import faults, state
from ._moto.moto_api import add_route, on_seed, show_in_dashboard
from .resources.base import REMOVED

FAULTS_PATH = "{0}/moto-api/kendra/faults"
STATE_PATH = "{0}/moto-api/kendra/state"
_JSON = {"Content-Type": "application/json"}


def install() -> None:
    """Add the faults and state routes, the seed hook and the dashboard models to moto."""
    add_route(FAULTS_PATH, faults_response)
    add_route(STATE_PATH, state.state_response)
    on_seed(faults.seed)
    show_in_dashboard("kendra", {name: _lister(of) for name, of in DASHBOARD_MODELS.items()})


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
    from ._moto.requests import raw_bytes

    try:
        return json.loads(raw_bytes(request) or b"null")
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


def _lister(collection: str | None) -> Callable[[], Iterator[dict[str, Any]]]:
    """The present resources of one family in every account and region, as their List call
    summarises them, with ``AccountId``, ``Region`` and ``IndexId``."""

    def entries() -> Iterator[dict[str, Any]]:
        from .models import kendra_backends

        for account_id, per_account in list(kendra_backends.items()):
            for region, backend in list(per_account.items()):
                with backend.lock:
                    for index in list(backend.indices.values()):
                        place = {"AccountId": account_id, "Region": region, "IndexId": index.id}
                        for item in _items(index, collection):
                            yield {**place, **_json_safe(_summary(item))}

    return entries


def _items(index: Any, collection: str | None) -> list[Any]:
    if index.status == REMOVED:
        return []
    if collection is None:
        return [index]
    children = getattr(index, collection).values()
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
