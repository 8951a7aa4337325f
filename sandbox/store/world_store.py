"""Persisting the world as tinydb files, split so one change rewrites one small file.

Layout of ``world/`` (each file is a valid tinydb database, openable with ``TinyDB``):

- ``meta.db.json``        tables ``meta`` (start room, next id) and ``areas``
- ``accounts.db.json``    table ``accounts`` (name, password hash, character)
- ``players.db.json``     player characters and everything they carry
- ``area-<slug>.db.json`` the rooms of one area, their exits and what lies in them
- ``nowhere.db.json``     objects in no room

Each partition is kept as the dict of documents it was loaded from (no cost at open)
and patched per change; a commit dumps each changed partition in one orjson call and
replaces its file atomically. (Caching one serialised bytes object per object was
tried first: keeping 100k small bytes objects alive made orjson allocate afresh for
each, and the first change after start-up in a 100k-object area took 2 s.)
"""
from __future__ import annotations

import gc
import re
import shutil
import time
from datetime import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import orjson
from tinydb.storages import MemoryStorage

from sandbox.engine.objects import GameObject, Kind, from_doc
from sandbox.engine.world import Area, World
from sandbox.store.storage import AtomicJSONStorage, StoreError, atomic_write

SUFFIX = ".db.json"
META, ACCOUNTS, PLAYERS, NOWHERE = "meta", "accounts", "players", "nowhere"
BACKUPS_KEPT = 5


def area_partition(area: str | None) -> str:
    if not area:
        return NOWHERE
    slug = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-") or "unnamed"
    return f"area-{slug}"


class Backend(Protocol):
    def names(self) -> list[str]: ...
    def read(self, name: str) -> dict[str, Any] | None: ...
    def write(self, name: str, data: bytes) -> None: ...
    def remove(self, name: str) -> None: ...


