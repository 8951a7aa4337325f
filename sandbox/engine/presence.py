"""Characters entering and leaving the world: one rule for telnet players and the local builder.

A character nobody plays is not left standing in a room (where others would see a
statue of them): it leaves the world, remembering the room in ``last_location``, and
comes back there when someone plays it again.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sandbox.engine.accounts import LAST_LOCATION
from sandbox.engine.describe import name_markup
from sandbox.engine.objects import GameObject, Kind

if TYPE_CHECKING:
    from sandbox.engine.core import Engine

#: The tag of the in-process builder's character (the TUI's and `sandbox play`'s).
LOCAL_TAG = "local"


def enter(engine: Engine, char: GameObject, *, announce: bool = True) -> None:
    """Put an out-of-world character back where it left (or in the start room). Call in a turn."""
    if char.location is not None:
        return
    world = engine.world
    place = world.get(char.attrs.get(LAST_LOCATION))
    if place is None or place.kind != Kind.ROOM:
        place = world.start_room()
    if place is not None:
        engine.move(char, place, announce=announce)


def leave(engine: Engine, char: GameObject, *, announce: bool = True) -> None:
    """Take a character out of the world, remembering its room. Call in a turn."""
    world = engine.world
    room = world.room_of(char)
    if room is None:
        return
    if announce:
        engine.announce(room, f"{name_markup(char)} leaves the world.", exclude=[char])
    char.attrs[LAST_LOCATION] = room.id
    world.move(char, None)
