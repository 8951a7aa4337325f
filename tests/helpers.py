"""A small harness for driving the engine in-process, as a front end would.

`call(player, line)` sends one line and returns the plain text that player received,
which keeps command tests as short as the behaviour they check.
"""
from __future__ import annotations

from pathlib import Path

from sandbox.engine.clock import VirtualClock
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.session import ClientInfo
from sandbox.game import Game, open_game
from sandbox.local_session import LocalSession
from sandbox.markup import validate

REPO = Path(__file__).resolve().parent.parent


class Player(LocalSession):
    """A character connected as a front end would connect it; ``take`` reads its output."""

    @property
    def char(self) -> GameObject:
        return self.character

    def take(self) -> str:
        # Every message the engine emits must be valid markup: a typo'd tag in a command
        # would otherwise show up literally in every client.
        for m in self.inbox:
            errors = validate(m.text)
            assert not errors, f"engine emitted invalid markup {m.text!r}: {errors}"
        text = self.text()
        self.clear()
        return text


class Harness:
    def __init__(self, directory: Path = REPO, *, in_memory: bool = True, seed: int = 7, budget: float = 2.0) -> None:
        self.clock = VirtualClock()
        self.game: Game = open_game(directory, clock=self.clock, in_memory=in_memory, seed=seed, backup=False, budget=budget)
        self.engine = self.game.engine
        self.world = self.game.world

    def login(self, name: str, perm: str = "player", room: GameObject | None = None) -> Player:
        found = self.world.characters_named(name)
        if found:
            char = found[0]
        else:
            with self.engine.turn():
                char = self.world.create(
                    Kind.CHARACTER, name, location=room or self.world.start_room(), perm=Perm.parse(perm)
                )
        return Player(self.engine, char, ClientInfo(frontend="transcript"))

    def call(self, player: Player, line: str) -> str:
        player.take()  # what arrived before (checked for valid markup too) is not this line's
        self.engine.input(player.id, line)
        return player.take()

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.engine.run_due()

    def room_named(self, name: str) -> GameObject:
        return next(o for o in self.world.objects.values() if o.kind == Kind.ROOM and o.name == name)
