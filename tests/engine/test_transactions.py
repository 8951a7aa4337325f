"""A turn is a transaction: edits record themselves, failures roll back exactly, time is bounded."""
from __future__ import annotations

import shutil
import time

import pytest

from sandbox.engine.commands import CommandTable, behaviour, command
from sandbox.engine.guard import CommitFailed
from sandbox.engine.objects import Kind
from sandbox.engine.tracked import AttrValueError
from sandbox.store.world_store import WorldStore
from tests.helpers import REPO, Harness
from tests.store.worlds import world_state


def _with_commands(h: Harness, *cmds, behaviours=()) -> None:
    table = h.engine.table
    h.engine.swap_table(CommandTable([*table.all_commands(), *cmds], [*table.behaviours.values(), *behaviours]))


@pytest.fixture
def disk(tmp_path) -> Harness:
    """A harness on a real game directory, so what is saved can be read back."""
    shutil.copytree(REPO / "commands", tmp_path / "commands")
    harness = Harness(tmp_path, in_memory=False)
    yield harness
    harness.game.close()


def _reloaded(h: Harness) -> dict:
    return world_state(WorldStore(h.game.directory / "world", writable=False).load())


# -- edits record themselves ----------------------------------------------------------------
def test_direct_edits_in_a_command_are_saved_and_seen_by_look(disk):
    @command("paint")
    def paint(ctx):
        ctx.here.desc = "Fresh [item]paint[/item] everywhere."  # no ctx.changed: none is needed
        ctx.here.attrs["painted"] = {"coats": [1]}
        ctx.here.attrs["painted"]["coats"].append(2)  # nested edits too
        ctx.here.tags.add("painted")
        ctx.reply("Painted.")

    _with_commands(disk, paint)
    alice = disk.login("Alice")
    assert disk.call(alice, "look").startswith("Village Green")  # the look memo is warm
    assert disk.call(alice, "paint") == "Painted."
    assert "Fresh paint everywhere." in disk.call(alice, "look")
    saved = _reloaded(disk)["objects"][1]
    assert saved["desc"] == "Fresh [item]paint[/item] everywhere."
    assert saved["attrs"]["painted"] == {"coats": [1, 2]} and "painted" in saved["tags"]


def test_lever_edits_the_gate_directly_and_the_gate_is_saved(disk):
    alice = disk.login("Alice")
    disk.call(alice, "west")
    gate = next(o for o in disk.world.objects.values() if o.attrs.get("locked") is not None)
    was = gate.attrs["locked"]
    disk.call(alice, "pull lever")
    assert _reloaded(disk)["objects"][gate.id]["attrs"]["locked"] is (not was)


def test_a_value_that_is_not_json_is_refused_naming_attribute_and_type(h, builder):
    @command("bad")
    def bad(ctx):
        ctx.set_attr(ctx.here, "seen", {1, 2})

    _with_commands(h, bad)
    before = world_state(h.world)
    out = h.call(builder, "bad")
    assert "nothing it did was kept" in out and "AttrValueError: seen: a set cannot be saved" in out
    assert world_state(h.world) == before
    assert h.call(builder, "look").startswith("Village Green")  # the world keeps working
    with pytest.raises(AttrValueError, match=r"stats\.hp: nan cannot be saved"):
        h.world.get(1).attrs["stats"] = {"hp": float("nan")}


def test_fields_that_only_the_world_may_change_say_how(h):
    room = h.world.get(1)
    with pytest.raises(AttributeError, match=r"#1.location cannot be assigned: move it with ctx.move"):
        room.location = 2
    with pytest.raises(AttrValueError, match="#1.name must be text"):
        room.name = 5
    with pytest.raises(AttrValueError, match="takes an object id"):
        h.world.get(10).destination = room


