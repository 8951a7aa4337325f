"""`sandbox play` at a terminal: Tab completion and persistent history, through
prompt-toolkit's pipe input (the way its own tests drive a prompt)."""
from __future__ import annotations

import asyncio
from collections.abc import Callable

from prompt_toolkit.application import create_app_session
from prompt_toolkit.application.current import get_app_or_none
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from sandbox.cli.play import _interactive
from sandbox.game import init_game, open_game
from sandbox.markup import DEFAULT_THEME


async def until(ready: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Wait for a condition (completion and input run asynchronously), not for a time."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not ready():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.01)


def typed() -> str | None:
    """What the prompt's line holds now (None before the prompt runs)."""
    app = get_app_or_none()
    return app.current_buffer.text if app is not None and app.is_running else None


async def test_tab_completes_exits_commands_and_objects_and_history_persists(tmp_path):
    game_dir = init_game(tmp_path / "game")
    game = open_game(game_dir, backup=False)
    history_file = game_dir / ".sandbox" / "history"

    def entered(line: str) -> bool:
        return history_file.exists() and f"\n+{line}\n" in history_file.read_text()

    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        task = asyncio.create_task(_interactive(game, lambda: DEFAULT_THEME, "plain", "Builder"))
        await until(lambda: typed() == "", "the prompt")
        for stem, line in [("nor", "north"), ("sou", "south"), ("wes", "west"), ("get buc", "get bucket"), ("inven", "inventory")]:
            inp.send_text(stem + "\t")  # an exit, an exit, an exit, an object after the command word, a command
            await until(lambda line=line: typed() == line, f"Tab to complete {stem!r} to {line!r}")
            inp.send_text("\r")
            # The line is in the history when accepted; the engine has run it by the
            # time the next prompt is up.
            await until(lambda line=line: entered(line) and typed() == "", f"{line!r} to run")
        inp.send_text("quit\r")
        await asyncio.wait_for(task, 20)
    char = game.local_character()
    # Quitting took the builder out of the world (nobody sees it standing there); it
    # remembers the room it will come back to.
    assert char.location is None
    assert game.world.get(char.attrs["last_location"]).name == "Riverbank"
    assert [o.name for o in game.world.contents(char)] == ["wooden bucket"]
    history = history_file.read_text()
    for line in ("north", "south", "west", "get bucket", "inventory"):
        assert f"\n+{line}\n" in history
