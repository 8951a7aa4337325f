"""Two worlds that grew apart from the starter, and the area files the tests import.

- the *source* world: the starter plus the Harbour area (two rooms reached by
  ``northwest`` from the Village Green, a harbourmaster spawned from a world prototype
  and kept by a reset, a tide table whose attribute refers to the Quay, an exit to the
  Riverbank and one to a Lighthouse area that is not exported).
- the *diverged* world: the starter where a builder dug a Bakery and filled it, so every
  id the Harbour uses is taken there.

``python -m tests.store.area_fixtures`` rewrites tests/transcripts/data/*.area.json;
tests/store/test_area_travel.py fails if they differ from what this builds.
"""
from __future__ import annotations

from pathlib import Path

from sandbox.engine.objects import Kind
from sandbox.engine.prototypes import PrototypeLibrary, spawn
from sandbox.engine.world import World
from sandbox.game import new_world
from sandbox.reload.prototypes import load_directory
from sandbox.store.transfer import dumps, export_area

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "transcripts" / "data"
HARBOUR_FILE = DATA / "harbour.area.json"
DIVERGED_FILE = DATA / "millbrook-diverged.area.json"


def file_prototypes() -> PrototypeLibrary:
    return PrototypeLibrary(load_directory(REPO / "prototypes").prototypes)


def source_world() -> World:
    world = new_world(REPO)
    green, riverbank = world.get(1), world.get(7)
    assert green is not None and riverbank is not None
    gate = world.create(Kind.ROOM, "Harbour Gate", area="Harbour", desc="Gulls wheel over a stone gate.")
    quay = world.create(Kind.ROOM, "Quay", area="Harbour", desc="Ropes and nets lie along the quay.")
    lighthouse = world.create(Kind.ROOM, "Lighthouse", area="Coast", desc="A white tower.")
    world.create(Kind.EXIT, "northwest", aliases=["nw"], location=green, destination=gate)
    world.create(Kind.EXIT, "southeast", aliases=["se"], location=gate, destination=green)
    world.create(Kind.EXIT, "north", aliases=["n"], location=gate, destination=quay)
    world.create(Kind.EXIT, "south", aliases=["s"], location=quay, destination=gate)
    world.create(Kind.EXIT, "east", aliases=["e"], location=quay, destination=riverbank)
    world.create(Kind.EXIT, "west", aliases=["w"], location=quay, destination=lighthouse)
    world.create(Kind.THING, "tide table", location=gate, desc="High water at noon.", attrs={"quay": f"#{quay.id}"})
    library = file_prototypes()
    library.save_world(world, {
        "prototype_key": "harbourmaster", "prototype_parent": "npc",
        "key": "the harbourmaster", "desc": "Salt in her beard.", "attrs": {"greeting": "Mind the ropes."},
    })
    master = spawn(world, library.resolve(world, "harbourmaster"), quay)
    master.attrs["home"] = f"#{quay.id}"
    world.areas["Harbour"].resets = {"every": 300, "when": "always", "rules": [{"spawn": "harbourmaster", "room": quay.id, "max": 1}]}
    world.accept()
    return world


def diverged_world() -> World:
    world = new_world(REPO)
    market = world.get(2)
    assert market is not None
    bakery = world.create(Kind.ROOM, "Bakery", area="Millbrook", desc="Warm bread.")
    world.create(Kind.EXIT, "east", aliases=["e"], location=market, destination=bakery)
    world.create(Kind.EXIT, "west", aliases=["w"], location=bakery, destination=market)
    for name in ("bread oven", "flour sack", "rolling pin", "apron", "tray", "bun", "scone", "tart"):
        world.create(Kind.THING, name, location=bakery)
    world.accept()
    return world


def harbour_export() -> bytes:
    files = {k: p.data for k, p in file_prototypes().files.items()}
    return dumps(export_area(source_world(), "Harbour", files))


def diverged_export() -> bytes:
    return dumps(export_area(diverged_world(), "Millbrook"))


if __name__ == "__main__":
    DATA.mkdir(parents=True, exist_ok=True)
    HARBOUR_FILE.write_bytes(harbour_export())
    DIVERGED_FILE.write_bytes(diverged_export())
    print(f"wrote {HARBOUR_FILE} and {DIVERGED_FILE}")