# -- a failing turn rolls back exactly ------------------------------------------------------------
@pytest.mark.parametrize("failure", [ZeroDivisionError("kaboom"), SystemExit(3), KeyboardInterrupt()])
def test_a_command_that_raises_keeps_none_of_its_changes(h, builder, alice, failure):
    @command("half", perm="player")
    def half(ctx):
        ctx.set_attr(ctx.here, "half", True)
        ctx.here.desc = "changed"
        thing = ctx.world.create(Kind.THING, "ghost", location=ctx.here)
        ctx.move(ctx.caller, ctx.world.get(2))
        ctx.world.destroy(ctx.world.characters_named("Whiskers")[0])
        ctx.world.rename_area("Millbrook", "Elsewhere")
        ctx.world.meta["start_room"] = thing.id
        ctx.room("Everyone hears this.")
        raise failure

    _with_commands(h, half)
    before = world_state(h.world)
    alice.take()
    out = h.call(builder, "half")
    assert out.startswith("Something went wrong running 'half', so nothing it did was kept.")
    assert type(failure).__name__ in out  # the builder sees the cause
    assert world_state(h.world) == before
    assert alice.take() == ""  # nobody heard anything of the failed turn
    assert "Everyone hears" not in h.call(alice, "look")
    assert h.call(builder, "look").startswith("Village Green")


def test_a_failing_behaviour_is_rolled_back_and_keeps_its_timer(h):
    calls = []

    @behaviour("clumsy")
    def clumsy(ctx):
        calls.append(1)
        ctx.set_attr(ctx.caller, "broke", len(calls))
        raise RuntimeError("dropped it")

    _with_commands(h, behaviours=[clumsy])
    cat = h.world.characters_named("Whiskers")[0]
    with h.engine.turn():
        cat.attrs["behaviours"] = {"clumsy": 5}
    h.wait(11)
    assert len(calls) == 2 and "broke" not in cat.attrs


def test_timers_scheduled_by_a_failed_turn_never_fire(h, builder):
    fired = []

    @command("later", perm="player")
    def later(ctx):
        ctx.schedule(1, lambda: fired.append(1))
        raise ValueError("no")

    _with_commands(h, later)
    h.call(builder, "later")
    h.wait(5)
    assert fired == []


# -- the time budget -----------------------------------------------------------------------------
@pytest.mark.parametrize("body", ["spin", "sleep", "swallow-then-spin", "swallow-then-return"])
def test_a_command_past_its_budget_is_stopped_and_rolled_back(body):
    h = Harness(budget=0.3)

    @command("hang", perm="player")
    def hang(ctx):
        ctx.here.desc = "half done"
        if body == "sleep":
            time.sleep(10)
        elif body.startswith("swallow"):
            try:
                while True:
                    pass
            except BaseException:
                pass  # a bare except swallows the interrupt...
            if body == "swallow-then-spin":
                while True:  # ...and the watchdog fires again
                    pass
            # ...or returns normally: the overrun is still reported and rolled back
        else:
            while True:
                pass

    _with_commands(h, hang)
    alice, bob = h.login("Alice"), h.login("Bob")
    started = time.monotonic()
    out = h.call(alice, "hang")
    elapsed = time.monotonic() - started
    assert elapsed < 3.0, elapsed
    assert out.startswith("'hang' ran past its time budget of 0.3 s")
    assert out.endswith("and was stopped. Nothing it did was kept.")
    if body != "swallow-then-return":  # interrupted where it ran: the report says where
        assert " at " in out and "test_transactions.py:" in out
    assert h.world.get(1).desc != "half done"
    assert h.call(bob, "look").startswith("Village Green")  # everyone else keeps playing


def test_the_budget_costs_nothing_when_code_is_quick(h, alice):
    for _ in range(50):
        assert h.call(alice, "look").startswith("Village Green")


# -- a failed commit -------------------------------------------------------------------------------
class _Flaky:
    """A store whose disk is full until told otherwise."""

    def __init__(self) -> None:
        self.full = True
        self.records = []

    def commit(self, record) -> None:
        if self.full:
            raise CommitFailed("No space left on device", REPO / "world" / "journal.log")
        self.records.append(record)


def test_a_failed_commit_rolls_back_tells_why_and_writes_resume(h, builder, alice):
    store = h.engine.store = _Flaky()
    before = world_state(h.world)
    out = h.call(builder, "dig Vault")
    assert out.startswith("The world could not save that, so it did not happen.")
    assert "Not saved: No space left on device" in out and "journal.log" in out
    assert h.call(alice, "north").startswith("The world could not save that")  # players: short and clear
    assert h.call(alice, "say hi") == 'You say, "hi"'  # turns that change nothing need no disk
    assert world_state(h.world) == before
    cat = h.world.characters_named("Whiskers")[0]
    start = cat.location
    h.wait(200)  # the cat's turns fail too, but its timer lives on
    assert cat.location == start
    store.full = False
    assert "Dug Vault" in h.call(builder, "dig Vault")
    moved = False
    for _ in range(20):
        h.wait(20)
        moved = moved or cat.location != start
    assert moved and store.records


