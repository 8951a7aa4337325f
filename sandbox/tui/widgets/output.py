"""The output pane: rendered messages in a long scrollback, with search (ctrl+f).

Messages arrive as markup and are turned into Rich ``Text`` by the markup package, so
neither Rich nor Textual ever parses player text as markup. ``OutputLog`` is a Line API
widget over a ``Scrollback`` (scrollback.py): appending costs O(new messages) and a
redraw renders only the lines on screen, so a flood never waits on re-wrapping (a
RichLog re-wrapped every batch through Rich, 30-60 ms a frame, and keys waited for it).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

from sandbox.engine.session import Message
from sandbox.markup import Theme, render_rich
from sandbox.tui.widgets.scrollback import Scrollback

SCROLLBACK_LINES = 20_000
_MATCH_STYLE = Style(reverse=True, bold=True)
_ECHO_STYLE = Style(dim=True)


class OutputLog(ScrollView, can_focus=True):
    """The scrollback, drawn line by line. It follows new output only while the reader
    is at the bottom, and can mark one search match."""

    DEFAULT_CSS = """
    OutputLog {
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(self, max_lines: int = SCROLLBACK_LINES, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scrollback = Scrollback(max_lines)
        #: Whether the reader is at the bottom, following new output.
        self.following = True
        self._base_style: Style | None = None

    # -- layout ------------------------------------------------------------------------------
    def _wrap_width(self) -> int:
        # Wrap as if the scrollbar were always there: its column appearing once output
        # fills the pane would otherwise change the width and re-wrap everything.
        return max(1, self.content_region.width - self.styles.scrollbar_size_vertical)

    def on_resize(self, event: Resize) -> None:
        width = self._wrap_width()
        if width == self.scrollback.width:
            return
        anchor = None if self.following else self.scrollback.locate(round(self.scroll_y))
        self.scrollback.set_width(width)
        self._update_size()
        if self.following:
            self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        elif anchor is not None:  # keep the message the reader was looking at on top
            line = self.scrollback.line_of(anchor[0])
            if line is not None:
                self.scroll_to(y=line, animate=False, force=True)
        self.refresh()

    def _update_size(self) -> None:
        # The public way, as Textual's own Log does. It asks for a layout, but output
        # arrives in one batch per frame (see frontend.py), so that is once a frame at
        # most. The scrollbars appear only at that layout, so scrolls made before it
        # are forced (an unforced scroll of a pane that shows no scrollbar yet is a no-op).
        self.virtual_size = Size(self.scrollback.width, len(self.scrollback))

    # -- drawing -----------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None
        self.scrollback.restyle()

    def render_line(self, y: int) -> Strip:
        if self._base_style is None:  # a walk up the DOM: once per style change, not per line
            self._base_style = self.rich_style
        width = self.scrollable_content_region.width
        found = self.scrollback.locate(round(self.scroll_y) + y)
        if found is None:
            return Strip.blank(width, self._base_style)
        serial, index = found
        strip = self.scrollback.draw(serial, self.app.console, self.scrollback.width, self._base_style)[index]
        if strip.cell_length != width:  # no scrollbar yet: one column to fill
            strip = strip.extend_cell_length(width, self._base_style)
        return strip

    # -- writing -----------------------------------------------------------------------------
    def add(self, texts: Iterable[Text]) -> None:
        """Append messages; follow them if the reader was at the bottom."""
        self.following = self.scroll_y >= self.max_scroll_y - 1
        added = 0
        for text in texts:
            added += self.scrollback.append(text)
        if not added:
            return
        dropped = self.scrollback.trim()
        self._update_size()
        if self.following:
            self.scroll_to(y=self.max_scroll_y, animate=False, force=True)
        elif dropped:  # lines left at the top: keep what the reader looks at still
            self.scroll_to(y=max(0, self.scroll_y - dropped), animate=False, force=True)
        self.refresh()

    def plain_lines(self) -> list[str]:
        return self.scrollback.plain_lines()

    def messages(self) -> list[tuple[int, str]]:
        """(serial, plain text) of every message in the scrollback, oldest first."""
        return self.scrollback.messages()

    # -- search ------------------------------------------------------------------------------
    def mark(self, serial: int, start: int, end: int) -> int | None:
        """Highlight characters start..end of a message and scroll them into view;
        returns the line shown, or None if the message has left the scrollback."""
        if not self.scrollback.mark(serial, start, end, _MATCH_STYLE):
            self.refresh()
            return None
        line = self.scrollback.line_of(serial, start)
        assert line is not None
        self.scroll_to(y=max(0, line - self.scrollable_content_region.height // 2), animate=False, force=True)
        self.following = False
        self.refresh()
        return line

    def unmark(self) -> None:
        if self.scrollback.marked is not None:
            self.scrollback.unmark()
            self.refresh()


def find_matches(lines: list[str], query: str) -> list[tuple[int, int]]:
    """(index, column) of every case-insensitive match in a list of texts, oldest first."""
    q = query.lower()
    if not q:
        return []
    out: list[tuple[int, int]] = []
    for number, line in enumerate(lines):
        low = line.lower()
        start = low.find(q)
        while start != -1:
            out.append((number, start))
            start = low.find(q, start + 1)
    return out


class OutputPane(Vertical):
    """The log plus a search bar that appears with ctrl+f (Enter: older match,
    shift+enter: newer match, Escape: close)."""

    BINDINGS = [
        Binding("escape", "close_search", "Close search", show=False),
        Binding("ctrl+n", "search_newer", "Newer match", show=False),
    ]

    def __init__(self, theme: Theme, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.markup_theme = theme
        self._matches: list[tuple[int, int]] = []
        self._match_index = -1
        self._query = ""

    def compose(self) -> ComposeResult:
        yield OutputLog(id="log")
        with Vertical(id="search-bar"):
            yield Input(placeholder="search scrollback (Enter: older, ctrl+n: newer, Esc: close)", id="search")
            yield Static("", id="search-status")

    @property
    def log_widget(self) -> OutputLog:
        return self.query_one(OutputLog)

    def show_messages(self, messages: Iterable[Message]) -> None:
        """Render a frame's messages and append them in one go (one redraw)."""
        theme = self.markup_theme
        self.log_widget.add(render_rich(message.text, theme) for message in messages if message.text)

    def echo(self, line: str) -> None:
        shown = line if len(line) <= 200 else line[:200] + "…"
        self.log_widget.add([Text("› " + shown.replace("\n", "⏎"), style=_ECHO_STYLE, end="")])

    def note(self, text: Text) -> None:
        self.log_widget.add([text])

    # -- search ------------------------------------------------------------------------------
    def open_search(self) -> None:
        self.add_class("searching")
        self.query_one("#search", Input).focus()

    def action_close_search(self) -> None:
        self.remove_class("searching")
        self.log_widget.unmark()
        self._matches, self._match_index = [], -1
        self.app.query_one("#command").focus()

    def action_search_newer(self) -> None:
        self.step(1)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            event.stop()
            self._query = event.value
            self._matches = self._find(event.value)
            self._match_index = len(self._matches)
            self.step(-1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            self._matches = self._find(self._query)
            self._match_index = min(self._match_index, len(self._matches))
            self.step(-1)

    def _find(self, query: str) -> list[tuple[int, int]]:
        """(message serial, column) of each match: whole messages are searched, so a
        match that wraps across two lines is still found."""
        messages = self.log_widget.messages()
        return [(messages[index][0], column) for index, column in find_matches([text for _, text in messages], query)]

    def step(self, direction: int) -> None:
        status = self.query_one("#search-status", Static)
        if not self._matches:
            self.log_widget.unmark()
            status.update(Text("no match" if self._query else ""))
            return
        self._match_index = (self._match_index + direction) % len(self._matches)
        serial, column = self._matches[self._match_index]
        line = self.log_widget.mark(serial, column, column + len(self._query))
        where = "scrolled out" if line is None else f"line {line + 1}"
        status.update(Text(f"match {self._match_index + 1} of {len(self._matches)} ({where})"))
