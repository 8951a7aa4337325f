"""Fresh worlds and cached command tables for transcript tests.

Every test gets its own world, but reading a world from disk and compiling command
modules for each test would cost ~20 ms apiece. So a world is read once per source and
kept as a JSON snapshot (copied per test with one ``orjson.loads``, which also deep-copies
nested attributes), and a command table is loaded once per commands directory and kept
until a file in that directory changes.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from sandbox import starter
from sandbox.engine.commands import CommandTable
from sandbox.engine.objects import GameObject, clone, from_doc
from sandbox.engine.world import Area, World
from sandbox.game import new_world
from sandbox.reload.loader import ModuleLoad, command_files, load_directory
from sandbox.store.layout import SUFFIX
from sandbox.store.transfer import import_area, read_export
from sandbox.store.world_store import MemoryStore, WorldStore


@dataclass(frozen=True, slots=True)
class WorldSnapshot:
    """A world kept pristine; :meth:`fresh` gives an independent live copy.

    Objects are cloned field by field (much cheaper than documents → objects per test).
    """

    objects: tuple[GameObject, ...]
    rest: bytes

    @classmethod
    def of(cls, world: World) -> WorldSnapshot:
        # Round-trip through documents once, so the snapshot shares nothing with `world`.
        objects = tuple(from_doc(orjson.loads(orjson.dumps(o.to_doc()))) for o in world.objects.values())
        rest = orjson.dumps({
            "areas": [a.to_doc() for a in world.areas.values()],
            "meta": {**world.meta, "next_id": world.next_id},
            "accounts": world.accounts,
        })
        return cls(objects, rest)

    def fresh(self) -> World:
        data: dict[str, Any] = orjson.loads(self.rest)
        world = World()
        world.load(
            [clone(o) for o in self.objects],
            (Area.from_doc(a) for a in data["areas"]),
            data["meta"],
            data["accounts"],
        )
        return world


#: The store transcript engines use: keeps nothing, but serialises every record as the
#: real store would, so an unsaveable value fails its transcript too.
CheckingStore = MemoryStore


#: The one rule for a game's commands folder lives in sandbox.starter (open_game uses it).
commands_dir_for = starter.commands_dir


def read_world(source: Path | None, game_dir: Path) -> World:
    """The world a test starts from.

    None: the game directory's starter world (never its live world, so a transcript
    means the same thing however much someone has played in the directory).
    A directory: that game's saved world, or its starter if it has none.
    A file: an area export (``sandbox transfer`` format) on an empty world.
    """
    if source is None:
        return new_world(game_dir)
    if source.is_file():
        world = World()
        import_area(world, read_export(source))
        return world
    world_dir = source / "world"
    if world_dir.is_dir() and any(world_dir.glob(f"*{SUFFIX}")):
        return WorldStore(world_dir, writable=False).load()
    return new_world(source)


class WorldCache:
    """Snapshots by world source and command tables by directory, for one process."""

    #: How often (seconds) to look for edited command files: statting a directory per
    #: test would cost more than the test itself.
    RECHECK_SECONDS = 1.0

    def __init__(self) -> None:
        self._worlds: dict[tuple[Path | None, Path], WorldSnapshot] = {}
        self._tables: dict[Path, tuple[tuple[tuple[str, int, int], ...], CommandTable, list[ModuleLoad]]] = {}
        self._checked: dict[Path, float] = {}

    def world(self, source: Path | None, game_dir: Path) -> World:
        key = (source, game_dir)
        snap = self._worlds.get(key)
        if snap is None:
            snap = self._worlds[key] = WorldSnapshot.of(read_world(source, game_dir))
        return snap.fresh()

    def table(self, directory: Path) -> tuple[CommandTable, list[ModuleLoad]]:
        """The command table of a directory; reloaded only when its files changed."""
        cached = self._tables.get(directory)
        now = time.monotonic()
        if cached is not None and now - self._checked.get(directory, 0.0) < self.RECHECK_SECONDS:
            return cached[1], cached[2]
        self._checked[directory] = now
        fingerprint = tuple(
            (p.name, st.st_mtime_ns, st.st_size) for p in command_files(directory) for st in (p.stat(),)
        )
        if cached is not None and cached[0] == fingerprint:
            return cached[1], cached[2]
        table, loads = load_directory(directory)
        self._tables[directory] = (fingerprint, table, loads)
        return table, loads


#: One cache per process: the pytest plugin and `sandbox test` share it across files.
SHARED_CACHE = WorldCache()
