"""Colour parsing, downgrading and CSS values."""
from __future__ import annotations

import pytest

from sandbox.markup.colour import Colour, css_colour, parse_colour, rich_colour, sgr_colour


def test_named_colours_parse_to_palette_numbers() -> None:
    assert parse_colour("red") == Colour("ansi", 1)
    assert parse_colour("bright_white") == Colour("ansi", 15)
    assert parse_colour("color(208)") == Colour("index", 208)
    assert parse_colour("#E0C060".lower()) == Colour("rgb", 0xE0C060)
    assert parse_colour("blod") is None


@pytest.mark.parametrize(
    ("word", "reason"),
    [
        ("#12345", "malformed colour '#12345' (use #rrggbb)"),
        ("#12zz45", "malformed colour '#12zz45' (use #rrggbb)"),
        ("color(x)", "malformed colour 'color(x)' (use color(0) to color(255))"),
        ("color(300)", "colour index 300 is out of range 0-255"),
    ],
)
def test_colour_shaped_mistakes_say_why(word: str, reason: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_colour(word)
    assert str(info.value) == reason


def test_hex_downgrades_to_bright_yellow_on_16_colours() -> None:
    # A naive nearest-colour map (least squared RGB distance) gives white here.
    assert sgr_colour(Colour("rgb", 0xE0C060), "ansi16", False) == "93"
    assert sgr_colour(Colour("rgb", 0xE0C060), "ansi16", True) == "103"


def test_hex_downgrades_to_nearest_xterm_index_on_256_colours() -> None:
    assert sgr_colour(Colour("rgb", 0xE0C060), "ansi256", False) == "38;5;179"
    assert sgr_colour(Colour("rgb", 0x102030), "ansi256", True) == "48;5;17"


def test_truecolor_keeps_hex_exactly() -> None:
    assert sgr_colour(Colour("rgb", 0xE0C060), "truecolor", False) == "38;2;224;192;96"


def test_named_colours_stay_palette_codes_everywhere() -> None:
    for medium in ("ansi16", "ansi256", "truecolor"):
        assert sgr_colour(Colour("ansi", 1), medium, False) == "31"
        assert sgr_colour(Colour("ansi", 9), medium, False) == "91"
        assert sgr_colour(Colour("ansi", 4), medium, True) == "44"


def test_indexed_colours() -> None:
    assert sgr_colour(Colour("index", 3), "truecolor", False) == "33"  # < 16: the palette
    assert sgr_colour(Colour("index", 208), "truecolor", False) == "38;5;208"
    assert sgr_colour(Colour("index", 208), "ansi256", False) == "38;5;208"
    assert sgr_colour(Colour("index", 196), "ansi16", False) == "31"


def test_downgrade_does_not_depend_on_what_was_rendered_before() -> None:
    # Rich's style cache leaks 16-colour codes into truecolor output; ours must not.
    colour = Colour("rgb", 0xE0C061)
    assert sgr_colour(colour, "ansi16", False) == "93"
    assert sgr_colour(colour, "truecolor", False) == "38;2;224;192;97"


def test_css_colours() -> None:
    assert css_colour(Colour("rgb", 0x0A0B0C)) == "#0a0b0c"
    assert css_colour(Colour("ansi", 1)) == "#cd3131"
    assert css_colour(Colour("index", 196)) == "#ff0000"
    assert css_colour(Colour("index", 232)) == "#080808"


def test_rich_colour() -> None:
    assert rich_colour(Colour("rgb", 0xE0C060)).triplet == (224, 192, 96)
    assert rich_colour(Colour("ansi", 2)).number == 2
