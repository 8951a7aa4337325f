"""World objects: plain data, one class for every kind.

One dataclass with a ``kind`` field (rather than a class hierarchy) keeps objects
JSON-shaped, cheap to load by the hundred thousand, and easy to diff in exports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from sandbox.engine.tracked import (
    AttrValueError,
    TrackedDict,
    TrackedList,
    TrackedSet,
    json_value,
    plain_copy,
    tracked_list,
    tracked_set,
)

if TYPE_CHECKING:
    from sandbox.engine.world import World


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
    def parse(cls, value: str | int | Perm) -> Perm:
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


#: Fields a document holds, in order; ``contents`` is derived and ``_world`` is wiring.
DOC_FIELDS = ("id", "kind", "name", "aliases", "desc", "location", "destination", "area", "attrs", "tags", "perm", "cmdsets")


@dataclass(slots=True, eq=False)
class _Fields:
    """The storage of a GameObject: plain slots, so building 100k of them is C-speed."""

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
    #: The world this object belongs to; None while it is being built or after removal.
    _world: World | None = field(default=None, repr=False)


#: Fields that only the world may change, and how to change them instead.
_NOT_ASSIGNABLE = {
    "id": "an object's id never changes",
    "kind": "an object's kind never changes (make a new object instead)",
    "location": "move it with ctx.move(obj, destination), which keeps contents and announcements right",
    "contents": "contents follow from locations: move the things instead",
    "_world": "objects join a world through world.create or world.insert",
}


class GameObject(_Fields):
    """A room, exit, thing or character.

    ``location`` is the id of the containing object (for an exit: the room it leaves
    from); ``destination`` is only used by exits. ``contents`` is derived by the world
    and never persisted.

    Once an object is in a world, every edit records itself: assigning a field
    (``obj.desc = ...``) or changing a container in place (``obj.attrs["x"] = 1``,
    ``obj.tags.add("y")``) first tells the world, which keeps how the object was at the
    start of the turn. That record is what gets saved, rolled back and undone, so no
    command has to report its edits. Values are checked when set: attributes take JSON
    values only, and the error names the attribute.
    """

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            world = self._world
        except AttributeError:  # still inside __init__: _world is the last field set
            world = None
        if world is None:
            _set(self, name, value)
            return
        if name in _NOT_ASSIGNABLE:
            raise AttributeError(f"{self.ref}.{name} cannot be assigned: {_NOT_ASSIGNABLE[name]}")
        value = _checked(self, name, value)
        world._before_edit(self)
        _set(self, name, value)
        if name == "area" and self.kind == Kind.ROOM and value is not None:
            world.add_area(value)

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

    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_doc(self) -> dict[str, Any]:
        """A JSON-able document sharing nothing with the object; the inverse of :func:`from_doc`."""
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
            doc["attrs"] = plain_copy(self.attrs)
        if self.tags:
            doc["tags"] = sorted(self.tags)
        if self.perm != Perm.PLAYER:
            doc["perm"] = self.perm.label
        if self.cmdsets:
            doc["cmdsets"] = list(self.cmdsets)
        return doc

    def _adopt(self, world: World | None) -> None:
        """Join ``world`` (None: check only): every container is checked, and made tracked
        so that it tells the world, by this object's id, before it changes."""
        oid = self.id
        _set(self, "aliases", tracked_list(self.aliases, world, "aliases", text=True, key=oid))
        _set(self, "cmdsets", tracked_list(self.cmdsets, world, "cmdsets", text=True, key=oid))
        _set(self, "attrs", json_value(dict(self.attrs), world, "attrs", oid))
        _set(self, "tags", tracked_set(self.tags, world, oid))
        _set(self, "_world", world)

    def _restore(self, doc: dict[str, Any]) -> None:
        """Take every stored field from doc (rollback, undo); the caller has recorded the edit."""
        fresh = from_doc(doc)
        for name in DOC_FIELDS[2:]:
            _set(self, name, getattr(fresh, name))
        self._adopt(self._world)


_set = object.__setattr__


