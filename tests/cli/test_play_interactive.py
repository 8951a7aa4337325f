"""`sandbox play` at a terminal: Tab completion and persistent history, through
prompt-toolkit's pipe input (the way its own tests drive a prompt)."""
from __future__ import annotations

import asyncio

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from sandbox.cli.play import _interactive
from sandbox.game import init_game, open_game
from sandbox.markup import DEFAULT_THEME


async def _type(inp, text: str) -> None:
    inp.send_text(text)
    await asyncio.sleep(0.3)  # completion runs asynchronously: let it land before the next key


async def test_tab_completes_exits_commands_and_objects_and_history_persists(tmp_path):
    game_dir = init_game(tmp_path / "game")
    game = open_game(game_dir, backup=False)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        task = asyncio.create_task(_interactive(game, lambda: DEFAULT_THEME, "plain", "Builder"))
        await asyncio.sleep(0.5)
        await _type(inp, "nor\t")  # an exit of the room
        await _type(inp, "\r")
        await _type(inp, "sou\t")
        await _type(inp, "\r")
        await _type(inp, "wes\t")
        await _type(inp, "\r")
        await _type(inp, "get buc\t")  # an object in the room, after the command word
        await _type(inp, "\r")
        await _type(inp, "inven\t")  # a command
        await _type(inp, "\r")
        inp.send_text("quit\r")
        await asyncio.wait_for(task, 10)
    char = game.local_character()
    # Quitting took the builder out of the world (nobody sees it standing there); it
    # remembers the room it will come back to.
    assert char.location is None
    assert game.world.get(char.attrs["last_location"]).name == "Riverbank"
    assert [o.name for o in game.world.contents(char)] == ["wooden bucket"]
    history = (game_dir / ".sandbox" / "history").read_text()
    for line in ("north", "south", "west", "get bucket", "inventory"):
        assert f"\n+{line}\n" in history
