"""The output pane: rendered messages in a long scrollback, with search (ctrl+f).

Messages arrive as markup and are turned into Rich ``Text`` by the markup package, so
neither Rich nor Textual ever parses player text as markup. A frame's messages are
written as one ``Text``, which keeps a flood from costing one layout per message.
"""
from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import Input, RichLog, Static

from sandbox.engine.session import Message
from sandbox.markup import Theme, render_rich

SCROLLBACK_LINES = 20_000
_MATCH_STYLE = Style(reverse=True, bold=True)
_ECHO_STYLE = Style(dim=True)


class OutputLog(RichLog):
    """A RichLog that follows new output only while the reader is at the bottom, and can
    mark one search match."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_lines=SCROLLBACK_LINES, wrap=True, min_width=20, markup=False, highlight=False, **kwargs)  # type: ignore[arg-type]
        self._marked: tuple[int, Strip] | None = None
        #: Whether the reader is at the bottom, following new output.
        self.following = True
        self._base_style: Style | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None

    def render_line(self, y: int) -> Strip:
        # RichLog computes the widget's style (a walk up the DOM) for every line of every
        # frame; under a flood that was most of the frame. Compute it once per style change.
        if self._base_style is None:
            self._base_style = self.rich_style
        scroll_x, scroll_y = self.scroll_offset
        return self._render_line(scroll_y + y, scroll_x, self.scrollable_content_region.width).apply_style(self._base_style)

    def add(self, text: Text) -> None:
        self.following = self.scroll_y >= self.max_scroll_y - 1
        self.unmark()
        self.write(text, scroll_end=self.following)

    def on_resize(self) -> None:
        if self.following:
            self.call_after_refresh(self.scroll_end, animate=False)

    def plain_lines(self) -> list[str]:
        return [strip.text for strip in self.lines]

    def mark(self, line: int, start: int, end: int) -> None:
        """Highlight columns start..end of a scrollback line and scroll it into view."""
        self.unmark()
        original = self.lines[line]
        before, match, after = original.divide([start, end, original.cell_length])
        self.lines[line] = Strip.join([before, match.apply_style(_MATCH_STYLE), after])
        self._marked = (line, original)
        self._line_cache.clear()  # rendered lines are cached by position
        self.scroll_to(y=max(0, line - self.scrollable_content_region.height // 2), animate=False)
        self.refresh()

    def unmark(self) -> None:
        if self._marked is not None:
            line, original = self._marked
            self._marked = None
            if line < len(self.lines):
                self.lines[line] = original
                self._line_cache.clear()
                self.refresh()


def find_matches(lines: list[str], query: str) -> list[tuple[int, int]]:
    """(line, column) of every case-insensitive match, oldest first."""
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

    def __init__(self, theme: Theme, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
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
        """Render a frame's messages and append them as one write (one layout)."""
        batch = Text(end="")
        theme = self.markup_theme
        first = True
        for message in messages:
            if not message.text:
                continue
            if not first:
                batch.append("\n")
            batch.append_text(render_rich(message.text, theme))
            first = False
        if not first:
            self.log_widget.add(batch)

    def echo(self, line: str) -> None:
        shown = line if len(line) <= 200 else line[:200] + "…"
        self.log_widget.add(Text("› " + shown.replace("\n", "⏎"), style=_ECHO_STYLE, end=""))

    def note(self, text: Text) -> None:
        self.log_widget.add(text)

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
            self._matches = find_matches(self.log_widget.plain_lines(), event.value)
            self._match_index = len(self._matches)
            self.step(-1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            event.stop()
            self._matches = find_matches(self.log_widget.plain_lines(), self._query)
            self._match_index = min(self._match_index, len(self._matches))
            self.step(-1)

    def step(self, direction: int) -> None:
        status = self.query_one("#search-status", Static)
        if not self._matches:
            self.log_widget.unmark()
            status.update(Text("no match" if self._query else ""))
            return
        self._match_index = (self._match_index + direction) % len(self._matches)
        line, column = self._matches[self._match_index]
        self.log_widget.mark(line, column, column + len(self._query))
        status.update(Text(f"match {self._match_index + 1} of {len(self._matches)} (line {line + 1})"))
