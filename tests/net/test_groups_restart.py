"""Offline tells and channel history are world data: they survive closing and reopening
a real game directory (journal, then checkpoint), and a tell waits for the next login."""
from __future__ import annotations

import asyncio
from pathlib import Path

from sandbox.driver import drive
from sandbox.game import init_game, open_game
from tests.net.conftest import login, plain, start_server


async def _session(directory: Path, script) -> None:  # type: ignore[no-untyped-def]
    game = open_game(directory, backup=False)
    _, server, host, port = await start_server(game)
    tick = asyncio.create_task(drive(game.engine))
    try:
        await script(host, port)
    finally:
        tick.cancel()
        await server.close()
        game.close()


async def test_a_tell_and_channel_history_survive_a_restart(tmp_path: Path) -> None:
    # Its own fresh game (not the shared template): it must hold this checkout's commands.
    directory = init_game(tmp_path / "game")

    async def first(host: str, port: int) -> None:
        alice = await login(host, port, "Alice", new=True)
        bob = await login(host, port, "Bob", new=True)
        bob.send("quit")
        await bob.read_all()
        await alice.read_until("Bob leaves the world.")
        alice.send("tell bob = the key is under the well")
        await alice.read_until("(1 waiting)")  # telnet wraps at 80 columns
        alice.send("ooc remember <b>this</b>")
        await alice.read_until("[ooc] Alice: remember <b>this</b>")
        await alice.close()

    async def second(host: str, port: int) -> None:
        bob = await login(host, port, "Bob", new=False)
        # The login's room and the waiting tell came before the first prompt.
        shown = plain(bytes(bob.received))
        assert "While you were away (1):" in shown and 'Alice told you, "the key is under the well"' in shown
        bob.send("channel/history ooc")
        await bob.read_until("Alice: remember <b>this</b>")
        bob.send("look")
        assert "While you were away" not in await bob.read_until("> ")  # delivered once only
        await bob.close()

    await _session(directory, first)
    await _session(directory, second)
    # A third opening: the delivered tell stays delivered.
    game = open_game(directory, backup=False)
    try:
        bob = game.world.characters_named("Bob")[0]
        assert "waiting_messages" not in bob.attrs
        assert game.world.meta["channels"]["ooc"]["history"][-1][1].endswith("remember <b>this</b>")
    finally:
        game.close()
