"""A small harness for driving the engine in-process, as a front end would.

`call(player, line)` sends one line and returns the plain text that player received,
which keeps command tests as short as the behaviour they check.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sandbox.engine.clock import VirtualClock
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.session import ClientInfo, Message, Session
from sandbox.game import Game, open_game
from sandbox.markup import plain, validate

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Player:
    char: GameObject
    session: Session
    inbox: list[Message] = field(default_factory=list)
    closed: bool = False

    def take(self) -> str:
        # Every message the engine emits must be valid markup: a typo'd tag in a command
        # would otherwise show up literally in every client.
        for m in self.inbox:
            errors = validate(m.text)
            assert not errors, f"engine emitted invalid markup {m.text!r}: {errors}"
        text = "\n".join(plain(m.text) for m in self.inbox if m.text)
        self.inbox.clear()
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
        player: Player

        def sink(message: Message) -> None:
            if message.kind == "close":
                player.closed = True
            player.inbox.append(message)

        session = self.engine.connect(char, sink, ClientInfo(frontend="transcript"))
        player = Player(char, session)
        return player

    def call(self, player: Player, line: str) -> str:
        player.take()
        self.engine.input(player.session.id, line)
        return player.take()

    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.engine.run_due()

    def room_named(self, name: str) -> GameObject:
        return next(o for o in self.world.objects.values() if o.kind == Kind.ROOM and o.name == name)
