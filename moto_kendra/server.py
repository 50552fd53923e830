"""``moto-kendra-server`` and ``python -m moto_kendra.server``.

moto's own standalone server with Kendra registered first, so the flags are exactly
``moto_server``'s (``-H/--host``, ``-p/--port``, ``-r/--reload``, ``-s/--ssl``, ...);
every request carrying a Kendra target is routed to Kendra (:mod:`moto_kendra.routing`).
"""

from __future__ import annotations

from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Register Kendra, then run moto's server CLI with ``argv`` (default: ``sys.argv[1:]``)."""
    from moto.server import main as moto_server_main

    import moto_kendra
    from moto_kendra._moto.dispatch import wrap_server_dispatcher
    from moto_kendra._moto.registration import cache_server_routing
    from moto_kendra.routing import KendraRouting

    moto_kendra.register()
    cache_server_routing()
    wrap_server_dispatcher(KendraRouting)
    moto_server_main(list(argv) if argv is not None else None)


if __name__ == "__main__":
    main()
