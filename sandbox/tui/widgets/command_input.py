"""The command line: Enter sends, Up/Down walk the history, Tab completes.

Tab completes the longest common prefix of the candidates; pressing Tab again cycles
through them. Candidates come from a callable so the widget knows nothing of the engine.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from sandbox.completion import common_prefix
from sandbox.tui.history import History
from sandbox.tui.literal import toast


class CommandInput(Input):
    BINDINGS = [
        Binding("up", "history_previous", "Previous command", show=False),
        Binding("down", "history_next", "Next command", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    class Command(Message):
        """A line the builder submitted."""

        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    def __init__(self, history: History, candidates: Callable[[str], list[str]], **kwargs: Any) -> None:
        super().__init__(placeholder="type a command — Tab completes, ↑↓ history, ctrl+p for every action", **kwargs)
        self.history = history
        self.candidates = candidates
        self._cycle: list[str] = []
        self._cycle_index = -1
        self._expected: str | None = None

    def _set(self, value: str) -> None:
        # Changed messages arrive later: remember what we set so they can be told apart
        # from the builder's own typing (which ends a Tab cycle).
        self._expected = value
        self.value = value
        self.cursor_position = len(value)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value != self._expected:
            self._cycle, self._cycle_index = [], -1

    async def action_submit(self) -> None:
        line = self.value
        self.history.add(line)
        self._set("")
        self._cycle, self._cycle_index = [], -1
        self.post_message(self.Command(line))

    def action_history_previous(self) -> None:
        entry = self.history.previous(self.value)
        if entry is not None:
            self._set(entry)

    def action_history_next(self) -> None:
        entry = self.history.next()
        if entry is not None:
            self._set(entry)

    def action_complete(self) -> None:
        if self._cycle:
            self._cycle_index = (self._cycle_index + 1) % len(self._cycle)
            self._set(self._cycle[self._cycle_index])
            return
        options = self.candidates(self.value)
        if not options:
            self.app.bell()
            return
        if len(options) == 1:
            self._set(options[0] + " ")
            return
        prefix = common_prefix(options)
        if len(prefix) > len(self.value):
            self._set(prefix)
        else:
            self._cycle, self._cycle_index = options, 0
            self._set(options[0])
        # The arguments, whole ("rusty anchor", not "anchor" twice), each once.
        words = list(dict.fromkeys(o.partition(" ")[2].strip() if " " in self.value else o for o in options))
        shown = ", ".join(words[:12])
        toast(self.app, shown + (" …" if len(words) > 12 else ""), title="Completions", timeout=3)
