"""Registration with moto, the server hooks, and the per-region backend lookup.

moto finds a service by three things: a URL pattern in
``moto.backend_index.backend_url_patterns``, an importable module
``moto.<service>`` exposing ``<service>_backends``, and default transitions in
the state manager.  Everything here is idempotent.
"""

from __future__ import annotations

import re
import sys
import threading
from typing import TYPE_CHECKING

from ..resources.lifecycles import LIFECYCLES

if TYPE_CHECKING:
    from ..models import KendraBackend

SERVICE_NAME = "kendra"
URL_PATTERN = re.compile(r"https?://kendra\.(.+)\.amazonaws\.com")

DEFAULT_TRANSITION = {"progression": "immediate"}

_lock = threading.Lock()
_registered = False


def register() -> None:
    """Make moto serve Kendra. Safe to call any number of times."""
    global _registered
    with _lock:
        if _registered:
            return
        import moto
        from moto import backend_index
        from moto.moto_api import state_manager

        from .. import models

        sys.modules[f"moto.{SERVICE_NAME}"] = models
        setattr(moto, SERVICE_NAME, models)
        if not any(name == SERVICE_NAME for name, _ in backend_index.backend_url_patterns):
            # first, so an in-process Kendra call is not matched against ~180 patterns
            backend_index.backend_url_patterns.insert(0, (SERVICE_NAME, URL_PATTERN))
        for model_name in LIFECYCLES:  # every asynchronous status runs on the state manager
            state_manager.register_default_transition(model_name, dict(DEFAULT_TRANSITION))
        _leave_bodies_to_kendra()
        _registered = True


def _leave_bodies_to_kendra() -> None:
    """Skip moto's server-side gunzip hook for Kendra's app.

    moto's Flask server decodes ``Content-Encoding: gzip`` bodies in a ``before_request``
    hook, before any view runs: a broken gzip body escapes as an HTML 500, and the view's
    own request set-up decodes the body a second time.  Kendra reads and decodes its raw
    body itself (``responses.py``), the same way in-process and in the server.
    """
    try:
        from moto.moto_server import werkzeug_app
    except ImportError:  # moto without its [server] extra: there is no server to adjust
        return
    moto_hook = getattr(werkzeug_app, "decompress_request_body", None)  # moto >= 5.1
    if moto_hook is None or getattr(moto_hook, "leaves_kendra_alone", False):
        return

    def decompress_request_body() -> None:
        from flask import current_app

        if getattr(current_app, "service", None) != SERVICE_NAME:
            moto_hook()

    decompress_request_body.leaves_kendra_alone = True  # type: ignore[attr-defined]
    setattr(werkzeug_app, "decompress_request_body", decompress_request_body)  # noqa: B010


def cache_server_routing() -> None:
    """Let moto's server list its service packages once instead of on every request.

    moto's host dispatcher asks ``list_of_moto_modules()`` (a directory listing of the
    installed moto) for each request; a Kendra host never matches a package name, so
    every Kendra request paid for a full listing.  The listing cannot change while the
    server runs.  Called only by ``moto-kendra-server``.
    """
    from moto import backends

    if getattr(backends.list_of_moto_modules, "cached_by_kendra", False):
        return
    modules = tuple(backends.list_of_moto_modules())

    def list_of_moto_modules() -> tuple[str, ...]:
        return modules

    list_of_moto_modules.cached_by_kendra = True  # type: ignore[attr-defined]
    backends.list_of_moto_modules = list_of_moto_modules  # type: ignore[assignment]


def backend_for(account_id: str, region: str) -> KendraBackend:
    """The backend of one account and region; every region name is served, not only the
    regions botocore lists for Kendra."""
    from ..models import KendraBackend, kendra_backends

    per_account = kendra_backends[account_id]
    try:
        return per_account[region]
    except KeyError:
        with _lock:
            if region not in per_account.keys():
                dict.__setitem__(per_account, region, KendraBackend(region, account_id))
        return dict.__getitem__(per_account, region)  # type: ignore[no-any-return]
