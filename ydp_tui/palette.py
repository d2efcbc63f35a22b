"""Command-palette providers (Ctrl+P): jump to any person by name, 초성 or phone, or to any
screen.  The database layer is imported only when a search runs."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from ydp_tui import strings
from ydp_tui.screens import SECTIONS

if TYPE_CHECKING:
    from ydp_tui.app import YdpApp


class SectionsProvider(Provider):
    """Every screen by its Korean name."""

    def _entries(self) -> list[tuple[str, str, str]]:
        entries = [("home", strings.HOME, "메뉴")]
        entries += [(s.id, s.title, s.help) for s in SECTIONS]
        return entries

    def _open(self, section_id: str) -> None:
        app: YdpApp = self.app  # type: ignore[assignment]
        if section_id == "home":
            app.go_home()
        else:
            app.open_section(section_id)

    async def discover(self) -> Hits:
        for section_id, title, help_text in self._entries():
            yield DiscoveryHit(f"화면: {title}", partial(self._open, section_id), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for section_id, title, help_text in self._entries():
            label = f"화면: {title}"
            score = max(matcher.match(title), matcher.match(label))
            if score > 0:
                yield Hit(score, matcher.highlight(label), partial(self._open, section_id), help=help_text)


class PeopleProvider(Provider):
    """구직자 by name, 초성 ("ㄱㅁㅅ", "김ㅁ") or phone digits."""

    async def search(self, query: str) -> Hits:
        app: YdpApp = self.app  # type: ignore[assignment]
        if app.db is None or not query.strip():
            return
        from ydp_tui.db import seekers

        page = await asyncio.to_thread(seekers.search, app.db, query, limit=15)
        for i, row in enumerate(page.rows):
            label = Text.assemble((row.name, "bold"), f"  {row.birth_date or ''}  {row.phone}  ",
                                  (row.seeker_no, "dim"), f"  {row.status}")
            yield Hit(0.99 - i * 0.01, label, partial(app.open_seeker, row.id),
                      text=f"{row.name} {row.seeker_no}", help="구직자 열기")
