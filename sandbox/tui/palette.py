"""Command-palette entries whose titles come from the world: objects to edit, players to
kick, markup themes to choose.

Textual's own system-command provider parses every title and help text as Textual
markup (``Content.from_markup``), so a thing named ``[@click=app.quit]`` would become an
action and ``[/x]`` would crash the palette. This provider builds its hits from
``Content`` objects (``literal``) and highlights the fuzzy match itself.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from sandbox.tui.literal import literal


@dataclass(frozen=True)
class Entry:
    title: str
    help: str
    callback: Callable[[], Any]


class HasEntries(Protocol):
    def palette_entries(self) -> list[Entry]: ...


def highlighted(matcher: Matcher, title: str) -> Content:
    """The title, literal, with the characters the query matched highlighted."""
    content = literal(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, content.plain)
    for offset in offsets:
        if not content.plain[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class WorldCommands(Provider):
    def _entries(self) -> list[Entry]:
        app = cast(HasEntries, self.app)  # SandboxApp: the provider is only registered there
        return app.palette_entries()

    async def discover(self) -> Hits:
        for entry in sorted(self._entries(), key=lambda e: e.title):
            yield DiscoveryHit(literal(entry.title), entry.callback, text=entry.title, help=literal(entry.help))  # type: ignore[arg-type]  # Textual shows a Content as it is; a str would be read as markup

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self._entries():
            score = matcher.match(entry.title)
            if score > 0:
                yield Hit(score, highlighted(matcher, entry.title), entry.callback, text=entry.title, help=literal(entry.help))  # type: ignore[arg-type]  # as above
