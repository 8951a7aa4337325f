"""The markup language: one source, rendered as plain, ANSI, HTML and TUI text.

See docs/markup.md. Everything callers need is importable from here.
"""
from __future__ import annotations

from sandbox.markup.html import theme_css
from sandbox.markup.parser import MarkupError, parse, validate
from sandbox.markup.render import clear_caches, html_page, plain, render, render_rich
from sandbox.markup.safety import escape, strip_controls
from sandbox.markup.style import Style, StyleError, parse_style
from sandbox.markup.tags import MEDIA, SEMANTIC_TAGS, THEME_KEYS
from sandbox.markup.theme import (
    DEFAULT_THEME,
    Theme,
    ThemeError,
    ThemeSet,
    load_theme,
    load_themes,
    scan_themes,
)
from sandbox.markup.wrap import visible_length, wrap

__all__ = [
    "DEFAULT_THEME",
    "MEDIA",
    "SEMANTIC_TAGS",
    "THEME_KEYS",
    "MarkupError",
    "Style",
    "StyleError",
    "Theme",
    "ThemeError",
    "ThemeSet",
    "clear_caches",
    "escape",
    "html_page",
    "load_theme",
    "load_themes",
    "parse",
    "parse_style",
    "plain",
    "render",
    "render_rich",
    "scan_themes",
    "strip_controls",
    "theme_css",
    "validate",
    "visible_length",
    "wrap",
]
