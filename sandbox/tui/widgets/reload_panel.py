"""Every reload's result: commands added, changed and removed, and errors with file:line.

Fed by ``sandbox.reload.Reloader``'s listeners through the app; ``r`` forces a full
reload. Text from files and tracebacks goes in as plain ``Text``, never as markup.
"""
from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import RichLog, Static


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


class ReloadPanel(Vertical):
    BINDINGS = [Binding("r", "reload_all", "Reload all")]

    class ReloadAll(Message):
        pass

    def compose(self) -> ComposeResult:
        yield Static(Text("Edit commands/*.py or themes/*.toml in any editor: changes go live at once. r: reload everything now.", style="dim"), id="reload-help")
        yield RichLog(id="reload-log", wrap=True, markup=False, highlight=False, max_lines=2000, min_width=20)

    def add(self, text: Text) -> None:
        self.query_one("#reload-log", RichLog).write(text)

    def action_reload_all(self) -> None:
        self.post_message(self.ReloadAll())
