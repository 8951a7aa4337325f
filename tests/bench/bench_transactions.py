"""Transactions benchmark: what a turn costs now that it is atomic, undoable and bounded.

- one change made durable in a single area of 100k objects (one partition file);
- undo of a 100-object destroy; rollback of a failed turn that touched 10 objects;
- `look` with and without the turn budget's watchdog (its overhead);
- a checkpoint of the 100k-object area (paid every few MB of journal, not per turn).

Prints one JSON object. Run: .venv/bin/python tests/bench/bench_transactions.py
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.engine.clock import VirtualClock  # noqa: E402
from sandbox.engine.commands import CommandTable, command  # noqa: E402
from sandbox.engine.objects import Kind, Perm  # noqa: E402
from sandbox.engine.session import ClientInfo  # noqa: E402
from sandbox.engine.world import World  # noqa: E402
from sandbox.game import open_game  # noqa: E402
from sandbox.store.world_store import WorldStore  # noqa: E402


def look_rate(budget: float, seconds: float = 1.5) -> float:
    game = open_game(ROOT, clock=VirtualClock(), in_memory=True, seed=1, backup=False, budget=budget)
    with game.engine.turn():
        char = game.world.create(Kind.CHARACTER, "P", location=game.world.start_room())
    sid = game.engine.connect(char, lambda m: None, ClientInfo(frontend="bench")).id
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        game.engine.input(sid, "look")
        n += 1
    game.close()
    return n / (time.perf_counter() - t0)


def single_area(n_objects: int) -> dict[str, object]:
    """One area holding n objects: each change must not rewrite the area's file."""
    with tempfile.TemporaryDirectory() as tmp:
        world = World()
        room = world.create(Kind.ROOM, "Warehouse", area="Big")
        for i in range(n_objects - 1):
            world.create(Kind.THING, f"crate {i}", location=room, attrs={"n": i})
        world.accept()
        store = WorldStore(Path(tmp) / "world")
        store.create(world)
        times = []
        for i in range(50):
            t = time.perf_counter()
            world.get(2 + i).attrs["n"] = -i
            store.commit(world.pending_record())
            world.accept()
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.checkpoint()
        checkpoint = time.perf_counter() - t
        return {
            "objects": n_objects,
            "one_change_durable_ms_p50": round(statistics.median(times) * 1000, 2),
            "one_change_durable_ms_max": round(max(times) * 1000, 2),
            "checkpoint_ms": round(checkpoint * 1000, 1),
        }


def undo_and_rollback() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        import shutil

        shutil.copytree(ROOT / "commands", Path(tmp) / "commands")
        game = open_game(Path(tmp), clock=VirtualClock(), seed=1, backup=False)
        engine, world = game.engine, game.world

        @command("fail", perm="builder")
        def fail(ctx):
            for obj in list(world.objects.values())[:10]:
                obj.desc = "scribbled"
            raise RuntimeError("midway")

        engine.swap_table(CommandTable([*engine.table.all_commands(), fail], engine.table.behaviours.values()))
        with engine.turn():
            me = world.create(Kind.CHARACTER, "B", location=world.start_room(), perm=Perm.ADMIN)
        sid = engine.connect(me, lambda m: None, ClientInfo(frontend="bench")).id
        undo_times, rollback_times = [], []
        for round_ in range(15):
            with engine.turn():
                shed = world.create(Kind.ROOM, f"Shed {round_}", area="Sheds")
                for i in range(99):
                    world.create(Kind.THING, f"tool {i}", location=shed)
            engine.input(sid, f"destroy #{shed.id}")
            t = time.perf_counter()
            engine.input(sid, "undo")
            undo_times.append(time.perf_counter() - t)
            assert len(world.get(shed.id).contents) == 99  # the room and its 99 tools are back
            t = time.perf_counter()
            engine.input(sid, "fail")
            rollback_times.append(time.perf_counter() - t)
        game.close()
        return {
            "undo_100_object_destroy_ms_p50": round(statistics.median(undo_times) * 1000, 2),
            "rollback_failed_turn_10_objects_ms_p50": round(statistics.median(rollback_times) * 1000, 2),
        }


def main() -> None:
    import logging

    logging.disable(logging.CRITICAL)  # the failing turns are on purpose
    without = look_rate(0)
    with_budget = look_rate(2.0)
    result: dict[str, object] = {
        "look_per_s_no_budget": round(without),
        "look_per_s_with_budget": round(with_budget),
        "budget_overhead_pct": round((without - with_budget) / without * 100, 1),
        **undo_and_rollback(),
        "single_area_100k": single_area(100_000),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
