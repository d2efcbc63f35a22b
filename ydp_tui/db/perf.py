"""Small helpers for the hot paths measured in ``bench/``."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector around work that allocates many small objects none of which
    form cycles (scoring thousands of pairs; the subsidy screening pauses it the same way):
    otherwise the collector walks the whole heap (in-process indexes included) meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
