"""The output pane's scrollback as plain data: messages laid out into wrapped lines for
one width, turned into ``Strip``s only when a line is drawn.

Appending a message costs O(message): its line count comes from its plain text (most
MUD messages are one short line and need no wrapping at all). Strips, Rich's rendering
of a line, are made for the lines on screen and a few screens around them, so a flood
of 1,000 messages/s costs a screenful of rendering per frame, not a re-wrap of every
arrival. A resize recounts lines from the plain text and drops the cached strips.

A message is kept as a string and tuples of ints (styles are interned in a table), not
as a ``Text``: the garbage collector stops looking at tuples of ints after their first
collection, while 20k ``Text`` objects (each with lists and spans) made every full
collection walk a couple of hundred thousand objects, a 40-100 ms pause every few
seconds of a flood that a key pressed meanwhile waited for.

No widget here: ``OutputLog`` (output.py) draws from this, and the tests use it bare.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import OrderedDict

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Span, Text
from textual.strip import Strip

_WORD = re.compile(r"\s*\S+\s*")
#: Trimmed messages leave the front of the lists in one slice once this many pile up,
#: so trimming stays O(1) per message instead of shifting 20k list items each time.
_COMPACT_AFTER = 1024
#: Messages whose drawn strips are kept (a few screens' worth).
_DRAWN_CACHE = 256
_NO_STYLE = -1

StyleType = str | Style


def wrap_offsets(paragraph: str, width: int) -> list[int]:
    """Character offsets where a paragraph (no newlines) breaks when word-wrapped to
    ``width`` cells. Spaces may hang past the edge (they are cropped when drawn); a word
    wider than the line is folded."""
    breaks: list[int] = []
    if width < 1:
        return breaks
    used = 0  # cells on the current line
    for match in _WORD.finditer(paragraph):
        word = match.group()
        body = word.rstrip()
        body_cells = cell_len(body)
        if used + body_cells <= width:
            used += cell_len(word)
            continue
        if used:
            breaks.append(match.start())
            used = 0
        if body_cells <= width:
            used = cell_len(word)
            continue
        for index, char in enumerate(body):  # fold a word longer than the line
            cells = cell_len(char)
            if used + cells > width and used:
                breaks.append(match.start() + index)
                used = 0
            used += cells
        used += len(word) - len(body)
    return breaks


def paragraph_starts(plain: str) -> tuple[tuple[int, ...], int]:
    """Where each "\\n"-separated paragraph starts, and the cells of the widest one."""
    starts = [0]
    widest = 0
    start = plain.find("\n")
    previous = 0
    while start != -1:
        widest = max(widest, cell_len(plain[previous:start]))
        previous = start + 1
        starts.append(previous)
        start = plain.find("\n", previous)
    return tuple(starts), max(widest, cell_len(plain[previous:]))


def line_starts(plain: str, paragraphs: tuple[int, ...], widest: int, width: int) -> tuple[int, ...]:
    """Character offset where each drawn line of a message starts at a width."""
    if widest <= width or width < 1:
        return paragraphs
    starts: list[int] = []
    ends = (*paragraphs[1:], len(plain) + 1)
    for start, end in zip(paragraphs, ends):
        starts.append(start)
        paragraph = plain[start : end - 1]
        if cell_len(paragraph) > width:
            starts.extend(start + offset for offset in wrap_offsets(paragraph, width))
    return tuple(starts)


class Scrollback:
    """Messages and the lines they make at one width, newest last, at most ``max_lines``
    lines (whole messages leave from the front; the newest is always kept).

    Lines are numbered from the oldest kept line (0) to ``len(self) - 1``. Messages are
    named by a serial number that is never reused, so a search match can tell when its
    message has been trimmed.
    """

    def __init__(self, max_lines: int) -> None:
        self.max_lines = max_lines
        self.width = 0  # 0: not laid out yet (each paragraph counts as one line)
        # One item per message, in parallel (see the module docstring for why).
        self._plain: list[str] = []
        self._spans: list[tuple[tuple[int, int, int], ...]] = []  # (start, end, style id)
        self._base: list[int] = []  # style id of the whole message
        self._paragraphs: list[tuple[int, ...]] = []
        self._widest: list[int] = []
        self._starts: list[tuple[int, ...]] = []  # line starts at self.width
        self._first: list[int] = []  # absolute number of the message's first line
        self._head = 0  # index of the oldest kept message
        self._serial0 = 1  # serial of index 0
        self._end = 0  # absolute number of the line after the newest
        self._styles: list[StyleType] = []
        self._style_ids: dict[StyleType, int] = {}
        self._drawn: OrderedDict[int, list[Strip]] = OrderedDict()  # serial → strips
        #: The search match shown: (serial, start, end, style).
        self.marked: tuple[int, int, int, Style] | None = None

    def __len__(self) -> int:
        return self._end - self._top()

    def _top(self) -> int:
        return self._first[self._head] if self._head < len(self._plain) else self._end

    def _style_id(self, style: StyleType) -> int:
        if not style:
            return _NO_STYLE
        found = self._style_ids.get(style)
        if found is None:
            found = self._style_ids[style] = len(self._styles)
            self._styles.append(style)
        return found

    # -- writing -----------------------------------------------------------------------------
    def append(self, text: Text) -> int:
        """Add a message; returns how many lines it adds."""
        text.expand_tabs()  # a tab's width depends on its column: fix it once
        plain = text.plain
        paragraphs, widest = paragraph_starts(plain)
        starts = line_starts(plain, paragraphs, widest, self.width)
        style_id = self._style_id
        self._plain.append(plain)
        self._spans.append(tuple((span.start, span.end, style_id(span.style)) for span in text.spans))
        self._base.append(style_id(text.style))
        self._paragraphs.append(paragraphs)
        self._widest.append(widest)
        self._starts.append(starts)
        self._first.append(self._end)
        self._end += len(starts)
        return len(starts)

    def trim(self) -> int:
        """Drop the oldest messages beyond ``max_lines``; returns how many lines went."""
        before = self._top()
        last = len(self._plain) - 1
        while self._head < last and self._end - self._first[self._head] > self.max_lines:
            self._head += 1
        if self._head >= _COMPACT_AFTER and self._head * 2 >= len(self._plain):
            for column in (self._plain, self._spans, self._base, self._paragraphs, self._widest, self._starts, self._first):
                del column[: self._head]
            self._serial0 += self._head
            self._head = 0
        if self.marked is not None and self._index(self.marked[0]) is None:
            self.marked = None
        return self._top() - before

    def set_width(self, width: int) -> None:
        """Lay every message out again for a new width (plain text only: strips are made
        again when shown)."""
        if width == self.width:
            return
        self.width = width
        self._drawn.clear()
        line = self._top()
        for index in range(self._head, len(self._plain)):
            starts = line_starts(self._plain[index], self._paragraphs[index], self._widest[index], width)
            self._starts[index] = starts
            self._first[index] = line
            line += len(starts)
        self._end = line

    def restyle(self) -> None:
        """The widget's base style changed: every drawn strip must be made again."""
        self._drawn.clear()

    # -- reading -----------------------------------------------------------------------------
    def _index(self, serial: int) -> int | None:
        index = serial - self._serial0
        return index if self._head <= index < len(self._plain) else None

    def locate(self, line: int) -> tuple[int, int] | None:
        """(serial, line within the message) of the message drawing a line."""
        absolute = self._top() + line
        if line < 0 or absolute >= self._end:
            return None
        index = bisect_right(self._first, absolute, self._head) - 1
        return self._serial0 + index, absolute - self._first[index]

    def line_of(self, serial: int, column: int = 0) -> int | None:
        """The line showing a column of a message, or None once it has been trimmed."""
        index = self._index(serial)
        if index is None:
            return None
        within = bisect_right(self._starts[index], column) - 1
        return self._first[index] + max(0, within) - self._top()

    def text_of(self, serial: int) -> Text:
        """The message as Rich ``Text``, with the search mark if it has one."""
        index = self._index(serial)
        if index is None:
            return Text()
        styles = self._styles
        spans = [Span(start, end, styles[style]) for start, end, style in self._spans[index]]
        if self.marked is not None and self.marked[0] == serial:
            spans.append(Span(*self.marked[1:]))
        base = self._base[index]
        return Text(self._plain[index], styles[base] if base != _NO_STYLE else "", end="", spans=spans)

    def messages(self) -> list[tuple[int, str]]:
        """(serial, plain text) of every message, oldest first."""
        return [(self._serial0 + index, self._plain[index]) for index in range(self._head, len(self._plain))]

    def plain_lines(self) -> list[str]:
        lines: list[str] = []
        for index in range(self._head, len(self._plain)):
            plain, starts = self._plain[index], self._starts[index]
            for start, end in zip(starts, (*starts[1:], len(plain))):
                lines.append(plain[start:end].rstrip("\n"))
        return lines

    def draw(self, serial: int, console: Console, width: int, base: Style) -> list[Strip]:
        """A message's lines as strips exactly ``width`` cells wide over the base style."""
        strips = self._drawn.get(serial)
        if strips is not None:
            self._drawn.move_to_end(serial)
            return strips
        index = self._index(serial)
        if index is None:
            return []
        text, starts = self.text_of(serial), self._starts[index]
        pieces = [text] if len(starts) == 1 else text.divide(starts[1:])
        strips = []
        for piece in pieces:
            if piece.plain.endswith("\n"):
                piece.right_crop(1)
            strip = Strip(list(piece.render(console)))
            strips.append(strip.crop_extend(0, width, None).apply_style(base))
        self._drawn[serial] = strips
        if len(self._drawn) > _DRAWN_CACHE:
            self._drawn.popitem(last=False)
        return strips

    # -- search ------------------------------------------------------------------------------
    def mark(self, serial: int, start: int, end: int, style: Style) -> bool:
        """Highlight characters start..end of one message (and clear any other mark)."""
        self.unmark()
        if self._index(serial) is None:
            return False
        self.marked = (serial, start, end, style)
        self._drawn.pop(serial, None)
        return True

    def unmark(self) -> None:
        if self.marked is not None:
            self._drawn.pop(self.marked[0], None)
            self.marked = None
