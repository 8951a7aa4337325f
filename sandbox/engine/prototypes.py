"""Prototypes: named recipes for objects, with inheritance, and spawning from them.

A prototype is a JSON-shaped dict using Evennia's keys where they fit::

    {"prototype_key": "shopkeeper", "prototype_parent": "npc",
     "key": "Mara", "desc": "...", "attrs": {"sells": ["rope"]}, "tags": ["merchant"]}

``prototype_parent`` names one parent or a list of them. Like Evennia, parents are
applied left to right, each later one overriding the earlier ones, and the prototype's
own values override them all; ``attrs``, ``tags``, ``locks`` and ``behaviours`` are
merged key by key instead of replaced. Differences from Evennia: ``kind`` instead of
``typeclass``; ``attrs`` is a dict (not a list of tuples); keys we do not know are an
error (Evennia would make them attributes), so a typo never becomes silent data.

Two sources feed the :class:`PrototypeLibrary`: the game directory's files
(``prototypes/*.toml`` or ``*.json``, loaded and hot-reloaded by
:mod:`sandbox.reload.prototypes`; the engine never reads files), and prototypes made
in-game with ``proto/create``, kept in the world's meta so they are journaled and rolled
back with the turn that made them. A world prototype shadows a file one of the same key.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sandbox.engine.objects import GameObject, Kind, from_doc
from sandbox.engine.tracked import plain_copy

if TYPE_CHECKING:
    from sandbox.engine.world import World

#: Keys about the prototype itself, never copied to an object.
META_KEYS = ("prototype_key", "prototype_parent", "prototype_desc", "prototype_tags")
#: Keys that become fields of a spawned object.
OBJECT_KEYS = ("key", "aliases", "desc", "kind", "attrs", "tags", "locks", "cmdsets", "behaviours")
#: Keys merged key by key along the inheritance chain (the rest are replaced).
MERGED = ("attrs", "locks", "behaviours")
#: Evennia keys we understand differently, with what to write instead.
_INSTEAD = {
    "typeclass": "use kind (thing, character, room or exit)",
    "location": "give the place to spawn: spawn <proto> = <location>",
    "home": "set attrs.home to a room ref such as \"#12\", or let an area reset set it",
    "permissions": "use the perm command on the spawned object",
    "exec": "behaviours and commands live in commands/*.py",
}
#: Where the world keeps in-game prototypes.
META_NAME = "prototypes"


class PrototypeError(ValueError):
    """A prototype that cannot be used; ``where`` is ``file:line`` or ``world``."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message
        self.where = where


@dataclass(frozen=True, slots=True)
class Prototype:
    key: str
    data: dict[str, Any]
    #: ``prototypes/npcs.toml:3`` for a file prototype, ``world`` for one made in-game.
    source: str

    @property
    def parents(self) -> list[str]:
        return parent_keys(self.data)


@dataclass(slots=True)
class Resolved:
    """A prototype with its inheritance applied."""

    key: str
    values: dict[str, Any]
    #: field (or ``attrs.name``, ``tags.name``, ...) -> the prototype key that gave it.
    origins: dict[str, str] = field(default_factory=dict)
    #: The inheritance chain, the prototype itself first.
    chain: list[str] = field(default_factory=list)


def norm_key(key: str) -> str:
    return key.strip().lower()


def parent_keys(data: Mapping[str, Any]) -> list[str]:
    parent = data.get("prototype_parent")
    if parent is None:
        return []
    return [norm_key(parent)] if isinstance(parent, str) else [norm_key(p) for p in parent]


def parse_lockstring(text: str) -> dict[str, str]:
    """Evennia's ``"get:false();traverse:holds(brass key)"`` as {access type: lock}."""
    out: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        access, sep, lock = part.partition(":")
        if not sep or not access.strip() or not lock.strip():
            raise ValueError(f"lock {part.strip()!r} is not 'access:lockfuncs'")
        out[access.strip()] = lock.strip()
    return out


def validate(data: Any, where: str = "") -> dict[str, Any]:
    """A checked, normalised copy of a prototype's data, or PrototypeError saying what is wrong."""
    if not isinstance(data, dict):
        raise PrototypeError(f"a prototype is a table of keys, not {type(data).__name__}", where)
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name in _INSTEAD:
            raise PrototypeError(f"{name!r} is not used here: {_INSTEAD[name]}", where)
        if name not in META_KEYS and name not in OBJECT_KEYS:
            raise PrototypeError(f"unknown key {name!r} (put custom data under attrs)", where)
        out[name] = _checked_value(name, value, where)
    key = out.get("prototype_key")
    if not key:
        raise PrototypeError("a prototype needs a prototype_key", where)
    out["prototype_key"] = norm_key(key)
    if out["prototype_key"] in parent_keys(out):
        raise PrototypeError(f"inheritance loop: {out['prototype_key']} -> {out['prototype_key']}", where)
    return out


