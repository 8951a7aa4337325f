"""The newcomer's small TUI troubles, each driven through Pilot: F6 over unsaved text,
t and e on an area node, the map's legend, the Reload log's wrapping."""
from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.geometry import Region
from textual.widgets import TextArea

from sandbox.engine.session import Message
from sandbox.game import Game
from sandbox.tui.app import SandboxApp
from sandbox.tui.widgets.area_tree import AreaTree
from sandbox.tui.widgets.confirm import Confirm
from sandbox.tui.widgets.map_view import LEGEND
from sandbox.tui.widgets.reload_panel import ReloadLog

from .test_app import output_text, static_text, wait_for


async def test_f6_asks_before_replacing_unsaved_text(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        await pilot.press("f3")
        area = app.query_one("#preview-source", TextArea)
        await wait_for(pilot, lambda: app.focused is area)
        area.text = "My draft, typed for ten minutes."
        await pilot.press("f1", "f6")  # F6 from the Play tab (in the editor it selects a line)
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")  # keep my text
        await wait_for(pilot, lambda: not isinstance(app.screen, Confirm))
        assert area.text == "My draft, typed for ten minutes."
        await pilot.press("f1", "f6")
        await wait_for(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("y")  # replace it
        await wait_for(pilot, lambda: area.text == app.frontend.here().desc)  # type: ignore[union-attr]
        # Nothing unsaved now: F6 again loads at once, no question.
        await pilot.press("f1", "f6")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)


async def test_f6_on_the_untouched_sample_does_not_ask(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        await pilot.press("f6")
        area = app.query_one("#preview-source", TextArea)
        await wait_for(pilot, lambda: area.text == app.frontend.here().desc)  # type: ignore[union-attr]
        assert not isinstance(app.screen, Confirm)


async def test_t_and_e_on_an_area_node(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False, name="Builder")
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        app.frontend.send("tel #1")
        await pilot.press("f2")
        tree = app.query_one(AreaTree)
        await wait_for(pilot, lambda: tree.cursor_node is not None and tree.cursor_node.data is not None)
        while tree.cursor_node is not None and tree.cursor_node.data is not None:  # up to the area node
            await pilot.press("up")
        area_node = tree.cursor_node
        assert area_node is not None and area_node.children
        first_room = area_node.children[0].data
        await pilot.press("e")
        await wait_for(pilot, lambda: any("no description of its own" in n.message for n in app._notifications))
        await pilot.press("t")
        await wait_for(pilot, lambda: app.frontend.here() is not None and app.frontend.here().id == first_room)  # type: ignore[union-attr]


async def test_the_map_has_a_legend(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        await wait_for(pilot, lambda: LEGEND in static_text(app, "#play-map"))


async def test_reload_log_entries_wrap_to_the_pane_at_80x24(open_test_game: Callable[[], Game]) -> None:
    """Entries written while the tab was hidden used to keep another width."""
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        await app._ensure_panes()
        long = "  " + " ".join(f"word{n}" for n in range(40))
        app._reload_panel().add(Text(long + "\n"))  # while the Play tab is shown
        await pilot.press("f4")
        log = app.query_one(ReloadLog)
        await wait_for(pilot, lambda: log.size.width > 0)
        await pilot.pause()
        app._reload_panel().add(Text(long + "\n"))  # while the Reload tab is shown
        await pilot.pause()
        body = log.query_one("#reload-entries")
        await wait_for(pilot, lambda: body.size.height > 4)
        lines = [strip.text.rstrip() for strip in body.render_lines(Region(0, 0, body.size.width, body.size.height))]
        widths = [len(line) for line in lines if line]
        assert widths and max(widths) <= body.size.width
        # Both entries wrapped the same way: the first half of the lines equals the second.
        assert lines[: len(lines) // 2] == lines[len(lines) // 2 :]


async def test_palette_separates_textual_and_markup_themes(open_test_game: Callable[[], Game]) -> None:
    from textual.command import CommandList, CommandPalette

    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        app.screen.query_one("#--input").value = "theme"  # type: ignore[attr-defined]
        options = app.screen.query_one(CommandList)

        def prompts() -> list[str]:
            return [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]

        wanted = {"Textual theme", "Markup theme: default", "Markup theme: mono", "Markup theme: next"}
        await wait_for(pilot, lambda: wanted <= set(prompts()), timeout=5)
        assert "Theme" not in prompts()  # Textual's own entry is renamed, not doubled
        app.screen.query_one("#--input").value = "toggle"  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: {"Markup preview: toggle escapes", "Markup preview: toggle HTML source"} <= set(prompts()), timeout=5)


async def test_tabs_in_output_advance_to_8_column_stops(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        # Typed input turns tabs into spaces; text from a command module can hold them.
        app.output.show_messages([Message("[room]ab[/room]\tcd\n古\tx")])
        await wait_for(pilot, lambda: "ab      cd\n古      x" in output_text(app))


async def test_bidi_controls_in_names_are_dropped_on_every_panel(open_test_game: Callable[[], Game]) -> None:
    """A name from an imported area can hold U+202E; it must not reorder the panels."""
    game = open_test_game()
    with game.engine.turn():
        game.world.start_room().name = "Green \u202eevil\u202c Mill"
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: "Green evil Mill" in static_text(app, "#play-inspector Static"))
        assert "@ Green evil Mill" in static_text(app, "#play-map")
        await pilot.press("f2")
        tree = app.query_one(AreaTree)
        await wait_for(pilot, lambda: any(child.label.plain.startswith("Green evil Mill") for node in tree.root.children for child in node.children))
        shown = [static_text(app, "#play-inspector Static"), static_text(app, "#play-map"), output_text(app)]
        assert not any("\u202e" in text for text in shown)
