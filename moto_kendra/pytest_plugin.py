"""pytest plugin (the ``pytest11`` entry point): Kendra is registered with moto at start-up,
so tests need no import of their own before using ``mock_aws``."""

import moto_kendra  # noqa: F401  (importing registers Kendra with moto)