def _checked_value(name: str, value: Any, where: str) -> Any:
    def text(v: Any) -> bool:
        return type(v) is str

    if name in ("prototype_key", "key", "desc", "prototype_desc"):
        if not text(value):
            raise PrototypeError(f"{name} must be text", where)
        return value
    if name == "prototype_parent":
        if text(value) and value.strip():
            return value
        if isinstance(value, list) and value and all(text(v) and v.strip() for v in value):
            return list(value)
        raise PrototypeError("prototype_parent must be a prototype key or a list of them", where)
    if name in ("aliases", "tags", "cmdsets", "prototype_tags"):
        if text(value):
            value = [value]
        if not isinstance(value, list) or not all(text(v) for v in value):
            raise PrototypeError(f"{name} must be a list of text", where)
        return list(value)
    if name == "kind":
        if value not in Kind.ALL:
            raise PrototypeError(f"kind must be one of {', '.join(Kind.ALL)}, not {value!r}", where)
        return value
    if name == "locks":
        if text(value):
            try:
                return parse_lockstring(value)
            except ValueError as exc:
                raise PrototypeError(str(exc), where) from None
        if not isinstance(value, dict) or not all(text(k) and text(v) for k, v in value.items()):
            raise PrototypeError("locks must be a lock string or a table of access type = lock", where)
        return dict(value)
    if name == "behaviours":
        ok = isinstance(value, dict) and all(
            text(k) and type(v) in (int, float) and v > 0 for k, v in value.items()
        )
        if not ok:
            raise PrototypeError("behaviours must map behaviour names to seconds, e.g. {wander = 20}", where)
        return dict(value)
    if name == "attrs":
        if not isinstance(value, dict):
            raise PrototypeError("attrs must be a table of name = value", where)
        try:
            return plain_copy(_json_only(value, "attrs"))
        except ValueError as exc:
            raise PrototypeError(str(exc), where) from None
    raise PrototypeError(f"unknown key {name!r}", where)  # pragma: no cover - validate() filters


def _json_only(value: Any, where: str) -> Any:
    """value if it is plain JSON (TOML dates and the like are refused, naming the attribute)."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, list):
        return [_json_only(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {str(k): _json_only(v, f"{where}.{k}") for k, v in value.items()}
    raise ValueError(f"{where} holds a {type(value).__name__}, which is not JSON")


class PrototypeLibrary:
    """Every prototype the engine knows: the game's files plus the world's own."""

    def __init__(self, files: Mapping[str, Prototype] | None = None) -> None:
        self.files: dict[str, Prototype] = dict(files or {})
        # Resolved prototypes, valid while the world's prototypes are the same object
        # (save_world and rollback replace it, never edit it in place) and the files
        # are unchanged: a reset pass or a spawn loop resolves each key once.
        self._resolved: dict[str, Resolved] = {}
        self._resolved_for: Any = None

    def set_files(self, files: Mapping[str, Prototype]) -> None:
        """Install a freshly loaded set of file prototypes (hot reload)."""
        self.files = dict(files)
        self._resolved.clear()

    @staticmethod
    def world_data(world: World) -> Mapping[str, Any]:
        found = world.meta.get(META_NAME)
        return found if isinstance(found, Mapping) else {}

    def get(self, world: World, key: str) -> Prototype | None:
        key = norm_key(key)
        data = self.world_data(world).get(key)
        if isinstance(data, Mapping):
            return Prototype(key, dict(data), "world")
        return self.files.get(key)

    def keys(self, world: World) -> list[str]:
        return sorted(set(self.files) | set(self.world_data(world)))

    def all(self, world: World) -> list[Prototype]:
        return [p for p in (self.get(world, k) for k in self.keys(world)) if p is not None]

    def resolve(self, world: World, key: str) -> Resolved:
        """The prototype with its parents applied; PrototypeError for a missing parent or a loop.

        The result is shared: read it, never change it (spawn copies what it uses).
        """
        key = norm_key(key)
        own = world.meta.get(META_NAME)
        if own is not self._resolved_for:
            self._resolved.clear()
            self._resolved_for = own  # held, so its id cannot be reused by a new dict
        found = self._resolved.get(key)
        if found is None:
            found = resolve(key, lambda k: self.get(world, k))
            self._resolved[key] = found
        return found

    def save_world(self, world: World, data: dict[str, Any]) -> None:
        """Add or replace an in-game prototype (recorded with the turn, like any meta edit)."""
        current = dict(self.world_data(world))
        current[data["prototype_key"]] = data
        world.meta[META_NAME] = current

    def delete_world(self, world: World, key: str) -> bool:
        current = dict(self.world_data(world))
        if current.pop(norm_key(key), None) is None:
            return False
        world.meta[META_NAME] = current
        return True


def resolve(key: str, lookup: Any) -> Resolved:
    """Apply inheritance; ``lookup(key)`` returns a Prototype or None."""
    key = norm_key(key)
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    chain: list[str] = []

    def apply(k: str, path: tuple[str, ...]) -> None:
        if k in path:
            loop = " -> ".join((*path[path.index(k):], k))
            raise PrototypeError(f"inheritance loop: {loop}")
        proto = lookup(k)
        if proto is None:
            if path:
                raise PrototypeError(f"prototype {path[-1]!r} inherits from {k!r}, which does not exist")
            raise PrototypeError(f"no prototype named {k!r}")
        if k not in chain:
            chain.append(k)
        for parent in proto.parents:
            apply(parent, (*path, k))
        for name, value in proto.data.items():
            if name in META_KEYS:
                continue
            if name in MERGED:
                merged = values.setdefault(name, {})
                for sub, item in value.items():
                    merged[sub] = item
                    origins[f"{name}.{sub}"] = k
            elif name == "tags":
                tags = values.setdefault("tags", [])
                for tag in value:
                    if tag not in tags:
                        tags.append(tag)
                        origins[f"tags.{tag}"] = k
            else:
                values[name] = value
                origins[name] = k

    apply(key, ())
    return Resolved(key, values, origins, chain)


def spawn(world: World, resolved: Resolved, location: GameObject | None) -> GameObject:
    """Make one object from a resolved prototype; it remembers the prototype's key."""
    values = resolved.values
    kind = values.get("kind", Kind.THING)
    if kind == Kind.EXIT:
        raise PrototypeError("exits are made with open or dig, not spawned (they need two rooms)")
    attrs = dict(values.get("attrs") or {})  # from_doc copies what is nested
    if values.get("behaviours"):
        attrs["behaviours"] = dict(values["behaviours"])
    doc: dict[str, Any] = {"id": world.next_id, "kind": kind, "name": values.get("key") or resolved.key, "prototype": resolved.key}
    for name in ("aliases", "desc", "tags", "cmdsets", "locks"):
        if values.get(name):
            doc[name] = values[name]
    if attrs:
        doc["attrs"] = attrs
    # Prototypes saved in the world come back as tracked containers; a document holds plain ones.
    doc = plain_copy(doc)
    # from_doc is the fast way to build an object (and copies every container).
    return world.insert(from_doc(doc), location if kind != Kind.ROOM else None)


