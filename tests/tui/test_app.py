"""The TUI driven as a builder would: keys through Pilot, a real engine and world on
disk, other sessions acting on the same engine."""
from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.widgets import Button, Checkbox, DataTable, Static, TextArea

from sandbox.engine.objects import Kind, Perm
from sandbox.engine.session import ClientInfo, Message
from sandbox.game import Game
from sandbox.tui.app import SandboxApp
from sandbox.tui.widgets.output import OutputPane

WIDE = (160, 50)


def keys(text: str) -> list[str]:
    names = {" ": "space", "=": "equals_sign", "[": "left_square_bracket", "]": "right_square_bracket", "/": "slash", "#": "number_sign"}
    return [names.get(c, c) for c in text]


def output_text(app: SandboxApp) -> str:
    return "\n".join(app.query_one(OutputPane).log_widget.plain_lines())


def static_text(app: SandboxApp, selector: str) -> str:
    content = app.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def wait_for(pilot: object, condition: Callable[[], bool], timeout: float = 3.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not condition():
        assert loop.time() < end, "condition not met in time"
        await pilot.pause(0.02)  # type: ignore[attr-defined]


def other_builder(game: Game, sink: Callable[[Message], None], frontend: str = "telnet") -> int:
    with game.engine.turn():
        char = game.world.create(Kind.CHARACTER, "Ada", location=game.world.start_room(), perm=Perm.BUILDER)
    info = ClientInfo(frontend=frontend, client="tintin++", address="127.0.0.1:50123", colour="ansi256")
    return game.engine.connect(char, sink, info).id


async def test_typed_command_shows_its_output(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.focused is app.query_one("#command")
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        await pilot.press(*keys("say hello there"), "enter")
        await wait_for(pilot, lambda: "hello there" in output_text(app).split("› say hello there")[-1])


async def test_inspector_updates_when_another_session_changes_the_room(open_test_game: Callable[[], Game]) -> None:
    game = open_test_game()
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: "Soft grass" in static_text(app, "#play-inspector #inspector-body"))
        ada = other_builder(game, lambda m: None)
        game.engine.input(ada, "desc here = A [bold]trampled[/bold] green.")
        await wait_for(pilot, lambda: "A trampled green." in static_text(app, "#play-inspector #inspector-body"))
        game.engine.input(ada, "create lantern")
        game.engine.input(ada, "drop lantern")
        await wait_for(pilot, lambda: "lantern" in static_text(app, "#play-inspector #inspector-body"))


async def test_map_redraws_after_digging(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: "[@]" in static_text(app, "#play-map"))
        before = static_text(app, "#play-map").count("[ ]")
        app.query_one("#command").value = "tunnel ne = Hilltop"
        await pilot.press("enter")
        await wait_for(pilot, lambda: static_text(app, "#play-map").count("[ ]") == before + 1)
        assert "/" in static_text(app, "#play-map")
        await pilot.press(*keys("dig Cellar = down, up"), "enter")
        await wait_for(pilot, lambda: "Cellar" in static_text(app, "#play-map"))  # listed off the grid
        assert "down from Village Green" in static_text(app, "#play-map")


async def test_preview_follows_typing_and_depth(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        area = app.query_one("#preview-source", TextArea)
        assert app.focused is area
        area.text = ""
        await pilot.press(*keys("[bold]hi[/bold] there"))
        await wait_for(pilot, lambda: static_text(app, "#preview-telnet") == "hi there")
        app.query_one("#preview-raw", Checkbox).value = True
        await wait_for(pilot, lambda: "␛[1mhi" in static_text(app, "#preview-telnet"))
        app.query_one("#preview-html", Checkbox).value = True
        await wait_for(pilot, lambda: "<" in static_text(app, "#preview-web") and "hi" in static_text(app, "#preview-web"))
        area.text = "[#e0c060]gold[/]"
        await wait_for(pilot, lambda: "␛[38;2;224;192;96mgold" in static_text(app, "#preview-telnet"))  # truecolor
        button = app.query_one("#preview-depth", Button)
        button.focus()
        await wait_for(pilot, lambda: app.focused is button)
        views = {}
        for depth in ("plain", "ansi16", "ansi256", "truecolor"):  # each press: the next depth
            await pilot.press("enter")
            await wait_for(pilot, lambda depth=depth: str(button.label) == depth and not button.has_class("-active"))
            views[depth] = static_text(app, "#preview-telnet")
        assert views["plain"] == "gold"  # no escapes at all
        assert "␛[93mgold" in views["ansi16"]  # the nearest of 16 colours, bright yellow
        assert "␛[38;5;" in views["ansi256"] and "␛[38;2;" not in views["ansi256"]
        assert "␛[38;2;224;192;96mgold" in views["truecolor"]
        area.text = "[bold]broken[/italic]"
        await wait_for(pilot, lambda: "column" in static_text(app, "#preview-errors"))


async def test_editing_a_description_validates_then_saves(open_test_game: Callable[[], Game]) -> None:
    game = open_test_game()
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f6")
        area = app.query_one("#preview-source", TextArea)
        green = game.world.start_room()
        assert green is not None and area.text == green.desc
        area.text = "Line one\nLine [bold]two[/italic]"
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        assert green.desc.startswith("Soft grass")  # refused
        assert area.cursor_location[0] == 1  # the error's line
        area.text = "Line one\nLine [bold]two[/bold]"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: green.desc == "Line one\nLine [bold]two[/bold]")
        await wait_for(pilot, lambda: "Line two" in static_text(app, "#play-inspector #inspector-body"))


async def test_reload_error_appears_in_the_panel(open_test_game: Callable[[], Game], game_dir: Path) -> None:
    app = SandboxApp(open_test_game(), reloader=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.reloader is not None)
        (game_dir / "commands" / "broken.py").write_text("from sandbox.api import command\n\n\nx = (\n", encoding="utf-8")
        await pilot.press("f4")
        panel_log = app.query_one("#reload-log")
        await wait_for(pilot, lambda: any("reload FAILED" in line for line in panel_log.plain_lines()), timeout=5)  # type: ignore[attr-defined]
        text = "\n".join(panel_log.plain_lines())  # type: ignore[attr-defined]
        assert "broken.py:" in text and "SyntaxError" in text


async def test_sessions_panel_lists_telnet_players_and_kicks(open_test_game: Callable[[], Game]) -> None:
    game = open_test_game()
    got: list[Message] = []
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        other_builder(game, got.append)
        await pilot.press("f5")
        table = app.query_one("#sessions-table", DataTable)
        await wait_for(pilot, lambda: table.row_count == 1)
        assert [str(c) for c in table.get_row_at(0)][:4] == ["Ada", "127.0.0.1:50123", "tintin++", "ansi256"]
        await pilot.press("k")
        await wait_for(pilot, lambda: any(m.kind == "close" for m in got))


async def test_history_completion_and_search(open_test_game: Callable[[], Game], game_dir: Path) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        command = app.query_one("#command")
        await pilot.press("l", "o", "o", "tab")
        assert command.value == "look "
        await pilot.press(*keys("notice b"), "tab")
        assert command.value == "look notice board "
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Pinned notes flutter" in output_text(app).split("›")[-1])
        await pilot.press("up")
        assert command.value == "look notice board"
        await pilot.press("ctrl+f", *keys("grass"))
        await wait_for(pilot, lambda: "match" in static_text(app, "#search-status"))
        await pilot.press("escape")
        assert app.focused is command
    assert (game_dir / ".sandbox" / "tui_history").read_text().splitlines()[-1] == "look notice board"


async def test_flood_is_batched_and_scrollback_is_long(open_test_game: Callable[[], Game]) -> None:
    game = open_test_game()
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        refreshes = 0
        original = app.refresh_panels

        def counting(**kwargs: bool) -> None:
            nonlocal refreshes
            refreshes += 1
            original(**kwargs)

        app.refresh_panels = counting  # type: ignore[method-assign]
        green = game.world.start_room()
        char = app.frontend.character
        for n in range(200):  # 200 turns that change the world, as a busy NPC would
            with game.engine.turn():
                green.attrs["n"] = n
        for n in range(12_000):  # and a flood of output
            with game.engine.turn():
                game.engine.emit(char, f"tick {n}")
        await wait_for(pilot, lambda: "tick 11999" in output_text(app))
        assert refreshes <= 3
        lines = app.query_one(OutputPane).log_widget.plain_lines()
        assert len(lines) >= 10_000 and "tick 2000" in lines


async def test_theme_cycles_and_quit_closes(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        first = app.theme_choice.name
        await pilot.press("ctrl+t")
        assert app.theme_choice.name != first
        assert app.query_one(OutputPane).markup_theme is app.theme_choice.current
        await pilot.press(*keys("quit"), "enter")
        await wait_for(pilot, lambda: not app.is_running)


async def test_telnet_listener_runs_in_the_same_process(open_test_game: Callable[[], Game]) -> None:
    from sandbox.tui.telnet import TelnetListener

    game = open_test_game()
    listener = TelnetListener("127.0.0.1", 0)
    app = SandboxApp(game, reloader=False, telnet=listener)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: listener.address is not None)
        host, port = listener.address.rsplit(":", 1)
        reader, writer = await asyncio.open_connection(host, int(port))
        greeting = await asyncio.wait_for(reader.read(200), 5)
        assert greeting  # the listener answered on the TUI's own loop
        writer.close()


async def test_output_follows_unless_scrolled_up_and_search_spans_wraps(open_test_game: Callable[[], Game]) -> None:
    game = open_test_game()
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        log = app.query_one(OutputPane).log_widget
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        char = app.frontend.character

        def emit(texts: list[str]) -> None:
            with game.engine.turn():
                for text in texts:
                    game.engine.emit(char, text)

        emit([f"tick {n}" for n in range(300)])
        await wait_for(pilot, lambda: log.render_line(log.scrollable_content_region.height - 1).text.startswith("tick 299"))
        assert log.following

        log.scroll_to(y=10, animate=False)  # the reader scrolls up
        top = log.render_line(0).text
        emit([f"more {n}" for n in range(50)])
        await wait_for(pilot, lambda: "more 49" in output_text(app))
        await pilot.pause(0.05)
        assert not log.following and log.render_line(0).text == top

        log.scroll_end(animate=False)  # back at the bottom: following again
        await pilot.pause(0.05)
        emit(["x " * 37 + "needle in a haystack"])  # 79 columns: "needle" starts a second line
        await wait_for(pilot, lambda: log.render_line(log.scrollable_content_region.height - 1).text.startswith("needle in"))
        assert log.following

        await pilot.press("ctrl+f", *keys("x needle"))  # a match across the wrap
        await wait_for(pilot, lambda: static_text(app, "#search-status").startswith("match 1 of 1"))
        marked = log.scrollback.marked
        assert marked is not None and "needle" in log.scrollback.text_of(marked[0]).plain
        assert marked[2] - marked[1] == len("x needle")
        await pilot.press("escape")
        assert log.scrollback.marked is None


async def test_search_from_another_tab_keeps_focus_on_the_search_box(open_test_game: Callable[[], Game]) -> None:
    app = SandboxApp(open_test_game(), reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f4")
        await pilot.press("ctrl+f")
        await pilot.pause(0.1)
        assert app.focused is app.query_one("#search")


RUNAWAY = (
    "import sys\n"
    "from sandbox.api import command\n\n\n"
    '@command("spin", perm="builder")\n'
    "def spin(ctx):\n"
    '    """Loop forever (a bug)."""\n'
    "    ctx.here.desc = 'half done'\n"
    "    while True:\n"
    "        pass\n\n\n"
    '@command("bail", perm="builder")\n'
    "def bail(ctx):\n"
    '    """Exit the interpreter (a bug)."""\n'
    "    sys.exit()\n"
)


async def test_a_runaway_or_exiting_command_is_stopped_and_the_tui_keeps_working(game_dir: Path) -> None:
    from sandbox.engine.clock import VirtualClock
    from sandbox.game import open_game

    (game_dir / "commands" / "runaway.py").write_text(RUNAWAY)
    game = open_game(game_dir, clock=VirtualClock(1000.0), seed=1, budget=0.5)
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        started = asyncio.get_running_loop().time()
        await pilot.press(*keys("spin"), "enter")
        await wait_for(pilot, lambda: "ran past its time budget" in output_text(app), timeout=5)
        assert asyncio.get_running_loop().time() - started < 5  # it would spin forever otherwise
        flat = " ".join(output_text(app).split())
        assert re.search(r"'spin' ran past its time budget of 0\.5 s at commands/runaway\.py:(9|10) and was stopped\.", flat)
        await pilot.press(*keys("bail"), "enter")
        await wait_for(pilot, lambda: "Something went wrong running 'bail'" in output_text(app))
        assert "SystemExit" in output_text(app)
        await pilot.press(*keys("look"), "enter")
        await wait_for(pilot, lambda: output_text(app).count("Exits:") >= 2)
        assert "half done" not in output_text(app) and app.is_running
    game.close()


async def test_the_builder_leaves_the_world_when_the_tui_closes(open_test_game: Callable[[], Game]) -> None:
    game = open_test_game()
    seen: list[Message] = []
    ada = other_builder(game, seen.append)
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        builder = app.frontend.character
        assert builder is not None and builder.location == game.world.start_room().id
        await pilot.press(*keys("north"), "enter")
        await wait_for(pilot, lambda: "Old Mill Lane" in output_text(app))
    # Closed: no statue of the builder for telnet players to find.
    assert builder.location is None and game.world.get(builder.attrs["last_location"]).name == "Old Mill Lane"
    game.engine.input(ada, "north")  # where the builder was last
    room = next(m.text for m in reversed(seen) if m.kind == "room")
    assert "Old Mill Lane" in room and "Builder" not in room
    # Next time it comes back where it left.
    again = SandboxApp(game, reloader=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Old Mill Lane" in output_text(again), timeout=10)


async def test_f7_shows_every_builders_history(open_test_game: Callable[[], Game]) -> None:
    game = open_test_game()
    app = SandboxApp(game, reloader=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: "Village Green" in output_text(app))
        await pilot.press(*keys("dig Attic"), "enter")
        await wait_for(pilot, lambda: "Dug Attic" in output_text(app))
        await pilot.press("f7")
        await wait_for(pilot, lambda: "dig Attic" in static_text(app, "#history-text"), timeout=5)
        assert "Builder #" in static_text(app, "#history-text") and app.is_running
        await pilot.press("f1", *keys("undo"), "enter")
        await wait_for(pilot, lambda: "(undone; redo brings it back)" in static_text(app, "#history-text"), timeout=5)
