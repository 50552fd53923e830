"""``moto-kendra-server`` and ``python -m moto_kendra.server``.

moto's own standalone server with Kendra registered first, so the flags are exactly
``moto_server``'s (``-H/--host``, ``-p/--port``, ``-r/--reload``, ``-s/--ssl``, ...);
every request carrying a Kendra target is routed to Kendra (:mod:`moto_kendra.routing`).

One flag of its own, taken out before moto reads the rest: ``--state-file PATH``
(or ``--state-file=PATH``).  At start, when PATH exists, Kendra's state is loaded from it
(a file that cannot be loaded stops the server with exit status 2 and is left as it is);
on a clean shutdown (SIGINT or SIGTERM) the state is written to PATH atomically.  See
:mod:`moto_kendra.state`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

STATE_FLAG = "--state-file"


def split_state_file(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """``--state-file PATH`` (the last one given) and the arguments moto reads."""
    path: str | None = None
    rest: list[str] = []
    arguments = iter(argv)
    for argument in arguments:
        if argument == STATE_FLAG:
            path = next(arguments, None)
            if not path:
                sys.exit(f"moto-kendra-server: {STATE_FLAG} needs a file path")
        elif argument.startswith(STATE_FLAG + "="):
            path = argument.split("=", 1)[1]
        else:
            rest.append(argument)
    return path, rest


def main(argv: Sequence[str] | None = None) -> None:
    """Register Kendra, then run moto's server CLI with ``argv`` (default: ``sys.argv[1:]``)
    less ``--state-file``."""
    from moto.server import main as moto_server_main

    import moto_kendra
    from moto_kendra import state
    from moto_kendra._moto.dispatch import wrap_server_dispatcher
    from moto_kendra._moto.registration import cache_server_routing
    from moto_kendra.routing import KendraRouting

    state_file, moto_argv = split_state_file(sys.argv[1:] if argv is None else argv)
    moto_kendra.register()
    cache_server_routing()
    wrap_server_dispatcher(KendraRouting)
    if state_file is not None and os.path.exists(state_file):
        try:
            state.load_file(state_file)
        except (OSError, state.StateError) as error:
            print(f"moto-kendra-server: cannot load {state_file}: {error}", file=sys.stderr)
            sys.exit(2)
    try:
        moto_server_main(moto_argv)
    finally:
        if state_file is not None:
            state.save_file(state_file)


if __name__ == "__main__":
    main()
