"""A terminal for the conformance tests: pyte, drawing by grapheme clusters.

Stock pyte draws one code point at a time and stops drawing the rest of a chunk at the
first zero-width character that is not a combining mark (a ZWJ, VS16, a skin-tone or
flag half), so an emoji sequence lost everything after it. ``GraphemeScreen.draw`` gives
each grapheme cluster the width ``wcwidth`` gives it (as terminals that follow Unicode
segmentation do) and attaches zero-width clusters to the previous cell. pyte ignores
SGR 2 (dim): dim is not compared.
"""
from __future__ import annotations

import pyte
import wcwidth
from pyte import modes as mo


class GraphemeScreen(pyte.Screen):
    def draw(self, data: str) -> None:
        for cluster in wcwidth.iter_graphemes(data):
            width = max(0, wcwidth.width(cluster, control_codes="ignore"))
            if width == 0:
                self._attach(cluster)
                continue
            if self.cursor.x + width > self.columns:  # no room on this line: wrap first
                if mo.DECAWM in self.mode:
                    self.carriage_return()
                    self.linefeed()
                else:
                    self.cursor.x = self.columns - width
            line = self.buffer[self.cursor.y]
            line[self.cursor.x] = self.cursor.attrs._replace(data=cluster)
            for stub in range(1, width):  # the cells a wide character covers
                if self.cursor.x + stub < self.columns:
                    line[self.cursor.x + stub] = self.cursor.attrs._replace(data="")
            self.cursor.x = min(self.cursor.x + width, self.columns)
        self.dirty.add(self.cursor.y)

    def _attach(self, cluster: str) -> None:
        x, y = self.cursor.x - 1, self.cursor.y
        if x < 0:
            if y == 0:
                return
            x, y = self.columns - 1, y - 1
        line = self.buffer[y]
        while x > 0 and line[x].data == "":  # the stub of a wide character
            x -= 1
        line[x] = line[x]._replace(data=line[x].data + cluster)


def terminal(columns: int, lines: int) -> tuple[GraphemeScreen, pyte.Stream]:
    screen = GraphemeScreen(columns, lines)
    screen.set_mode(mo.LNM)  # a newline also returns the carriage, as telnet's CRLF does
    return screen, pyte.Stream(screen)


def screen_lines(screen: pyte.Screen) -> list[str]:
    """The text on screen, one string per line (wide characters once, no stubs),
    trailing blanks removed and trailing empty lines dropped."""
    out = []
    for y in range(screen.lines):
        line = screen.buffer[y]
        out.append("".join(line[x].data for x in range(screen.columns)).rstrip())
    while out and not out[-1]:
        out.pop()
    return out
