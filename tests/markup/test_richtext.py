"""Rich Text for the TUI, built from runs."""
from __future__ import annotations

from rich.color import Color
from rich.style import Style as RichStyle

from sandbox.markup import DEFAULT_THEME, Theme, render_rich


def spans(markup: str, theme: Theme = DEFAULT_THEME) -> list[tuple[int, int, RichStyle]]:
    text = render_rich(markup, theme)
    return [(span.start, span.end, span.style) for span in text.spans]  # type: ignore[misc]


def test_plain_text_has_no_spans_and_no_markup_parsing() -> None:
    text = render_rich("a [[bold] b [not a tag] :smile: [i]")
    assert text.plain == "a [bold] b [not a tag] :smile: [i]"
    assert text.spans == []
    assert text.end == ""


def test_semantic_and_explicit_styles() -> None:
    assert spans("[room]Mill[/room] [bold red on #102030]x") == [
        (0, 4, RichStyle(bold=True, color=Color.from_rgb(224, 192, 96))),
        (5, 6, RichStyle(bold=True, color=Color.from_ansi(1), bgcolor=Color.from_rgb(16, 32, 48))),
    ]


def test_tui_override() -> None:
    theme = Theme.from_strings("t", {"room": "red"}, {"tui": {"room": "italic"}})
    assert spans("[room]x", theme) == [(0, 1, RichStyle(italic=True))]


def test_links_carry_their_command_and_the_link_style() -> None:
    ((start, end, style),) = spans("[link=look mill]Mill[/link]")
    assert (start, end) == (0, 4)
    assert style.underline is True
    assert style.meta == {"command": "look mill"}


def test_colourless_theme() -> None:
    mono = Theme.from_strings("m", {"room": "bold red", "link": "underline blue"}, colour=False)
    assert spans("[room]a[/room][green]b[/green][link=x]c", mono) == [
        (0, 1, RichStyle(bold=True)),
        (2, 3, RichStyle(underline=True, meta={"command": "x"})),
    ]
