"""Turning a client's data bytes into clean input lines (no I/O).

CR LF, bare CR, CR NUL and bare LF all end a line (clients differ: telnetlib3 sends a
bare CR, classic telnet CR LF, some CR NUL). A line longer than ``max_line`` bytes is
cut, and the rest of it up to the next line end is skipped. Bytes are decoded as UTF-8
with replacement characters, backspaces are applied, and escape sequences and other
control characters are removed, so nothing but printable text reaches the engine.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

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
_BACKSPACE = re.compile(r"[^\x08\x7f]?[\x08\x7f]")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    cut: bool = False  # longer than the limit and shortened


def clean_input(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    if text.isprintable():  # fast path: ordinary typing
        return text
    if "\x08" in text or "\x7f" in text:
        previous = None
        while previous != text:
            previous, text = text, _BACKSPACE.sub("", text, count=1)
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
        lines.append(Line(clean_input(bytes(self._buffer)), cut=True))
        self._buffer.clear()
        self._skipping = True

    def _end_line(self, lines: list[Line]) -> None:
        if self._skipping:
            self._skipping = False
            return
        lines.append(Line(clean_input(bytes(self._buffer))))
        self._buffer.clear()