@dataclass(frozen=True, slots=True)
class Change:
    """One field an update would change on one object."""

    field: str
    old: Any
    new: Any


def planned_changes(obj: GameObject, resolved: Resolved) -> list[Change]:
    """What applying the prototype to obj would change (only what the prototype defines:
    an attribute the builder added to the object is kept)."""
    values = resolved.values
    out: list[Change] = []
    if "key" in values and obj.name != values["key"]:
        out.append(Change("name", obj.name, values["key"]))
    for name in ("aliases", "cmdsets"):
        if name in values and list(getattr(obj, name)) != list(values[name]):
            out.append(Change(name, list(getattr(obj, name)), list(values[name])))
    if "desc" in values and obj.desc != values["desc"]:
        out.append(Change("desc", obj.desc, values["desc"]))
    wanted_attrs = dict(values.get("attrs") or {})
    if values.get("behaviours"):
        wanted_attrs["behaviours"] = values["behaviours"]
    for name, value in sorted(wanted_attrs.items()):
        old = plain_copy(obj.attrs.get(name)) if name in obj.attrs else None
        if name not in obj.attrs or old != value:
            out.append(Change(f"attrs.{name}", old, value))
    missing = [t for t in values.get("tags") or () if t not in obj.tags]
    if missing:
        out.append(Change("tags", sorted(obj.tags), sorted({*obj.tags, *missing})))
    for access, lock in sorted((values.get("locks") or {}).items()):
        if obj.locks.get(access) != lock:
            out.append(Change(f"locks.{access}", obj.locks.get(access), lock))
    return out


def apply_changes(obj: GameObject, changes: Iterable[Change]) -> None:
    """Make the changes of :func:`planned_changes` (each edit records itself)."""
    for change in changes:
        head, _, sub = change.field.partition(".")
        if head == "attrs":
            obj.attrs[sub] = plain_copy(change.new)
        elif head == "locks":
            obj.locks[sub] = change.new
        elif head == "tags":
            obj.tags.update(change.new)
        else:
            setattr(obj, head, change.new)


def spawned_from(world: World, key: str) -> list[GameObject]:
    key = norm_key(key)
    return [o for o in world.objects.values() if o.prototype == key]
