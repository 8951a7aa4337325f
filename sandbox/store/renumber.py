"""Renumbering an area export so it fits a world whose ids it would clash with.

Every place an export holds an object id is rewritten through one mapping:

- objects' ``location`` and ``destination`` (the area's own objects and the exits that
  lead into it from neighbouring areas),
- attribute values that are references, written ``"#34"`` (the one form an attribute
  holds an id in; a bare number is just a number and is never touched), at any depth,
- the area's resets (``room`` of a spawn rule, the object of a restore rule),
- ``start_room``, and attribute references inside the exported prototypes.

References to objects outside the file (an exit's far side, the room an incoming exit
leaves from) are matched to the target world by the ``neighbours`` the export recorded:
the same id if it still names the same kind of thing with the same name, else the one
object of that kind and name in that area. What cannot be matched is reported and left
dangling safely (an exit to nowhere says so when used; an incoming exit with no room to
leave from is kept nowhere, reachable by id), never silently dropped.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from sandbox.engine.world import World

_REF = re.compile(r"#(\d+)")


def file_ids(data: Mapping[str, Any]) -> list[int]:
    return [d["id"] for d in data.get("objects", [])] + [d["id"] for d in data.get("incoming", [])]


def map_refs(value: Any, fix: Callable[[int], int | None]) -> Any:
    """value with every ``"#N"`` string rewritten to ``"#fix(N)"`` (None: kept as it was)."""
    if isinstance(value, str):
        match = _REF.fullmatch(value)
        if match:
            new = fix(int(match.group(1)))
            return f"#{new}" if new is not None else value
        return value
    if isinstance(value, list):
        return [map_refs(v, fix) for v in value]
    if isinstance(value, dict):
        return {k: map_refs(v, fix) for k, v in value.items()}
    return value


def refs_in(value: Any) -> list[int]:
    """Every id referenced as ``"#N"`` inside value."""
    found: list[int] = []

    def note(oid: int) -> None:
        found.append(oid)

    map_refs(value, note)
    return found


def match_neighbour(world: World, oid: int, info: Mapping[str, Any] | None) -> int | None:
    """The target world's object an outside reference means, or None."""
    obj = world.get(oid)
    if info is None:
        return oid if obj is not None else None
    kind, name, area = info.get("kind"), info.get("name"), info.get("area")
    if obj is not None and obj.kind == kind and obj.name == name:
        return oid
    same = [o for o in world.objects.values() if o.kind == kind and o.name == name and (area is None or o.area == area)]
    return same[0].id if len(same) == 1 else None


def plan(world: World, data: Mapping[str, Any], keep: set[int], *, renumber: bool) -> dict[int, int]:
    """old id -> new id for the file's ids that are taken in the world by something that
    is not being replaced (``keep``: the area's own objects, re-imported in place).
    New ids are above both the world's and the file's, so they clash with neither."""
    ids = file_ids(data)
    clashing = sorted(i for i in ids if i in world.objects and i not in keep)
    if not clashing or not renumber:
        return {}
    start = max(world.next_id, max(ids, default=0) + 1, int(world.meta.get("next_id", 1)))
    return {old: start + n for n, old in enumerate(clashing)}


def rewrite(world: World, data: dict[str, Any], mapping: dict[int, int], report: list[str]) -> dict[str, Any]:
    """A copy of data with every reference mapped; outside references matched to the world."""
    inside = set(file_ids(data))
    neighbours: Mapping[str, Any] = data.get("neighbours") or {}
    outside: dict[int, int | None] = {}

    def fix(oid: int) -> int | None:
        if oid in inside:
            return mapping.get(oid, oid)
        if oid not in outside:
            outside[oid] = match_neighbour(world, oid, neighbours.get(str(oid)))
        return outside[oid]

    def describe(oid: int) -> str:
        info = neighbours.get(str(oid)) or {}
        return f"#{oid} {info.get('name', '?')}" + (f" (area {info['area']})" if info.get("area") else "")

    def fixed_attr(oid: int) -> int | None:
        new = fix(oid)
        if new is None:
            report.append(f"an attribute refers to {describe(oid)}, which is not in this world; left as it was")
        return new

    def fixed_docs(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for doc in docs:
            doc = dict(doc)
            old_id = doc["id"]
            doc["id"] = mapping.get(old_id, old_id)
            for name in ("location", "destination"):
                value = doc.get(name)
                if value is None:
                    continue
                new = fix(value)
                if new is None:
                    side = "leave from" if name == "location" else "lead to"
                    report.append(
                        f"exit {doc.get('name')!r} (#{doc['id']}) would {side} {describe(value)}, which is not in "
                        "this world: it is kept " + ("nowhere (reachable by id)" if name == "location" else "leading nowhere")
                    )
                    doc.pop(name)
                else:
                    doc[name] = new
            if "attrs" in doc:
                doc["attrs"] = map_refs(doc["attrs"], fixed_attr)
            out.append(doc)
        return out

    new = dict(data)
    new["objects"] = fixed_docs(list(data.get("objects", [])))
    new["incoming"] = fixed_docs(list(data.get("incoming", [])))
    area = dict(data.get("area") or {})
    resets = area.get("resets")
    if isinstance(resets, dict) and isinstance(resets.get("rules"), list):
        rules = []
        for rule in resets["rules"]:
            rule = dict(rule)
            for name in ("room", "restore"):
                if type(rule.get(name)) is int:
                    target = fix(rule[name])
                    if target is None:
                        report.append(f"a reset rule names {describe(rule[name])}, which is not in this world")
                    else:
                        rule[name] = target
            rules.append(rule)
        area["resets"] = {**resets, "rules": rules}
    new["area"] = area
    if type(data.get("start_room")) is int:
        new["start_room"] = mapping.get(data["start_room"], data["start_room"])
    if isinstance(data.get("prototypes"), dict):
        new["prototypes"] = {k: map_refs(v, fixed_attr) for k, v in data["prototypes"].items()}
    return new
