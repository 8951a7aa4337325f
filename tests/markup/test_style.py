"""Style strings: the words tags and themes use."""
from __future__ import annotations

import pytest

from sandbox.markup.colour import Colour
from sandbox.markup.style import EMPTY, Style, StyleError, parse_style


def test_attributes_colours_and_background() -> None:
    style = parse_style("bold red on black")
    assert style.has("bold") and not style.has("italic")
    assert style.fg == Colour("ansi", 1)
    assert style.bg == Colour("ansi", 0)
    assert str(style) == "bold red on black"


def test_order_and_case_do_not_matter() -> None:
    assert parse_style("On #102030 ITALIC underline") == parse_style("italic underline on #102030")


def test_none_is_the_empty_style() -> None:
    assert parse_style("none") == EMPTY
    assert not EMPTY
    assert str(EMPTY) == "none"


@pytest.mark.parametrize(
    ("spec", "reason"),
    [
        ("", "empty style"),
        ("bold blod", "unknown style or colour 'blod'"),
        ("red blue", "two foreground colours (use 'on COLOUR' for a background)"),
        ("on", "'on' needs a background colour after it"),
        ("on bold", "unknown background colour 'bold'"),
        ("on red on blue", "two background colours"),
        ("#fff", "malformed colour '#fff' (use #rrggbb)"),
    ],
)
def test_errors_name_the_problem(spec: str, reason: str) -> None:
    with pytest.raises(StyleError) as info:
        parse_style(spec)
    assert str(info.value) == reason


def test_layering_inner_colour_wins_and_attributes_add() -> None:
    outer = parse_style("bold red on blue")
    inner = parse_style("italic green")
    assert outer + inner == Style(outer.attrs | inner.attrs, Colour("ansi", 2), Colour("ansi", 4))
    assert (outer + EMPTY) == outer
    assert outer.without_colour() == parse_style("bold")
