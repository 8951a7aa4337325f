"""An area export (sandbox-area/1) as plain Evennia object specs, and the reverse.

A spec is what one ``place(...)`` call in the batch-code file says: Evennia's words
(key, aliases, location, destination, ``db.desc`` in ``|``-codes, attributes, tags,
lock strings, permissions) plus what only a coder can finish (cmdsets, behaviours).
Keeping this step free of file syntax lets the writer and the reader stay small, and
lets tests compare specs rather than text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sandbox.markup import Theme
from sandbox.markup.evennia import render_evennia

#: Attributes whose text is what a refused lock says (``err_traverse``, ``err_get``...):
#: markup here, |-codes there. Both engines read them under the same names.
MESSAGE_PREFIX = "err_"

#: Our permission levels as Evennia permission strings.
PERMISSIONS = {"builder": "Builder", "admin": "Admin"}
_PERM_BACK = {v: k for k, v in PERMISSIONS.items()}

#: Attributes the file sets itself; an area attribute of the same name is reported.
RESERVED_ATTRIBUTES = ("desc", "behaviours")


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that does not carry over as it is, and where: ``#12 desc, line 1, column 5``."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(slots=True)
class ObjectSpec:
    """One object as the batch-code file creates or updates it."""

    sandbox_id: int
    kind: str
    key: str
    aliases: list[str] = field(default_factory=list)
    location: int | None = None
    destination: int | None = None
    desc: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    locks: dict[str, str] = field(default_factory=dict)
    permissions: list[str] = field(default_factory=list)
    cmdsets: list[str] = field(default_factory=list)
    behaviours: dict[str, Any] = field(default_factory=dict)
    prototype: str | None = None
    #: Our markup for text fields whose Evennia form was rendered from it (round trips).
    source: dict[str, str] = field(default_factory=dict)
    #: The room's area when it differs from the file's area (None: the usual case).
    area: str | None = None
    start: bool = False

    @property
    def ref(self) -> str:
        return f"#{self.sandbox_id} {self.key}"


def _text(value: str, where: str, spec: ObjectSpec, field_name: str, theme: Theme | None, problems: list[Problem]) -> str:
    """Render one markup field, keeping the source when rendering changed it."""
    rendered = render_evennia(value, theme)
    for problem in rendered.problems:
        problems.append(Problem(f"{where}, {field_name} line {problem.line} column {problem.column}", problem.reason))
    if rendered.text != value:
        spec.source[field_name] = value
    return rendered.text


def to_specs(data: dict[str, Any], theme: Theme | None = None) -> tuple[list[ObjectSpec], list[Problem]]:
    """Specs in load order (rooms, then what they hold by depth) and the problems found."""
    area = data["area"]["name"]
    docs: list[dict[str, Any]] = data["objects"]
    ids = {doc["id"] for doc in docs}
    start = data.get("start_room")
    problems: list[Problem] = []
    specs: dict[int, ObjectSpec] = {}
    for doc in docs:
        spec = _spec(doc, area, theme, problems)
        spec.start = doc["id"] == start
        if spec.destination is not None and spec.destination not in ids:
            problems.append(Problem(
                f"#{spec.sandbox_id} {spec.key}",
                f"leads to #{spec.destination}, outside area {area!r}: load that area's file too, then run this one again",
            ))  # fmt: skip
        specs[spec.sandbox_id] = spec
    return _load_order(specs.values()), problems


def _spec(doc: dict[str, Any], area: str, theme: Theme | None, problems: list[Problem]) -> ObjectSpec:
    kind = doc["kind"]
    spec = ObjectSpec(doc["id"], kind, doc["name"], list(doc.get("aliases", ())), doc.get("location"), doc.get("destination"))
    where = f"#{spec.sandbox_id} {spec.key}"
    if doc.get("desc"):
        spec.desc = _text(doc["desc"], where, spec, "desc", theme, problems)
    attrs = dict(doc.get("attrs") or {})
    for name in RESERVED_ATTRIBUTES:
        if name in attrs and not (name == "behaviours" and isinstance(attrs[name], dict)):
            problems.append(Problem(where, f"attribute {name!r} clashes with the Evennia attribute of that name; not carried"))
            del attrs[name]
    spec.behaviours = dict(attrs.pop("behaviours", None) or {})
    for name in [k for k, v in attrs.items() if k.startswith(MESSAGE_PREFIX) and isinstance(v, str)]:
        spec.attributes[name] = _text(attrs.pop(name), where, spec, name, theme, problems)
    spec.attributes.update(attrs)
    spec.locks = dict(doc.get("locks") or {})  # our lock strings are Evennia's syntax
    spec.tags = sorted(doc.get("tags") or ())
    spec.cmdsets = list(doc.get("cmdsets") or ())
    perm = doc.get("perm")
    if perm in PERMISSIONS:
        spec.permissions = [PERMISSIONS[perm]]
    spec.prototype = doc.get("prototype") or None
    usual = area if kind == "room" else None
    if doc.get("area") != usual:
        spec.area = doc.get("area")
    return spec


def _load_order(specs: Iterable[ObjectSpec]) -> list[ObjectSpec]:
    """Rooms first (exits need their destinations), then exits, then things by depth."""
    by_id = {spec.sandbox_id: spec for spec in specs}

    def depth(spec: ObjectSpec) -> int:
        d, cur = 0, spec
        while cur.location in by_id and d < 64:
            cur, d = by_id[cur.location], d + 1
        return d

    rank = {"room": 0, "exit": 1}
    return sorted(by_id.values(), key=lambda s: (rank.get(s.kind, 2), depth(s), s.sandbox_id))


def to_doc(spec: ObjectSpec, area: str, desc: str, messages: dict[str, str]) -> dict[str, Any]:
    """The sandbox object document for a spec read back from a file; ``desc`` and the
    lock ``messages`` are already our markup (the reader decides between source and codes)."""
    doc: dict[str, Any] = {"id": spec.sandbox_id, "kind": spec.kind, "name": spec.key}
    if spec.aliases:
        doc["aliases"] = list(spec.aliases)
    if desc:
        doc["desc"] = desc
    if spec.location is not None:
        doc["location"] = spec.location
    if spec.destination is not None:
        doc["destination"] = spec.destination
    room_area = spec.area if spec.area is not None else (area if spec.kind == "room" else None)
    if room_area is not None:
        doc["area"] = room_area
    attrs = {k: v for k, v in spec.attributes.items() if k not in messages}
    if spec.behaviours:
        attrs["behaviours"] = dict(spec.behaviours)
    attrs.update(messages)
    locks = dict(spec.locks)
    if attrs:
        doc["attrs"] = attrs
    if spec.tags:
        doc["tags"] = sorted(spec.tags)
    for perm in spec.permissions:
        if perm in _PERM_BACK:
            doc["perm"] = _PERM_BACK[perm]
    if spec.cmdsets:
        doc["cmdsets"] = list(spec.cmdsets)
    if locks:
        doc["locks"] = locks
    if spec.prototype:
        doc["prototype"] = spec.prototype
    return doc
