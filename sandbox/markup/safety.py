"""Making untrusted text safe: escaping it for markup and removing control characters.

The escape rule: ``[[`` is a literal ``[``. ``]`` needs no escape (it only ends a tag
that ``[`` started). We chose doubling over a backslash because it cannot interact with
other characters: ``C:\\path``, ``\\o/`` and regexes mean what they say, and
``escape()`` is a single replace that is obviously total.
"""
from __future__ import annotations

import re

# C0 controls except \t (09) and \n (0A), DEL, C1 controls, lone surrogates (which
# cannot be encoded as UTF-8 and would crash a writer further down the line), and the
# bidi embedding, override and isolate controls (U+202A-202E, U+2066-2069): one of
# those in a name or description reorders the text after it ("says \u202eevil" shows as
# "says live"), whoever wrote it. Right-to-left letters themselves are untouched.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def escape(text: str) -> str:
    """Make any text literal inside markup: ``plain(escape(s)) == strip_controls(s)``."""
    return text.replace("[", "[[")


def strip_controls(text: str) -> str:
    """Remove ESC and every other C0/C1 control character (and DEL) except newline and
    tab, and the bidi override/embedding/isolate controls."""
    # Fast paths, each one C call: printable text has no controls and no surrogates.
    if text.isprintable() or _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub("", text)


def control_positions(text: str) -> list[tuple[int, str]]:
    """(offset, character) for each control character, for validation messages."""
    return [(m.start(), m.group()) for m in _CONTROLS.finditer(text)]
