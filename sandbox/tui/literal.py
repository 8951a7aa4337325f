"""The one way text reaches a Textual surface: as objects, never as markup strings.

Names, descriptions, says, theme names and error messages are written by players and
builders. Textual parses a plain ``str`` given to ``notify``, ``Static``, ``Label``,
tree nodes, data-table cells, border titles and command-palette entries as its own
markup, which can fail (``[/color]`` closing nothing raises ``MarkupError`` and ends the
app) or act (``[@click=app.quit]``). Every widget in ``sandbox.tui`` therefore receives
a ``Content`` (or a Rich ``Text``) made by these helpers, and ``toast`` always turns
Textual's markup off. ``tests/tui/test_literal_text.py`` checks the code and the
running app for strings that slip past them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from rich.text import Text
from textual.content import Content

from sandbox.markup.safety import strip_controls

if TYPE_CHECKING:
    from textual.app import App

Severity = Literal["information", "warning", "error"]


def literal(text: object, style: str = "") -> Content:
    """``text`` exactly as written (control characters removed), optionally styled."""
    plain = strip_controls(str(text))
    return Content.styled(plain, style) if style else Content(plain)


def literal_text(text: object, style: str = "") -> Text:
    """The same as a Rich ``Text``, for widgets that measure Rich renderables (DataTable)."""
    return Text(strip_controls(str(text)), style=style, end="")


def toast(app: App[Any], message: object, *, title: str = "", severity: Severity = "information", timeout: float | None = None) -> None:
    """A notification whose message and title are shown literally."""
    app.notify(strip_controls(str(message)), title=strip_controls(title), severity=severity, timeout=timeout, markup=False)
