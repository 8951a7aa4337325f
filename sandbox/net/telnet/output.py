"""Engine messages to telnet bytes, rendered once per distinct client capability.

A room announcement is one shared ``Message`` object; the key here is that object plus
(colour depth, width, encoding, MXP), so a say heard by a hundred players is rendered,
wrapped and encoded once per capability rather than once per player.

A client that agreed to MXP parses ``<`` and ``&`` in every line it receives from us,
so for it all text is entity-escaped and ``[link=...]`` becomes a ``<send>`` element;
for every other client the output holds no MXP at all.
"""
from __future__ import annotations

from sandbox.engine.session import Message
from sandbox.markup import Theme, render
from sandbox.markup.ansi import mxp_escape

#: Entries kept; cleared wholesale when full (messages are short-lived, and a dict
#: clear is cheaper than LRU bookkeeping on every hit).
CACHE_LIMIT = 4096
#: The key holds the theme itself (themes hash by identity): an ``id()`` could be reused
#: by a new theme once a reloaded one is freed, and serve the old rendering.
_cache: dict[tuple[Message, str, int, str, Theme | None, bool], bytes] = {}


def to_wire(text: str, encoding: str) -> bytes:
    """Telnet line ends (CR LF) and escaped IAC bytes, in the client's encoding."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "")
    data = text.replace("\n", "\r\n").encode(encoding, "replace")
    if b"\xff" in data:  # only possible in latin-1; UTF-8 never has a 0xFF byte
        data = data.replace(b"\xff", b"\xff\xff")
    return data


def render_for(markup: str, colour: str, width: int, theme: Theme | None, mxp: bool) -> str:
    """Markup as text for one client. Plain output ignores ``mxp`` in the renderer (it has
    no links), but an MXP client still parses it, so it is entity-escaped here."""
    text = render(markup, colour, theme, width=width, mxp=mxp)
    if mxp and colour == "plain":
        text = mxp_escape(text)
    return text


def render_message(
    message: Message, colour: str, width: int, encoding: str, theme: Theme | None, mxp: bool = False
) -> bytes:
    """The message's text as a complete line (or lines) for one client capability."""
    key = (message, colour, width, encoding, theme, mxp)
    data = _cache.get(key)
    if data is None:
        text = render_for(message.text, colour, width, theme, mxp)
        data = to_wire(text, encoding) + b"\r\n"
        if len(_cache) >= CACHE_LIMIT:
            _cache.clear()
        _cache[key] = data
    return data


def render_text(markup: str, colour: str, width: int, encoding: str, theme: Theme | None, mxp: bool = False) -> bytes:
    """Front-end texts (greeting, notices): not cached by identity."""
    return to_wire(render_for(markup, colour, width, theme, mxp), encoding)
