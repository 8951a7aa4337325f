"""The builder's toolkit as command API: prototypes, references and area files on ``ctx``."""
from __future__ import annotations

import pytest

from sandbox.engine.context import Context
from sandbox.engine.objects import Kind
from sandbox.engine.prototypes import PrototypeError
from sandbox.engine.world import WorldError
from tests.helpers import Harness


@pytest.fixture
def h() -> Harness:
    return Harness()


def ctx_of(h: Harness) -> Context:
    return Context(h.engine, h.login("Builder", "builder").char)


def test_get_takes_an_id_or_a_reference_as_attributes_hold_them(h: Harness) -> None:
    ctx = ctx_of(h)
    room = h.world.start_room()
    assert ctx.get(room.id) is room
    assert ctx.get(f"#{room.id}") is room
    assert ctx.get(f" #{room.id} ") is room
    assert ctx.get("lever") is None
    assert ctx.get(None) is None


def test_a_prototype_that_would_loop_is_refused_and_the_old_one_kept(h: Harness) -> None:
    ctx = ctx_of(h)
    with h.engine.turn():
        ctx.save_prototype({"prototype_key": "b", "desc": "B"})
        ctx.save_prototype({"prototype_key": "a", "prototype_parent": "b"})
    with pytest.raises(PrototypeError, match="loop"), h.engine.turn():
        ctx.save_prototype({"prototype_key": "b", "prototype_parent": "a"})
    b = ctx.prototype("b")
    assert b is not None and b.parents == [] and ctx.resolve_prototype("a").values["desc"] == "B"
    with pytest.raises(PrototypeError, match="does not exist"), h.engine.turn():
        ctx.save_prototype({"prototype_key": "c", "prototype_parent": "nowhere"})
    assert ctx.prototype("c") is None


def test_a_world_prototype_spawns_after_it_was_saved_and_reloaded(h: Harness) -> None:
    """Saved prototypes come back from the world as tracked containers; spawn takes them."""
    ctx = ctx_of(h)
    with h.engine.turn():
        ctx.save_prototype({"prototype_key": "lamp", "key": "brass lamp", "aliases": ["lamp"], "tags": ["light"], "attrs": {"lit": [True]}})
    with h.engine.turn():
        lamp = ctx.spawn("lamp", ctx.here)
    assert (lamp.name, list(lamp.aliases), set(lamp.tags), lamp.attrs["lit"]) == ("brass lamp", ["lamp"], {"light"}, [True])
    assert lamp.prototype == "lamp" and ctx.spawned_from("lamp") == [lamp]
    lamp.desc = "dented"
    changes = ctx.prototype_changes(lamp, "lamp")
    assert changes == []  # desc is not something the prototype defines
    with h.engine.turn():
        ctx.save_prototype({"prototype_key": "lamp", "key": "brass lamp", "desc": "Polished."})
    with h.engine.turn():
        ctx.apply_changes(lamp, ctx.prototype_changes(lamp, "lamp"))
    assert lamp.desc == "Polished."


def test_import_area_says_why_when_the_game_has_no_directory(h: Harness) -> None:
    ctx = ctx_of(h)
    del h.engine.services["area_import"]
    with pytest.raises(WorldError, match="game directory"):
        ctx.import_area("area.json")
    assert not any(o.kind == Kind.ROOM and o.name == "x" for o in ctx.objects())
