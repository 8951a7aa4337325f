"""Turning a client's data bytes into clean input lines (no I/O).

CR LF, bare CR, CR NUL and bare LF all end a line (clients differ: telnetlib3 sends a
bare CR, classic telnet CR LF, some CR NUL). A line longer than ``max_line`` bytes is
cut, and the rest of it up to the next line end is skipped.

Splitting is cheap and cleaning is not, so they are separate steps: :class:`LineAssembler`
only splits, and a :class:`Line` is cleaned (decoded as UTF-8 with replacement
characters, backspaces applied, escape sequences and other control characters removed)
the first time its ``text`` is read. The connection reads it only for lines it keeps,
after the line limit and the rate limit, so a flood of lines it drops costs no cleaning.
Cleaning is linear in the line's length, so the work per received chunk is bounded by
the chunk's size.
"""
from __future__ import annotations

import re

from sandbox.markup import strip_controls

MAX_LINE = 4096

# ESC/CSI/OSC sequences as terminals and misconfigured clients send them (arrow keys,
# colour codes pasted from elsewhere, title sets).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI ... final
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC ... BEL/ST
    r"|\x1b[@-Z\\-_]"  # two-byte escapes
    r"|\x1b"
)
# Runs of ordinary characters and runs of backspaces (BS or DEL), for one linear pass.
_RUNS = re.compile(r"[^\x08\x7f]+|[\x08\x7f]+")


class Line:
    """One input line: its raw bytes, and its clean text computed on first use."""

    __slots__ = ("raw", "cut", "_text")

    def __init__(self, raw: bytes, cut: bool = False) -> None:
        self.raw = raw
        self.cut = cut  # longer than the limit and shortened
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = clean_input(self.raw)
        return self._text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and (self.raw, self.cut) == (other.raw, other.cut)

    def __repr__(self) -> str:
        return f"Line({self.raw!r}, cut={self.cut})"


def apply_backspaces(text: str) -> str:
    """Each BS or DEL erases the character before it: one pass over runs, not a regex
    substitution per backspace (which is quadratic in a line of them)."""
    kept: list[str] = []
    size = 0  # characters kept, across the pieces in ``kept``
    for run in _RUNS.findall(text):
        if run[0] != "\x08" and run[0] != "\x7f":
            kept.append(run)
            size += len(run)
            continue
        erase = min(len(run), size)
        size -= erase
        while erase:
            last = kept[-1]
            if len(last) <= erase:
                kept.pop()
                erase -= len(last)
            else:
                kept[-1] = last[: len(last) - erase]
                erase = 0
    return "".join(kept)


def clean_input(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    if text.isprintable():  # fast path: ordinary typing
        return text
    if "\x08" in text or "\x7f" in text:
        text = apply_backspaces(text)
    text = _ESCAPES.sub("", text)
    return strip_controls(text).replace("\t", " ").replace("\n", " ")


class LineAssembler:
    def __init__(self, max_line: int = MAX_LINE) -> None:
        self.max_line = max_line
        self._buffer = bytearray()
        self._after_cr = False  # the previous chunk ended with CR: swallow a LF/NUL
        self._skipping = False  # inside the tail of an over-long line

    def feed(self, data: bytes) -> list[Line]:
        lines: list[Line] = []
        pos, end = 0, len(data)
        if self._after_cr and end and data[0] in (0, 10):
            pos = 1
        self._after_cr = False
        while pos < end:
            cr = data.find(b"\r", pos)
            lf = data.find(b"\n", pos)
            if cr < 0 and lf < 0:
                self._append(data[pos:], lines)
                break
            stop = cr if lf < 0 or (0 <= cr < lf) else lf
            self._append(data[pos:stop], lines)
            self._end_line(lines)
            pos = stop + 1
            if data[stop] == 13:  # CR: a following LF or NUL belongs to it
                if pos < end and data[pos] in (0, 10):
                    pos += 1
                elif pos == end:
                    self._after_cr = True
        return lines

    def _append(self, chunk: bytes, lines: list[Line]) -> None:
        if self._skipping or not chunk:
            return
        room = self.max_line - len(self._buffer)
        if len(chunk) <= room:
            self._buffer += chunk
            return
        self._buffer += chunk[:room]
        lines.append(Line(bytes(self._buffer), cut=True))
        self._buffer.clear()
        self._skipping = True

    def _end_line(self, lines: list[Line]) -> None:
        if self._skipping:
            self._skipping = False
            return
        lines.append(Line(bytes(self._buffer)))
        self._buffer.clear()
