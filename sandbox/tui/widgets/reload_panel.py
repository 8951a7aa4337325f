"""Every reload's result: commands added, changed and removed, and errors with file:line.

Fed by ``sandbox.reload.Reloader``'s listeners through the app; ``r`` forces a full
reload. Text from files and tracebacks goes in as plain ``Text``, never as markup.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Static


def report_text(report: object, base: Path | None) -> Text:
    """One command reload (a ``ReloadReport``) as a few lines of styled text."""
    from sandbox.reload.report import describe_error

    stamp = time.strftime("%H:%M:%S")
    out = Text(end="")
    ok = not getattr(report, "errors", ())
    out.append(f"{stamp} ", style="dim")
    out.append("reloaded" if ok else "reload FAILED", style="bold green" if ok else "bold red")
    files = ", ".join(_rel(p, base) for p in getattr(report, "modules", ())) or "all modules"
    out.append(f"  {files}  ({getattr(report, 'trigger', '?')}, {getattr(report, 'seconds', 0.0) * 1000:.1f} ms)\n")
    for label, style in (("added", "green"), ("changed", "yellow"), ("removed", "magenta")):
        names = getattr(report, label, ())
        if names:
            out.append(f"  {label}: ", style=style)
            out.append(", ".join(names) + "\n")
    for error in getattr(report, "errors", ()):
        out.append("  " + describe_error(error, base) + "\n", style="red")
        tb = (getattr(error, "traceback", "") or "").rstrip()
        if tb:
            out.append("    " + tb.replace("\n", "\n    ") + "\n", style="dim")
    if ok and not getattr(report, "has_changes", False):
        out.append("  no command changed\n", style="dim")
    if not ok:
        out.append("  the previous commands keep working; fix the file and save again\n", style="dim")
    return out


def theme_text(report: object, base: Path | None) -> Text:
    stamp = time.strftime("%H:%M:%S")
    out = Text(end="")
    errors = getattr(report, "errors", ())
    out.append(f"{stamp} ", style="dim")
    out.append("themes reloaded" if not errors else "theme error", style="bold cyan" if not errors else "bold red")
    out.append(f"  {', '.join(_rel(p, base) for p in getattr(report, 'paths', ())) or 'all'}\n")
    for error in errors:
        out.append(f"  {error}\n", style="red")
    return out


def _rel(path: Path, base: Path | None) -> str:
    try:
        return str(Path(path).relative_to(base)) if base is not None else str(path)
    except ValueError:
        return str(path)


#: Entries kept in the log (oldest dropped first).
MAX_ENTRIES = 500


def _trimmed(entry: Text) -> Text:
    """The entry without its final newline (the log puts one between entries)."""
    copy = entry.copy()
    copy.rstrip()  # in place
    return copy


class ReloadLog(VerticalScroll, can_focus=True):
    """The entries, wrapped to the pane's width whenever it is drawn.

    A RichLog wraps each entry once, at the width it had when written: entries added
    while the tab was hidden (or before a resize) kept another width, so at 80x24 some
    lines ran long and others wrapped short. A Static re-wraps them all on every resize.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries: list[Text] = []

    def compose(self) -> ComposeResult:
        yield Static(id="reload-entries")

    def add(self, text: Text) -> None:
        self.entries = [*self.entries[-(MAX_ENTRIES - 1) :], text]
        body: Text = Text("\n", end="").join(_trimmed(entry) for entry in self.entries)
        self.query_one("#reload-entries", Static).update(body)
        self.call_after_refresh(self.scroll_end, animate=False)

    def plain_lines(self) -> list[str]:
        return [line for entry in self.entries for line in entry.plain.rstrip("\n").split("\n")]


class ReloadPanel(Vertical):
    BINDINGS = [Binding("r", "reload_all", "Reload all")]

    class ReloadAll(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Static(Text("Edit commands/*.py or themes/*.toml in any editor: changes go live at once. r: reload everything now.", style="dim"), id="reload-help")
        yield ReloadLog(id="reload-log")

    def add(self, text: Text) -> None:
        self.query_one("#reload-log", ReloadLog).add(text)

    def action_reload_all(self) -> None:
        self.post_message(self.ReloadAll())
