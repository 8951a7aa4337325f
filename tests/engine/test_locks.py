"""Locks in play: where the engine checks them, the lock command, persistence, undo."""
from __future__ import annotations

import shutil

import pytest

from sandbox.engine.commands import CommandTable, command
from sandbox.engine.locks import LockError
from sandbox.engine.objects import Kind
from sandbox.engine.tracked import AttrValueError
from sandbox.store.world_store import WorldStore
from tests.helpers import REPO, Harness
from tests.store.worlds import world_state


def test_the_starter_gate_is_a_lock_the_lever_satisfies(h, alice):
    gate = next(o for o in h.world.objects.values() if o.is_exit and o.locks.get("traverse"))
    assert gate.locks == {"traverse": "not objattr(locked)"} and "locked_msg" not in gate.attrs
    h.call(alice, "north")
    assert h.call(alice, "north") == "The iron gate is shut. Perhaps something at the river opens it."
    h.call(alice, "south")
    h.call(alice, "west")
    h.call(alice, "pull lever")
    h.call(alice, "east")
    h.call(alice, "north")
    assert h.call(alice, "north").startswith("Old Mill")


def test_an_admin_meets_the_gate_too_but_passes_edit_locks(h):
    root = h.login("Root", "admin")
    h.call(root, "north")
    assert "gate is shut" in h.call(root, "north")
    assert "Locked" in h.call(root, "lock north = edit:false()")
    assert "now called" in h.call(root, "name north = north;n")


def test_a_key_opens_a_locked_exit_with_the_builders_message(h, alice, builder):
    assert "Locked east" in h.call(builder, "lock east = traverse:holds(brass key) or perm(builder)")
    h.call(builder, "set east/err_traverse = [error]The door is locked.[/error]")
    assert h.call(alice, "east") == "The door is locked."
    assert h.call(builder, "east").startswith("Market Square")  # perm(builder)
    with h.engine.turn():
        h.world.create(Kind.THING, "brass key", aliases=["key"], location=alice.char)
    assert h.call(alice, "east").startswith("Market Square")


def test_get_false_and_its_message(h, alice, builder):
    with h.engine.turn():
        statue = h.world.create(Kind.THING, "statue", location=h.world.get(1))
    h.call(builder, f"lock #{statue.id} = get:false()")
    assert h.call(alice, "get statue") == "You can't take statue."
    h.call(builder, f"set #{statue.id}/err_get = It is far too heavy.")
    assert h.call(alice, "get statue") == "It is far too heavy."
    assert statue.location == 1
    assert "can't take" in h.call(alice, "get well")  # the starter's fixed things are get:false() now


def test_view_lock_hides_from_players_and_marks_for_builders(h, alice, builder):
    with h.engine.turn():
        h.world.create(Kind.THING, "faint glyph", aliases=["glyph"], location=h.world.get(1), locks={"view": "attr(sight)"})
    assert "glyph" not in h.call(alice, "look")
    assert "You don't see 'glyph' here." in h.call(alice, "look glyph")
    assert "You don't see" in h.call(alice, "get glyph")
    assert "faint glyph (#" in h.call(builder, "look") and "(hidden)" in h.call(builder, "look")
    with h.engine.turn():
        alice.char.attrs["sight"] = True
    assert "faint glyph" in h.call(alice, "look")
    assert "(hidden)" not in h.call(alice, "look")


def test_a_view_locked_exit_is_left_out_of_the_exit_list_and_room_info(h, alice):
    with h.engine.turn():
        h.world.get(10).locks["view"] = "tag(scout)"  # east, from the green

    def look() -> tuple[str, dict]:
        alice.inbox.clear()
        h.engine.input(alice.session.id, "look")
        info = next(m.oob["Room.Info"] for m in alice.inbox if m.oob)
        return alice.take(), info

    out, info = look()
    assert "Exits: north, south, west" in out and "east" not in info["exits"]
    with h.engine.turn():
        alice.char.tags.add("scout")
    out, info = look()
    assert "Exits: north, east, south, west" in out and info["exits"]["east"] == 2


