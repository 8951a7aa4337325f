"""The TUI's seat on the session interface, with no Textual in it.

It connects the local builder like any other front end (a :class:`LocalSession`), buffers
the messages it receives and the change records of committed turns (the same records the
store saves and undo keeps: panels only observe), and calls ``wake`` once when the first
of a batch arrives. The app answers ``wake`` by scheduling one frame, takes everything
pending in one go and redraws: so a flood of 1,000 messages/s or a ticking NPC costs at
most one output write and one panel refresh per frame.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sandbox.engine.changes import ChangeRecord
from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.session import ClientInfo, Message
from sandbox.game import Game
from sandbox.local_session import LocalSession, play_local


@dataclass
class Changes:
    """World changes since the last frame: which objects, and whether the tree must
    be rebuilt (a room made, destroyed, renamed or moved between areas)."""

    objects: set[int] = field(default_factory=set)
    structure: bool = False

    def __bool__(self) -> bool:
        return bool(self.objects) or self.structure


class TuiFrontend:
    def __init__(self, game: Game, wake: Callable[[], None] = lambda: None) -> None:
        self.game = game
        self.engine = game.engine
        self.world = game.world
        self.wake = wake
        self.messages: list[Message] = []
        self.changes = Changes()
        self.local: LocalSession | None = None
        self._woken = False

    @property
    def character(self) -> GameObject | None:
        return self.local.character if self.local is not None else None

    @property
    def closed(self) -> bool:
        """The engine closed the session (quit) or a command asked for shutdown."""
        return self.local is not None and self.local.ended

    def connect(self, name: str = "Builder", colour: str = "truecolor") -> None:
        info = ClientInfo(frontend="tui", client="sandbox-tui", colour=colour)
        self.local = play_local(self.game, name, info, forward=self._sink, on_end=self._wake)
        self.engine.turn_listeners.append(self._on_record)

    def disconnect(self) -> None:
        if self.local is not None:
            self.engine.turn_listeners.remove(self._on_record)
            self.local.close()
            self.local = None

    def send(self, line: str) -> None:
        """One input line as the local builder: permissions and saving go the normal way."""
        if self.local is not None:
            self.local.send(line)

    # -- what arrives between frames ------------------------------------------------------
    def _sink(self, message: Message) -> None:
        self.messages.append(message)
        self._wake()

    def _on_record(self, record: ChangeRecord) -> None:
        changes = self.changes
        changes.objects.update(record.objects)
        if record.areas:
            changes.structure = True
        for before, after in record.objects.values():
            doc = after or before
            if doc.get("kind") != Kind.ROOM:
                continue
            # The tree shows rooms by area and name: made, destroyed, renamed or moved.
            if before is None or after is None or before.get("name") != after.get("name") or before.get("area") != after.get("area"):
                changes.structure = True
        self._wake()

    def _wake(self) -> None:
        if not self._woken:
            self._woken = True
            self.wake()

    def take(self) -> tuple[list[Message], Changes]:
        """Everything pending since the last frame; the next arrival wakes the app again."""
        messages, changes = self.messages, self.changes
        self.messages, self.changes = [], Changes()
        self._woken = False
        return messages, changes

    # -- reading the world ---------------------------------------------------------------
    def here(self) -> GameObject | None:
        char = self.world.get(self.character.id) if self.character is not None else None
        return self.world.room_of(char) if char is not None else None