class FileBackend:
    """Partitions as files in a directory, written atomically."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        return self.directory / f"{name}{SUFFIX}"

    def names(self) -> list[str]:
        return sorted(p.name[: -len(SUFFIX)] for p in self.directory.glob(f"*{SUFFIX}"))

    def read(self, name: str) -> dict[str, Any] | None:
        return AtomicJSONStorage(self.path(name)).read()

    def write(self, name: str, data: bytes) -> None:
        atomic_write(self.path(name), data)

    def remove(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def backup(self, keep: int = BACKUPS_KEPT) -> Path | None:
        """Copy every world file to ``backups/<timestamp>/``, keeping the newest few."""
        files = [self.path(n) for n in self.names()]
        if not files:
            return None
        root = self.directory / "backups"
        # Microseconds keep names unique and in creation order, so pruning by name is safe.
        target = root / datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target.mkdir(parents=True)
        for f in files:
            shutil.copy2(f, target / f.name)
        for old in sorted(p for p in root.iterdir() if p.is_dir())[:-keep]:
            shutil.rmtree(old, ignore_errors=True)
        return target


class MemoryBackend:
    """The same partitions held in tinydb MemoryStorage objects (tests, transcripts)."""

    def __init__(self) -> None:
        self.storages: dict[str, MemoryStorage] = {}

    def names(self) -> list[str]:
        return sorted(self.storages)

    def read(self, name: str) -> dict[str, Any] | None:
        storage = self.storages.get(name)
        return None if storage is None else storage.read()

    def write(self, name: str, data: bytes) -> None:
        self.storages.setdefault(name, MemoryStorage()).write(orjson.loads(data))

    def remove(self, name: str) -> None:
        self.storages.pop(name, None)


class WorldStore:
    """Loads a World from a backend and commits each turn's changes to it."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._home: dict[int, str] = {}
        #: partition -> {str(id): document}, exactly what its file holds.
        self._parts: dict[str, dict[str, Any]] = {}
        self.last_commit_seconds = 0.0
        self.commits = 0

    # -- loading -----------------------------------------------------------------------
    def is_empty(self) -> bool:
        return not self.backend.names()

    def load(self) -> World:
        # Hundreds of thousands of new containers would trigger full collections over
        # and over while nothing can be garbage yet: pause the collector for the load.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._load()
        finally:
            if enabled:
                gc.enable()

    def _load(self) -> World:
        world = World()
        objects: list[GameObject] = []
        areas: list[Area] = []
        meta: dict[str, Any] = {}
        for name in self.backend.names():
            data = self._read(name)
            if name == META:
                meta = dict(_table(data, "meta", self._where(name)).get("1", {}))
                areas = [Area(str(d["name"]), str(d.get("desc", ""))) for d in _table(data, "areas", self._where(name)).values()]
            elif name == ACCOUNTS:
                world.accounts = {k: dict(v) for k, v in _table(data, "accounts", self._where(name)).items()}
            else:
                docs = _table(data, "objects", self._where(name))
                for key, doc in docs.items():
                    try:
                        obj = from_doc(doc)
                    except (KeyError, ValueError, TypeError, AttributeError) as exc:
                        raise StoreError(self._where(name), f"object {key} is damaged ({exc})") from exc
                    objects.append(obj)
                    self._home[obj.id] = name
                # from_doc copied every list and dict, so the documents stay the file's.
                self._parts[name] = {str(oid): doc for oid, doc in ((d["id"], d) for d in docs.values())}
        world.load(objects, areas, meta)
        return world

    def _read(self, name: str) -> dict[str, Any]:
        data = self.backend.read(name)
        if data is None:
            raise StoreError(self._where(name), "vanished while loading")
        return data

    def _where(self, name: str) -> Path:
        if isinstance(self.backend, FileBackend):
            return self.backend.path(name)
        return Path(f"<memory>/{name}")

    # -- committing --------------------------------------------------------------------
    def commit(self, world: World) -> None:
        started = time.perf_counter()
        dirty, deleted, meta_dirty = world.take_changes()
        touched: set[str] = set()
        parts = self._parts
        for oid in deleted:
            old = self._home.pop(oid, None)
            if old is not None:
                parts[old].pop(str(oid), None)
                touched.add(old)
        for oid in dirty:
            obj = world.objects.get(oid)
            if obj is None:
                continue
            new = partition_of(world, obj)
            old = self._home.get(oid)
            if old != new:
                if old is not None:
                    parts[old].pop(str(oid), None)
                    touched.add(old)
                self._home[oid] = new
            parts.setdefault(new, {})[str(oid)] = obj.to_doc()
            touched.add(new)
        if meta_dirty:
            touched.add(META)
        if world.accounts_dirty:
            touched.add(ACCOUNTS)
            world.accounts_dirty = False
        for name in sorted(touched):
            self._write_partition(world, name)
        self.last_commit_seconds = time.perf_counter() - started
        self.commits += 1

    def save_all(self, world: World) -> None:
        """Write every partition from scratch (first save, import, `save` command)."""
        world.take_changes()
        self._home.clear()
        self._parts.clear()
        for obj in world.objects.values():
            world.dirty.add(obj.id)
        world.meta_dirty = True
        world.accounts_dirty = True
        stale = set(self.backend.names())
        self.commit(world)
        for name in stale - set(self._parts) - {META, ACCOUNTS}:
            self.backend.remove(name)

    def _write_partition(self, world: World, name: str) -> None:
        if name == META:
            meta = {**world.meta, "next_id": world.next_id}
            areas = {str(i): a.to_doc() for i, a in enumerate(sorted(world.areas.values(), key=lambda a: a.name), 1)}
            self.backend.write(name, orjson.dumps({"meta": {"1": meta}, "areas": areas}))
            return
        if name == ACCOUNTS:
            self.backend.write(name, orjson.dumps({"accounts": world.accounts}))
            return
        docs = self._parts.get(name)
        if not docs:
            self.backend.remove(name)
            self._parts.pop(name, None)
            return
        self.backend.write(name, orjson.dumps({"objects": docs}))

    def backup(self) -> Path | None:
        if isinstance(self.backend, FileBackend):
            return self.backend.backup()
        return None


def _table(data: dict[str, Any], table: str, where: Path) -> dict[str, Any]:
    value = data.get(table, {})
    if not isinstance(value, dict):
        raise StoreError(where, f"table {table!r} is not a JSON object")
    return value


def partition_of(world: World, obj: GameObject) -> str:
    """Which file an object lives in: its player's, its room's area, or nowhere."""
    current: GameObject | None = obj
    for _ in range(64):
        if current is None:
            return NOWHERE
        if current.kind == Kind.ROOM:
            return area_partition(current.area)
        if current.kind == Kind.CHARACTER and "npc" not in current.tags:
            return PLAYERS
        current = world.objects.get(current.location) if current.location is not None else None
    return NOWHERE


def open_store(world_dir: Path) -> WorldStore:
    return WorldStore(FileBackend(world_dir))


def objects_docs(objects: Iterable[GameObject]) -> list[dict[str, Any]]:
    return [o.to_doc() for o in sorted(objects, key=lambda o: o.id)]
