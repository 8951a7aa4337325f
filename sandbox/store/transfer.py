"""Area export and import: diffable JSON (sorted keys, stable ids, indented), lossless.

An export holds an area's rooms, their exits and everything in them except player
characters (and what players carry); the exits of other areas that lead into it
(``incoming``); what each outside id it mentions was (``neighbours``: kind, name, area),
so an import into another world can find them again; and the prototypes its objects and
resets use, with their parents (``prototypes``). Importing the same file again replaces
the area's objects in place, keeping their ids. An id that belongs to something else is
refused, unless the import renumbers (:mod:`sandbox.store.renumber`).
"""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from sandbox.engine.objects import GameObject, Kind, from_doc
from sandbox.engine.prototypes import META_NAME as PROTOTYPES_META
from sandbox.engine.prototypes import parent_keys
from sandbox.engine.resets import checked_resets
from sandbox.engine.world import World
from sandbox.store.renumber import file_ids, match_neighbour, plan, refs_in, rewrite

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


def export_area(world: World, area: str, file_prototypes: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """The area as a document; ``file_prototypes`` (key -> data) are the game's prototype
    files, exported with the world's own when the area uses them."""
    if area not in world.areas:
        raise TransferError(f"no area named {area!r} (areas: {', '.join(sorted(world.areas)) or 'none'})")
    objects = area_objects(world, area)
    inside = {o.id for o in objects}
    incoming = sorted(
        (o for o in world.objects.values() if o.kind == Kind.EXIT and o.destination in inside and o.id not in inside),
        key=lambda o: o.id,
    )
    area_doc = world.areas[area].to_doc()
    data: dict[str, Any] = {
        "format": FORMAT,
        "area": area_doc,
        "objects": [o.to_doc() for o in objects],
    }
    if incoming:
        data["incoming"] = [o.to_doc() for o in incoming]
    outside: set[int] = set()
    for obj in (*objects, *incoming):
        for ref in (obj.location, obj.destination, *refs_in(dict(obj.attrs))):
            if ref is not None and ref not in inside:
                outside.add(ref)
    for rule in (area_doc.get("resets") or {}).get("rules", []):
        for name in ("room", "restore"):
            if type(rule.get(name)) is int and rule[name] not in inside:
                outside.add(rule[name])
    neighbours = {}
    for oid in sorted(outside):
        other = world.get(oid)
        if other is not None:
            neighbours[str(oid)] = {"kind": other.kind, "name": other.name, **({"area": other.area} if other.area else {})}
    if neighbours:
        data["neighbours"] = neighbours
    prototypes = _prototypes_used(world, [*objects, *incoming], area_doc, file_prototypes or {})
    if prototypes:
        data["prototypes"] = prototypes
    start = world.meta.get("start_room")
    if start is not None and start in inside:
        data["start_room"] = start
    return data


def _prototypes_used(
    world: World, objects: list[GameObject], area_doc: dict[str, Any], files: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    own = world.meta.get(PROTOTYPES_META) or {}
    wanted = [o.prototype for o in objects if o.prototype]
    wanted += [r["spawn"] for r in (area_doc.get("resets") or {}).get("rules", []) if isinstance(r.get("spawn"), str)]
    found: dict[str, Any] = {}
    while wanted:
        key = wanted.pop().lower()
        if key in found:
            continue
        data = own.get(key) if isinstance(own.get(key), Mapping) else files.get(key)
        if data is None:
            continue  # a missing prototype: the import reports it when a reset needs it
        found[key] = plain(data)
        wanted.extend(parent_keys(data))
    return found


def plain(value: Any) -> Any:
    return orjson.loads(orjson.dumps(value))


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


def import_area(
    world: World,
    data: dict[str, Any],
    *,
    renumber: bool = False,
    report: list[str] | None = None,
    known_prototypes: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[GameObject]:
    """Install an exported area; replaces the area's existing objects with the same ids.

    ``renumber``: ids taken by other things get new ones, and every reference follows
    (see sandbox.store.renumber). ``report`` receives a line per thing a builder should
    know (renumbered ids, dangling exits, prototypes kept). ``known_prototypes``: the
    game's prototype files, so a prototype the file brings is not added twice.
    """
    notes: list[str] = [] if report is None else report
    name, _ = _checked(data)  # everything is checked before anything is planned or changed
    _checked_incoming(data)
    try:
        checked_resets(data["area"].get("resets") or {})
    except ValueError as exc:
        raise TransferError(f"the area's resets are damaged ({exc})") from None
    current = {o.id for o in area_objects(world, name)} if name in world.areas else set()
    keep = current | _same_incoming(world, data)
    mapping = plan(world, data, keep, renumber=renumber)
    if not renumber:
        for oid in file_ids(data):
            other = world.get(oid)
            if other is not None and oid not in keep:
                raise TransferError(
                    f"id #{oid} is already used by {other.name!r} outside area {name!r} "
                    "(import with --renumber to give the area's clashing objects new ids)"
                )
    data = rewrite(world, data, mapping, notes)
    for old, new in sorted(mapping.items()):
        notes.append(f"#{old} is now #{new}")
    area, objects = _checked(data)
    incoming_exits = _checked_incoming(data)
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
    for exit_ in incoming_exits:
        previous = world.get(exit_.id)
        if previous is not None:
            world.remove(previous)
        world.insert(exit_)
        room = world.get(exit_.location)
        names = {n.lower() for n in exit_.names()}
        if room is None:
            continue
        for other in world.exits(room):
            if other.id != exit_.id and names & {n.lower() for n in other.names()}:
                notes.append(f"{room.name} (#{room.id}) already had exit {other.name!r} (#{other.id}) beside the incoming {exit_.name!r} (#{exit_.id}): rename one")
    world.areas[area].resets = data["area"].get("resets") or {}
    _add_prototypes(world, data.get("prototypes") or {}, known_prototypes or {}, notes)
    if data.get("start_room") is not None:
        if renumber and world.meta.get("start_room") is not None:
            notes.append("the file's start room was not made this world's start room (it has one)")
        else:
            world.meta["start_room"] = data["start_room"]
    return objects


def _same_incoming(world: World, data: Mapping[str, Any]) -> set[int]:
    """Ids of incoming exits that are already in the world as the same exit (a re-import)."""
    same = set()
    neighbours = data.get("neighbours") or {}
    for doc in data.get("incoming") or []:
        if not isinstance(doc, dict) or type(doc.get("id")) is not int:
            continue
        there = world.get(doc["id"])
        loc = doc.get("location")
        if there is not None and there.kind == Kind.EXIT and there.name == doc.get("name") and type(loc) is int:
            if there.location == match_neighbour(world, loc, neighbours.get(str(loc))):
                same.add(doc["id"])
    return same


def _checked_incoming(data: Mapping[str, Any]) -> list[GameObject]:
    out = []
    for n, doc in enumerate(data.get("incoming") or [], 1):
        try:
            obj = from_doc(doc)
        except (KeyError, ValueError, TypeError, AttributeError) as exc:
            raise TransferError(f"incoming exit {n} of the file is damaged ({exc})") from None
        if obj.kind != Kind.EXIT:
            raise TransferError(f"incoming exit {n} of the file is a {obj.kind}, not an exit")
        out.append(obj)
    return out


def _add_prototypes(world: World, brought: Mapping[str, Any], files: Mapping[str, Mapping[str, Any]], notes: list[str]) -> None:
    """The file's prototypes join the world's own, unless this game already has that key."""
    if not brought:
        return
    own = dict(world.meta.get(PROTOTYPES_META) or {})
    added = []
    for key, proto in sorted(brought.items()):
        existing = own.get(key) if key in own else files.get(key)
        if existing is None:
            own[key] = proto
            added.append(key)
        elif plain(existing) != plain(proto):
            notes.append(f"prototype {key!r} differs from this game's; this game's is kept")
    if added:
        world.meta[PROTOTYPES_META] = own
        notes.append(f"prototypes added: {', '.join(added)}")
