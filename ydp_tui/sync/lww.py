"""The merge rules as pure functions (no I/O): per-field last-writer-wins and its leaves.

A change is anything with ``clock`` = (HLC, site id) and ``base`` = the clock of the value it
replaced (None for a new record).  For one field:

- the **winner** is the change with the greatest clock: every machine holding the same changes
  shows the same value, whatever order they arrived in;
- the **leaves** are the changes no other change replaced; every leaf but the winner is a value
  written concurrently and lost - a conflict (CouchDB's conflicting leaf revisions).  A change
  stops being a leaf once its own writer (or anyone who saw it) replaces it.
- a run of new changes each replacing the one before, starting from the winner held here, adds
  no leaf but its last: there is nothing to look for (``is_chain``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

Clock = tuple[int, str]


class Change(Protocol):
    @property
    def clock(self) -> Clock: ...

    @property
    def base(self) -> Clock | None: ...


def winner(changes: Iterable[Any]) -> Any:
    return max(changes, key=lambda c: c.clock)


def replaced(changes: Iterable[Any]) -> set[Clock]:
    """The clocks some change names as the value it replaced."""
    return {c.base for c in changes if c.base is not None}


def leaves(changes: Sequence[Any]) -> list[Any]:
    gone = replaced(changes)
    return [c for c in changes if c.clock not in gone]


def losers(changes: Sequence[Any]) -> tuple[Any | None, list[Any]]:
    """(winner, the other leaves) of one field's changes."""
    if not changes:
        return None, []
    found = leaves(changes)
    best = winner(changes)
    return best, [c for c in found if c is not best]


def is_chain(new: Iterable[Any], held_winner: Clock | None) -> bool:
    base = held_winner
    for c in sorted(new, key=lambda c: c.clock):
        if c.base != base:
            return False
        base = c.clock
    return True
