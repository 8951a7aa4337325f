"""Themes: how each semantic tag looks, per medium, loaded from TOML.

A theme is plain frozen data; a session holds the one it uses, so switching theme at run
time is swapping an object. ``ThemeSet`` reloads a directory the way Textual reloads a
stylesheet: a file that fails to load keeps its previous version and reports where.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sandbox.markup.style import EMPTY, Style, StyleError, parse_style
from sandbox.markup.tags import THEME_KEYS, THEME_MEDIA

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_TOP_LEVEL = ("name", "description", "background", "foreground", "colour", "styles", *THEME_MEDIA)


class ThemeError(Exception):
    """A theme file that cannot be used. ``line`` is 1-based, or None if unknown."""

    def __init__(self, path: Path | None, line: int | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<theme>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, eq=False)
class Theme:
    """Styles per theme key (tags.THEME_KEYS), with optional per-medium overrides.

    ``eq=False`` keeps identity hashing: themes are cache keys on the render path and
    hashing by identity is free. Keys a theme leaves out render unstyled.
    """

    name: str
    styles: Mapping[str, Style]
    overrides: Mapping[str, Mapping[str, Style]] = field(default_factory=dict)
    background: str = "#15171c"  #: page colours for HTML
    foreground: str = "#d8dee9"
    colour: bool = True  #: False drops every colour, explicit ones too (for `mono`)
    description: str = ""
    path: Path | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "styles", MappingProxyType(dict(self.styles)))
        frozen = {medium: MappingProxyType(dict(table)) for medium, table in self.overrides.items()}
        object.__setattr__(self, "overrides", MappingProxyType(frozen))

    def style(self, key: str, medium: str) -> Style:
        """The style for a theme key on a medium: the medium's override, else the base."""
        table = self.overrides.get(medium)
        if table is not None and key in table:
            return table[key]
        return self.styles.get(key, EMPTY)

    @classmethod
    def from_strings(
        cls,
        name: str,
        styles: Mapping[str, str],
        overrides: Mapping[str, Mapping[str, str]] | None = None,
        **options: Any,
    ) -> Theme:
        """Build a theme from style strings (raises StyleError on a bad one)."""
        parsed = {key: parse_style(spec) for key, spec in styles.items()}
        parsed_overrides = {
            medium: {key: parse_style(spec) for key, spec in table.items()}
            for medium, table in (overrides or {}).items()
        }
        return cls(name, parsed, parsed_overrides, **options)


@lru_cache(maxsize=8192)
def resolve(frames: tuple[Any, ...], theme: Theme, medium: str) -> Style:
    """The flat style of a run: each open tag layered over the ones outside it.

    Cached per (frames, theme, medium): a game has few distinct tag stacks.
    """
    style = EMPTY
    for frame in frames:
        layer = frame.style if frame.semantic is None else theme.style(frame.semantic, medium)
        style = style + layer
    return style if theme.colour else style.without_colour()


# -- the built-in default, mirrored by themes/default.toml (a test keeps them equal) ----

DEFAULT_STYLES: dict[str, str] = {
    "room": "bold #e0c060",
    "exit": "cyan",
    "npc": "#d08770",
    "item": "#a3be8c",
    "player": "bold #88c0d0",
    "say": "bright_white",
    "emote": "italic #b48ead",
    "channel": "#81a1c1",
    "title": "bold underline #ebcb8b",
    "help": "#8fbcbb",
    "command": "bold cyan",
    "prompt": "bold",
    "info": "bright_blue",
    "success": "green",
    "warning": "yellow",
    "error": "bold red",
    "link": "underline",
}
# Pastels all downgrade to white on 16 colours; these keep the tags apart there.
DEFAULT_ANSI16: dict[str, str] = {
    "npc": "bright_red",
    "item": "bright_green",
    "player": "bold bright_cyan",
    "emote": "italic magenta",
    "channel": "blue",
    "help": "cyan",
}

DEFAULT_THEME: Theme = Theme.from_strings(
    "default",
    DEFAULT_STYLES,
    {"ansi16": DEFAULT_ANSI16},
    description="Warm colours on a dark background.",
)


# -- loading ------------------------------------------------------------------------


def load_theme(path: Path) -> Theme:
    """Load one theme file; raise ThemeError with the file and line of the problem."""
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeError(path, None, f"cannot read theme: {exc}") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = int(match.group(1)) if match else (source.count("\n") + 1 if "end of document" in message else None)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        raise ThemeError(path, line, f"invalid TOML: {message}") from None
    return _theme_from_data(path, source, data)