def _checked(obj: GameObject, name: str, value: Any) -> Any:
    """The value to store for an assignment to an attached object, or a clear error."""
    where = f"{obj.ref}.{name}"
    if name in ("name", "desc"):
        if type(value) is not str:
            raise AttrValueError(f"{where} must be text, not {type(value).__name__}")
        return value
    world, oid = obj._world, obj.id
    if name in ("aliases", "cmdsets"):
        if isinstance(value, str):
            raise AttrValueError(f"{where} is a list of text; wrap one name in a list")
        return tracked_list(value, world, name, text=True, key=oid)
    if name == "attrs":
        if not isinstance(value, dict):
            raise AttrValueError(f"{where} must be a dict, not {type(value).__name__}")
        return json_value(value, world, "attrs", oid)
    if name == "tags":
        if isinstance(value, str):
            raise AttrValueError(f"{where} is a set of text; wrap one tag in a set")
        return tracked_set(value, world, oid)
    if name == "perm":
        try:
            return Perm.parse(value)
        except (ValueError, KeyError) as exc:
            raise AttrValueError(f"{where}: {exc}") from None
    if name == "destination":
        if value is not None and (type(value) is not int):
            hint = f" (use {value.ref[1:]}, its id)" if isinstance(value, GameObject) else ""
            raise AttrValueError(f"{where} takes an object id or None{hint}")
        return value
    if name == "area":
        if value is not None and type(value) is not str:
            raise AttrValueError(f"{where} must be text or None")
        return value
    raise AttributeError(f"GameObject has no field {name!r}")


_PERMS: dict[str, Perm] = {p.name.lower(): p for p in Perm}
_KINDS = frozenset(Kind.ALL)


def from_doc(doc: dict[str, Any], world: World | None = None) -> GameObject:
    """Rebuild an object from :meth:`GameObject.to_doc`; copies every container.

    Raises ValueError (or TypeError, KeyError) naming the field when the document is
    damaged: a world file is checked as it is read, so a wrong type never reaches ``look``.

    Opening a world calls this once per object, so it is written for speed: one tuple
    of type checks, containers built by their C constructors, the class set without
    going through ``__setattr__`` (a 100k-object world opens in well under a second).
    """
    get = doc.get
    oid, kind, name = doc["id"], doc["kind"], doc["name"]
    desc = get("desc", "")
    location = get("location")
    destination = get("destination")
    area = get("area")
    if (
        kind not in _KINDS
        or type(oid) is not int
        or type(name) is not str
        or type(desc) is not str
        or (location is not None and type(location) is not int)
        or (destination is not None and type(destination) is not int)
        or (area is not None and type(area) is not str)
    ):
        raise ValueError(_field_problem(doc))
    aliases, tags, cmdsets, attrs, perm = get("aliases"), get("tags"), get("cmdsets"), get("attrs"), get("perm")
    # Most objects have none of these: build the empty ones inline, check the others.
    alias_list = _texts(TrackedList, aliases, "aliases") if aliases else TrackedList()
    cmdset_list = _texts(TrackedList, cmdsets, "cmdsets") if cmdsets else TrackedList()
    tag_set = _texts(TrackedSet, tags, "tags") if tags else TrackedSet()
    if not attrs:
        attr_dict = TrackedDict()
    elif type(attrs) is not dict:
        raise ValueError(f"attrs must be a JSON object, not {type(attrs).__name__}")
    elif _FLAT.isdisjoint(map(type, attrs.values())) and all(type(k) is str for k in attrs):
        attr_dict = TrackedDict(attrs)  # the common case: no nested dicts or lists to wrap
    else:
        attr_dict = json_value(attrs, world, "attrs", oid)
    obj = _Fields(
        oid,
        kind,
        name,
        alias_list,
        desc,
        location,
        destination,
        area,
        attr_dict,
        tag_set,
        Perm.PLAYER if perm is None else (_PERMS.get(perm) or Perm.parse(perm)),
        cmdset_list,
        [],
        world,
    )
    obj.__class__ = GameObject  # same slots; skips GameObject.__setattr__ for 14 fields
    alias_list._owner = cmdset_list._owner = tag_set._owner = attr_dict._owner = world
    alias_list._key = cmdset_list._key = tag_set._key = attr_dict._key = oid
    return obj  # type: ignore[return-value]  # its class was just set


_JUST_STR = {str}


def _texts(kind: Any, values: Any, what: str) -> Any:
    """A tracked list or set of the given values, which must all be text."""
    out = kind(values)
    if {*map(type, out)} != _JUST_STR:
        raise ValueError(f"{what} must be a list of text")
    return out
#: Attribute value types that need wrapping (and a deeper check) on load.
_FLAT = frozenset({dict, list})


def _field_problem(doc: dict[str, Any]) -> str:
    for name, ok in (
        ("id", type(doc.get("id")) is int),
        ("name", type(doc.get("name")) is str),
        ("desc", type(doc.get("desc", "")) is str),
        ("location", doc.get("location") is None or type(doc.get("location")) is int),
        ("destination", doc.get("destination") is None or type(doc.get("destination")) is int),
        ("area", doc.get("area") is None or type(doc.get("area")) is str),
    ):
        if not ok:
            return f"field {name!r} has the wrong type ({type(doc.get(name)).__name__})"
    return "damaged"
