"""Styles: the attributes and colours one tag (or one theme entry) sets.

A style string is words: attributes (``bold``), a foreground colour (``red``,
``color(208)``, ``#e0c060``) and ``on COLOUR`` for the background, e.g.
``bold red on black``. ``none`` is the empty style (themes use it to leave a tag plain).
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from sandbox.markup.colour import Colour, parse_colour
from sandbox.markup.tags import ATTRIBUTES


class StyleError(ValueError):
    """A style string that cannot be parsed; the message is the builder-facing reason."""


class Style(NamedTuple):
    """What a run looks like. ``attrs`` is a bit set of tags.ATTRIBUTES.

    A NamedTuple rather than a dataclass: styles are hashed on every cache lookup in the
    render loop, and tuple hashing runs in C.
    """

    attrs: int = 0
    fg: Colour | None = None
    bg: Colour | None = None

    def __add__(self, inner: Style) -> Style:  # type: ignore[override]  # layering, not tuple concatenation
        """Layer ``inner`` (a tag opened later) over this style."""
        return Style(
            self.attrs | inner.attrs,
            inner.fg if inner.fg is not None else self.fg,
            inner.bg if inner.bg is not None else self.bg,
        )

    def __bool__(self) -> bool:
        return bool(self.attrs) or self.fg is not None or self.bg is not None

    def without_colour(self) -> Style:
        return Style(self.attrs)

    def has(self, attribute: str) -> bool:
        return bool(self.attrs & ATTRIBUTES[attribute])

    def __str__(self) -> str:
        words = [name for name, bit in ATTRIBUTES.items() if self.attrs & bit]
        if self.fg is not None:
            words.append(str(self.fg))
        if self.bg is not None:
            words += ["on", str(self.bg)]
        return " ".join(words) or "none"


EMPTY = Style()


def _colour(word: str) -> Colour | None:
    try:
        return parse_colour(word)
    except ValueError as exc:
        raise StyleError(str(exc)) from None


@lru_cache(maxsize=4096)
def parse_style(spec: str) -> Style:
    """Parse a style string (case-insensitive); raise StyleError naming the bad word."""
    words = spec.lower().split()
    if not words:
        raise StyleError("empty style")
    if words == ["none"]:
        return EMPTY
    attrs = 0
    fg: Colour | None = None
    bg: Colour | None = None
    i = 0
    while i < len(words):
        word = words[i]
        if word == "on":
            if i + 1 == len(words):
                raise StyleError("'on' needs a background colour after it")
            colour = _colour(words[i + 1])
            if colour is None:
                raise StyleError(f"unknown background colour {words[i + 1]!r}")
            if bg is not None:
                raise StyleError("two background colours")
            bg = colour
            i += 2
            continue
        bit = ATTRIBUTES.get(word)
        if bit is not None:
            attrs |= bit
        else:
            colour = _colour(word)
            if colour is None:
                raise StyleError(f"unknown style or colour {word!r}")
            if fg is not None:
                raise StyleError("two foreground colours (use 'on COLOUR' for a background)")
            fg = colour
        i += 1
    return Style(attrs, fg, bg)
