"""Making player text safe for markup: the engine's single entry point.

Every name, say and emote passes through :func:`clean` (drop control characters) and
:func:`escape` (make it literal inside markup); both belong to the markup package.
"""
from __future__ import annotations

from sandbox.markup import escape as _escape
from sandbox.markup import strip_controls

#: Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
#: they let text display in another order than it is stored ("Trojan Source"), so a
#: say could appear to come from someone else. Marks (LRM/RLM) and joiners stay: they
#: cannot reorder text, and emoji sequences need the zero-width joiner.
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def clean(text: str) -> str:
    """Player input without control characters (ESC, NUL, C1, bidi overrides…);
    newlines and tabs kept."""
    return strip_controls(text).translate(_BIDI_CONTROLS)


def clean_line(text: str) -> str:
    """One line of player input: no controls, no newlines, surrounding space trimmed."""
    return clean(text).replace("\n", " ").replace("\t", " ").strip()


def escape(text: str) -> str:
    """Clean and escape text from a player so it renders literally in every medium."""
    return _escape(clean(text))
