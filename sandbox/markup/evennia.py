"""Markup to Evennia's ``|``-codes, for handing an area over to Evennia.

Evennia stores colour in text as ``|``-codes (``|r``, ``|500``, ``|=g``, ``|#e0c060``,
``|[B`` for backgrounds, ``|h`` bold, ``|u`` underline, ``|*`` reverse, ``|i`` italic,
``|s`` strike, ``|n`` reset) and clickable links as ``|lcCOMMAND|ltTEXT|le``. Its parser
(``evennia.utils.ansi``) downgrades those per client, so we emit the most exact code and
leave the downgrade to it; semantic tags are resolved through the chosen theme (its
truecolor styles: Evennia does the 16/256-colour fallback itself).

Literal text is escaped the way Evennia's parser unescapes it: ``|`` becomes ``||`` and
a run of two or more ``{`` is doubled (Evennia reads ``{{`` as ``{``), so no text
changes meaning. What has no Evennia equivalent (dim, text that Evennia would read as
a link) is reported with its line and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sandbox.markup.colour import Colour
from sandbox.markup.parser import _TOKEN, Frame, Link, MarkupError, _at, _parse_tag, parse
from sandbox.markup.style import EMPTY, Style
from sandbox.markup.tags import ATTRIBUTES
from sandbox.markup.theme import DEFAULT_THEME, Theme, resolve

#: The theme medium whose styles Evennia gets: the richest; Evennia downgrades itself.
MEDIUM = "truecolor"

#: Our named colours (colour.ANSI_NAMES order) as Evennia letters: upper case is the
#: normal colour, lower case the bright ("hilite") one.
_LETTERS = "XRGYBMCW"
_FG_NAMED = tuple(f"|{c}" for c in _LETTERS) + tuple(f"|{c.lower()}" for c in _LETTERS)
# ANSI has no bright backgrounds; Evennia fakes |[r etc. with these xterm codes. We write
# the xterm code itself: Evennia's |[r rewrite skips a code right after an escaped `||`.
_BG_NAMED = tuple(f"|[{c}" for c in _LETTERS) + (
    "|[222", "|[500", "|[050", "|[550", "|[005", "|[505", "|[055", "|[555",
)  # fmt: skip

#: Attributes in the order their codes are written (after colours: Evennia's upper-case
#: colour codes turn bold off, so ``|h`` must come last to survive).
_ATTR_CODES = (("bold", "|h"), ("underline", "|u"), ("reverse", "|*"), ("italic", "|i"), ("strike", "|s"))
#: Attributes Evennia has no code for.
UNSUPPORTED = {"dim": ATTRIBUTES["dim"]}
_UNSUPPORTED_BITS = sum(UNSUPPORTED.values())

RESET = "|n"
_BRACES = re.compile(r"\{\{+")
# Text Evennia's parser would take for a link: |lc...|lt...|le or |lu...|lt...|le.
_LINKLIKE = re.compile(r"\|l[cu].*?\|lt.*?\|le", re.DOTALL)


@dataclass(frozen=True, slots=True)
class EvenniaText:
    """Evennia text and what could not be carried over (with line and column)."""

    text: str
    problems: tuple[MarkupError, ...] = ()


def colour_code(colour: Colour, background: bool = False) -> str:
    """The Evennia code for a colour: named, xterm-256 (``|rgb`` cube or ``|=x`` grey) or hex."""
    kind, number = colour
    if kind == "index" and number < 16:
        kind = "ansi"
    if kind == "ansi":
        return (_BG_NAMED if background else _FG_NAMED)[number]
    prefix = "|[" if background else "|"
    if kind == "index":
        if number < 232:
            n = number - 16
            return f"{prefix}{n // 36}{(n // 6) % 6}{n % 6}"
        # Evennia's greyscale letters b..y are xterm 232..255 (a and z are the cube's ends).
        return f"{prefix}={chr(number - 134)}"
    return f"{prefix}#{number:06x}"


@lru_cache(maxsize=4096)
def style_codes(style: Style) -> str:
    """The codes that switch a fresh (reset) line to ``style``."""
    codes = []
    if style.fg is not None:
        codes.append(colour_code(style.fg))
    if style.bg is not None:
        codes.append(colour_code(style.bg, background=True))
    codes += [code for name, code in _ATTR_CODES if style.attrs & ATTRIBUTES[name]]
    return "".join(codes)


def escape_text(text: str) -> str:
    """Literal text as Evennia text: ``|`` doubled (``{`` runs are doubled by the caller)."""
    return text.replace("|", "||")


def render_evennia(markup: str, theme: Theme | None = None) -> EvenniaText:
    """Markup as Evennia ``|``-code text, with anything that has no Evennia equivalent."""
    theme = theme or DEFAULT_THEME
    return EvenniaText(_render(markup, theme), tuple(_problems(markup, theme)))


@lru_cache(maxsize=4096)
def _render(markup: str, theme: Theme) -> str:
    parts: list[str] = []
    current = EMPTY
    open_link: Link | None = None
    for run in parse(markup).runs:
        if run.link != open_link:
            if open_link is not None:
                parts.append("|le")
            if run.link is not None:
                parts.append(f"|lc{escape_text(run.link.command)}|lt")
            open_link = run.link
        style = resolve(run.frames, theme, MEDIUM) if run.frames else EMPTY
        if style.attrs & _UNSUPPORTED_BITS:
            style = style._replace(attrs=style.attrs & ~_UNSUPPORTED_BITS)  # reported by _problems
        if style != current:
            # Evennia has no "bold off" that keeps colours, so a change is reset + new.
            if current:
                parts.append(RESET)
            parts.append(style_codes(style))
            current = style
        parts.append(escape_text(run.text))
    if open_link is not None:
        parts.append("|le")
    if current:
        parts.append(RESET)
    # Doubling `{` runs on the joined text also covers a run split across two tags.
    return _BRACES.sub(lambda m: m.group() * 2, "".join(parts))


def _problems(markup: str, theme: Theme) -> list[MarkupError]:
    """Tags whose look Evennia cannot show, and text Evennia would read as markup."""
    found: list[tuple[int, str]] = []
    for match in _TOKEN.finditer(markup):
        token = match.group()
        if token == "[[":
            continue
        tag = _parse_tag(token[1:-1])
        if not isinstance(tag, Frame):
            continue
        if tag.command is not None:
            if "|l" in tag.command:
                found.append((match.start(), f"the link command in {token} contains '|l', which ends an Evennia link"))
            continue
        style = resolve((tag,), theme, MEDIUM)
        lost = [name for name, bit in UNSUPPORTED.items() if style.attrs & bit]
        if lost:
            found.append((match.start(), f"{token}: Evennia has no code for {', '.join(lost)} (shown without it)"))
    for match in _LINKLIKE.finditer(markup):
        found.append((match.start(), "this text reads as an Evennia link (|lc...|lt...|le): Evennia shows only its label"))
    found.sort(key=lambda item: item[0])
    return [_at(markup, offset, reason) for offset, reason in found]
