"""Conformance with a real terminal emulator: every corpus sample, rendered to ANSI 16,
256 and truecolor at WIDTH cells, is fed to pyte (a VT emulator) on a screen WIDTH
columns wide. The screen must show exactly the plain rendering (so the wrap agrees with
the terminal's idea of cell widths: nothing re-wrapped, nothing ragged) and every cell
must carry the style the theme asks for its character (so the SGR transitions, resets
and reverse/nesting arrive as meant).

The expected style of a character is worked out independently of the ANSI encoder: from
the parse, the theme (``resolve``) and the colour's code in that medium. pyte ignores
SGR 2, so dim is not compared.
"""
from __future__ import annotations

import pytest
import wcwidth
from pyte import graphics

from sandbox.markup import DEFAULT_THEME, render
from sandbox.markup.colour import Colour, sgr_colour
from sandbox.markup.parser import parse
from sandbox.markup.style import EMPTY, Style
from sandbox.markup.theme import resolve
from sandbox.markup.wrap import wrap_parsed

from .conformance_corpus import SAMPLES, WIDTH
from .terminal import screen_lines, terminal

MEDIA = ("ansi16", "ansi256", "truecolor")


def pyte_colour(colour: Colour | None, medium: str, background: bool) -> str:
    """How pyte records a colour after reading the SGR code the medium uses for it."""
    if colour is None:
        return "default"
    code = sgr_colour(colour, medium, background)
    parts = [int(p) for p in code.split(";")]
    if len(parts) == 5:
        return "".join(f"{p:02x}" for p in parts[2:])
    if len(parts) == 3:
        return graphics.FG_BG_256[parts[2]]
    if background:
        return graphics.BG_ANSI.get(parts[0]) or graphics.BG_AIXTERM[parts[0]]
    return graphics.FG_ANSI.get(parts[0]) or graphics.FG_AIXTERM[parts[0]]


def _clusters(text: str) -> list[tuple[str, int]]:
    """(grapheme cluster, cells) for text; tabs and newlines as 0 (handled by callers)."""
    return [(c, 0 if c in "\t\n" else max(0, wcwidth.width(c, control_codes="ignore"))) for c in wcwidth.iter_graphemes(text)] if text else []


def expected_cells(markup: str, medium: str) -> dict[tuple[int, int], Style]:
    """(row, column) → the style the theme asks for the character drawn there."""
    placed: dict[tuple[int, int], Style] = {}
    row = column = 0
    for run in wrap_parsed(parse(markup), WIDTH).runs:
        style = resolve(run.frames, DEFAULT_THEME, medium) if run.frames else EMPTY
        for cluster, cells in _clusters(run.text):
            if cluster == "\n":
                row, column = row + 1, 0
            elif cluster == "\t":
                column += 8 - column % 8  # the cursor moves; nothing is drawn
            elif cells:
                placed[(row, column)] = style
                column += cells
    return placed


def expand_tabs(line: str) -> str:
    out, column = [], 0
    for cluster, cells in _clusters(line):
        if cluster == "\t":
            out.append(" " * (8 - column % 8))
            column += 8 - column % 8
        else:
            out.append(cluster)
            column += cells
    return "".join(out)


def show(markup: str, medium: str):  # type: ignore[no-untyped-def]
    screen, stream = terminal(WIDTH, 40)
    stream.feed(render(markup, medium, DEFAULT_THEME, width=WIDTH))
    return screen


@pytest.mark.parametrize("medium", MEDIA)
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_screen_text_is_the_plain_rendering(name: str, medium: str) -> None:
    markup = SAMPLES[name]
    want = [expand_tabs(line).rstrip() for line in render(markup, "plain", width=WIDTH).split("\n")]
    while want and not want[-1]:
        want.pop()
    assert screen_lines(show(markup, medium)) == want


@pytest.mark.parametrize("medium", MEDIA)
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_cell_styles_are_what_the_theme_asks(name: str, medium: str) -> None:
    screen = show(SAMPLES[name], medium)
    wrong = []
    for (row, column), style in expected_cells(SAMPLES[name], medium).items():
        cell = screen.buffer[row][column]
        want = (
            pyte_colour(style.fg, medium, False), pyte_colour(style.bg, medium, True),
            style.has("bold"), style.has("italic"), style.has("underline"), style.has("strike"), style.has("reverse"),
        )  # fmt: skip
        got = (cell.fg, cell.bg, cell.bold, cell.italics, cell.underscore, cell.strikethrough, cell.reverse)
        if want != got:
            wrong.append(((row, column), cell.data, want, got))
    assert wrong == []
