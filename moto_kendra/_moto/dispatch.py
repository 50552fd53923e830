"""moto's standalone server, built with a wrapper around its dispatcher."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .registration import SERVICE_NAME

Wrapper = Callable[[Any, Callable[[], Any]], Any]


def wrap_server_dispatcher(wrap: Wrapper) -> None:
    """Make moto's server CLI build its application as ``wrap(dispatcher, kendra_app)``.

    moto's ``main`` builds ``DomainDispatcherApplication(create_backend_app)``; the name is
    replaced, in ``moto.server`` only, by a factory returning the wrapped dispatcher.
    ``kendra_app()`` gives the dispatcher's own Kendra application (built once, under its
    lock).  Idempotent; called only by ``moto-kendra-server``.
    """
    import moto.server

    original = moto.server.DomainDispatcherApplication
    if getattr(original, "wrapped_by_kendra", False):
        return

    def dispatcher_with_kendra(create_app: Any) -> Any:
        dispatcher = original(create_app)

        def kendra_app() -> Any:
            with dispatcher.lock:
                app = dispatcher.app_instances.get(SERVICE_NAME)
                if app is None:
                    app = dispatcher.app_instances[SERVICE_NAME] = create_app(SERVICE_NAME)
            return app

        return wrap(dispatcher, kendra_app)

    dispatcher_with_kendra.wrapped_by_kendra = True  # type: ignore[attr-defined]
    moto.server.DomainDispatcherApplication = dispatcher_with_kendra  # type: ignore[misc,assignment]
