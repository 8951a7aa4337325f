"""Colours: parsing, downgrading to what a client can show, and SGR/CSS codes.

A colour is one of three kinds, kept as written so each medium can choose well:
``ansi`` (the 16 named colours, drawn from the client's own palette), ``index``
(xterm-256 ``color(N)``) and ``rgb`` (``#rrggbb``). The downgrade maths is Rich's
``Color.downgrade``, called explicitly per colour system: Rich caches a *style's* codes
across colour systems (docs/architecture.md, "Measured facts"), but ``Color.downgrade`` is a pure function.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from rich.color import Color as RichColor
from rich.color import ColorSystem

ANSI_NAMES: tuple[str, ...] = (
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    "bright_black", "bright_red", "bright_green", "bright_yellow",
    "bright_blue", "bright_magenta", "bright_cyan", "bright_white",
)  # fmt: skip
_ANSI_NUMBER = {name: number for number, name in enumerate(ANSI_NAMES)}

#: How HTML shows the 16 named colours (readable on a dark background).
ANSI_PALETTE: tuple[int, ...] = (
    0x000000, 0xCD3131, 0x0DBC79, 0xE5E510, 0x2472C8, 0xBC3FBC, 0x11A8CD, 0xE5E5E5,
    0x666666, 0xF14C4C, 0x23D18B, 0xF5F543, 0x3B8EEA, 0xD670D6, 0x29B8DB, 0xFFFFFF,
)  # fmt: skip

_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_INDEX = re.compile(r"color\((\d{1,3})\)")

# Media that emit SGR codes, mapped to Rich's colour systems for downgrading.
_SYSTEMS = {"ansi16": ColorSystem.STANDARD, "ansi256": ColorSystem.EIGHT_BIT}


class Colour(NamedTuple):
    """``kind`` is "ansi", "index" or "rgb"; ``number`` is 0-15, 0-255 or 0xRRGGBB."""

    kind: str
    number: int

    def __str__(self) -> str:
        if self.kind == "ansi":
            return ANSI_NAMES[self.number]
        if self.kind == "index":
            return f"color({self.number})"
        return f"#{self.number:06x}"


def parse_colour(word: str) -> Colour | None:
    """The colour a lower-case word names, or None if it is not colour-shaped at all.

    Raises ValueError (with a builder-facing reason) for colour-shaped words that are
    wrong, so ``#12345`` says "malformed colour" rather than "unknown tag".
    """
    number = _ANSI_NUMBER.get(word)
    if number is not None:
        return Colour("ansi", number)
    if word.startswith("#"):
        if _HEX.fullmatch(word):
            return Colour("rgb", int(word[1:], 16))
        raise ValueError(f"malformed colour {word!r} (use #rrggbb)")
    if word.startswith("color("):
        match = _INDEX.fullmatch(word)
        if match is None:
            raise ValueError(f"malformed colour {word!r} (use color(0) to color(255))")
        index = int(match.group(1))
        if index > 255:
            raise ValueError(f"colour index {index} is out of range 0-255")
        return Colour("index", index)
    return None


def _rich(colour: Colour) -> RichColor:
    if colour.kind == "rgb":
        n = colour.number
        return RichColor.from_rgb(n >> 16, (n >> 8) & 0xFF, n & 0xFF)
    return RichColor.from_ansi(colour.number)


@lru_cache(maxsize=1024)
def rich_colour(colour: Colour) -> RichColor:
    """The Rich colour object for the TUI (Textual shows truecolor itself)."""
    return _rich(colour)


@lru_cache(maxsize=2048)
def sgr_colour(colour: Colour, medium: str, background: bool) -> str:
    """SGR parameters (no ESC[ or m) for a colour on an ANSI medium, downgraded to fit."""
    kind, number = colour
    if kind == "index" and number < 16:
        kind = "ansi"
    if kind != "ansi" and medium == "ansi16":
        number = _rich(colour).downgrade(_SYSTEMS["ansi16"]).number or 0
        kind = "ansi"
    elif kind == "rgb" and medium == "ansi256":
        number = _rich(colour).downgrade(_SYSTEMS["ansi256"]).number or 0
        kind = "ansi" if number < 16 else "index"
    base = 40 if background else 30
    if kind == "ansi":
        # Named colours stay palette codes everywhere: they follow the client's palette.
        return str(base + number) if number < 8 else str(base + 60 + number - 8)
    if kind == "index":
        return f"{base + 8};5;{number}"
    return f"{base + 8};2;{number >> 16};{(number >> 8) & 0xFF};{number & 0xFF}"


def _xterm_rgb(index: int) -> int:
    if index < 16:
        return ANSI_PALETTE[index]
    if index < 232:
        index -= 16
        levels = [0 if v == 0 else 55 + 40 * v for v in (index // 36, (index // 6) % 6, index % 6)]
        return (levels[0] << 16) | (levels[1] << 8) | levels[2]
    grey = 8 + 10 * (index - 232)
    return (grey << 16) | (grey << 8) | grey


@lru_cache(maxsize=1024)
def css_colour(colour: Colour) -> str:
    """``#rrggbb`` for HTML; named and indexed colours use a fixed dark-background palette."""
    kind, number = colour
    if kind == "rgb":
        return f"#{number:06x}"
    return f"#{_xterm_rgb(number):06x}"
