"""Lists that follow other desks: a screen mixes in :class:`LiveRefresh`, calls
``start_live_refresh()`` once mounted and implements ``refresh_from_changes()`` (reload the
page, keeping the cursor on the same record).  While the screen is shown it asks the database's
change counter (``db/changes.py``) every ``POLL_SECONDS``; only a moved counter reloads."""

from __future__ import annotations

from typing import Any


class LiveRefresh:
    POLL_SECONDS = 3.0
    _live_token: int | None = None

    def start_live_refresh(self: Any) -> None:
        self.set_interval(self.POLL_SECONDS, self.poll_changes, name="live-refresh")

    def poll_changes(self: Any) -> None:
        """Ask once now (the timer calls this; tests call it directly)."""
        from ydp_tui.db import changes

        db = self.db
        if db is None or not self.is_current:
            return
        self.run_service(lambda: changes.token(db), self._live_token_read, group="live-refresh",
                         failed=lambda _exc: None)

    def _live_token_read(self: Any, token: int) -> None:
        previous, self._live_token = self._live_token, token
        if previous is not None and token != previous:
            self.refresh_from_changes()

    def refresh_from_changes(self) -> None:  # pragma: no cover - each list says how
        raise NotImplementedError
