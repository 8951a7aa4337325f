"""Terminal cells: how many columns text takes on a terminal, as ``wcwidth`` measures it.

Wide (CJK, emoji) characters take two cells, combining marks and zero-width joiners
none, an emoji ZWJ sequence two, and a tab advances to the next multiple of 8. Everything
that wraps or pads text for a terminal asks here, so the wrap, telnet's NAWS width,
``render --width`` and the TUI's map agree with the terminal that shows them.
"""
from __future__ import annotations

from collections.abc import Iterator

import wcwidth

TAB_STOP = 8


def width(text: str, column: int = 0) -> int:
    """Cells ``text`` (no escape codes, no newline) takes when it starts at ``column``
    (which only matters for tabs)."""
    if text.isascii() and "\t" not in text:  # the common case: one cell per character
        return len(text)
    return advance(text, column) - column


def advance(text: str, column: int = 0) -> int:
    """The column after writing ``text`` from ``column``."""
    if "\t" not in text:
        return column + _width(text)
    for part_index, part in enumerate(text.split("\t")):
        if part_index:
            column += TAB_STOP - column % TAB_STOP
        column += _width(part)
    return column


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    # control_codes="ignore": stray controls count 0 rather than make the sum -1.
    return max(0, wcwidth.width(text, control_codes="ignore"))


def graphemes(text: str) -> Iterator[str]:
    """User-perceived characters (a base and its marks, a ZWJ sequence): the units a
    long word may be split between."""
    if text.isascii():
        yield from text
    else:
        yield from wcwidth.iter_graphemes(text)


def split_at(text: str, cells: int, column: int = 0, *, force: bool = True) -> int:
    """The longest prefix of ``text`` (as an offset) that fits in ``cells`` cells from
    ``column``; with ``force``, at least one grapheme even if it does not fit (a line
    must take something)."""
    if text.isascii() and "\t" not in text:
        take = max(0, min(cells, len(text)))
        return max(take, 1 if force and text else 0)
    offset, col, limit = 0, column, column + cells
    for cluster in graphemes(text):
        after = advance(cluster, col)
        if after > limit and (offset or not force):
            break
        offset += len(cluster)
        col = after
    return offset


def pad(text: str, cells: int) -> str:
    """``text`` padded with spaces to ``cells`` cells (never cut)."""
    return text + " " * max(0, cells - width(text))


def truncate(text: str, cells: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``cells`` cells, with an ellipsis if it was cut."""
    if width(text) <= cells:
        return text
    if cells <= 0:
        return ""
    keep = split_at(text, cells - width(ellipsis))
    while keep and width(text[:keep]) > cells - width(ellipsis):
        keep -= 1
    return text[:keep] + ellipsis
