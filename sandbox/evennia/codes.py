"""Evennia ``|``-code text back into our markup (for ``sandbox import --from evennia``).

The inverse of :func:`sandbox.markup.evennia.render_evennia` for everything it writes,
and a fair reading of the rest of Evennia's codes: ``|/`` ``|-`` ``|_`` ``|>`` become the
whitespace they stand for; blink (``|^``) has no markup equivalent and is dropped.
Text is escaped for our markup, so whatever an Evennia builder typed stays literal.
"""
from __future__ import annotations

import re
from itertools import groupby

from sandbox.markup import escape
from sandbox.markup.colour import Colour
from sandbox.markup.style import EMPTY, Style
from sandbox.markup.tags import ATTRIBUTES

_LETTERS = "XRGYBMCW"  # colour.ANSI_NAMES order
_BRIGHT_BG = {"x": 8, "r": 9, "g": 10, "y": 11, "b": 12, "m": 13, "c": 14, "w": 15}
_ATTR_ON = {"h": "bold", "u": "underline", "i": "italic", "s": "strike", "*": "reverse"}
_ATTR_OFF = {"H": "bold", "U": "underline", "I": "italic", "S": "strike"}
_WHITESPACE = {"/": "\n", "-": "\t", "_": " ", ">": "    "}

_TOKEN = re.compile(
    r"\|\||\{\{"
    r"|\|l[cute]"
    r"|\|\[?#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})"
    r"|\|\[?=[a-z]"
    r"|\|\[?[0-5]{3}"
    r"|\|\[[RGYBMCWXrgybmcwx]"
    r"|\|![RGYBMCWX]"
    r"|\|[nhHuUiIsS*^/\->_RGYBMCWXrgybmcwx]"
)


def _colour(code: str) -> Colour:
    """The colour of a colour code without its ``|`` / ``|[`` prefix."""
    if code.startswith("#"):
        digits = code[1:]
        if len(digits) == 3:
            digits = "".join(d * 2 for d in digits)
        return Colour("rgb", int(digits, 16))
    if code.startswith("="):
        letter = code[1]
        index = 16 if letter == "a" else 231 if letter == "z" else ord(letter) + 134
        return Colour("index", index)
    if code[0].isdigit():
        r, g, b = (int(c) for c in code)
        return Colour("index", 16 + 36 * r + 6 * g + b)
    upper = code.upper()
    number = _LETTERS.index(upper)
    return Colour("ansi", number if code == upper else number + 8)


class _Runs:
    """Collects (style, link, text) runs as the codes are read."""

    def __init__(self) -> None:
        self.runs: list[tuple[Style, str | None, str]] = []
        self.style = EMPTY
        self.link: str | None = None

    def text(self, text: str) -> None:
        if text:
            self.runs.append((self.style, self.link, text))

    def attr(self, name: str, on: bool) -> None:
        bit = ATTRIBUTES[name]
        self.style = self.style._replace(attrs=self.style.attrs | bit if on else self.style.attrs & ~bit)


def to_markup(text: str) -> str:
    """Our markup for Evennia text: styles as style tags, links as ``[link=...]``."""
    runs = _Runs()
    pos = 0
    collecting: str | None = None  # "command" between |lc and |lt
    command = ""
    for match in _TOKEN.finditer(text):
        literal = text[pos:match.start()]
        pos = match.end()
        token = match.group()
        if collecting is not None:
            command += literal
            if token == "|lt":
                runs.link, collecting = command, None
            else:
                command += token[1] if token in ("||", "{{") else token
            continue
        runs.text(literal)
        if token == "||":
            runs.text("|")
        elif token == "{{":
            runs.text("{")
        elif token in ("|lc", "|lu"):
            collecting, command = "command", ""
        elif token == "|le":
            runs.link = None
        elif token == "|lt":
            runs.text(token)  # a stray |lt outside a link is text to Evennia too
        elif token == "|n":
            runs.style = EMPTY
        elif token.startswith("|!"):
            runs.style = runs.style._replace(fg=_colour(token[2]))
        elif token.startswith("|["):
            code = token[2:]
            bright = _BRIGHT_BG.get(code)
            runs.style = runs.style._replace(bg=Colour("ansi", bright) if bright is not None else _colour(code))
        elif token[1] in _ATTR_ON:
            runs.attr(_ATTR_ON[token[1]], True)
        elif token[1] in _ATTR_OFF:
            runs.attr(_ATTR_OFF[token[1]], False)
        elif token[1] in _WHITESPACE:
            runs.text(_WHITESPACE[token[1]])
        elif token == "|^":
            pass  # blink: no markup equivalent
        else:
            runs.style = runs.style._replace(fg=_colour(token[1:]))
            if token[1] in _LETTERS:
                runs.attr("bold", False)  # Evennia's dark colours turn hilite off
    if collecting is not None:
        runs.text("|lc" + command)  # an unfinished link is text to Evennia
    runs.text(text[pos:])
    return _serialise(runs.runs)


def _serialise(runs: list[tuple[Style, str | None, str]]) -> str:
    parts: list[str] = []
    for link, group in groupby(runs, key=lambda run: run[1]):
        body = "".join(f"[{style}]{escape(text)}[/]" if style else escape(text) for style, _, text in group)
        parts.append(body if link is None else f"[link={link}]{body}[/link]")
    return "".join(parts)
