"""Results of expensive reads (a year's or a period's screening) kept while the data they came
from is unchanged: the caller gives a fingerprint (counts, version sums, the last change-log
sequence …) cheap to read, and the result is computed again only when it differs."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class FingerprintCache(Generic[T]):
    """A few results by key, each valid for one fingerprint (oldest dropped beyond ``size``)."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: dict[Hashable, tuple[Any, T]] = {}

    def get(self, key: Hashable, fingerprint: Any, compute: Callable[[], T]) -> T:
        with self._lock:
            hit = self._items.get(key)
        if hit is not None and hit[0] == fingerprint:
            return hit[1]
        result = compute()
        with self._lock:
            self._items.pop(key, None)
            self._items[key] = (fingerprint, result)
            while len(self._items) > self.size:
                self._items.pop(next(iter(self._items)))
        return result

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading and screening tens of thousands of rows allocates as many small tuples; Python's
    cycle collector would scan the whole heap several times meanwhile (a third of the time,
    measured).  None of these objects form cycles, so the collector waits until the work is done."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
