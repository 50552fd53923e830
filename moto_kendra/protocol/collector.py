"""The cyclic garbage collector paused while a request body is decoded and validated.

Decoding a large body allocates one container per JSON object or array, and every few
hundred allocations CPython's cyclic collector walks the young objects, and now and
then the whole heap; on a body of tens of thousands of entries that makes the parse
grow faster than the body.  The trees the JSON decoder and the readers build hold no
reference cycles, so pausing the collector for that stretch loses nothing: the
collector runs again as soon as the last concurrent parse is done (and not at all if it
was off when the first one started).  Only bodies of :data:`PAUSE_FROM` bytes or more
pause it: on smaller ones the collector's share is small and constant, and a pause
overlapping from thread to thread must stay rare.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

PAUSE_FROM = 256 * 1024
_LOCK = threading.Lock()
_active = 0  # parses under way (server threads)
_resume = False  # whether the collector was on when the first of them started


def collector_paused(size: int) -> AbstractContextManager[None]:
    """No cyclic collection inside the block when ``size`` (the body's length) is at least
    :data:`PAUSE_FROM` (reference counting still frees memory)."""
    return _NOT_PAUSED if size < PAUSE_FROM else _paused()


_NOT_PAUSED = nullcontext()  # reusable: small bodies (almost every request) share it


@contextmanager
def _paused() -> Iterator[None]:
    global _active, _resume
    with _LOCK:
        if _active == 0:
            _resume = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _LOCK:
            _active -= 1
            if _active == 0 and _resume:
                gc.enable()
