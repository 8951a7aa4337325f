"""Engine benchmark: in-process command throughput, and world open/save costs.

Prints one JSON object. Run: .venv/bin/python tests/bench/bench_engine.py
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.engine.clock import VirtualClock  # noqa: E402
from sandbox.engine.objects import Kind, Perm  # noqa: E402
from sandbox.engine.session import ClientInfo  # noqa: E402
from sandbox.engine.world import World  # noqa: E402
from sandbox.game import open_game  # noqa: E402
from sandbox.store.world_store import WorldStore  # noqa: E402


def throughput(command: str, sessions: int, seconds: float = 1.5) -> float:
    game = open_game(ROOT, clock=VirtualClock(), in_memory=True, seed=1, backup=False)
    engine, world = game.engine, game.world
    start = world.start_room()
    received = [0]

    def sink(_message: object) -> None:
        received[0] += 1

    ids = []
    with engine.turn():
        chars = [world.create(Kind.CHARACTER, f"P{i}", location=start, perm=Perm.PLAYER) for i in range(sessions)]
    for char in chars:
        ids.append(engine.connect(char, sink, ClientInfo(frontend="bench")).id)
    n = 0
    t0 = time.perf_counter()
    deadline = t0 + seconds
    while time.perf_counter() < deadline:
        for sid in ids:  # every session in turn, as many clients typing would
            engine.input(sid, command)
            n += 1
    return n / (time.perf_counter() - t0)


def make_world(path: Path, n_objects: int, per_area: int) -> None:
    """Areas of ``per_area`` rooms in a line, each room with 2 exits and 1 thing (~4
    objects a room). The store keeps one file per area, so the area size decides what a
    checkpoint rewrites: many small areas (a typical MUD) and one huge one (the worst case)
    are both measured."""
    world = World()
    rooms_needed = n_objects // 4
    made = 0
    area_no = 0
    while made < rooms_needed:
        area = f"Area {area_no}"
        prev = None
        for i in range(min(per_area, rooms_needed - made)):
            room = world.create(Kind.ROOM, f"Room {area_no}-{i}", area=area, desc="A [room]plain[/room] room. " * 3)
            world.create(Kind.THING, f"stone {i}", location=room, attrs={"weight": i})
            if prev is not None:
                world.create(Kind.EXIT, "east", location=prev, destination=room, aliases=["e"])
                world.create(Kind.EXIT, "west", location=room, destination=prev, aliases=["w"])
            prev = room
            made += 1
        area_no += 1
    world.meta["start_room"] = 1
    world.accept()
    WorldStore(path).create(world)


OPEN_PROBE = r"""
import json, sys, time

def status_mb(key):
    # /proc, not getrusage: Linux carries ru_maxrss across fork+exec, so a child would
    # report the parent's peak (the parent built the world in memory).
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return round(int(line.split()[1]) / 1024, 1)

t0 = time.perf_counter()
from sandbox.store.world_store import WorldStore
store = WorldStore(sys.argv[1])
world = store.load()
opened = time.perf_counter() - t0
import gc
gc.freeze()  # as the command line does after opening a game (sandbox/cli/play.py)
room = world.get(1)
times = []
for i in range(20):
    t = time.perf_counter()
    room.desc = f"changed {i}"  # records itself; the commit appends one journal record
    store.commit(world.pending_record())
    world.accept()
    times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({"objects": len(world), "open_s": round(opened, 3),
  "rss_mb": status_mb("VmRSS"), "peak_rss_mb": status_mb("VmHWM"),
  "save_one_change_ms_p50": round(times[len(times)//2] * 1000, 2),
  "save_one_change_ms_max": round(times[-1] * 1000, 2)}))
"""


def world_costs(n: int, per_area: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "world"
        t0 = time.perf_counter()
        make_world(path, n, per_area)
        built = time.perf_counter() - t0
        out = subprocess.run([sys.executable, "-c", OPEN_PROBE, str(path)], capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            return {"error": out.stderr[-500:]}
        result = json.loads(out.stdout)
        result["files"] = len(list(path.glob("*.db.json")))
        result["build_and_first_save_s"] = round(built, 2)
        return result


def main() -> None:
    result: dict[str, object] = {
        "look_per_s_1_session": round(throughput("look", 1)),
        "look_per_s_100_sessions": round(throughput("look", 100)),
        "say_per_s_1_session": round(throughput("say hello there", 1)),
        "say_per_s_100_sessions_one_room": round(throughput("say hello there", 100)),
        "world_10k_in_250_room_areas": world_costs(10_000, 250),
        "world_100k_in_250_room_areas": world_costs(100_000, 250),
        "world_100k_in_one_area": world_costs(100_000, 25_000),
        "bench_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
