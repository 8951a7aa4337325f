"""Lock benchmark: one lock check (Engine.can) on warm caches, and the cost of a lock on `look`.

The target is a lock check of at most 5 µs: lock strings are parsed and compiled once
per command table, so a check is a dict lookup and a few calls. Measured with the
starter's lock functions (commands/lockfuncs.py), a player carrying 20 things.

Prints one JSON object. Run: .venv/bin/python tests/bench/bench_locks.py
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.engine.clock import VirtualClock  # noqa: E402
from sandbox.engine.locks import parse_expr  # noqa: E402
from sandbox.engine.objects import Kind, Perm  # noqa: E402
from sandbox.game import open_game  # noqa: E402

TARGET_US = 5.0
LOCKS = {
    "perm": "perm(builder)",
    "holds_or_perm": "perm(builder) or holds(brass key)",
    "not_objattr": "not objattr(locked)",
    "three_terms": "tag(guild) and not attr(banned) or id(#1)",
}


def per_call_us(func, seconds: float = 0.4) -> float:
    """Best of three timed runs of func, in microseconds per call."""
    best = float("inf")
    for _ in range(3):
        n = 0
        t0 = time.perf_counter()
        deadline = t0 + seconds / 3
        while time.perf_counter() < deadline:
            for _ in range(1000):
                func()
            n += 1000
        best = min(best, (time.perf_counter() - t0) / n * 1e6)
    return best


def main() -> None:
    game = open_game(ROOT, clock=VirtualClock(), in_memory=True, seed=1, backup=False)
    engine, world = game.engine, game.world
    start = world.start_room()
    assert start is not None
    with engine.turn():
        who = world.create(Kind.CHARACTER, "Bench", location=start, perm=Perm.PLAYER)
        for i in range(19):
            world.create(Kind.THING, f"pebble {i}", location=who)
        world.create(Kind.THING, "brass key", location=who)  # last: holds() walks them all
        door = world.create(Kind.EXIT, "door", location=start, destination=start)
    results: dict[str, float] = {}
    for label, expr in LOCKS.items():
        with engine.turn():
            door.locks["traverse"] = expr
        engine.can(who, door, "traverse")  # compile once
        results[f"check_{label}_us"] = round(per_call_us(lambda: engine.can(who, door, "traverse")), 3)
    with engine.turn():
        door.locks.clear()
    results["check_no_lock_us"] = round(per_call_us(lambda: engine.can(who, door, "traverse")), 3)
    parse_expr.cache_clear()
    samples = [f"perm(builder) or holds(key {i})" for i in range(2000)]
    t0 = time.perf_counter()
    for text in samples:
        parse_expr(text)
    results["parse_once_us"] = round((time.perf_counter() - t0) / len(samples) * 1e6, 3)
    worst = max(v for k, v in results.items() if k.startswith("check_"))
    print(json.dumps({
        "bench": "locks",
        **results,
        "worst_check_us": worst,
        "target_check_us": TARGET_US,
        "ok": worst <= TARGET_US,
        "load_average_1m": round(os.getloadavg()[0], 2),  # 2 cores: above 2, timings are inflated
    }))


if __name__ == "__main__":
    main()
