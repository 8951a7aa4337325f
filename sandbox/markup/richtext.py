"""Rich ``Text`` for the Textual TUI, built from runs (never through Rich's markup parser,
which is slow and would reinterpret player text)."""
from __future__ import annotations

from functools import lru_cache

from rich.style import Style as RichStyle
from rich.text import Text

from sandbox.markup.colour import rich_colour
from sandbox.markup.parser import Parsed
from sandbox.markup.style import Style
from sandbox.markup.theme import Theme, resolve


@lru_cache(maxsize=4096)
def rich_style(style: Style, command: str | None = None) -> RichStyle | None:
    """The Rich style for one of ours. A link carries its command in ``meta["command"]``
    so the TUI can send it on click (``event.style.meta``)."""
    if not style and command is None:
        return None
    return RichStyle(
        bold=style.has("bold") or None,
        dim=style.has("dim") or None,
        italic=style.has("italic") or None,
        underline=style.has("underline") or None,
        reverse=style.has("reverse") or None,
        strike=style.has("strike") or None,
        color=rich_colour(style.fg) if style.fg is not None else None,
        bgcolor=rich_colour(style.bg) if style.bg is not None else None,
        meta={"command": command} if command is not None else None,
    )


def render_text(parsed: Parsed, theme: Theme) -> Text:
    text = Text(end="")
    link_style = theme.style("link", "tui")
    if not theme.colour:
        link_style = link_style.without_colour()
    for run_text, frames, link in parsed.runs:
        style = resolve(frames, theme, "tui")
        if link is not None:
            style = style + link_style
        text.append(run_text, rich_style(style, link.command if link is not None else None))
    return text