def test_call_lock_on_an_object_keeps_its_verbs_from_others(h, alice, builder):
    h.call(alice, "west")
    h.call(builder, "west")
    h.call(builder, "lock lever = call:tag(strong)")
    assert "Unknown command 'pull'" in h.call(alice, "pull lever")
    with h.engine.turn():
        alice.char.tags.add("strong")
    assert "You pull rusty lever" in h.call(alice, "pull lever")


def test_a_command_card_can_carry_a_lock(h, alice):
    @command("forge", lock="tag(smith)")
    def forge(ctx):
        ctx.reply("Clang.")

    table = h.engine.table
    h.engine.swap_table(CommandTable([*table.all_commands(), forge], table.behaviours.values(), table.locks.all()))
    assert h.call(alice, "forge") == "You may not use 'forge'."
    with h.engine.turn():
        alice.char.tags.add("smith")
    assert h.call(alice, "forge") == "Clang."
    with pytest.raises(LockError):
        command("bad", lock="tag(smith")(forge.func)


def test_edit_lock_keeps_other_builders_out(h, builder):
    other = h.login("Ozzy", "builder")
    with h.engine.turn():
        box = h.world.create(Kind.THING, "box", location=h.world.get(1))
    h.call(builder, f"lock #{box.id} = edit:id({builder.char.id})")
    assert "keeps you out" in h.call(other, f"desc #{box.id} = mine")
    assert "keeps you out" in h.call(other, f"lock/del #{box.id} = edit")
    assert box.desc == "" and "edit" in box.locks
    assert "set." in h.call(builder, f"desc #{box.id} = a plain box")


def test_the_lock_command_reports_errors_with_the_column_and_changes_nothing(h, builder, alice):
    out = h.call(builder, "lock east = traverse:holds(brass key) or")
    assert out.startswith("Lock not changed: column 29: expected a lock function")  # just past the `or`
    assert out.splitlines()[-2:] == ["traverse:holds(brass key) or", " " * 28 + "^"]
    out = h.call(builder, "lock east = traverse:hold(brass key)")
    assert "column 10: no lock function hold(); did you mean holds()?" in out
    assert "column 22: perm(): missing a required argument" in h.call(builder, "lock east = get:true(); traverse:perm()")
    assert h.world.get(10).locks == {}
    assert "'lock' is a builder command" in h.call(alice, "lock east = traverse:false()")


def test_lock_list_del_and_examine(h, builder):
    assert "has no locks" in h.call(builder, "lock east")
    h.call(builder, "lock east = traverse:perm(builder) AND NOT tag(banned); view:true()")
    h.call(builder, "set east/err_traverse = No.")
    listed = h.call(builder, "lock/list east")
    assert "traverse:perm(builder) and not tag(banned)   (err_traverse set)" in listed and "view:true()" in listed
    assert "Locks: traverse:perm(builder) and not tag(banned); view:true()" in h.call(builder, "examine east")
    assert "Removed the view lock" in h.call(builder, "lock/del east = view")
    assert h.world.get(10).locks == {"traverse": "perm(builder) and not tag(banned)"}
    assert "has no get lock" in h.call(builder, "lock/del east = get")
    assert "holds()" in h.call(builder, "lock/funcs")


def test_locks_field_checks_values():
    h = Harness()
    with h.engine.turn():
        thing = h.world.create(Kind.THING, "cup", location=h.world.get(1))
    with h.engine.turn():
        with pytest.raises(AttrValueError):
            thing.locks["get"] = 5
        with pytest.raises(LockError):
            thing.locks["get"] = "false("
        with pytest.raises(AttrValueError):
            thing.locks = ["get:false()"]  # type: ignore[assignment]
    assert thing.locks == {}


