"""Small helpers for the hot paths measured in ``bench/``."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector around work that allocates many small objects none of which
    form cycles (screening a year, scoring thousands of pairs): otherwise the collector walks the
    whole heap (in-process indexes included) several times meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
