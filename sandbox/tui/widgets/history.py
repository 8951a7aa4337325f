"""Every builder's undo history: what `undo` and `redo` would take back, newest first.

Drawn from the engine's History (the same entries the journal saves), redrawn when a
turn commits. Names and command lines are world data, so they go in as plain ``Text``.
"""
from __future__ import annotations

import time

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from sandbox.engine.history import History
from sandbox.engine.world import World


def history_text(history: History, world: World, first: int | None = None) -> Text:
    out = Text(end="")
    actors = sorted(history.stacks, key=lambda a: (a != first, a))
    shown = False
    for actor in actors:
        stacks = history.stacks[actor]
        if not stacks.undo and not stacks.redo:
            continue
        shown = True
        who = world.get(actor)
        out.append(f"{who.name if who is not None else '(gone)'} #{actor}", style="bold")
        out.append(f"  {len(stacks.undo)} to undo, {len(stacks.redo)} to redo\n", style="dim")
        for n, entry in enumerate(reversed(stacks.undo), 1):
            out.append(f"  {n:>2}. ", style="dim")
            out.append(entry.line)
            out.append(f"  ({entry.summary()}, {time.strftime('%H:%M:%S', time.localtime(entry.at))})\n", style="dim")
        for entry in reversed(stacks.redo):
            out.append("   ↷  ", style="dim")
            out.append(entry.line, style="italic")
            out.append("  (undone; redo brings it back)\n", style="dim")
    if not shown:
        out.append("No building yet. dig, desc, create, destroy… then ", style="dim")
        out.append("undo", style="bold")
        out.append(" and ", style="dim")
        out.append("redo", style="bold")
        out.append(" take them back and forth.\n", style="dim")
    return out


class HistoryPanel(VerticalScroll):
    DEFAULT_CSS = "HistoryPanel { padding: 0 1; }"

    def compose(self):
        yield Static(Text(""), id="history-text")

    def show(self, history: History, world: World, first: int | None = None) -> None:
        self.query_one("#history-text", Static).update(history_text(history, world, first))
