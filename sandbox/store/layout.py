"""Which file holds what, and the manifest that names the files of the current world.

Layout of ``world/`` (each ``*.db.json`` is a valid tinydb database, openable with
``TinyDB``, written whole at checkpoints):

- ``manifest.json``       the checkpoint: which files make up the world, and the last
                          journal record they include (``seq``)
- ``journal.log``         turn records since that checkpoint (see journal.py)
- ``meta.db.json``        tables ``meta`` (start room, next id) and ``areas``
- ``accounts.db.json``    table ``accounts`` (name, password hash, character)
- ``history.db.json``     table ``history``: each builder's undo and redo stacks
- ``players.db.json``     player characters and everything they carry
- ``area-<slug>.db.json`` the rooms of one area, their exits and what lies in them
- ``nowhere.db.json``     objects in no room
- ``.lock``               held by the one process that has the world open
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.world import World
from sandbox.store.storage import StoreError, atomic_write

SUFFIX = ".db.json"
MANIFEST = "manifest.json"
META, ACCOUNTS, HISTORY, PLAYERS, NOWHERE = "meta", "accounts", "history", "players", "nowhere"
#: Files every world has, even when empty.
FIXED = (META, ACCOUNTS, HISTORY)
FORMAT = "sandbox-world/2"


def area_partition(area: str | None) -> str:
    if not area:
        return NOWHERE
    slug = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-") or "unnamed"
    return f"area-{slug}"


def partition_of(world: World, obj: GameObject) -> str:
    """Which file an object lives in: its player's, its room's area, or nowhere."""
    current: GameObject | None = obj
    for _ in range(64):
        if current is None:
            return NOWHERE
        if current.kind == Kind.ROOM:
            return area_partition(current.area)
        if world.is_player_character(current):
            return PLAYERS
        current = world.objects.get(current.location) if current.location is not None else None
    return NOWHERE


@dataclass(slots=True)
class Manifest:
    """The files of the world as of journal record ``seq``.

    ``incoming``: files an unfinished checkpoint may have created (ignored, then rewritten).
    ``retired``: files the last checkpoint dropped (deleted if still there).
    """

    seq: int = 0
    files: list[str] = field(default_factory=list)
    incoming: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        doc: dict[str, Any] = {"format": FORMAT, "seq": self.seq, "files": sorted(self.files)}
        if self.incoming:
            doc["incoming"] = sorted(self.incoming)
        if self.retired:
            doc["retired"] = sorted(self.retired)
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"


def read_manifest(directory: Path) -> Manifest | None:
    path = directory / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(path, f"cannot read ({exc.strerror})") from exc
    try:
        doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreError(path, f"not valid JSON ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise StoreError(path, f"not a {FORMAT} manifest")
    names = [doc.get("files"), doc.get("incoming", []), doc.get("retired", [])]
    if not isinstance(doc.get("seq"), int) or not all(isinstance(n, list) and all(isinstance(x, str) for x in n) for n in names):
        raise StoreError(path, "damaged: needs seq (a number) and files (a list of names)")
    return Manifest(doc["seq"], *names)


def write_manifest(directory: Path, manifest: Manifest) -> None:
    atomic_write(directory / MANIFEST, manifest.to_bytes())


def file_of(directory: Path, name: str) -> Path:
    return directory / f"{name}{SUFFIX}"


def names_on_disk(directory: Path) -> list[str]:
    return sorted(p.name[: -len(SUFFIX)] for p in directory.glob(f"*{SUFFIX}") if not p.name.startswith("."))
