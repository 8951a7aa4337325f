"""Areas travel: an export carries the exits into the area and the prototypes it uses;
an import into a world where its ids are taken renumbers them and every reference
follows; the area then plays the same as where it came from."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandbox.engine.clock import VirtualClock
from sandbox.engine.core import Engine
from sandbox.engine.objects import GameObject, Kind
from sandbox.engine.resets import ref_id
from sandbox.engine.world import World
from sandbox.markup import plain
from sandbox.reload.loader import load_directory
from sandbox.store.renumber import refs_in
from sandbox.store.transfer import TransferError, export_area, import_area, read_export
from tests.store import area_fixtures as fx

REPO = fx.REPO


def test_the_committed_area_files_are_what_the_fixtures_build() -> None:
    assert fx.HARBOUR_FILE.read_bytes() == fx.harbour_export(), "run: python -m tests.store.area_fixtures"
    assert fx.DIVERGED_FILE.read_bytes() == fx.diverged_export()


def test_an_export_holds_incoming_exits_neighbours_and_prototypes() -> None:
    data = orjson.loads(fx.harbour_export())
    (incoming,) = data["incoming"]
    assert (incoming["name"], incoming["location"]) == ("northwest", 1)
    assert data["neighbours"]["1"] == {"kind": "room", "name": "Village Green", "area": "Millbrook"}
    assert data["neighbours"]["7"]["name"] == "Riverbank"
    assert set(data["prototypes"]) == {"harbourmaster", "npc"}  # the world's own and the file parent
    assert data["area"]["resets"]["rules"] == [{"spawn": "harbourmaster", "room": 34, "max": 1}]


def diverged() -> World:
    world = World()
    import_area(world, read_export(fx.DIVERGED_FILE))
    world.accept()
    return world


def test_without_renumbering_a_clash_is_refused_and_nothing_changes() -> None:
    world = diverged()
    before = {o.id: o.to_doc() for o in world.objects.values()}
    with pytest.raises(TransferError, match=r"id #33 is already used by 'Bakery'.*--renumber"):
        import_area(world, read_export(fx.HARBOUR_FILE))
    world.rollback()
    assert {o.id: o.to_doc() for o in world.objects.values()} == before


def test_renumbered_every_reference_follows_and_the_report_says_what_happened() -> None:
    world = diverged()
    bakery_things = {o.id: o.to_doc() for o in world.objects.values()}
    notes: list[str] = []
    files = {k: p.data for k, p in fx.file_prototypes().files.items()}
    objects = import_area(world, read_export(fx.HARBOUR_FILE), renumber=True, report=notes, known_prototypes=files)
    assert all(world.objects[oid].to_doc() == doc for oid, doc in bakery_things.items() if oid != 1)
    by_name = {o.name: o for o in objects}
    gate, quay = by_name["Harbour Gate"], by_name["Quay"]
    assert gate.id not in bakery_things and quay.id not in bakery_things
    nw = next(e for e in world.exits(world.get(1)) if e.name == "northwest")
    assert nw.destination == gate.id
    assert ref_id(by_name["tide table"].attrs["quay"]) == quay.id
    master = by_name["the harbourmaster"]
    assert ref_id(master.attrs["home"]) == quay.id and master.prototype == "harbourmaster"
    assert world.areas["Harbour"].resets["rules"] == [{"spawn": "harbourmaster", "room": quay.id, "max": 1}]
    east = next(e for e in world.exits(quay) if e.name == "east")
    west = next(e for e in world.exits(quay) if e.name == "west")
    assert east.destination == 7 and west.destination is None
    assert "#33 is now #44" in notes
    assert any("'west'" in n and "Lighthouse" in n and "leading nowhere" in n for n in notes)
    assert "prototypes added: harbourmaster" in notes  # npc is this game's file prototype


def test_importing_again_replaces_in_place_without_a_second_incoming_exit() -> None:
    world = diverged()
    import_area(world, read_export(fx.HARBOUR_FILE), renumber=True)
    data = export_area(world, "Harbour")
    count = len(world.objects)
    import_area(world, data, renumber=True)
    assert len(world.objects) == count
    assert [e.name for e in world.exits(world.get(1))].count("northwest") == 1


WALK = ["look", "northwest", "look tide table", "north", "look harbourmaster", "east", "east", "northwest", "southeast"]


def play(world: World, lines: list[str]) -> list[str]:
    table, _ = load_directory(REPO / "commands")
    engine = Engine(world, table, VirtualClock(), seed=1)
    with engine.turn():
        walker = world.create(Kind.CHARACTER, "Walker", location=world.get(1))
    out: list[str] = []
    session = engine.connect(walker, lambda m: out.append(plain(m.text)))
    transcript = []
    for line in lines:
        out.clear()
        engine.input(session.id, line)
        transcript.append(f"> {line}\n" + "\n".join(out))
    return transcript


def test_the_area_plays_the_same_in_the_world_it_moved_to() -> None:
    source = fx.source_world()
    world = diverged()
    import_area(world, read_export(fx.HARBOUR_FILE), renumber=True)
    here, there = play(source, WALK), play(world, WALK)
    # The Village Green is the Green of each world (its exits differ: the bakery); the
    # harbour itself reads the same, line for line.
    assert here[1:] == there[1:]
    assert "Harbour Gate" in here[1] and "the harbourmaster" in here[3] and "Riverbank" in here[5]


# -- renumbering, for any world and any area ------------------------------------------------

@st.composite
def worlds_and_areas(draw: st.DrawFn) -> tuple[dict[str, Any], World, dict[int, str]]:
    """A source world with an area (rooms, exits between them and out of it, things
    inside things, attributes holding refs, reset rules), exported; and a target world
    whose objects take a random set of ids."""
    src = World()
    outside = src.create(Kind.ROOM, "Outside", area="Elsewhere")
    filler = draw(st.integers(0, 20))
    for n in range(filler):
        src.create(Kind.THING, f"filler {n}", location=outside)
    n_rooms = draw(st.integers(1, 6))
    rooms = [src.create(Kind.ROOM, f"room {i}", area="Zone") for i in range(n_rooms)]
    for i in range(draw(st.integers(0, 10))):
        a, b = draw(st.sampled_from(rooms)), draw(st.sampled_from([*rooms, outside]))
        src.create(Kind.EXIT, f"exit {i}", location=a, destination=b)
    if draw(st.booleans()):
        src.create(Kind.EXIT, "in", location=outside, destination=draw(st.sampled_from(rooms)))
    holders: list[GameObject] = list(rooms)
    for i in range(draw(st.integers(0, 10))):
        holders.append(src.create(Kind.THING, f"thing {i}", location=draw(st.sampled_from(holders))))
    every = [o for o in src.objects.values() if o.area == "Zone" or o.location in {r.id for r in rooms} or o in holders]
    for obj in holders[n_rooms:]:
        if draw(st.booleans()):
            target = draw(st.sampled_from(every))
            obj.attrs["points"] = {"to": [f"#{target.id}", 7, "#not a ref"]}
    src.areas["Zone"].resets = {"rules": [{"spawn": "x", "room": draw(st.sampled_from(rooms)).id, "max": 1}]}
    data = orjson.loads(orjson.dumps(export_area(src, "Zone")))
    names = {o.id: o.name for o in src.objects.values()}
    dst = World()
    home = dst.create(Kind.ROOM, "Outside", area="Elsewhere")
    for oid in sorted(set(draw(st.lists(st.integers(2, 60), max_size=30)))):
        if oid not in dst.objects:
            dst.create(Kind.THING, f"native {oid}", location=home, obj_id=oid)
    dst.accept()
    return data, dst, names


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds_and_areas())
def test_renumbering_keeps_every_reference_valid(case: tuple[dict[str, Any], World, dict[int, str]]) -> None:
    data, world, source_names = case
    natives = {o.id: o.to_doc() for o in world.objects.values() if o.name.startswith("native")}
    objects = import_area(world, data, renumber=True)
    # Nothing that was there is touched, and nothing of the file took its id.
    assert {oid: world.objects[oid].to_doc() for oid in natives} == natives
    file_names = {d["id"]: d["name"] for d in data["objects"] + data.get("incoming", [])}
    assert len(objects) == len(data["objects"])
    imported = {o.name: o for o in world.objects.values() if not o.name.startswith("native") and o.name != "Outside"}
    assert set(imported) == set(file_names.values())
    for obj in imported.values():
        doc = next(d for d in data["objects"] + data.get("incoming", []) if d["name"] == obj.name)
        for field in ("location", "destination"):
            old = doc.get(field)
            new = getattr(obj, field)
            if old is None:
                assert new is None
                continue
            # The same object as in the source, by name; an outside room matched by name.
            assert new is not None and world.objects[new].name == source_names[old]
        for old, new in zip(refs_in(doc.get("attrs", {})), refs_in(dict(obj.attrs))):
            assert world.objects[new].name == source_names[old]
        if obj.location is not None:
            assert obj.id in world.objects[obj.location].contents
    (rule,) = world.areas["Zone"].resets["rules"]
    assert world.objects[rule["room"]].name == source_names[data["area"]["resets"]["rules"][0]["room"]]
    assert world.next_id > max(world.objects)


def test_cli_import_renumber_reports(tmp_path: Path) -> None:
    game = tmp_path / "game"
    run = lambda *a: subprocess.run([sys.executable, "-m", "sandbox", *a], capture_output=True, text=True, cwd=tmp_path, timeout=120)  # noqa: E731
    assert run("init", str(game)).returncode == 0
    with_bakery = tmp_path / "diverged.json"
    with_bakery.write_bytes(fx.DIVERGED_FILE.read_bytes())
    assert run("import", "--game", str(game), str(with_bakery)).returncode == 0
    refused = run("import", "--game", str(game), str(fx.HARBOUR_FILE))
    assert refused.returncode == 1 and "--renumber" in refused.stderr
    done = run("import", "--game", str(game), "--renumber", str(fx.HARBOUR_FILE))
    assert done.returncode == 0, done.stderr
    assert "Imported area 'Harbour': 9 objects." in done.stdout and "#33 is now #44" in done.stdout
    out = tmp_path / "harbour.json"
    assert run("export", "--game", str(game), "Harbour", "-o", str(out)).returncode == 0
    again = read_export(out)
    assert again["incoming"][0]["name"] == "northwest" and set(again["prototypes"]) == {"harbourmaster", "npc"}