def test_edits_between_turns_are_committed_on_their_own_first(h, builder):
    @command("oops", perm="player")
    def oops(ctx):
        raise ValueError("no")

    _with_commands(h, oops)
    h.world.get(1).desc = "set up outside any turn"
    h.call(builder, "oops")  # its rollback must not take the set-up edit with it
    assert h.world.get(1).desc == "set up outside any turn"


# -- undo keeps across restarts ------------------------------------------------------------------
def test_undo_history_survives_a_restart(tmp_path):
    shutil.copytree(REPO / "commands", tmp_path / "commands")
    h = Harness(tmp_path, in_memory=False)
    bea = h.login("Bea", "builder")
    assert "Dug Vault" in h.call(bea, "dig Vault = down;d, up;u")
    h.game.close()  # or a SIGKILL: the history is in the same journal record as the dig
    again = Harness(tmp_path, in_memory=False)
    bea = again.login("Bea", "builder")
    assert again.call(bea, "undo/list").splitlines()[1].strip().startswith("1. dig Vault = down;d, up;u")
    assert again.call(bea, "undo") == "Undid dig Vault = down;d, up;u (3 objects)."
    assert not any(o.name == "Vault" for o in again.world.objects.values())
    again.game.close()


def test_a_command_running_another_stays_under_one_budget():
    h = Harness(budget=0.3)

    @command("outer", perm="player")
    def outer(ctx):
        ctx.engine.execute(ctx.caller, "look")  # the inner command must not end the budget
        while True:
            pass

    _with_commands(h, outer)
    alice = h.login("Alice")
    started = time.monotonic()
    assert "ran past its time budget" in h.call(alice, "outer")
    assert time.monotonic() - started < 3


async def test_a_new_account_that_cannot_be_saved_is_refused(h):
    from sandbox.net.local import LocalGateway

    gateway = LocalGateway(h.engine)
    h.engine.store = _Flaky()
    result = await gateway.create_account("Zoe", "secret-words")
    assert not result.ok and "could not save your new account" in result.reason
    assert "zoe" not in h.world.accounts and not h.world.characters_named("Zoe")
    h.engine.store.full = False
    assert (await gateway.create_account("Zoe", "secret-words")).ok


@pytest.mark.parametrize("how", ["loaded", "created", "imported", "restored by undo"])
def test_every_way_an_object_enters_the_world_tracks_its_containers(h, builder, how):
    """Each path in (load, create, import, undo) must leave containers that report edits."""
    if how == "loaded":
        obj = h.world.get(1)
    elif how == "created":
        with h.engine.turn():
            obj = h.world.create(Kind.THING, "box", location=h.world.get(1), tags=["a"], attrs={"n": [1]})
    elif how == "imported":
        from sandbox.store.transfer import import_area

        with h.engine.turn():
            import_area(h.world, {"format": "sandbox-area/1", "area": {"name": "Far"},
                                  "objects": [{"id": 900, "kind": "room", "name": "Far Room", "area": "Far", "attrs": {"n": [1]}}]})
        obj = h.world.get(900)
    else:
        h.call(builder, "create box")
        box = h.world.characters_named("Bea")[0].contents[-1]
        h.call(builder, f"destroy #{box}")
        h.call(builder, "undo")
        obj = h.world.get(box)
    for edit in (lambda: obj.tags.add("t"), lambda: obj.aliases.append("x"), lambda: obj.cmdsets.append("c"),
                 lambda: obj.attrs.__setitem__("k", 1), lambda: obj.attrs.setdefault("deep", {"l": []})["l"].append(2)):
        h.engine.store.last = None
        with h.engine.turn():
            edit()
        assert h.engine.last_turn_ok
        assert h.engine.store.last is not None and obj.id in h.engine.store.last.objects, "edit not recorded"
