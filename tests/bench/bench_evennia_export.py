"""Evennia hand-off benchmark: `sandbox export --to evennia` of a 1,000-room area.

The area is a 40 x 25 grid: every room has a styled description, two-way exits to its
neighbours (3,930 exits) and every tenth room a thing, so the file has ~5,000 objects.
Timed: the area export (export_area) plus the Evennia translation and file writing
(export_evennia), best of three; target <= 1 s. Also the read back (import --from evennia).

With --evennia, also loads the file once into a fresh Evennia game (tests/evennia/
evennia_env.py: Python 3.12 venv in the user's cache) and reports that time: Evennia's
own speed, measured, not ours to fix. That takes minutes; the default run takes seconds.

Prints one JSON object. Run: .venv/bin/python tests/bench/bench_evennia_export.py [--evennia]
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.engine.objects import Kind  # noqa: E402
from sandbox.engine.world import World  # noqa: E402
from sandbox.evennia.export import export_evennia  # noqa: E402
from sandbox.evennia.reader import parse_batchcode  # noqa: E402
from sandbox.store.transfer import export_area  # noqa: E402

WIDTH, HEIGHT = 40, 25


def grid_world() -> World:
    world = World()
    rooms = {}
    for y in range(HEIGHT):
        for x in range(WIDTH):
            desc = (f"Row {y}, field {x}: [item]barley[/item] sways; a [bold]stone[/bold] marks the path "
                    f"[exit]north[/exit]. [#6fa8dc]Water[/#6fa8dc] glints | far off.")  # fmt: skip
            rooms[x, y] = world.create(Kind.ROOM, f"Field {x},{y}", desc=desc, area="Fields")
    for (x, y), room in rooms.items():
        for dx, dy, name, back in ((1, 0, "east", "west"), (0, 1, "south", "north")):
            other = rooms.get((x + dx, y + dy))
            if other is not None:
                world.create(Kind.EXIT, name, aliases=[name[0]], location=room, destination=other)
                world.create(Kind.EXIT, back, aliases=[back[0]], location=other, destination=room)
        if (x + y * WIDTH) % 10 == 0:
            world.create(Kind.THING, "scarecrow", aliases=["crow"], location=room, desc="Straw and [dim]rags[/dim].",
                         attrs={"fixed": True})  # fmt: skip
    return world


def best_of(n: int, func):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(n):
        t = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - t)
    return best, result


def evennia_load(text: str) -> dict[str, float | int]:
    from tests.evennia import evennia_env

    venv = evennia_env.evennia_venv()
    with tempfile.TemporaryDirectory() as tmp:
        game = evennia_env.new_game(venv, Path(tmp))
        t = time.perf_counter()
        seen = evennia_env.load_and_observe(venv, game, text, "fields", loads=1, observe=False, timeout=3600)
        shell = time.perf_counter() - t
    if seen["errors"]:
        raise SystemExit(seen["errors"][0])
    load = seen["loads"][0]
    return {"evennia_load_s": round(load["seconds"], 1), "evennia_objects": load["tagged"],
            "evennia_shell_total_s": round(shell, 1)}  # fmt: skip


def main() -> None:
    world = grid_world()
    export_s, exported = best_of(3, lambda: export_evennia(export_area(world, "Fields")))
    read_s, back = best_of(3, lambda: parse_batchcode(exported.text))
    result: dict[str, object] = {
        "rooms": WIDTH * HEIGHT,
        "objects": exported.objects,
        "file_mb": round(len(exported.text.encode()) / 1e6, 2),
        "export_s": round(export_s, 3),
        "target_export_s": 1.0,
        "read_back_s": round(read_s, 3),
        "round_trip_equal": back["objects"] == export_area(world, "Fields")["objects"],
    }
    if "--evennia" in sys.argv:
        result.update(evennia_load(exported.text))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
