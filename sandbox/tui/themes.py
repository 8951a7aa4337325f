"""The markup themes the TUI can switch between, wherever they come from.

Before the hot reloader starts (it is started after the first frame, to keep startup
fast) the themes come from a plain scan; afterwards from the reloader's live ThemeSet,
so an edited theme file restyles the next message.
"""
from __future__ import annotations

from pathlib import Path

from sandbox.markup import DEFAULT_THEME, Theme, ThemeSet


class ThemeChoice:
    def __init__(self, directory: Path | None, name: str = "default") -> None:
        self.themes = ThemeSet(directory if directory is not None and directory.is_dir() else None)
        self.name = name if name in self.themes else "default"

    def use_set(self, themes: ThemeSet) -> None:
        """Follow another (live) theme set, keeping the chosen name if it has it."""
        self.themes = themes
        if self.name not in themes:
            self.name = "default"

    @property
    def current(self) -> Theme:
        return self.themes.get(self.name) or DEFAULT_THEME

    def names(self) -> list[str]:
        return self.themes.names()

    def select(self, name: str) -> Theme:
        if name in self.themes:
            self.name = name
        return self.current

    def cycle(self) -> Theme:
        names = self.names()
        index = names.index(self.name) if self.name in names else -1
        self.name = names[(index + 1) % len(names)]
        return self.current
