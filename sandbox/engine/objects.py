"""World objects: plain data, one class for every kind.

One dataclass with a ``kind`` field (rather than a class hierarchy) keeps objects
JSON-shaped, cheap to load by the hundred thousand, and easy to diff in exports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Kind:
    ROOM = "room"
    EXIT = "exit"
    THING = "thing"
    CHARACTER = "character"

    ALL = (ROOM, EXIT, THING, CHARACTER)


class Perm(IntEnum):
    """Permission levels; each includes the ones below it."""

    PLAYER = 0
    BUILDER = 1
    ADMIN = 2

    @classmethod
    def parse(cls, value: str | int | "Perm") -> "Perm":
        if isinstance(value, Perm):
            return value
        if isinstance(value, int):
            return cls(value)
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown permission {value!r} (player, builder or admin)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(slots=True, eq=False)
class GameObject:
    """A room, exit, thing or character.

    ``location`` is the id of the containing object (for an exit: the room it leaves
    from); ``destination`` is only used by exits. ``contents`` is derived by the world
    and never persisted.
    """

    id: int
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    desc: str = ""
    location: int | None = None
    destination: int | None = None
    area: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    tags: set[str] = field(default_factory=set)
    perm: Perm = Perm.PLAYER
    cmdsets: list[str] = field(default_factory=list)
    contents: list[int] = field(default_factory=list)

    @property
    def ref(self) -> str:
        """The short id shown to builders: ``#12``."""
        return f"#{self.id}"

    @property
    def is_room(self) -> bool:
        return self.kind == Kind.ROOM

    @property
    def is_exit(self) -> bool:
        return self.kind == Kind.EXIT

    @property
    def is_character(self) -> bool:
        return self.kind == Kind.CHARACTER

    @property
    def is_thing(self) -> bool:
        return self.kind == Kind.THING

    @property
    def is_player(self) -> bool:
        return self.kind == Kind.CHARACTER and "npc" not in self.tags

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_doc(self) -> dict[str, Any]:
        """A JSON-able document; the inverse of :func:`from_doc`."""
        doc: dict[str, Any] = {"id": self.id, "kind": self.kind, "name": self.name}
        if self.aliases:
            doc["aliases"] = list(self.aliases)
        if self.desc:
            doc["desc"] = self.desc
        if self.location is not None:
            doc["location"] = self.location
        if self.destination is not None:
            doc["destination"] = self.destination
        if self.area is not None:
            doc["area"] = self.area
        if self.attrs:
            doc["attrs"] = self.attrs
        if self.tags:
            doc["tags"] = sorted(self.tags)
        if self.perm != Perm.PLAYER:
            doc["perm"] = self.perm.label
        if self.cmdsets:
            doc["cmdsets"] = list(self.cmdsets)
        return doc


_PERMS: dict[str, Perm] = {p.name.lower(): p for p in Perm}
_KINDS = frozenset(Kind.ALL)


def from_doc(doc: dict[str, Any]) -> GameObject:
    """Rebuild an object from :meth:`GameObject.to_doc`; copies every container.

    Opening a world calls this once per object, so it avoids work for the common empty
    fields (a 100k-object world opens in about a second).
    """
    kind = doc["kind"]
    if kind not in _KINDS:
        raise ValueError(f"object {doc.get('id')}: unknown kind {kind!r}")
    get = doc.get
    aliases = get("aliases")
    attrs = get("attrs")
    tags = get("tags")
    cmdsets = get("cmdsets")
    perm = get("perm")
    return GameObject(
        int(doc["id"]),
        kind,
        str(doc["name"]),
        list(aliases) if aliases else [],
        get("desc", ""),
        get("location"),
        get("destination"),
        get("area"),
        dict(attrs) if attrs else {},
        set(tags) if tags else set(),
        Perm.PLAYER if perm is None else (_PERMS.get(perm) or Perm.parse(perm)),
        list(cmdsets) if cmdsets else [],
    )
