"""Prototypes and resets benchmark.

- spawning 10,000 objects from a 3-level prototype (npc -> guard -> captain), resolving
  the inheritance for every spawn as the `spawn` command does (target: <= 1 s);
- one reset pass over an area of 1,000 rooms, each room with a rule (a thing kept in it,
  an NPC homed there), in a world of ~13,000 objects: the steady pass that finds
  everything in place, and one that respawns 100 taken things and walks 100 NPCs home
  (target for a pass: <= 20 ms).

Prints one JSON object. Run: .venv/bin/python tests/bench/bench_prototypes.py
"""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.engine.clock import VirtualClock  # noqa: E402
from sandbox.engine.commands import CommandTable  # noqa: E402
from sandbox.engine.core import Engine  # noqa: E402
from sandbox.engine.objects import Kind  # noqa: E402
from sandbox.engine.prototypes import Prototype, PrototypeLibrary, spawn, validate  # noqa: E402
from sandbox.engine.resets import reset_area  # noqa: E402
from sandbox.engine.world import World  # noqa: E402

PROTOS = [
    {"prototype_key": "npc", "kind": "character", "tags": ["npc"], "attrs": {"hp": 5}},
    {"prototype_key": "guard", "prototype_parent": "npc", "key": "a guard", "aliases": ["guard"], "attrs": {"gear": ["helm"]}},
    {"prototype_key": "captain", "prototype_parent": "guard", "key": "the captain", "desc": "Stern.", "attrs": {"hp": 20}},
    {"prototype_key": "coin", "key": "a coin", "attrs": {"value": 1}},
]


def library() -> PrototypeLibrary:
    return PrototypeLibrary({p["prototype_key"]: Prototype(p["prototype_key"], validate(p), "bench") for p in PROTOS})


def bench_spawn(n: int = 10_000) -> tuple[float, float]:
    """(wall, cpu) seconds; on a shared machine the CPU time is the fairer number."""
    world = World()
    lib = library()
    room = world.create(Kind.ROOM, "Barracks")
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        spawn(world, lib.resolve(world, "captain"), room)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert sum(1 for o in world.objects.values() if o.prototype == "captain") == n
    return elapsed, cpu


def reset_world(rooms: int = 1000) -> tuple[Engine, World]:
    world = World()
    for i in range(10_000):  # the rest of the world, which a pass must not cost much
        world.create(Kind.THING, f"pebble {i}")
    made = [world.create(Kind.ROOM, f"room {i}", area="Big") for i in range(rooms)]
    rules = []
    for room in made:
        rules.append({"spawn": "coin", "room": room.id, "max": 1})
    for room in made[::10]:
        rules.append({"spawn": "guard", "room": room.id, "max": 1})
    world.areas["Big"].resets = {"rules": rules}
    world.accept()
    engine = Engine(world, CommandTable(), VirtualClock())
    engine.prototypes = library()
    with engine.turn():
        reset_area(engine, world.areas["Big"])  # fill it
    return engine, world


def bench_reset(repeats: int = 30) -> dict[str, float]:
    engine, world = reset_world()
    steady, steady_cpu = [], []
    for _ in range(repeats):
        with engine.turn():
            t0, c0 = time.perf_counter(), time.process_time()
            report = reset_area(engine, world.areas["Big"])
            steady.append(time.perf_counter() - t0)
            steady_cpu.append(time.process_time() - c0)
        assert not report.spawned and not report.returned
    coins = [o for o in world.objects.values() if o.prototype == "coin"][:100]
    guards = [o for o in world.objects.values() if o.prototype == "guard"][:100]
    busy = []
    for _ in range(5):
        with engine.turn():
            for coin in coins:
                world.remove(coin)
            for guard, room in zip(guards, reversed([o for o in world.objects.values() if o.kind == Kind.ROOM])):
                world.move(guard, room)
        with engine.turn():
            t0 = time.perf_counter()
            report = reset_area(engine, world.areas["Big"])
            busy.append(time.perf_counter() - t0)
        coins = [o for o in world.objects.values() if o.prototype == "coin"][:100]
        assert len(report.spawned) == 100 and len(report.returned) >= 90
    return {
        "objects": len(world.objects),
        "steady_ms_median": round(statistics.median(steady) * 1000, 2),
        "steady_cpu_ms_median": round(statistics.median(steady_cpu) * 1000, 2),
        "respawn_100_return_100_ms_median": round(statistics.median(busy) * 1000, 2),
    }


def main() -> None:
    spawn_s, spawn_cpu = bench_spawn()
    resets = bench_reset()
    print(json.dumps({
        "spawn_10000_from_3_level_prototype_s": round(spawn_s, 3),
        "spawn_10000_cpu_s": round(spawn_cpu, 3),
        "spawn_per_object_us": round(spawn_s / 10_000 * 1e6, 1),
        "reset_pass_1000_rooms": resets,
        "targets": {"spawn_10000_s": 1.0, "reset_pass_ms": 20},
    }))


if __name__ == "__main__":
    main()
