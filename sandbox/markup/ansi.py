"""ANSI rendering: SGR escape codes for 16-colour, 256-colour and truecolor clients.

Between runs we send only what changed (or a reset plus the new style, whichever is
shorter), nothing at all for unstyled text, and one reset at the end of a message only if
a style is still on. The codes around each run depend only on the message's tags, so they
are computed once per program (tag skeleton), theme and medium, then joined with the text.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sandbox.markup.colour import sgr_colour
from sandbox.markup.parser import Link, Parsed, Program
from sandbox.markup.style import EMPTY, Style
from sandbox.markup.tags import ATTRIBUTES
from sandbox.markup.theme import Theme, resolve

RESET = "\x1b[0m"
_ON = {ATTRIBUTES[name]: code for name, code in
       (("bold", "1"), ("dim", "2"), ("italic", "3"), ("underline", "4"), ("reverse", "7"), ("strike", "9"))}  # fmt: skip
_OFF = {ATTRIBUTES[name]: code for name, code in
        (("italic", "23"), ("underline", "24"), ("reverse", "27"), ("strike", "29"))}  # fmt: skip
_INTENSITY = ATTRIBUTES["bold"] | ATTRIBUTES["dim"]  # SGR 22 turns off both at once

# MXP (https://www.zuggsoft.com/zmud/mxp.htm). An MXP client starts each line in "open"
# mode, where <send> is not allowed; ESC[4z ("temp secure") makes the one tag right after
# it trusted, so every <send> and </send> we emit gets its own ESC[4z. Everything else
# is text, entity-escaped, so nothing a player types can become a tag (and ESC never
# reaches here: controls are stripped before rendering).
_MXP_SECURE = "\x1b[4z"
_MXP_CLOSE = f"{_MXP_SECURE}</send>"


def _codes(style: Style, medium: str) -> list[str]:
    codes = [code for bit, code in _ON.items() if style.attrs & bit]
    if style.fg is not None:
        codes.append(sgr_colour(style.fg, medium, False))
    if style.bg is not None:
        codes.append(sgr_colour(style.bg, medium, True))
    return codes


@lru_cache(maxsize=8192)
def transition(before: Style, after: Style, medium: str) -> str:
    """The shortest escape sequence that turns style ``before`` into ``after``."""
    if before == after:
        return ""
    if not after:
        return RESET
    full = _codes(after, medium)
    if not before:
        return f"\x1b[{';'.join(full)}m"
    delta: list[str] = []
    removed = before.attrs & ~after.attrs
    added = after.attrs & ~before.attrs
    if removed & _INTENSITY:
        delta.append("22")
        added |= after.attrs & _INTENSITY  # 22 also dropped the one we keep
    delta += [code for bit, code in _OFF.items() if removed & bit]
    delta += [code for bit, code in _ON.items() if added & bit]
    # Compare the codes, not the colours: two colours may map to one code on 16 or 256
    # colours (#cd3131 and #ff0000 are both red), and re-sending it is noise.
    if after.fg != before.fg:
        fg = "39" if after.fg is None else sgr_colour(after.fg, medium, False)
        if before.fg is None or fg != sgr_colour(before.fg, medium, False):
            delta.append(fg)
    if after.bg != before.bg:
        bg = "49" if after.bg is None else sgr_colour(after.bg, medium, True)
        if before.bg is None or bg != sgr_colour(before.bg, medium, True):
            delta.append(bg)
    if not delta:
        return ""  # the styles differ only in colours the medium shows alike
    by_delta = ";".join(delta)
    by_reset = ";".join(["0", *full])
    return f"\x1b[{by_delta if len(by_delta) <= len(by_reset) else by_reset}m"


def mxp_escape(text: str) -> str:
    """Text for an MXP client, which reads `<` and `&` as markup in every line."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


@lru_cache(maxsize=1024)
def _mxp_open(link: Link) -> str:
    href = mxp_escape(link.command).replace('"', "&quot;")
    return f'{_MXP_SECURE}<send href="{href}">'


@lru_cache(maxsize=8192)
def _template(
    program: Program, present: tuple[bool, ...] | None, theme: Theme, medium: str, mxp: bool
) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """What goes before each non-empty run, and after the last, for one program; with
    ``mxp``, also each run's ``<send>`` opening tag ("" outside links).

    ``present`` marks which groups have text (None: all do): an empty run must not emit
    codes, and it changes what the next run's transition starts from.
    """
    prefixes: list[str] = []
    openers: list[str] = []
    current = EMPTY
    open_link: Link | None = None
    for index, (frames, link) in enumerate(zip(program.frames, program.links)):
        if present is not None and not present[index]:
            continue
        prefix = ""
        if mxp:
            if link != open_link:
                if open_link is not None:
                    prefix += _MXP_CLOSE
                if link is not None:
                    prefix += _mxp_open(link)
                open_link = link
            openers.append("" if link is None else _mxp_open(link))
        style = resolve(frames, theme, medium) if frames else EMPTY
        if style != current:
            prefix += transition(current, style, medium)
            current = style
        prefixes.append(prefix)
    suffix = _MXP_CLOSE if open_link is not None else ""
    if current:
        suffix += RESET
    return tuple(prefixes), suffix, tuple(openers)


def render_ansi(parsed: Parsed, theme: Theme, medium: str, mxp: bool = False) -> str:
    """ANSI text for ``medium`` in ("ansi16", "ansi256", "truecolor").

    With ``mxp`` (the client negotiated MXP), links become MXP ``<send>`` elements and
    text is entity-escaped; without it links are plain text.
    """
    texts: Sequence[str] = parsed[1]
    present: tuple[bool, ...] | None = None
    if not all(texts):
        present = tuple(map(bool, texts))
        texts = list(filter(None, texts))
    prefixes, suffix, openers = _template(parsed[0], present, theme, medium, mxp)
    if mxp:
        texts = [mxp_escape(text) for text in texts]
        for index, opener in enumerate(openers):
            if opener and "\n" in texts[index]:
                # A client may end elements at a line end (open mode): close the link
                # before each newline inside it (a wrapped link) and open it again after.
                texts[index] = texts[index].replace("\n", f"{_MXP_CLOSE}\n{opener}")
    # Inlined interleave(): this is the hottest line of the package.
    parts: list[str] = [suffix] * (2 * len(texts) + 1)
    parts[0:-1:2] = prefixes
    parts[1::2] = texts
    return "".join(parts)


def interleave(prefixes: Sequence[str], texts: Sequence[str], suffix: str) -> str:
    """prefix0 text0 prefix1 text1 ... suffix, joined (slice assignment runs in C)."""
    parts: list[str] = [""] * (2 * len(texts) + 1)
    parts[0:-1:2] = prefixes
    parts[1::2] = texts
    parts[-1] = suffix
    return "".join(parts)
