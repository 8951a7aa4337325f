"""Area export and import: diffable JSON (sorted keys, stable ids, indented), lossless.

An export holds an area's rooms, their exits and everything in them except player
characters (and what players carry). Importing the same file again replaces the area's
objects in place, keeping their ids; an id that belongs to another area is refused.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from sandbox.engine.objects import GameObject, Kind, from_doc
from sandbox.engine.world import World

FORMAT = "sandbox-area/1"


class TransferError(Exception):
    pass


def area_objects(world: World, area: str) -> list[GameObject]:
    found: list[GameObject] = []

    def walk(obj: GameObject) -> None:
        found.append(obj)
        for child in world.contents(obj):
            if world.is_player_character(child):
                continue  # players belong to their accounts, not to areas
            walk(child)

    for room in world.rooms_in(area):
        walk(room)
    return sorted(found, key=lambda o: o.id)


def export_area(world: World, area: str) -> dict[str, Any]:
    if area not in world.areas:
        raise TransferError(f"no area named {area!r} (areas: {', '.join(sorted(world.areas)) or 'none'})")
    data: dict[str, Any] = {
        "format": FORMAT,
        "area": world.areas[area].to_doc(),
        "objects": [o.to_doc() for o in area_objects(world, area)],
    }
    start = world.meta.get("start_room")
    if start is not None and any(o.id == start for o in area_objects(world, area)):
        data["start_room"] = start
    return data


def dumps(data: dict[str, Any]) -> bytes:
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


def write_export(world: World, area: str, path: Path) -> int:
    data = export_area(world, area)
    path.write_bytes(dumps(data))
    return len(data["objects"])


def read_export(path: Path) -> dict[str, Any]:
    try:
        data = orjson.loads(Path(path).read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise TransferError(f"{path}: cannot read area file ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError(f"{path}: not a {FORMAT} file")
    return data


def _checked(data: Any) -> tuple[str, list[GameObject]]:
    """The area name and objects of an import, or TransferError naming the first problem.

    Everything is checked before the world is touched, so a hand-edited file with a bad
    id, kind or location fails cleanly and leaves the world as it was.
    """
    area_doc = data.get("area") if isinstance(data, dict) else None
    if not isinstance(area_doc, dict) or not isinstance(area_doc.get("name"), str) or not area_doc["name"]:
        raise TransferError('the file needs "area": {"name": ...}')
    if not isinstance(area_doc.get("desc", ""), str):
        raise TransferError("the area's desc must be text")
    docs = data.get("objects")
    if not isinstance(docs, list):
        raise TransferError('the file needs "objects": [...]')
    objects: list[GameObject] = []
    for n, doc in enumerate(docs, 1):
        try:
            if not isinstance(doc, dict):
                raise ValueError("not a JSON object")
            obj = from_doc(doc)  # checks every field's type
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise TransferError(f"object {n} of the file is damaged ({exc})") from None
        objects.append(obj)
    by_id: dict[int, GameObject] = {}
    for obj in objects:
        if obj.id in by_id:
            raise TransferError(f"id #{obj.id} appears twice in the file")
        by_id[obj.id] = obj
    for obj in objects:
        if obj.location is not None and obj.location not in by_id:
            raise TransferError(f"#{obj.id} is located in #{obj.location}, which is not in the file")
        seen, cur = {obj.id}, obj
        while cur.location is not None:
            cur = by_id[cur.location]
            if cur.id in seen:
                raise TransferError(f"#{obj.id} is inside itself (a loop of locations)")
            seen.add(cur.id)
    start = data.get("start_room")
    if start is not None and not (isinstance(start, int) and start in by_id and by_id[start].kind == Kind.ROOM):
        raise TransferError(f"start_room {start!r} is not a room of the file")
    return area_doc["name"], objects


def import_area(world: World, data: dict[str, Any]) -> list[GameObject]:
    """Install an exported area; replaces the area's existing objects with the same ids."""
    area, objects = _checked(data)
    incoming = {o.id for o in objects}
    current = {o.id for o in area_objects(world, area)} if area in world.areas else set()
    for oid in incoming - current:
        other = world.get(oid)
        if other is not None:
            raise TransferError(f"id #{oid} is already used by {other.name!r} outside area {area!r}")
    # Players standing in the area are kept aside and put back afterwards.
    displaced = []
    for oid in current:
        obj = world.get(oid)
        if obj is None:
            continue
        for child in list(world.contents(obj)):
            if world.is_player_character(child):
                displaced.append((child, obj.id))
                world.move(child, None)
    for oid in sorted(current, reverse=True):
        obj = world.get(oid)
        if obj is not None:
            world.remove(obj)
    world.add_area(area, data["area"].get("desc", ""))
    world.areas[area].desc = data["area"].get("desc", "")
    # Insert holders before what they hold: rooms first, then by containment depth.
    by_id = {o.id: o for o in objects}

    def depth(o: GameObject) -> int:
        d, cur = 0, o
        while cur.location in by_id and d < 64:
            cur, d = by_id[cur.location], d + 1
        return d

    for obj in sorted(objects, key=lambda o: (depth(o), o.id)):
        world.insert(obj)
    for player, room_id in displaced:
        world.move(player, world.get(room_id) or world.start_room())
    if data.get("start_room") is not None:
        world.meta["start_room"] = data["start_room"]
    return objects
