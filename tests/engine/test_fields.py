"""Every field of the one field list survives every path an object takes.

The list is ``sandbox.engine.objects._Fields``. Each test gives every stored field a
value that is not its default (from SAMPLES, by the shape of its values) and follows the
object through documents, cloning, rollback, undo, the store on disk, area export and the
transcript snapshot. A field added to the list that some path drops fails here; a field
of a new shape fails until it has a sample.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

from sandbox.engine.clock import VirtualClock
from sandbox.engine.commands import CommandTable, command
from sandbox.engine.core import Engine
from sandbox.engine.objects import FIELDS, OMIT, GameObject, Kind, Perm, clone, from_doc
from sandbox.engine.world import World
from sandbox.store.transfer import export_area, import_area
from sandbox.store.world_store import MemoryStore, WorldStore
from sandbox.transcript.worlds import WorldSnapshot

ROOM = 1
OTHER_ROOM = 2

#: A value that is not the default, by the shape of a field's values.
SAMPLES: dict[str, Any] = {
    "_Id": 3,
    "_Kind": Kind.THING,
    "_Text": "sample text",
    "_TextList": ["first", "second"],
    "_OptionalId": OTHER_ROOM,
    "_OptionalText": "Zone",
    "_JsonDict": {"n": 1, "nested": {"list": [1, "two", None]}},
    "_TextSet": {"red", "blue"},
    "_Perm": Perm.BUILDER,
    "_TextMap": {"get": "perm(builder)", "traverse": "all()"},
    "_Locks": {"get": "perm(builder)", "traverse": "all()"},
}
#: Fields whose value follows from where the object is, not from assignment.
PLACED = {"id", "kind", "location"}


def sample(name: str, shape: Any) -> Any:
    kind = type(shape).__name__
    assert kind in SAMPLES, f"field {name!r} has a new shape {kind}: add a sample value to SAMPLES"
    value = SAMPLES[kind]
    assert shape.dump(value) is not OMIT, f"the sample for {name!r} must not be its default"
    return value


def plain(value: Any) -> Any:
    """Compare tracked containers by value (and a set as a set)."""
    if isinstance(value, set):
        return set(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def fields_of(obj: GameObject) -> dict[str, Any]:
    return {name: plain(getattr(obj, name)) for name, _shape in FIELDS}


def expected() -> dict[str, Any]:
    values = {name: plain(sample(name, shape)) for name, shape in FIELDS}
    values["location"] = ROOM
    return values


def world_with_sample() -> tuple[World, GameObject]:
    """Two rooms in area Zone, and a thing in the first with every field set."""
    world = World()
    world.create(Kind.ROOM, "First", area="Zone")
    world.create(Kind.ROOM, "Second", area="Zone")
    obj = add_sample(world)
    world.accept()
    return world, obj


def add_sample(world: World) -> GameObject:
    values = {name: sample(name, shape) for name, shape in FIELDS if name not in PLACED}
    return world.insert(GameObject(id=SAMPLES["_Id"], kind=Kind.THING, **values), world.get(ROOM))


def test_every_field_has_a_sample_and_the_sample_is_not_dropped_from_documents():
    world, obj = world_with_sample()
    doc = obj.to_doc()
    assert sorted(doc) == sorted(name for name, _ in FIELDS), "to_doc left a field out"
    assert fields_of(obj) == expected()


def test_complete_documents_hold_every_field_even_at_its_default():
    blank = from_doc({"id": 9, "kind": Kind.THING, "name": "blank"})
    complete = blank.to_doc(complete=True)
    assert list(complete) == [name for name, _ in FIELDS]
    assert complete["perm"] == "player" and complete["tags"] == [] and complete["desc"] == ""
    assert from_doc(complete).to_doc() == blank.to_doc() == {"id": 9, "kind": Kind.THING, "name": "blank"}


def test_documents_round_trip_every_field():
    world, obj = world_with_sample()
    doc = orjson.loads(orjson.dumps(obj.to_doc()))  # as it is stored: JSON
    again = from_doc(doc)
    assert fields_of(again) == expected()
    assert again.to_doc() == doc


def test_clone_copies_every_field_and_shares_no_container():
    world, obj = world_with_sample()
    copy = clone(obj)
    assert fields_of(copy) == expected()
    for name, _shape in FIELDS:
        value = getattr(obj, name)
        if isinstance(value, (list, dict, set)):
            assert getattr(copy, name) is not value, f"clone shares {name}"


def _blank_every_field(obj: GameObject) -> None:
    """Set every assignable field of obj back to its default, by assignment."""
    fresh = from_doc({"id": obj.id, "kind": obj.kind, "name": "blank"})
    for name, _shape in FIELDS:
        if name not in PLACED:
            setattr(obj, name, getattr(fresh, name))
    assert obj.to_doc() == {"id": obj.id, "kind": Kind.THING, "name": "blank", "location": ROOM}


def test_rollback_puts_every_field_back():
    world, obj = world_with_sample()
    _blank_every_field(obj)
    world.rollback()
    assert fields_of(obj) == expected()


def test_undo_puts_every_field_back():
    world, obj = world_with_sample()
    blank = command("blank", perm="builder")(lambda ctx: _blank_every_field(ctx.world.get(SAMPLES["_Id"])))
    engine = Engine(world, CommandTable([blank]), VirtualClock(), store=MemoryStore())
    with engine.turn():
        builder = world.create(Kind.CHARACTER, "Bea", location=world.get(OTHER_ROOM), perm=Perm.ADMIN)
    engine.execute(builder, "blank")
    assert world.get(obj.id).name == "blank"
    with engine.turn():
        engine.undo(builder)
    assert fields_of(world.get(obj.id)) == expected()


@pytest.mark.parametrize("close", [True, False], ids=["checkpoint", "journal"])
def test_the_store_keeps_every_field(tmp_path: Path, close: bool):
    world, obj = world_with_sample()
    store = WorldStore(tmp_path / "world")
    empty = World()
    empty.create(Kind.ROOM, "First", area="Zone")
    empty.create(Kind.ROOM, "Second", area="Zone")
    empty.accept()
    store.create(empty)
    # The object arrives in a turn (a journal record), then maybe a checkpoint.
    add_sample(empty)
    store.commit(empty.pending_record())
    empty.accept()
    if close:
        store.close()
    again = WorldStore(tmp_path / "world", writable=False).load()
    assert fields_of(again.get(obj.id)) == expected()


def test_area_export_and_import_keep_every_field():
    world, obj = world_with_sample()
    data = orjson.loads(orjson.dumps(export_area(world, "Zone")))
    fresh = World()
    import_area(fresh, data)
    assert fields_of(fresh.get(obj.id)) == expected()


def test_transcript_snapshots_keep_every_field():
    world, obj = world_with_sample()
    snapshot = WorldSnapshot.of(world)
    first, second = snapshot.fresh(), snapshot.fresh()
    assert fields_of(first.get(obj.id)) == expected()
    first.get(obj.id).attrs["nested"]["list"].append(4)  # one test's edit stays in its world
    assert fields_of(second.get(obj.id)) == expected()


def _shape_classes() -> list[type]:
    from sandbox.engine import objects

    found, todo = [], [objects.Shape]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__ == objects.__name__ and sub.__name__ != "_Tracked":
                found.append(sub)
    return sorted(found, key=lambda c: c.__name__)


@pytest.mark.parametrize("shape_class", _shape_classes(), ids=lambda c: c.__name__)
def test_every_shape_round_trips_its_sample_and_tracks_edits(shape_class):
    """Every shape, used by a field or not yet, holds to the same contract."""
    shape = shape_class(optional=False) if shape_class.__name__ == "_Text" else shape_class()
    value = SAMPLES[shape_class.__name__]
    stored = shape.document(value)
    assert plain(shape.load(orjson.loads(orjson.dumps(stored)), "f", None, 1)) == plain(value)
    assert plain(shape.copy(value)) == plain(value)
    if shape.mutable and shape.optional:
        world = World()
        thing = world.create(Kind.THING, "holder")
        world.accept()
        held = shape.assign(value, world, thing.id, "f")
        assert shape.copy(held) is not held
        if isinstance(held, dict):
            held.pop(next(iter(held)))
        elif isinstance(held, set):
            held.discard(next(iter(held)))
        else:
            held.pop()
        assert world.in_transaction, f"an edit of a {shape_class.__name__} value was not recorded"


def test_a_text_map_takes_text_only():
    from sandbox.engine.objects import _TextMap
    from sandbox.engine.tracked import AttrValueError

    held = _TextMap().assign({"get": "all()"}, None, 1, "#1.locks")
    with pytest.raises(AttrValueError, match="text"):
        held["get"] = 5
    with pytest.raises(AttrValueError, match="#1.locks"):
        _TextMap().assign({"get": ["all()"]}, None, 1, "#1.locks")
    assert held == {"get": "all()"}
