"""Making player text safe for markup: the engine's single entry point.

Every name, say and emote passes through :func:`clean` (drop control characters) and
:func:`escape` (make it literal inside markup); both belong to the markup package.
"""
from __future__ import annotations

from sandbox.markup import escape as _escape
from sandbox.markup import strip_controls


def clean(text: str) -> str:
    """Player input without control characters (ESC, NUL, C1…), newlines and tabs kept."""
    return strip_controls(text)


def clean_line(text: str) -> str:
    """One line of player input: no controls, no newlines, surrounding space trimmed."""
    return strip_controls(text).replace("\n", " ").replace("\t", " ").strip()


def escape(text: str) -> str:
    """Clean and escape text from a player so it renders literally in every medium."""
    return _escape(strip_controls(text))
