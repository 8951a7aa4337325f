"""Area resets: what a pass does, the timer on the engine clock, and that resets are
world data (journaled, reopened, undone)."""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.engine.objects import Kind
from sandbox.engine.prototypes import validate
from sandbox.engine.resets import checked_resets, format_duration, parse_duration, ref_id
from sandbox.game import open_game
from tests.helpers import REPO, Harness


@pytest.fixture
def h() -> Harness:
    h = Harness()
    lib = h.engine.prototypes
    with h.engine.turn():
        lib.save_world(h.world, validate({"prototype_key": "key", "key": "brass key"}))
        lib.save_world(h.world, validate({"prototype_key": "crier", "prototype_parent": "npc", "key": "the crier"}))
    return h


def rules(h: Harness, *rules: dict, every: float | None = None, when: str = "always") -> None:
    with h.engine.turn():
        h.world.areas["Millbrook"].resets = checked_resets({"rules": list(rules), **({"every": every, "when": when} if every else {})})


def test_a_pass_spawns_what_is_missing_up_to_max_and_no_more(h: Harness) -> None:
    green = h.room_named("Village Green")
    rules(h, {"spawn": "key", "room": green.id, "max": 2})
    with h.engine.turn():
        first = h.engine.resets.run(h.world.areas["Millbrook"])
    assert len(first.spawned) == 2
    keys = [o for o in h.world.contents(green) if o.prototype == "key"]
    assert len(keys) == 2
    with h.engine.turn():
        again = h.engine.resets.run(h.world.areas["Millbrook"])
    assert again.spawned == [] and again.summary() == "nothing was missing"
    bea = h.login("Bea")
    assert "You pick up" in h.call(bea, "get 1.brass key")  # a player carries one off: one is missing from the room
    with h.engine.turn():
        third = h.engine.resets.run(h.world.areas["Millbrook"])
    assert len(third.spawned) == 1
    assert len([o for o in h.world.contents(bea.char) if o.prototype == "key"]) == 1  # hers stays hers


def test_npcs_are_counted_by_home_and_walked_back(h: Harness) -> None:
    green, market = h.room_named("Village Green"), h.room_named("Market Square")
    rules(h, {"spawn": "crier", "room": green.id, "max": 1})
    with h.engine.turn():
        h.engine.resets.run(h.world.areas["Millbrook"])
    (crier,) = [o for o in h.world.objects.values() if o.prototype == "crier"]
    assert ref_id(crier.attrs["home"]) == green.id and crier.kind == Kind.CHARACTER
    watcher = h.login("Watcher", room=market)
    with h.engine.turn():
        h.engine.move(crier, market)
    watcher.take()
    with h.engine.turn():
        report = h.engine.resets.run(h.world.areas["Millbrook"])
    assert report.returned == [f"the crier ({crier.ref})"] and report.spawned == []
    assert crier.location == green.id
    assert "the crier leaves." in watcher.take()


def test_restore_puts_attributes_back(h: Harness) -> None:
    gate = h.world.get(18)
    assert gate is not None
    rules(h, {"restore": 18, "attrs": {"locked": True}})
    with h.engine.turn():
        gate.attrs["locked"] = False
    with h.engine.turn():
        report = h.engine.resets.run(h.world.areas["Millbrook"])
    assert gate.attrs["locked"] is True and report.restored == ["north (#18)"]


def test_the_timer_runs_on_the_engine_clock_and_follows_edits(h: Harness) -> None:
    green = h.room_named("Village Green")
    rules(h, {"spawn": "key", "room": green.id, "max": 1}, every=300)
    assert h.engine.resets.next_due("Millbrook") == 300
    h.wait(299)
    assert "Millbrook" not in h.engine.resets.last
    h.wait(1)
    assert h.engine.resets.last["Millbrook"].spawned
    rules(h, {"spawn": "key", "room": green.id, "max": 1}, every=60)  # changed: the timer follows
    assert h.engine.resets.next_due("Millbrook") == 360
    rules(h, {"spawn": "key", "room": green.id, "max": 1})  # no timer any more
    assert h.engine.resets.next_due("Millbrook") is None


def test_when_empty_waits_for_players_to_leave(h: Harness) -> None:
    green = h.room_named("Village Green")
    rules(h, {"spawn": "key", "room": green.id, "max": 1}, every=60, when="empty")
    bea = h.login("Bea")
    h.wait(60)
    assert h.engine.resets.last["Millbrook"].skipped == "Bea is in the area"
    h.engine.disconnect(bea.session.id)
    h.wait(60)
    assert h.engine.resets.last["Millbrook"].spawned


def test_a_builder_mistake_is_reported_not_raised(h: Harness) -> None:
    rules(h, {"spawn": "ghost", "room": 1, "max": 1}, {"spawn": "key", "room": 9999, "max": 1})
    bea = h.login("Bea", "builder")
    with h.engine.turn():
        report = h.engine.resets.run(h.world.areas["Millbrook"])
    assert report.problems == ["no prototype named 'ghost'", "room #9999 for key does not exist"]
    assert "Reset of Millbrook" in bea.take()


def test_resets_are_saved_with_the_area_and_reopened(tmp_path: Path) -> None:
    import shutil

    for name in ("commands", "prototypes"):
        shutil.copytree(REPO / name, tmp_path / name)
    game = open_game(tmp_path, backup=False, budget=0)
    with game.engine.turn():
        game.world.areas["Millbrook"].resets = {"every": 120, "rules": [{"spawn": "npc", "room": 1, "max": 1}]}
    game.close()
    game = open_game(tmp_path, backup=False, budget=0)
    try:
        assert game.world.areas["Millbrook"].resets["rules"] == [{"spawn": "npc", "room": 1, "max": 1}]
        assert game.engine.resets.every("Millbrook") == 120
    finally:
        game.close()


@pytest.mark.parametrize("bad", [{"rules": [{"spawn": "x"}]}, {"every": "soon"}, {"when": "sometimes"}, {"rules": [{"what": 1}]}])
def test_damaged_resets_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        checked_resets(bad)


def test_durations() -> None:
    assert [parse_duration(t) for t in ("300", "30s", "5m", "1h30m")] == [300, 30, 300, 5400]
    with pytest.raises(ValueError):
        parse_duration("soon")
    assert [format_duration(s) for s in (30, 300, 90, 3600)] == ["30s", "5m", "1m30s", "1h"]
