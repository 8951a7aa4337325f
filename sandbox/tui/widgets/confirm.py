"""A yes/no question over the app, answered with a key: ``y``/Enter yes, ``n``/Escape no."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from sandbox.tui.literal import literal


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = """
    Confirm {
        align: center middle;
    }
    Confirm > Vertical {
        width: 60;
        max-width: 90%;
        height: auto;
        border: round $warning;
        background: $surface;
        padding: 1 2;
    }
    Confirm #confirm-keys {
        margin-top: 1;
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str, no: str) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self.question), id="confirm-question")
            yield Static(literal(f"y / Enter: {self.yes}    n / Escape: {self.no}"), id="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
