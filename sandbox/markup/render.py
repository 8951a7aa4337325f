"""``render``: markup to any medium, cached per (markup, medium, theme, width, mxp).

A say to a hundred players renders once per distinct client capability: the cache key
holds only what changes the output (HTML ignores theme and width; plain ignores theme).
Behind this cache, rendering parses with ``scan`` rather than the cached ``parse``: a
message reaches ``scan`` at most once per capability, and a second cache miss on every
new message cost more than those few re-parses save.
"""
from __future__ import annotations

from functools import lru_cache

from rich.text import Text

from sandbox.markup.ansi import render_ansi
from sandbox.markup.html import escape_markup, render_html
from sandbox.markup.html import html_page as _page
from sandbox.markup.html_indent import hang_indents
from sandbox.markup.parser import parse, scan
from sandbox.markup.richtext import render_text
from sandbox.markup.safety import strip_controls
from sandbox.markup.tags import MEDIA
from sandbox.markup.theme import DEFAULT_THEME, Theme
from sandbox.markup.wrap import wrap_parsed

_MEDIA = frozenset(MEDIA)


@lru_cache(maxsize=4096)
def _render(markup: str, to: str, theme: Theme | None, width: int | None, mxp: bool) -> str:
    if not markup.isprintable():  # the common case skips the call
        markup = strip_controls(markup)
    if to == "html":
        parsed = scan(escape_markup(markup))
        fragment = render_html(parsed)
        # Most messages have no indented line: look at their text before the HTML.
        text = "".join(parsed.texts)
        if text.startswith((" ", "\t")) or "\n " in text or "\n\t" in text:
            return hang_indents(fragment)
        return fragment
    parsed = scan(markup)
    if width is not None:
        parsed = wrap_parsed(parsed, width)
    if to == "plain":
        return "".join(parsed.texts)
    return render_ansi(parsed, theme or DEFAULT_THEME, to, mxp)


def render(markup: str, to: str, theme: Theme | None = None, *, width: int | None = None, mxp: bool = False) -> str:
    """Render markup for a medium in tags.MEDIA. Malformed markup renders literally.

    ``width`` wraps plain and ANSI output (HTML wraps in the browser); ``mxp`` turns
    links into MXP send links on ANSI media. Raises ValueError only for an unknown medium.
    """
    if to not in _MEDIA:
        raise ValueError(f"unknown medium {to!r}: use one of {', '.join(MEDIA)}")
    if width is not None and width < 1:
        width = None
    if to == "html":
        return _render(markup, to, None, None, False)
    if to == "plain":
        return _render(markup, to, None, width, False)
    return _render(markup, to, theme or DEFAULT_THEME, width, mxp)


def plain(markup: str) -> str:
    """The text of markup with no styling: for screen readers and clients without ANSI."""
    return _render(markup, "plain", None, None, False)


def render_rich(markup: str, theme: Theme | None = None) -> Text:
    """A Rich ``Text`` for the TUI. Not cached: ``Text`` is mutable, and the TUI shows
    each message once."""
    return render_text(parse(markup), theme or DEFAULT_THEME)


def html_page(markup: str, theme: Theme | None = None, title: str = "preview") -> str:
    """A standalone HTML page (theme CSS, dark background) showing the markup."""
    return _page(render(markup, "html"), theme or DEFAULT_THEME, title)


def clear_caches() -> None:
    """Forget cached parses and renderings (benchmarks; a changed theme needs nothing:
    themes are cache keys by identity)."""
    _render.cache_clear()
    parse.cache_clear()