def _theme_from_data(path: Path, source: str, data: dict[str, Any]) -> Theme:
    def fail(table: str, key: str, message: str) -> ThemeError:
        return ThemeError(path, _line_of(source, table, key), message)

    for key in data:
        if key not in _TOP_LEVEL:
            raise fail("", key, f"unknown setting {key!r} (known: {', '.join(_TOP_LEVEL)})")
    options: dict[str, Any] = {"path": path}
    for key in ("name", "description"):
        if key in data and not isinstance(data[key], str):
            raise fail("", key, f"{key} must be a string")
    for key in ("background", "foreground"):
        if key in data:
            if not isinstance(data[key], str) or not _HEX.fullmatch(data[key]):
                raise fail("", key, f"{key} must be a colour written #rrggbb")
            options[key] = data[key].lower()
    if "colour" in data:
        if not isinstance(data["colour"], bool):
            raise fail("", "colour", "colour must be true or false")
        options["colour"] = data["colour"]
    styles = _styles_table(data, "styles", fail)
    overrides = {medium: _styles_table(data, medium, fail) for medium in THEME_MEDIA if medium in data}
    name = data.get("name", path.stem)
    return Theme(name, styles, overrides, description=data.get("description", ""), **options)


def _styles_table(data: dict[str, Any], table: str, fail: Any) -> dict[str, Style]:
    entries = data.get(table, {})
    if not isinstance(entries, dict):
        raise fail("", table, f"[{table}] must be a table of tag = \"style\"")
    styles: dict[str, Style] = {}
    for key, spec in entries.items():
        if key not in THEME_KEYS:
            raise fail(table, key, f"unknown tag {key!r} in [{table}] (known: {', '.join(THEME_KEYS)})")
        if not isinstance(spec, str):
            raise fail(table, key, f"{table}.{key} must be a style string such as \"bold red\"")
        try:
            styles[key] = parse_style(spec)
        except StyleError as exc:
            raise fail(table, key, f"{table}.{key}: {exc}") from None
    return styles


_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")


def _line_of(source: str, table: str, key: str) -> int | None:
    """The line where ``table.key`` is set. tomllib gives no positions for values, so we
    track table headers ourselves; good enough for the flat files themes are."""
    quoted = rf"[\"']?{re.escape(key)}[\"']?"
    in_table = re.compile(rf"^\s*{quoted}\s*=")
    dotted = re.compile(rf"^\s*{re.escape(table)}\s*\.\s*{quoted}\s*=") if table else None
    header = re.compile(rf"^\s*\[\s*{quoted}\s*\]")
    current = ""
    for number, line in enumerate(source.splitlines(), 1):
        match = _TABLE_HEADER.match(line)
        if match:
            if not table and header.match(line):
                return number  # a whole table that is wrong: point at its header
            current = match.group(1).strip("\"'")
            continue
        if current == table and in_table.match(line):
            return number
        if current == "" and dotted is not None and dotted.match(line):
            return number
    return None


def scan_themes(directory: Path) -> tuple[dict[str, Theme], list[ThemeError]]:
    """Every ``*.toml`` theme in a directory, keyed by file stem, and the errors."""
    themes: dict[str, Theme] = {}
    errors: list[ThemeError] = []
    for path in sorted(Path(directory).glob("*.toml")):
        try:
            themes[path.stem] = load_theme(path)
        except ThemeError as exc:
            errors.append(exc)
    return themes, errors


def load_themes(directory: Path) -> dict[str, Theme]:
    """The themes that load, keyed by file stem; use ``ThemeSet`` to see the errors."""
    return scan_themes(directory)[0]


class ThemeSet:
    """The themes a game offers, by name, reloadable without losing a working theme.

    ``default`` always exists: the built-in DEFAULT_THEME unless themes/default.toml
    loads. A file that fails to load keeps the version loaded before.
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        self._themes: dict[str, Theme] = {"default": DEFAULT_THEME}
        self.errors: list[ThemeError] = []
        if directory is not None:
            self.reload()

    def reload(self) -> list[ThemeError]:
        """Re-read the directory; returns (and keeps in ``errors``) what failed."""
        if self.directory is None or not Path(self.directory).is_dir():
            self.errors = []
            return []
        loaded, errors = scan_themes(self.directory)
        themes = {"default": DEFAULT_THEME}
        for error in errors:
            stem = error.path.stem if error.path is not None else ""
            if stem in self._themes:
                themes[stem] = self._themes[stem]  # swap only what loaded
        themes.update(loaded)
        self._themes = themes
        self.errors = errors
        return errors

    def reload_file(self, path: Path) -> Theme:
        """Load one changed file; on ThemeError the previous version stays in use."""
        theme = load_theme(path)
        self._themes = {**self._themes, Path(path).stem: theme}
        return theme

    def get(self, name: str) -> Theme | None:
        return self._themes.get(name)

    def __getitem__(self, name: str) -> Theme:
        return self._themes[name]

    def __contains__(self, name: object) -> bool:
        return name in self._themes

    def names(self) -> list[str]:
        return sorted(self._themes)
