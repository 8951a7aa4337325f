"""Helpers builder commands share: name specs, exits, values typed by builders."""
from __future__ import annotations

import json
from typing import Any

from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.text import clean_line
from sandbox.engine.world import DIRECTIONS, World, direction_of


def parse_names(spec: str) -> tuple[str, list[str]]:
    """``"north;n;forward"`` → ``("north", ["n", "forward"])``; a direction gets its short alias."""
    parts = [clean_line(p) for p in spec.split(";")]
    parts = [p for p in parts if p]
    if not parts:
        return "", []
    name, aliases = parts[0], parts[1:]
    d = direction_of(name)
    if d is not None and d == name.lower():
        short = DIRECTIONS[d][1]
        if short != d and short not in (a.lower() for a in aliases):
            aliases.append(short)
    return name, aliases


def spec_names(*specs: str) -> list[str]:
    """Every name and alias in ``"north;n"``-style specs (for checks before making them)."""
    names: list[str] = []
    for spec in specs:
        name, aliases = parse_names(spec)
        if name:
            names += [name, *aliases]
    return names


def make_exit(world: World, room: GameObject, spec: str, destination: GameObject | None) -> GameObject:
    name, aliases = parse_names(spec)
    if not name:
        raise ValueError("an exit needs a name")
    return world.create(Kind.EXIT, name, location=room, destination=destination, aliases=aliases)


def opposite(name: str) -> str | None:
    d = direction_of(name)
    return DIRECTIONS[d][0] if d else None


def parse_value(text: str) -> Any:
    """Builders type JSON where they can (``5``, ``true``, ``{"a": 1}``), text otherwise."""
    text = text.strip()
    try:
        return json.loads(text)
    except ValueError:
        return text


def find_exit(world: World, room: GameObject, name: str) -> GameObject | None:
    low = name.lower()
    for e in world.exits(room):
        if low in (n.lower() for n in e.names()):
            return e
    return None
