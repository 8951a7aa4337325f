"""Conformance with a real browser: the corpus as HTML in headless Chromium, each sample
in a ``.mk`` box WIDTH characters wide with the theme's stylesheet. For every sample the
page's text must be the plain rendering, every character's computed colour, background,
weight and slant must be what the theme asks (reverse on the resolved colours, dim on
the text only), and the lines the browser wraps into must be the lines the ANSI wrap
makes, wherever the page's font draws every character in whole cells (ASCII and Latin
with marks: the machine's monospace font has no CJK or emoji glyphs, and a fallback
font's widths say nothing about ours).

Skipped, with the reason, only when no Chromium is installed (``.ci/run`` installs it).
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator

import pytest

from sandbox.markup import DEFAULT_THEME, render, theme_css
from sandbox.markup.colour import css_colour
from sandbox.markup.parser import parse
from sandbox.markup.style import EMPTY, Style
from sandbox.markup.theme import resolve

from .chromium import Chromium, find_chromium
from .conformance_corpus import SAMPLES, WIDTH

EXECUTABLE = find_chromium()
pytestmark = pytest.mark.skipif(EXECUTABLE is None, reason="chromium is not installed (apt-get install chromium; .ci/run does)")

MEASURE = """
(() => {
  const out = {};
  for (const box of document.querySelectorAll(".mk[data-name]")) {
    const chars = [];
    const probe = document.createElement("span");
    probe.textContent = "0".repeat(10);
    box.appendChild(probe);
    const ch = probe.getBoundingClientRect().width / 10;
    probe.remove();
    const left = box.getBoundingClientRect().left;
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      let offset = 0;
      for (const c of node.data) {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + c.length);
        offset += c.length;
        const rects = range.getClientRects();
        const el = node.parentElement;
        const cs = getComputedStyle(el);
        let paint = el, bg = cs.backgroundColor;
        while (/rgba\\(0, 0, 0, 0\\)|transparent/.test(bg) && paint !== box) {
          paint = paint.parentElement;
          bg = getComputedStyle(paint).backgroundColor;
        }
        chars.push({c, top: rects.length ? rects[0].top : null, height: rects.length ? rects[0].height : null, column: rects.length ? (rects[0].left - left) / ch : null, color: cs.color, bg, weight: cs.fontWeight, slant: cs.fontStyle});
      }
    }
    out[box.dataset.name] = {text: box.innerText, chars};
  }
  return JSON.stringify(out);
})()
"""


def page() -> str:
    boxes = "\n".join(
        f'<div class="mk" data-name="{html.escape(name)}" style="width:calc({WIDTH}ch + 0.5px);padding:0;margin:0 0 1em">{render(markup, "html")}</div>'
        for name, markup in SAMPLES.items()
    )
    return f'<!doctype html><html><head><meta charset="utf-8"><style>body{{margin:0}}\n{theme_css(DEFAULT_THEME)}</style></head><body>{boxes}</body></html>'


@pytest.fixture(scope="module")
def measured() -> Iterator[dict[str, dict]]:
    assert EXECUTABLE is not None
    browser = Chromium(EXECUTABLE)
    try:
        browser.load(page())
        yield json.loads(browser.evaluate(MEASURE))
    finally:
        browser.close()


def rgb(css: str) -> tuple[float, float, float]:
    """A computed colour (rgb(), rgba() or color(srgb ...)) as 0-255 channels."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    if css.startswith("color("):
        return (numbers[0] * 255, numbers[1] * 255, numbers[2] * 255)
    return (numbers[0], numbers[1], numbers[2])


def hex_rgb(value: str) -> tuple[float, float, float]:
    n = int(value.lstrip("#"), 16)
    return (n >> 16, (n >> 8) & 0xFF, n & 0xFF)


def close(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    return all(abs(x - y) <= 2.5 for x, y in zip(a, b))


def expected_chars(markup: str) -> list[tuple[str, tuple[float, float, float], tuple[float, float, float], bool, bool]]:
    """(character, colour, background, bold, italic) for each code point, as the theme
    resolves it on the HTML medium: a link's theme style under the tags inside it."""
    theme = DEFAULT_THEME
    out = []
    for run in parse(markup).runs:
        style: Style = resolve(run.frames, theme, "html") if run.frames else EMPTY
        if run.link is not None:
            style = theme.style("link", "html") + style
        fg = hex_rgb(css_colour(style.fg)) if style.fg is not None else hex_rgb(theme.foreground)
        bg = hex_rgb(css_colour(style.bg)) if style.bg is not None else hex_rgb(theme.background)
        if style.has("reverse"):
            fg, bg = bg, fg
        elif style.has("dim"):  # the text colour 60% of the way from the background
            fg = tuple(0.6 * f + 0.4 * b for f, b in zip(fg, bg))  # type: ignore[assignment]
        for char in run.text:
            out.append((char, fg, bg, style.has("bold"), style.has("italic")))
    return out


def browser_lines(chars: list[dict]) -> list[str]:
    """The lines as the browser laid them out, from geometry alone: a character lower
    than the last starts a line (a jump of several line heights means blank lines
    between), and a line that starts right of the box's edge (a hanging indent) starts
    with that many spaces. Newline characters are not drawn: they are skipped."""
    lines: list[list[str]] = []
    top: float | None = None
    for char in chars:
        if char["c"] == "\n" or char["top"] is None:
            continue
        if top is None or char["top"] > top + 1:
            if top is not None and char["height"]:
                lines.extend([] for _ in range(round((char["top"] - top) / char["height"]) - 1))
            lines.append([" " * round(char["column"])])
            top = char["top"]
        lines[-1].append(char["c"])
    return ["".join(line).rstrip() for line in lines]


def whole_cells(text: str) -> bool:
    """Every character is one the page's monospace font draws one cell wide."""
    import unicodedata

    return all(ord(c) < 0x2E80 and unicodedata.east_asian_width(c) not in "WF" for c in text)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_text_is_the_plain_rendering(measured: dict[str, dict], name: str) -> None:
    assert measured[name]["text"] == render(SAMPLES[name], "plain")


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_colours_and_weights_are_what_the_theme_asks(measured: dict[str, dict], name: str) -> None:
    # Newlines are layout, not painted text (around a hanging-indent block they are
    # the block's edges, not characters): compare what is drawn.
    got = [c for c in measured[name]["chars"] if c["c"] != "\n"]
    want = [w for w in expected_chars(SAMPLES[name]) if w[0] != "\n"]
    assert [c["c"] for c in got] == [w[0] for w in want]
    wrong = []
    for index, (char, (c, fg, bg, bold, italic)) in enumerate(zip(got, want)):
        ok = close(rgb(char["color"]), fg) and close(rgb(char["bg"]), bg)
        ok = ok and (int(char["weight"]) >= 600) == bold and (char["slant"] == "italic") == italic
        if not ok:
            wrong.append((index, c, char["color"], char["bg"], char["weight"], char["slant"], fg, bg, bold, italic))
    assert wrong == []


@pytest.mark.parametrize("name", sorted(n for n, m in SAMPLES.items() if whole_cells(render(m, "plain"))))
def test_lines_wrap_where_the_ansi_wrap_breaks_them(measured: dict[str, dict], name: str) -> None:
    want = [line.rstrip() for line in render(SAMPLES[name], "plain", width=WIDTH).split("\n")]
    while want and not want[-1]:  # a trailing empty line has nothing to measure
        want.pop()
    assert browser_lines(measured[name]["chars"]) == want
