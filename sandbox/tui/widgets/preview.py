"""Markup preview: a source editor beside the telnet and web renderings of the same text.

The telnet side shows the real ANSI output at the chosen colour depth (parsed back with
``Text.from_ansi``, or the raw escape codes); the web side approximates the HTML with
the theme's page colours (or shows the HTML source). Editing an object's description
loads it here; saving validates and reports errors at their line and column.
"""
from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Checkbox, Static, TextArea

from sandbox.markup import DEFAULT_THEME, MarkupError, Theme, render, render_rich, validate
from sandbox.tui.literal import literal, toast

DEPTHS = ("plain", "ansi16", "ansi256", "truecolor")
SAMPLE = "[title]The [room]Mill Pond[/room][/title]\nReeds lean over [bold #e0c060]still water[/bold #e0c060]. A [npc]heron[/npc] waits.\n[link=look heron][exit]look heron[/exit][/link]"


def show_escapes(ansi: str) -> Text:
    """ANSI output with its escape codes made visible (ESC as ␛)."""
    return Text(ansi.replace("\x1b", "␛"), end="")


def telnet_view(source: str, depth: str, theme: Theme, raw: bool) -> Text:
    ansi = render(source, depth, theme)
    return show_escapes(ansi) if raw else Text.from_ansi(ansi, end="")


def web_view(source: str, theme: Theme, raw: bool) -> Text:
    if raw:
        return Text(render(source, "html"), end="")
    return render_rich(source, theme)


def error_report(errors: list[MarkupError]) -> Text:
    if not errors:
        return Text("markup ok", style="green")
    out = Text(end="")
    for err in errors[:5]:
        out.append(f"line {err.line}, column {err.column}: ", style="bold red")
        out.append(err.reason + "\n")
    if len(errors) > 5:
        out.append(f"… {len(errors) - 5} more", style="dim")
    return out


class MarkupPreview(Vertical):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save description"),
        Binding("ctrl+b", "browser", "Open in browser"),
    ]

    class SaveRequested(Message):
        def __init__(self, target: int, source: str) -> None:
            super().__init__()
            self.target = target
            self.source = source

    class BrowserRequested(Message):
        def __init__(self, source: str) -> None:
            super().__init__()
            self.source = source

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.markup_theme: Theme = DEFAULT_THEME
        self.target: int | None = None
        self.target_name = ""
        self._loaded = SAMPLE  # the text as last loaded or saved

    def compose(self) -> ComposeResult:
        with Horizontal(id="preview-controls"):
            yield Static("scratch", id="preview-target")
            # A button that steps through the depths, not a Select: Textual's Select can
            # crash while it mounts (textual#6581), and this pane mounts during play.
            yield Button(DEPTHS[-1], compact=True, id="preview-depth", tooltip="colour depth of the telnet view: press for the next")
            yield Checkbox("escapes", compact=True, id="preview-raw")
            yield Checkbox("HTML source", compact=True, id="preview-html")
        with Horizontal(id="preview-main"):
            yield TextArea(SAMPLE, id="preview-source", soft_wrap=True)
            with Vertical(id="preview-outputs"):
                # Drawn here, not in on_mount: under load a parent's Mount can arrive
                # before its nested children are mounted, and querying them then fails.
                with VerticalScroll(id="preview-telnet-box") as box:
                    box.border_title = "telnet"
                    yield Static(telnet_view(SAMPLE, DEPTHS[-1], self.markup_theme, False), id="preview-telnet")
                with VerticalScroll(id="preview-web-box") as box:
                    box.border_title = "web"
                    box.styles.background = self.markup_theme.background
                    web = Static(web_view(SAMPLE, self.markup_theme, False), id="preview-web")
                    web.styles.color = self.markup_theme.foreground
                    yield web
        yield Static(error_report(validate(SAMPLE)), id="preview-errors")

    @property
    def source(self) -> str:
        return self.query_one("#preview-source", TextArea).text

    @property
    def unsaved(self) -> bool:
        """Whether the editor holds text that was neither loaded nor saved (the scratch
        sample counts as loaded)."""
        return self.source != self._loaded

    def mark_saved(self) -> None:
        self._loaded = self.source

    def edit(self, target: int, name: str, source: str) -> None:
        """Load an object's description for editing; ctrl+s saves it back."""
        self._loaded = source
        self.target, self.target_name = target, name
        self.query_one("#preview-target", Static).update(literal(f"editing {name} #{target}", style="bold"))
        area = self.query_one("#preview-source", TextArea)
        area.text = source
        area.focus()

    def set_theme(self, theme: Theme) -> None:
        self.markup_theme = theme
        self.refresh_views()

    def refresh_views(self) -> None:
        try:
            source = self.source
            depth = self.depth
            raw = self.query_one("#preview-raw", Checkbox).value
            html = self.query_one("#preview-html", Checkbox).value
            telnet = self.query_one("#preview-telnet", Static)
            web = self.query_one("#preview-web", Static)
            box = self.query_one("#preview-web-box")
            errors = self.query_one("#preview-errors", Static)
        except NoMatches:  # still mounting (a TextArea reports its first text early): compose drew it
            return
        telnet.update(telnet_view(source, depth, self.markup_theme, raw))
        web.update(web_view(source, self.markup_theme, html))
        # The page colours of the theme, as the standalone HTML page would use them.
        box.styles.background = self.markup_theme.background
        web.styles.color = self.markup_theme.foreground
        errors.update(error_report(validate(source)))

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.refresh_views()

    @property
    def depth(self) -> str:
        """The colour depth the telnet view renders at (the depth button's label)."""
        return str(self.query_one("#preview-depth", Button).label)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "preview-depth":
            event.stop()
            event.button.label = DEPTHS[(DEPTHS.index(self.depth) + 1) % len(DEPTHS)]
            self.refresh_views()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.refresh_views()

    def action_save(self) -> None:
        source = self.source
        errors = validate(source)
        if errors:
            first = errors[0]
            area = self.query_one("#preview-source", TextArea)
            area.cursor_location = (first.line - 1, max(0, first.column - 1))
            area.focus()
            toast(self.app, f"Not saved: line {first.line}, column {first.column}: {first.reason}", severity="error")
            return
        if self.target is None:
            toast(self.app, "Nothing to save to: edit a description first (F6, or e in the area tree).", severity="warning")
            return
        self.post_message(self.SaveRequested(self.target, source))

    def action_toggle_escapes(self) -> None:
        box = self.query_one("#preview-raw", Checkbox)
        box.value = not box.value

    def action_toggle_html(self) -> None:
        box = self.query_one("#preview-html", Checkbox)
        box.value = not box.value

    def action_browser(self) -> None:
        self.post_message(self.BrowserRequested(self.source))