@pytest.fixture
def disk(tmp_path):
    shutil.copytree(REPO / "commands", tmp_path / "commands")
    harness = Harness(tmp_path, in_memory=False)
    yield harness
    harness.game.close()


def test_locks_are_saved_and_undone_like_other_fields(disk):
    bea = disk.login("Bea", "builder")
    disk.call(bea, "lock east = traverse:holds(brass key)")
    saved = world_state(WorldStore(disk.game.directory / "world", writable=False).load())
    assert saved["objects"][10]["locks"] == {"traverse": "holds(brass key)"}
    assert disk.call(bea, "undo").startswith("Undid lock east = traverse:holds(brass key)")
    assert disk.world.get(10).locks == {}
    saved = world_state(WorldStore(disk.game.directory / "world", writable=False).load())
    assert "locks" not in saved["objects"][10]
    disk.call(bea, "redo")
    assert disk.world.get(10).locks == {"traverse": "holds(brass key)"}


def test_a_failing_turn_rolls_a_lock_change_back(h, builder):
    @command("boom", perm="builder")
    def boom(ctx):
        ctx.world.get(10).locks["traverse"] = "false()"
        raise RuntimeError("after the edit")

    table = h.engine.table
    h.engine.swap_table(CommandTable([*table.all_commands(), boom], table.behaviours.values(), table.locks.all()))
    assert "Something went wrong" in h.call(builder, "boom")
    assert h.world.get(10).locks == {}


def test_a_lock_function_that_raises_fails_the_turn_and_tells_builders(h, alice, builder):
    from sandbox.engine.locks import lockfunc

    @lockfunc("broken")
    def broken(check):
        raise RuntimeError("lockfunc bug")

    table = h.engine.table
    h.engine.swap_table(CommandTable(table.all_commands(), table.behaviours.values(), [*table.locks.all(), broken]))
    h.call(builder, "lock east = traverse:broken()")
    assert "Something went wrong running 'east'" in h.call(alice, "east")
    assert alice.char.location == 1
    out = h.call(builder, "east")
    assert "RuntimeError: lockfunc bug" in out and builder.char.location == 1
    with h.engine.turn():
        h.world.get(10).locks.clear()
        h.world.get(1).locks["call"] = "broken()"
        h.world.get(1).cmdsets.append("lever")
    assert "Something went wrong running 'lock check'" in h.call(alice, "pull")


def test_an_area_export_carries_locks_and_an_import_keeps_them(h):
    from sandbox.engine.world import World
    from sandbox.store.transfer import export_area, import_area

    data = export_area(h.world, "Millbrook")
    gate = next(d for d in data["objects"] if d.get("locks", {}).get("traverse"))
    assert gate["locks"] == {"traverse": "not objattr(locked)"}
    fresh = World()
    import_area(fresh, data)
    assert fresh.get(gate["id"]).locks == {"traverse": "not objattr(locked)"}


def test_a_world_saved_before_locks_keeps_its_gate_locked_and_its_well_in_place(tmp_path):
    from sandbox.engine.objects import from_doc
    from sandbox.engine.world import World

    old = [
        {"id": 1, "kind": "room", "name": "Lane"},
        {"id": 2, "kind": "room", "name": "Mill"},
        {"id": 3, "kind": "exit", "name": "north", "location": 1, "destination": 2,
         "attrs": {"locked": True, "locked_msg": "The iron gate is shut."}},
        {"id": 4, "kind": "thing", "name": "well", "location": 1, "attrs": {"fixed": True}},
        {"id": 5, "kind": "exit", "name": "south", "location": 2, "destination": 1, "attrs": {"note": "x"}},
    ]
    world = World()
    world.load([from_doc(d) for d in old], [], {})
    gate, well = world.get(3), world.get(4)
    assert gate.locks == {"traverse": "not objattr(locked)"} and gate.attrs["err_traverse"] == "The iron gate is shut."
    assert well.locks == {"get": "false()"} and world.get(5).locks == {}
    assert not world.in_transaction  # loading records nothing
