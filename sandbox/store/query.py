"""Questions about a saved world, answered by TinyDB's query engine (``sandbox query``).

The world's checkpoint files are TinyDB databases, but a file alone is not the world:
the turns since the last checkpoint are in the journal. So a query reads the world the
way start-up does (checkpoint plus journal replay; read-only, no lock, so it is safe
while the game runs), puts every object's complete document into an in-memory TinyDB
table whose document ids are the object ids, and runs one TinyDB ``Query`` over it.

Conditions are written ``FIELD OP VALUE`` and all must hold:

- FIELD: a stored field (``kind``, ``name``, ``desc``, ``area``, ``location``,
  ``destination``, ``perm``, ...), ``attrs.KEY`` (``attrs.stats.hp`` for nested ones),
  ``tag`` (one of the object's tags) or ``alias`` (one of its aliases);
- OP: ``=``, ``!=``, ``<``, ``<=``, ``>``, ``>=``, or ``~`` (a regular expression
  found anywhere in the text, any case);
- VALUE: JSON where it parses (``5``, ``true``, ``"a b"``), ``#12`` for an id, text
  otherwise.
"""
from __future__ import annotations

import operator
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from tinydb import Query, TinyDB
from tinydb.queries import QueryInstance
from tinydb.storages import MemoryStorage
from tinydb.table import Document, Table

from sandbox.engine.objects import DOC_FIELDS
from sandbox.engine.world import World
from sandbox.store.layout import MANIFEST
from sandbox.store.storage import StoreError
from sandbox.store.world_store import WorldStore

_CONDITION = re.compile(r"^\s*(?P<field>[A-Za-z_][\w.]*)\s*(?P<op>!=|<=|>=|=|<|>|~)\s*(?P<value>.*?)\s*$", re.S)
_ORDER: dict[str, Callable[[Any, Any], bool]] = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
#: Fields that hold a list of names: ``tag=x`` asks whether x is one of them.
_MEMBER = {"tag": "tags", "alias": "aliases"}


class QueryError(ValueError):
    """A condition that cannot be understood; the message says which and why."""


def condition(text: str) -> QueryInstance:
    """One ``FIELD OP VALUE`` condition as a TinyDB query."""
    match = _CONDITION.match(text)
    if match is None:
        raise QueryError(f"{text!r}: write FIELD OP VALUE, e.g. kind=room, 'name~lever', 'attrs.weight>2'")
    field, op, raw = match["field"], match["op"], match["value"]
    path = field.split(".")
    if path[0] in _MEMBER and len(path) == 1:
        if op not in ("=", "!="):
            raise QueryError(f"{text!r}: {field} takes = or != (is it one of the object's {_MEMBER[field]}?)")
        member: QueryInstance = Query()[_MEMBER[field]].any([_value(raw)])
        return ~member if op == "!=" else member
    if path[0] not in DOC_FIELDS or (len(path) > 1 and path[0] != "attrs"):
        known = ", ".join([*DOC_FIELDS, "attrs.KEY", *_MEMBER])
        raise QueryError(f"{text!r}: unknown field {field!r} (fields: {known})")
    target = Query()
    for part in path:
        target = target[part]
    value = _value(raw)
    result: QueryInstance
    if op == "=":
        result = target == value
        return result
    if op == "!=":
        result = target != value
        return result
    if op == "~":
        try:
            re.compile(str(value))
        except re.error as exc:
            raise QueryError(f"{text!r}: not a regular expression ({exc})") from None
        return target.search(str(value), flags=re.IGNORECASE)
    compare = _ORDER[op]
    return target.test(lambda found: _ordered(found, compare, value))


def _ordered(found: Any, compare: Callable[[Any, Any], bool], wanted: Any) -> bool:
    """``<``-style tests hold only between two numbers or two texts (never True vs 1)."""
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (found, wanted))
    texts = isinstance(found, str) and isinstance(wanted, str)
    return (numbers or texts) and compare(found, wanted)


def _value(raw: str) -> Any:
    if re.fullmatch(r"#\d+", raw):
        return int(raw[1:])
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw


def build(conditions: list[str]) -> QueryInstance:
    """Every condition, all of which must hold."""
    if not conditions:
        raise QueryError("give at least one condition, e.g. kind=room")
    query = condition(conditions[0])
    for text in conditions[1:]:
        query &= condition(text)
    return query


def read_world(world_dir: Path, attempts: int = 3) -> World:
    """The world as start-up would open it, read without writing or locking anything.

    A checkpoint the running game takes while we read could pair an old manifest with
    files it already replaced; the manifest is compared before and after, and the read
    repeated if it changed (or a file it named was already gone).
    """
    world_dir = Path(world_dir)
    for attempt in range(attempts):
        before = _manifest_bytes(world_dir)
        try:
            world = WorldStore(world_dir, writable=False).load()
        except StoreError:
            if attempt + 1 == attempts or _manifest_bytes(world_dir) == before:
                raise
            continue
        if _manifest_bytes(world_dir) == before:
            return world
    raise StoreError(world_dir, "kept changing while it was read (a checkpoint every moment?); try again")


def _manifest_bytes(world_dir: Path) -> bytes | None:
    try:
        return (world_dir / MANIFEST).read_bytes()
    except FileNotFoundError:
        return None


def object_table(world: World) -> Table:
    """Every object's complete document in an in-memory TinyDB table, keyed by id."""
    table = TinyDB(storage=MemoryStorage).table("objects")
    table.insert_multiple(Document(obj.to_doc(complete=True), doc_id=oid) for oid, obj in world.objects.items())
    return table


def search(world: World, conditions: list[str]) -> list[dict[str, Any]]:
    """The complete documents of the objects matching every condition, by id."""
    found = object_table(world).search(build(conditions))
    return sorted(found, key=lambda doc: doc["id"])
