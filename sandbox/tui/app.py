"""The builder's TUI: play, build, inspect, map and preview markup in one Textual app.

The app is one more front end on the session interface (see ``frontend.py``): it sends
lines as the local builder, renders the messages it gets, and redraws its panels from
world-change events, at most once per frame. It drives the engine's timers and the hot
reloader from its own loop.
"""
from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane

from sandbox import completion
from sandbox.driver import tick
from sandbox.engine.objects import GameObject
from sandbox.game import Game
from sandbox.tui.crash import CrashReport, save_crash
from sandbox.tui.frontend import TuiFrontend
from sandbox.tui.history import History
from sandbox.tui.literal import toast
from sandbox.tui.palette import Entry, WorldCommands
from sandbox.tui.panes import PANE_IDS, build_panes
from sandbox.tui.themes import ThemeChoice
from sandbox.tui.widgets.command_input import CommandInput
from sandbox.tui.widgets.inspector import Inspector
from sandbox.tui.widgets.map_view import MapView
from sandbox.tui.widgets.output import OutputPane

if TYPE_CHECKING:  # the other panes' modules load after the first room (panes.py)
    from sandbox.reload import Reloader
    from sandbox.tui.telnet import Listener
    from sandbox.tui.widgets.area_tree import AreaTree
    from sandbox.tui.widgets.preview import MarkupPreview
    from sandbox.tui.widgets.reload_panel import ReloadPanel
    from sandbox.tui.widgets.sessions import SessionsPanel

#: Shortest time between two redraws of output and panels (a frame).
FRAME_SECONDS = 1 / 30
#: Under a flood (many messages per frame) redraw less often: nobody reads 30 screens a
#: second, and every log redraw delays the echo of the builder's typing.
FLOOD_FRAME_SECONDS = 1 / 5
FLOOD_MESSAGES = 20
#: How often engine timers and the reloader are looked at.
TICK_SECONDS = 0.05
#: If no room arrives (the builder is nowhere), the other panes and the services start
#: anyway after this long.
STARTUP_FALLBACK_SECONDS = 1.0
TABS = ("play", "areas", "markup", "reload", "sessions")


class SandboxApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "sandbox"
    COMMANDS = App.COMMANDS | {WorldCommands}
    AUTO_FOCUS = "#command"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "show_tab('play')", "Play"),
        Binding("f2", "show_tab('areas')", "Areas"),
        Binding("f3", "show_tab('markup')", "Markup"),
        Binding("f4", "show_tab('reload')", "Reload"),
        Binding("f5", "show_tab('sessions')", "Sessions"),
        Binding("f7", "show_tab('history')", "History"),
        Binding("ctrl+f", "search", "Search"),
        Binding("f6", "edit_description", "Edit desc"),
        Binding("ctrl+t", "cycle_theme", "Markup theme"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, game: Game, *, name: str = "Builder", theme: str = "default", reloader: bool = True, telnet: Listener | None = None) -> None:
        super().__init__()
        self.game = game
        self.engine = game.engine
        self.frontend = TuiFrontend(game, self._wake)
        self.character_name = name
        self.theme_choice = ThemeChoice(game.themes_dir, theme)
        self.history = History(game.directory / ".sandbox" / "tui_history")
        self.want_reloader = reloader
        self.reloader: Reloader | None = None
        self.telnet = telnet  # telnet and/or web listeners (sandbox/tui/telnet.py), or None
        self.area_room: int | None = None  # the room chosen in the area tree
        self._last_frame = 0.0
        self._frame_pending = False
        self._frame_gap = FRAME_SECONDS
        self._first_room_at: float | None = None
        self._last_here: int | None = None
        self._panels_built = False
        self._started = False  # the other panes and the services (after the first room)
        self._panes_ready = asyncio.Event()
        self._panes_mounting = False
        self.crash: CrashReport | None = None  # set if an exception ends the app

    # -- layout -----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with TabbedContent(id="tabs", initial="play"):
            with TabPane("Play", id="play"):
                with Horizontal():
                    yield OutputPane(self.theme_choice.current, id="output")
                    with Vertical(id="sidebar"):
                        yield Inspector(id="play-inspector", classes="inspector")
                        yield MapView(id="play-map", classes="map")
            # Filled by _ensure_panes once the first room is on screen (see panes.py).
            yield TabPane("Areas", id="areas")
            yield TabPane("Markup", id="markup")
            yield TabPane("Reload", id="reload")
            yield TabPane("Sessions", id="sessions")
            yield TabPane("History", id="history")
        yield CommandInput(self.history, self._complete, id="command")
        yield Footer()

    def on_mount(self) -> None:
        self.frontend.connect(self.character_name)
        self._apply_theme_colours()
        self.output.note(Text.assemble(("Welcome to the sandbox. ", "bold"), ("help · F1-F5, F7 panels · ctrl+p every action", "dim")))
        # Look at once: the output pane wraps when it draws, so it needs no width yet,
        # and the room is in the first frame painted.
        self.frontend.send("look")
        self.set_interval(TICK_SECONDS, self._tick)
        self.set_interval(1.0, self._refresh_sessions)
        self.set_timer(STARTUP_FALLBACK_SECONDS, self._after_first_room)

    async def _after_first_room(self) -> None:
        """The room is on screen: mount the hidden panes, then start the reloader and
        the telnet listener (their reports go to those panes)."""
        if self._started:
            return
        self._started = True
        await self._ensure_panes()
        self._start_services()
        # Everything made so far (modules, stylesheets, widgets: some 85k objects) lives
        # as long as the app. Without this, each full collection walked them all again:
        # a 40-60 ms pause every few seconds of a message flood, keys waiting on it.
        # on_unmount hands them back to the collector.
        gc.collect()
        gc.freeze()

    async def _ensure_panes(self) -> None:
        if self._panes_ready.is_set():
            return
        if self._panes_mounting:  # another handler is mounting them: wait for it
            await self._panes_ready.wait()
            return
        self._panes_mounting = True
        panes = build_panes()
        await asyncio.gather(*(self.query_one(f"#{pane_id}", TabPane).mount(panes[pane_id]) for pane_id in PANE_IDS))
        self._preview().set_theme(self.theme_choice.current)
        self._panes_ready.set()
        self.refresh_panels(tree=True)

    def _start_services(self) -> None:
        if self.want_reloader and self.reloader is None:
            from sandbox.reload import Reloader

            reloader = Reloader(self.game)
            reloader.listeners.append(lambda report: self._on_reload(report))
            reloader.theme_listeners.append(lambda report: self._on_theme_reload(report))
            self.reloader = reloader.start()
            self.theme_choice.use_set(reloader.themes)
        if self.telnet is not None:
            self.run_worker(self._start_telnet(), exclusive=False)

    async def _start_telnet(self) -> None:
        listener = self.telnet
        if listener is None:
            return
        await listener.start(self.game)
        if listener.error:
            toast(self, f"Telnet: {listener.error}", severity="error", timeout=10)
        else:
            toast(self, f"Telnet players can connect to {listener.address}")

    async def on_unmount(self) -> None:
        gc.unfreeze()
        if self.telnet is not None:
            await self.telnet.stop()
        if self.reloader is not None:
            self.reloader.stop()
        self.frontend.disconnect()

    @property
    def output(self) -> OutputPane:
        return self.query_one("#output", OutputPane)

    # -- a crash ----------------------------------------------------------------------------
    def _handle_exception(self, error: Exception) -> None:
        """Keep the editor's text and the traceback on disk before Textual exits (with
        status 1); the terminal then gets a short note instead of a screen of locals."""
        if self.crash is None:
            try:
                self.crash = save_crash(self.game.directory, error, self._editor_buffer())
            except OSError:
                pass  # a read-only game directory: fall back to Textual's own report
        super()._handle_exception(error)

    def _editor_buffer(self) -> str | None:
        if not self._panes_ready.is_set():
            return None
        try:
            return self._preview().source
        except Exception:  # the crash may have left the DOM half torn down
            return None

    def _print_error_renderables(self) -> None:
        if self.crash is None:
            super()._print_error_renderables()
            return
        self._exit_renderables.clear()
        self.error_console.print(self.crash.note(), markup=False, highlight=False)

    # -- the engine's clock and the frame --------------------------------------------------
    def _tick(self) -> None:
        tick(self.engine)  # the reloader, once started, is one of the engine's services

    def _wake(self) -> None:
        """The first message or change of a batch arrived: draw it within one frame."""
        if self._frame_pending:
            return
        self._frame_pending = True
        delay = self._last_frame + self._frame_gap - time.monotonic()
        if delay > 0:
            self.set_timer(delay, self._frame)
        else:
            self.call_later(self._frame)

    def _frame(self) -> None:
        self._frame_pending = False
        self._last_frame = time.monotonic()
        messages, changes = self.frontend.take()
        self._frame_gap = FLOOD_FRAME_SECONDS if len(messages) > FLOOD_MESSAGES else FRAME_SECONDS
        if messages:
            self.output.show_messages(messages)
            if self._first_room_at is None and any(m.kind == "room" for m in messages):
                self._first_room_at = time.monotonic()
                self.call_after_refresh(self._after_first_room)
        if not self._panels_built or changes or any(m.kind == "room" for m in messages):
            self.refresh_panels(tree=changes.structure or not self._panels_built)
            self._panels_built = True
        if self.frontend.closed:
            self.exit(0)

    def refresh_panels(self, *, tree: bool = True) -> None:
        world, theme = self.game.world, self.theme_choice.current
        here = self.frontend.here()
        here_id = here.id if here is not None else None
        if here_id != self._last_here:
            self._last_here = here_id
            self.area_room = None  # the builder moved: the area view follows again
        self.query_one("#play-inspector", Inspector).show(world, here, theme)
        self.query_one("#play-map", MapView).show(world, here)
        if not self._panes_ready.is_set():
            return  # _ensure_panes draws the Areas pane when it has mounted it
        from sandbox.tui.widgets.area_tree import AreaTree

        chosen = world.get(self.area_room) or here
        self.query_one("#area-inspector", Inspector).show(world, chosen, theme)
        self.query_one("#area-map", MapView).show(world, chosen)
        if tree:
            self.query_one(AreaTree).rebuild(world, here.id if here is not None else None)
        from sandbox.tui.widgets.history import HistoryPanel

        me = self.frontend.character
        self.query_one(HistoryPanel).show(self.engine.history, world, me.id if me is not None else None)

    def _refresh_sessions(self) -> None:
        """Idle times tick, so the panel redraws each second while it is shown."""
        from sandbox.tui.widgets.sessions import SessionsPanel

        panels = self.query(SessionsPanel)
        if not panels or self.query_one(TabbedContent).active != "sessions":
            return
        listener = getattr(self.telnet, "address", None) or getattr(self.telnet, "error", None)
        panels.first().show(self.engine, listener)

    # -- input -------------------------------------------------------------------------------
    def _complete(self, line: str) -> list[str]:
        char = self.frontend.character
        if char is None:
            return []
        return completion.line_completions(self.engine, char, line)

    def on_command_input_command(self, event: CommandInput.Command) -> None:
        self.output.echo(event.line)
        self.frontend.send(event.line)

    # -- panels' requests --------------------------------------------------------------------
    def _preview(self) -> MarkupPreview:
        from sandbox.tui.widgets.preview import MarkupPreview

        return self.query_one("#preview", MarkupPreview)

    def _reload_panel(self) -> ReloadPanel:
        from sandbox.tui.widgets.reload_panel import ReloadPanel

        return self.query_one("#reload-panel", ReloadPanel)

    async def on_area_tree_room_chosen(self, event: AreaTree.RoomChosen) -> None:
        room = self.game.world.get(event.room_id)
        if room is None:
            return
        self.area_room = room.id
        if event.action == "teleport":
            self.output.echo(f"tel #{room.id}")
            self.frontend.send(f"tel #{room.id}")
            toast(self, f"Teleported to {room.name}.")
        elif event.action == "edit":
            await self.edit_description(room)
        else:
            self.refresh_panels(tree=False)

    def on_markup_preview_save_requested(self, event: MarkupPreview.SaveRequested) -> None:
        self._preview().mark_saved()
        line = f"desc #{event.target} = {event.source}"
        self.output.echo(line)
        self.frontend.send(line)
        toast(self, f"Description of #{event.target} saved.")

    def on_markup_preview_browser_requested(self, event: MarkupPreview.BrowserRequested) -> None:
        from sandbox.tui.browser import write_and_open

        path, opened = write_and_open(self.game.directory, event.source, self.theme_choice.current)
        toast(self, f"Preview written to {path}" + ("" if opened else " (no browser found: open it yourself)"))

    def on_reload_panel_reload_all(self, event: ReloadPanel.ReloadAll) -> None:
        self._reload_all()

    def _reload_all(self) -> None:
        if self.reloader is None:
            toast(self, "The reloader is not running.", severity="warning")
            return
        self.reloader.reload_all(trigger="command", notify=False)

    def on_sessions_panel_kick(self, event: SessionsPanel.Kick) -> None:
        self._kick(event.session_id)

    def _kick(self, session_id: int) -> None:
        self.engine.kick(session_id, "You have been disconnected by a builder.")
        toast(self, f"Kicked session {session_id}.")
        self._refresh_sessions()

    def _on_reload(self, report: object) -> None:
        from sandbox.tui.widgets.reload_panel import report_text

        self._reload_panel().add(report_text(report, self.game.directory))
        if getattr(report, "errors", ()):
            toast(self, "Reload failed: see F4.", severity="error")
        elif getattr(report, "has_changes", False):
            toast(self, "Commands reloaded.")

    def _on_theme_reload(self, report: object) -> None:
        from sandbox.tui.widgets.reload_panel import theme_text

        self._reload_panel().add(theme_text(report, self.game.directory))
        self.set_markup_theme(self.theme_choice.name)

    # -- actions -----------------------------------------------------------------------------
    async def action_show_tab(self, tab: str) -> None:
        await self._ensure_panes()
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    async def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is None:
            return
        if event.pane.id != "play":  # a click on a tab before they were mounted
            await self._ensure_panes()
        self._focus_tab(event.pane.id)

    def _focus_tab(self, tab: str) -> None:
        target = {"play": "#command", "areas": "#area-tree", "markup": "#preview-source", "reload": "#reload-log",
                  "sessions": "#sessions-table", "history": "#history-panel"}[tab]
        if tab == "play" and self.output.has_class("searching"):
            target = "#search"  # ctrl+f from another tab: this event comes after it
        self.query_one(target).focus()
        if tab == "sessions":
            self._refresh_sessions()

    def action_search(self) -> None:
        self.query_one(TabbedContent).active = "play"
        self.output.open_search()

    async def action_edit_description(self) -> None:
        tab = self.query_one(TabbedContent).active
        room = self.game.world.get(self.area_room) if tab == "areas" else None
        target = room or self.frontend.here()
        if target is not None:
            await self.edit_description(target)

    async def edit_description(self, obj: GameObject) -> None:
        await self._ensure_panes()
        self.query_one(TabbedContent).active = "markup"
        preview = self._preview()
        if preview.source == obj.desc or not preview.unsaved:
            preview.edit(obj.id, obj.name, obj.desc)
            return
        # F6 replaced text typed in the Markup tab without a word: ask first.
        from sandbox.tui.widgets.confirm import Confirm

        what = f"{preview.target_name} #{preview.target}" if preview.target is not None else "the scratch text"
        question = f"The Markup tab has unsaved changes to {what}. Replace them with the description of {obj.name} #{obj.id}?"

        def answered(replace: bool | None) -> None:
            if replace:
                preview.edit(obj.id, obj.name, obj.desc)

        self.push_screen(Confirm(question, yes="replace", no="keep my text"), answered)

    async def _preview_action(self, action: str) -> None:
        await self._ensure_panes()
        await self._preview().run_action(action)

    def action_cycle_theme(self) -> None:
        self.theme_choice.cycle()
        self.set_markup_theme(self.theme_choice.name)
        toast(self, f"Theme: {self.theme_choice.name}")

    def set_markup_theme(self, name: str) -> None:
        theme = self.theme_choice.select(name)
        self.output.markup_theme = theme
        if self._panes_ready.is_set():
            self._preview().set_theme(theme)
        self._apply_theme_colours()
        self.refresh_panels(tree=False)

    def _apply_theme_colours(self) -> None:
        theme = self.theme_choice.current
        log = self.output.log_widget
        log.styles.background = theme.background
        log.styles.color = theme.foreground

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Only fixed titles here: Textual parses these as markup. Anything named by the
        # world (objects, players, theme files) goes through palette_entries.
        for command in super().get_system_commands(screen):
            if command.title == "Theme":  # Textual's own colours, not the game text's
                command = command._replace(title="Textual theme", help="Colours of the workshop itself (not of game text: see Markup theme)")
            yield command
        for tab in TABS:
            yield SystemCommand(f"Show {tab} panel", f"Switch to the {tab} panel", lambda tab=tab: self.action_show_tab(tab))
        yield SystemCommand("Search scrollback", "Find text in the output (ctrl+f)", self.action_search)
        yield SystemCommand("Edit room description", "Open the room's description in the markup editor (F6)", self.action_edit_description)
        yield SystemCommand("Save description", "Validate and save the markup editor's text (ctrl+s)", lambda: self._preview_action("save"))
        yield SystemCommand("Open preview in browser", "Write .sandbox/preview.html and open it (ctrl+b)", lambda: self._preview_action("browser"))
        yield SystemCommand("Markup preview: toggle escapes", "Show the telnet rendering's escape codes, or the rendering", lambda: self._preview_action("toggle_escapes"))
        yield SystemCommand("Markup preview: toggle HTML source", "Show the web rendering's HTML source, or the rendering", lambda: self._preview_action("toggle_html"))
        yield SystemCommand("Reload all commands", "Reload every command module now", self._reload_all)
        yield SystemCommand("Markup theme: next", "Colours of game text: the next theme (ctrl+t)", self.action_cycle_theme)

    def palette_entries(self) -> list[Entry]:
        """Palette entries named by the world, shown literally by ``WorldCommands``."""
        entries = [Entry(f"Markup theme: {name}", "Colours of game text (themes/*.toml)", partial(self._choose_theme, name)) for name in self.theme_choice.names()]
        here = self.frontend.here()
        if here is not None:
            for obj in [here, *self.game.world.contents(here)]:
                entries.append(Entry(f"Edit description: {obj.name} #{obj.id}", f"Edit the {obj.kind}'s description", partial(self.edit_description, obj)))
        from sandbox.tui.widgets.sessions import session_rows

        for session_id, cells in session_rows(self.engine):
            entries.append(Entry(f"Kick {cells[0]} ({cells[1]})", "Disconnect this telnet player", partial(self._kick, session_id)))
        return entries

    def _choose_theme(self, name: str) -> None:
        self.set_markup_theme(name)
        toast(self, f"Theme: {name}")
