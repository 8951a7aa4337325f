"""Prototypes: validation, inheritance (Evennia's order), spawning, and updates."""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.engine.objects import Kind
from sandbox.engine.prototypes import (
    Prototype,
    PrototypeError,
    PrototypeLibrary,
    apply_changes,
    planned_changes,
    resolve,
    spawn,
    spawned_from,
    validate,
)
from sandbox.engine.world import World


def library(*protos: dict) -> dict[str, Prototype]:
    out = {}
    for data in protos:
        checked = validate(data)
        out[checked["prototype_key"]] = Prototype(checked["prototype_key"], checked, "test")
    return out


def test_parents_apply_left_to_right_then_the_prototype_itself() -> None:
    protos = library(
        {"prototype_key": "a", "desc": "from a", "key": "A", "attrs": {"x": 1, "y": 1}, "tags": ["ta"]},
        {"prototype_key": "b", "desc": "from b", "attrs": {"y": 2, "z": 2}, "tags": ["tb", "ta"]},
        {"prototype_key": "c", "prototype_parent": ["a", "b"], "attrs": {"z": 3}},
    )
    r = resolve("c", protos.get)
    assert r.values["desc"] == "from b" and r.origins["desc"] == "b"  # the later parent wins
    assert r.values["key"] == "A" and r.origins["key"] == "a"
    assert r.values["attrs"] == {"x": 1, "y": 2, "z": 3}  # merged key by key
    assert (r.origins["attrs.x"], r.origins["attrs.y"], r.origins["attrs.z"]) == ("a", "b", "c")
    assert r.values["tags"] == ["ta", "tb"] and r.origins["tags.ta"] == "a"
    assert r.chain == ["c", "a", "b"]


def test_three_levels_and_the_childs_value_wins() -> None:
    protos = library(
        {"prototype_key": "base", "kind": "character", "desc": "base"},
        {"prototype_key": "mid", "prototype_parent": "base", "desc": "mid"},
        {"prototype_key": "top", "prototype_parent": "mid", "desc": "top"},
    )
    r = resolve("TOP", protos.get)  # keys are case-insensitive, like Evennia's
    assert (r.values["desc"], r.values["kind"]) == ("top", "character")


def test_a_loop_is_refused_with_the_cycle_named() -> None:
    protos = library(
        {"prototype_key": "a", "prototype_parent": "c"},
        {"prototype_key": "b", "prototype_parent": "a"},
        {"prototype_key": "c", "prototype_parent": "b"},
    )
    with pytest.raises(PrototypeError, match=r"inheritance loop: b -> a -> c -> b"):
        resolve("b", protos.get)
    with pytest.raises(PrototypeError, match="inheritance loop: self -> self"):
        validate({"prototype_key": "self", "prototype_parent": "self"})


def test_a_missing_parent_is_named() -> None:
    protos = library({"prototype_key": "a", "prototype_parent": "ghost"})
    with pytest.raises(PrototypeError, match="'a' inherits from 'ghost', which does not exist"):
        resolve("a", protos.get)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"key": "x"}, "needs a prototype_key"),
        ({"prototype_key": "x", "colour": "red"}, "unknown key 'colour'"),
        ({"prototype_key": "x", "typeclass": "a.B"}, "use kind"),
        ({"prototype_key": "x", "kind": "dragon"}, "kind must be one of"),
        ({"prototype_key": "x", "aliases": [1]}, "aliases must be a list of text"),
        ({"prototype_key": "x", "attrs": []}, "attrs must be a table"),
        ({"prototype_key": "x", "behaviours": {"wander": -1}}, "behaviours must map"),
        ({"prototype_key": "x", "locks": "get false()"}, "is not 'access:lockfuncs'"),
        ({"prototype_key": "x", "prototype_parent": []}, "prototype_parent must be"),
    ],
)
def test_bad_prototypes_say_what_is_wrong(data: dict, message: str) -> None:
    with pytest.raises(PrototypeError, match=message):
        validate(data, "prototypes/x.toml:3")


def test_an_evennia_lockstring_becomes_a_lock_per_access_type() -> None:
    data = validate({"prototype_key": "x", "locks": "get:false();traverse:holds(brass key)"})
    assert data["locks"] == {"get": "false()", "traverse": "holds(brass key)"}


def test_spawn_makes_the_object_and_remembers_the_prototype() -> None:
    world = World()
    room = world.create(Kind.ROOM, "Room")
    protos = library(
        {"prototype_key": "npc", "kind": "character", "tags": ["npc"], "behaviours": {"wander": 30}},
        {"prototype_key": "guard", "prototype_parent": "npc", "key": "a guard", "aliases": ["guard"],
         "attrs": {"hp": 5, "gear": ["helm"]}, "locks": {"get": "false()"}},
    )
    lib = PrototypeLibrary(protos)
    guard = spawn(world, lib.resolve(world, "guard"), room)
    assert (guard.kind, guard.name, guard.aliases, guard.location) == (Kind.CHARACTER, "a guard", ["guard"], room.id)
    assert guard.prototype == "guard" and guard.tags == {"npc"}
    assert dict(guard.attrs) == {"hp": 5, "gear": ["helm"], "behaviours": {"wander": 30}}
    assert dict(guard.locks) == {"get": "false()"}
    other = spawn(world, lib.resolve(world, "guard"), room)
    other.attrs["gear"].append("spear")
    assert guard.attrs["gear"] == ["helm"]  # spawned objects share nothing
    assert spawned_from(world, "GUARD") == [guard, other]
    assert guard.to_doc()["prototype"] == "guard"


