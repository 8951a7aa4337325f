"""One rule for which commands a game runs: its own commands/, else the starter kit's.

Playing, hot reload and transcripts must agree on it: a module that works in one and is
missing from another is the kind of drift a builder cannot see until it bites.
"""
from __future__ import annotations

from pathlib import Path

from sandbox import starter
from sandbox.engine.clock import VirtualClock
from sandbox.engine.objects import Kind
from sandbox.engine.session import ClientInfo, Message
from sandbox.game import Game, open_game
from sandbox.reload import Reloader
from sandbox.transcript.runner import TranscriptRunner

HELLO = 'from sandbox.api import command\n\n\n@command("hello")\ndef hello(ctx):\n    ctx.reply("Hello from {where}.")\n'


def _say(game: Game, line: str) -> str:
    out: list[str] = []

    def sink(message: Message) -> None:
        out.append(message.text)

    with game.engine.turn():
        char = game.world.create(Kind.CHARACTER, "Tess", location=game.world.start_room())
    session = game.engine.connect(char, sink, ClientInfo(frontend="test"))
    out.clear()
    game.engine.input(session.id, line)
    return "\n".join(out)


def _own_game(tmp_path: Path) -> Path:
    game_dir = tmp_path / "game"
    (game_dir / "commands").mkdir(parents=True)
    (game_dir / "commands" / "hello.py").write_text(HELLO.format(where="the game"))
    return game_dir


def test_a_game_with_its_own_commands_plays_reloads_and_tests_with_them(tmp_path):
    game_dir = _own_game(tmp_path)
    game = open_game(game_dir, clock=VirtualClock(), in_memory=True)
    assert game.commands_dir == (game_dir / "commands").resolve()
    assert "Hello from the game." in _say(game, "hello")
    assert {c.key for c in game.engine.table.all_commands()} == {"hello"}  # only its own modules, not the kit's too
    reloader = Reloader(game)
    assert reloader.commands_dir == game.commands_dir
    (tmp_path / "t.mud").write_text("* t\n> hello\nHello from the game.\n")
    (result,) = TranscriptRunner(game_dir=game_dir).run_file(tmp_path / "t.mud")
    assert result.passed, result.report()


def test_a_game_without_commands_runs_the_starter_kits(tmp_path):
    game_dir = tmp_path / "bare"
    game_dir.mkdir()
    game = open_game(game_dir, clock=VirtualClock(), in_memory=True)
    assert game.commands_dir == (starter.kit_root() / "commands").resolve()
    assert "Village Green" in _say(game, "look")
    assert Reloader(game).commands_dir == game.commands_dir
    (tmp_path / "t.mud").write_text("* t\n> look\nVillage Green\n")
    (result,) = TranscriptRunner(game_dir=game_dir).run_file(tmp_path / "t.mud")
    assert result.passed, result.report()


def test_the_reloader_watches_the_folder_the_table_came_from(tmp_path):
    """A commands/ made after the game opened is not half-adopted: the reloader keeps
    watching the folder the running table was loaded from (a restart picks up the new one)."""
    game_dir = tmp_path / "bare"
    game_dir.mkdir()
    game = open_game(game_dir, clock=VirtualClock(), in_memory=True)
    (game_dir / "commands").mkdir()
    assert Reloader(game).commands_dir == (starter.kit_root() / "commands").resolve()
