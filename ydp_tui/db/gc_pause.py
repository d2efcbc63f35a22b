"""Pausing Python's cycle collector around work that allocates many small acyclic objects.

Screening a year (tens of thousands of tuples) or merging a bundle (a hundred thousand changes)
would otherwise have the collector scan the whole heap several times meanwhile (a third of the
time, measured).  None of these objects form cycles, so the collector waits until the work is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
