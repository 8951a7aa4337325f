"""Helpers for store tests: a fresh game on disk, and a world's whole state as plain data."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sandbox.engine.world import World
from sandbox.game import Game, init_game, open_game


def fresh_game(tmp_path: Path, name: str = "g") -> Game:
    """A new game directory from the starter, opened (and locked) in this process."""
    init_game(tmp_path / name)
    return open_game(tmp_path / name, backup=False, budget=0)


def world_state(world: World) -> dict[str, Any]:
    """Everything a world would save, comparable with ==, including contents order."""
    return {
        "objects": {oid: o.to_doc() for oid, o in sorted(world.objects.items())},
        "contents": {oid: sorted(o.contents) for oid, o in world.objects.items() if o.contents},
        "areas": sorted((a.to_doc() for a in world.areas.values()), key=lambda d: d["name"]),
        "meta": {**dict(world.meta), "next_id": world.next_id},
        "accounts": dict(world.accounts),
        "history": world.history.to_doc(),
    }