def test_world_prototypes_shadow_files_and_are_recorded_with_the_turn() -> None:
    world = World()
    lib = PrototypeLibrary(library({"prototype_key": "lamp", "key": "file lamp"}))
    world.accept()
    lib.save_world(world, validate({"prototype_key": "lamp", "key": "world lamp"}))
    assert lib.resolve(world, "lamp").values["key"] == "world lamp"
    assert world.pending_record().meta is not None  # journaled like any meta edit
    world.rollback()
    assert lib.resolve(world, "lamp").values["key"] == "file lamp"


def test_exits_are_not_spawned() -> None:
    world = World()
    lib = PrototypeLibrary(library({"prototype_key": "door", "kind": "exit"}))
    with pytest.raises(PrototypeError, match="exits are made with open or dig"):
        spawn(world, lib.resolve(world, "door"), None)


def test_update_sets_only_what_the_prototype_defines() -> None:
    world = World()
    room = world.create(Kind.ROOM, "Room")
    lib = PrototypeLibrary(library({"prototype_key": "lamp", "key": "lamp", "desc": "old", "attrs": {"lit": False}}))
    lamp = spawn(world, lib.resolve(world, "lamp"), room)
    lamp.attrs["owner"] = "bea"  # added by hand: kept
    lib.set_files(library({"prototype_key": "lamp", "key": "lamp", "desc": "new", "attrs": {"lit": True}, "tags": ["light"]}))
    changes = planned_changes(lamp, lib.resolve(world, "lamp"))
    assert [c.field for c in changes] == ["desc", "attrs.lit", "tags"]
    apply_changes(lamp, changes)
    assert (lamp.desc, dict(lamp.attrs), lamp.tags) == ("new", {"lit": True, "owner": "bea"}, {"light"})
    assert planned_changes(lamp, lib.resolve(world, "lamp")) == []


def test_builder_text_in_prototypes_is_shown_literally() -> None:
    from tests.helpers import Harness

    h = Harness()
    bea = h.login("Bea", "builder")
    out = h.call(bea, 'proto/create [error]x = {"key": "[bold]Boo[/bold]", "prototype_desc": "[link=quit]x[/link]"}')
    assert "Created prototype [error]x." in out  # take() also checks the markup is valid
    listed = h.call(bea, "proto/list")
    assert "[error]x" in listed and "[link=quit]x[/link]" in listed
    assert '"[bold]Boo[/bold]"' in h.call(bea, "proto/show [error]x")
    assert "'proto' is a builder command" in h.call(h.login("Pat"), "proto/list")


def test_world_prototypes_are_saved_with_the_world(tmp_path: Path) -> None:
    import shutil

    from sandbox.game import open_game
    from tests.helpers import REPO

    for name in ("commands", "prototypes"):
        shutil.copytree(REPO / name, tmp_path / name)
    game = open_game(tmp_path, backup=False, budget=0)
    with game.engine.turn():
        game.engine.prototypes.save_world(game.world, validate({"prototype_key": "lamp", "prototype_parent": "npc"}))
    game.close()
    game = open_game(tmp_path, backup=False, budget=0)
    try:
        assert game.engine.prototypes.resolve(game.world, "lamp").chain == ["lamp", "npc"]
    finally:
        game.close()


def test_undo_of_a_prototype_edit_survives_a_restart(tmp_path: Path) -> None:
    import shutil

    from tests.helpers import REPO, Harness

    for name in ("commands", "prototypes"):
        shutil.copytree(REPO / name, tmp_path / name)
    h = Harness(tmp_path, in_memory=False)
    bea = h.login("Bea", "builder")
    h.call(bea, 'proto/create lamp = {"key": "a lamp"}')
    h.call(bea, "proto/edit lamp/desc = Bright.")
    h.game.close()
    h = Harness(tmp_path, in_memory=False)
    try:
        bea = h.login("Bea")
        assert "1 prototype(s)" in h.call(bea, "undo")
        assert "desc" not in h.engine.prototypes.resolve(h.world, "lamp").values
        h.call(bea, "proto/edit lamp/key = a big lamp")
        h.call(bea, "redo")  # nothing to redo: the edit cleared it
        assert "Can't undo" not in h.call(bea, "undo")
        assert "was changed after that" not in h.call(bea, "undo")
        assert h.engine.prototypes.get(h.world, "lamp") is None
    finally:
        h.game.close()


def test_undo_is_refused_when_someone_changed_the_prototype_since() -> None:
    from tests.helpers import Harness

    h = Harness()
    bea, cy = h.login("Bea", "builder"), h.login("Cy", "builder")
    h.call(bea, 'proto/create lamp = {"key": "a lamp"}')
    h.call(cy, "proto/edit lamp/desc = Cy's.")
    assert "prototype 'lamp' was changed after that" in h.call(bea, "undo")
    assert h.engine.prototypes.resolve(h.world, "lamp").values["desc"] == "Cy's."
