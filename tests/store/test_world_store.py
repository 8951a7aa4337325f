"""The store against both backends, plus what only files can show (atomicity, corruption)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from tinydb import TinyDB

from sandbox.engine.objects import Kind
from sandbox.engine.world import World
from sandbox.game import new_world
from sandbox.store.storage import AtomicJSONStorage, StoreError
from sandbox.store.world_store import FileBackend, MemoryBackend, WorldStore
from tests.helpers import REPO


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path) -> WorldStore:
    backend = MemoryBackend() if request.param == "memory" else FileBackend(tmp_path / "world")
    return WorldStore(backend)


def _starter(store: WorldStore) -> World:
    world = new_world(REPO)
    store.save_all(world)
    return world


def test_round_trip_keeps_everything(store):
    world = _starter(store)
    lever = next(o for o in world.objects.values() if o.name == "rusty lever")
    lever.attrs["pulled"] = True
    lever.tags.add("shiny")
    world.changed(lever)
    store.commit(world)
    again = WorldStore(store.backend).load()
    assert {o.id: o.to_doc() for o in again.objects.values()} == {o.id: o.to_doc() for o in world.objects.values()}
    assert again.get(lever.location).contents.count(lever.id) == 1
    assert again.meta["start_room"] == 1 and again.next_id == world.next_id
    assert set(again.areas) == {"Millbrook"}


def test_split_into_partitions(store):
    world = _starter(store)
    world.create(Kind.CHARACTER, "Alice", location=world.get(1))
    world.create(Kind.ROOM, "Lone Cave", area="Caves")
    store.commit(world)
    assert set(store.backend.names()) == {"meta", "accounts", "players", "area-millbrook", "area-caves"}


def test_moving_between_partitions_and_deleting(store):
    world = _starter(store)
    alice = world.create(Kind.CHARACTER, "Alice", location=world.get(1))
    bucket = next(o for o in world.objects.values() if o.name == "wooden bucket")
    store.commit(world)
    world.move(bucket, alice)  # a carried thing is stored with its player
    store.commit(world)
    players = store.backend.read("players")["objects"]
    assert str(bucket.id) in players
    assert str(bucket.id) not in store.backend.read("area-millbrook")["objects"]
    world.destroy(bucket)
    store.commit(world)
    assert str(bucket.id) not in store.backend.read("players")["objects"]
    assert bucket.id not in WorldStore(store.backend).load().objects


def test_one_change_rewrites_only_its_partition(tmp_path):
    store = WorldStore(FileBackend(tmp_path / "world"))
    world = new_world(REPO)
    world.create(Kind.ROOM, "Lone Cave", area="Caves")
    store.save_all(world)
    before = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "world").glob("*.db.json")}
    cave = next(o for o in world.objects.values() if o.name == "Lone Cave")
    cave.desc = "Dripping."
    world.changed(cave)
    store.commit(world)
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "world").glob("*.db.json")}
    changed = {n for n in after if after[n] != before.get(n)}
    assert changed == {"area-caves.db.json"}


def test_files_are_real_tinydb_databases(tmp_path):
    store = WorldStore(FileBackend(tmp_path / "world"))
    store.save_all(new_world(REPO))
    db = TinyDB(tmp_path / "world" / "area-millbrook.db.json", storage=AtomicJSONStorage)
    green = db.table("objects").get(doc_id=1)
    assert green["name"] == "Village Green"
    assert len(db.table("objects")) == 32


@pytest.mark.parametrize("damage", [b"", b'{"objects": {"1": {"id": 1, "kind": "ro', b"[1, 2]", b'{"objects": {"1": {"id": 1}}}'])
def test_damaged_file_stops_loading_and_is_left_untouched(tmp_path, damage):
    store = WorldStore(FileBackend(tmp_path / "world"))
    store.save_all(new_world(REPO))
    target = tmp_path / "world" / "area-millbrook.db.json"
    target.write_bytes(damage)
    with pytest.raises(StoreError) as err:
        WorldStore(FileBackend(tmp_path / "world")).load()
    assert err.value.path == target
    assert "area-millbrook.db.json" in str(err.value)
    assert target.read_bytes() == damage


def test_atomic_write_leaves_no_temp_files(tmp_path):
    store = WorldStore(FileBackend(tmp_path / "world"))
    world = new_world(REPO)
    store.save_all(world)
    for i in range(5):
        world.create(Kind.THING, f"pebble {i}", location=world.get(1))
        store.commit(world)
    leftovers = [p for p in os.listdir(tmp_path / "world") if p.endswith(".tmp")]
    assert leftovers == []


def test_rolling_backups_keep_the_newest(tmp_path):
    backend = FileBackend(tmp_path / "world")
    store = WorldStore(backend)
    store.save_all(new_world(REPO))
    made = [backend.backup(keep=3) for _ in range(5)]
    kept = sorted(p.name for p in (tmp_path / "world" / "backups").iterdir())
    assert len(kept) == 3 and kept == sorted(p.name for p in made[-3:])
    assert (Path(made[-1]) / "area-millbrook.db.json").exists()
