"""The journal-and-checkpoint store on real files: what is written, what start-up refuses."""
from __future__ import annotations

import errno
import os

import pytest
from tinydb import TinyDB

from sandbox.engine.objects import Kind
from sandbox.game import open_game
from sandbox.store import backups
from sandbox.store.journal import JOURNAL, frame
from sandbox.store.storage import StoreError
from sandbox.store.world_store import WorldStore
from tests.store.worlds import fresh_game, world_state


def test_round_trip_keeps_everything(tmp_path):
    game = fresh_game(tmp_path)
    world = game.world
    lever = next(o for o in world.objects.values() if o.name == "rusty lever")
    with game.engine.turn():
        lever.attrs["pulled"] = True
        lever.attrs["stats"] = {"pulls": [1, 2]}
        lever.attrs["stats"]["pulls"].append(3)  # nested edits record themselves too
        lever.tags.add("shiny")
    expected = world_state(world)
    game.close()
    again = WorldStore(tmp_path / "g" / "world").load()
    assert world_state(again) == expected
    assert again.get(lever.id).attrs["stats"] == {"pulls": [1, 2, 3]}
    assert again.get(lever.location).contents.count(lever.id) == 1


def test_a_turn_appends_to_the_journal_and_rewrites_no_partition(tmp_path):
    game = fresh_game(tmp_path)
    world_dir = tmp_path / "g" / "world"
    before = {p.name: p.stat().st_mtime_ns for p in world_dir.glob("*.db.json")}
    journal_before = (world_dir / JOURNAL).stat().st_size
    room = game.world.get(1)
    with game.engine.turn():
        room.desc = "Dripping."
        game.world.create(Kind.THING, "pebble", location=room)
    after = {p.name: p.stat().st_mtime_ns for p in world_dir.glob("*.db.json")}
    assert after == before
    assert (world_dir / JOURNAL).stat().st_size > journal_before
    # A reader that opens the world now (the game still running) sees the turn.
    assert WorldStore(world_dir, writable=False).load().get(1).desc == "Dripping."
    game.close()


def test_checkpoint_splits_into_partitions_and_empties_the_journal(tmp_path):
    game = fresh_game(tmp_path)
    world = game.world
    with game.engine.turn():
        alice = world.create(Kind.CHARACTER, "Alice", location=world.get(1))
        world.create(Kind.ROOM, "Lone Cave", area="Caves")
        bucket = next(o for o in world.objects.values() if o.name == "wooden bucket")
        world.move(bucket, alice)  # a carried thing is stored with its player
    game.store.checkpoint()
    world_dir = tmp_path / "g" / "world"
    names = {p.name[: -len(".db.json")] for p in world_dir.glob("*.db.json")}
    assert names == {"meta", "accounts", "history", "players", "area-millbrook", "area-caves"}
    assert (world_dir / JOURNAL).stat().st_size == 0
    players = TinyDB(world_dir / "players.db.json", access_mode="r").table("objects")
    assert players.get(doc_id=bucket.id)["name"] == "wooden bucket"
    assert TinyDB(world_dir / "area-millbrook.db.json", access_mode="r").table("objects").get(doc_id=bucket.id) is None
    game.close()


def test_renamed_area_moves_to_a_new_file_and_the_old_one_goes(tmp_path):
    game = fresh_game(tmp_path)
    with game.engine.turn():
        game.world.rename_area("Millbrook", "Zebra")
    expected = world_state(game.world)
    game.close()
    world_dir = tmp_path / "g" / "world"
    assert (world_dir / "area-zebra.db.json").exists() and not (world_dir / "area-millbrook.db.json").exists()
    assert world_state(WorldStore(world_dir).load()) == expected


def test_files_are_real_tinydb_databases(tmp_path):
    fresh_game(tmp_path).close()
    path = tmp_path / "g" / "world" / "area-millbrook.db.json"
    before = path.read_bytes()
    db = TinyDB(path, access_mode="r")  # TinyDB's own JSON storage, read-only
    assert db.table("objects").get(doc_id=1)["name"] == "Village Green"
    assert len(db.table("objects")) == 32
    db.close()
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "damage",
    [b"", b'{"objects": {"1": {"id": 1, "kind": "ro', b"[1, 2]", b'{"objects": {"1": {"id": 1}}}',
     b'{"objects": {"1": {"id": 1, "kind": "room", "name": "X", "desc": 7}}}'],
)
def test_damaged_file_stops_loading_and_is_left_untouched(tmp_path, damage):
    fresh_game(tmp_path).close()
    target = tmp_path / "g" / "world" / "area-millbrook.db.json"
    target.write_bytes(damage)
    with pytest.raises(StoreError) as err:
        open_game(tmp_path / "g")
    assert err.value.path == target
    assert target.read_bytes() == damage


@pytest.mark.parametrize(
    "file,content,says",
    [
        ("accounts", b'{"accounts": {"bob": 5}}', "account 'bob': not a JSON object"),
        ("meta", b'{"meta": {"1": {"next_id": "many"}}, "areas": {}}', "next_id must be a number"),
        ("meta", b'{"meta": {"1": {}}, "areas": {"1": {"desc": "no name"}}}', "area 1: needs a name"),
    ],
)
def test_wrong_documents_are_refused_with_file_and_field(tmp_path, file, content, says):
    fresh_game(tmp_path).close()
    (tmp_path / "g" / "world" / f"{file}.db.json").write_bytes(content)
    with pytest.raises(StoreError) as err:
        open_game(tmp_path / "g")
    assert err.value.path.name == f"{file}.db.json" and says in str(err.value)


def test_a_missing_area_file_stops_start_up_and_the_backups_keep_it(tmp_path):
    fresh_game(tmp_path).close()
    world_dir = tmp_path / "g" / "world"
    open_game(tmp_path / "g").close()  # a start takes a backup
    (world_dir / "area-millbrook.db.json").unlink()
    for _ in range(7):  # restarting over and over never starts, never rotates it away
        with pytest.raises(StoreError) as err:
            open_game(tmp_path / "g")
        assert "area-millbrook.db.json: is missing" in str(err.value)
    copy = backups.newest_with(world_dir, "area-millbrook")
    assert copy is not None and f"world/backups/{copy.name}/ has the newest copy" in str(err.value)


def test_backups_never_rotate_away_the_last_copy_of_a_file(tmp_path):
    game = fresh_game(tmp_path)
    world_dir = tmp_path / "g" / "world"
    game.store.backup()  # has area-millbrook
    with game.engine.turn():
        game.world.rename_area("Millbrook", "Zebra")
    for _ in range(8):
        game.store.backup()
    folders = sorted((world_dir / "backups").iterdir())
    assert len(folders) == backups.KEEP + 1
    assert (folders[0] / "area-millbrook.db.json").exists()
    game.close()


def test_an_unknown_file_stops_start_up(tmp_path):
    fresh_game(tmp_path).close()
    stray = tmp_path / "g" / "world" / "area-stray.db.json"
    stray.write_bytes(b'{"objects": {}}')
    with pytest.raises(StoreError) as err:
        open_game(tmp_path / "g")
    assert err.value.path == stray and "not part of this world" in str(err.value)


def test_an_object_in_two_files_stops_start_up(tmp_path):
    game = fresh_game(tmp_path)
    lamp = next(o for o in game.world.objects.values() if o.name == "loaf of bread")
    with game.engine.turn():
        game.world.create(Kind.CHARACTER, "Alice", location=game.world.get(1))  # makes players.db.json
    game.close()
    world_dir = tmp_path / "g" / "world"
    import orjson

    players = orjson.loads((world_dir / "players.db.json").read_bytes())
    players["objects"][str(lamp.id)] = lamp.to_doc()
    (world_dir / "players.db.json").write_bytes(orjson.dumps(players))
    with pytest.raises(StoreError) as err:
        open_game(tmp_path / "g")
    assert f"object #{lamp.id} is also in" in str(err.value)


def test_temp_files_are_cleaned_at_start_up(tmp_path):
    fresh_game(tmp_path).close()
    world_dir = tmp_path / "g" / "world"
    for i in range(3):
        (world_dir / f".area-millbrook.db.json.{1000 + i}.tmp").write_bytes(b"half")
    open_game(tmp_path / "g").close()
    assert not list(world_dir.glob(".*.tmp"))


def test_a_torn_last_record_is_cut_and_a_damaged_middle_one_stops_start_up(tmp_path):
    game = fresh_game(tmp_path)
    with game.engine.turn():
        game.world.get(1).desc = "first"
    expected = world_state(game.world)
    journal = tmp_path / "g" / "world" / JOURNAL
    good = journal.read_bytes()
    game.store._journal = None  # the process "dies" here: no close, no checkpoint
    game.lock.release()
    journal.write_bytes(good + frame(b'{"seq": 99, "ops": [["put", 1, {"id": 1')[:-20])
    assert world_state(WorldStore(journal.parent).load()) == expected
    assert journal.read_bytes() == b""  # replayed into a checkpoint, torn tail gone
    journal.write_bytes(b"00000000 {}\n" + frame(b'{"seq": 100, "ops": []}'))
    with pytest.raises(StoreError) as err:
        WorldStore(journal.parent).load()
    assert "record 1 is damaged and later records follow it" in str(err.value)


@pytest.mark.parametrize("call,code", [("fdatasync", errno.ENOSPC), ("pwrite", errno.EROFS), ("pwrite", errno.EIO)])
def test_a_failed_append_leaves_nothing_and_the_next_one_works(tmp_path, monkeypatch, call, code):
    game = fresh_game(tmp_path)
    journal = tmp_path / "g" / "world" / JOURNAL
    size = journal.stat().st_size
    real = getattr(os, call)

    def failing(*args):
        if call == "pwrite":  # half the record reaches the disk first
            real(args[0], bytes(args[1][:10]), args[2])
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, call, failing)
    with game.engine.turn():
        game.world.get(1).desc = "lost"
    assert game.world.get(1).desc != "lost"  # rolled back in memory
    assert journal.stat().st_size == size  # and nothing of it on disk
    monkeypatch.setattr(os, call, real)
    with game.engine.turn():
        game.world.get(1).desc = "kept"
    game.store._journal = None  # die without a checkpoint
    game.lock.release()
    assert WorldStore(journal.parent).load().get(1).desc == "kept"


def test_a_second_process_is_refused_with_the_holders_pid(tmp_path):
    import subprocess
    import sys

    game = fresh_game(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "sandbox", "play", "--game", str(tmp_path / "g")],
        input="look\n", capture_output=True, text=True, timeout=60,
    )
    assert out.returncode == 1
    assert f"already open in another process: pid {os.getpid()}" in out.stderr
    assert "Traceback" not in out.stderr and "Exception ignored" not in out.stderr
    assert "connect to it over telnet" in out.stderr
    # Reading is fine while it is open: export works.
    exported = subprocess.run(
        [sys.executable, "-m", "sandbox", "export", "Millbrook", "--game", str(tmp_path / "g")],
        capture_output=True, timeout=60,
    )
    assert exported.returncode == 0 and b'"Village Green"' in exported.stdout
    game.close()
    # Once it is closed (or its process died: the kernel drops the lock), the game opens.
    again = open_game(tmp_path / "g")
    again.close()


def test_legacy_world_without_a_manifest_is_adopted(tmp_path):
    game = fresh_game(tmp_path)
    expected = world_state(game.world)
    game.close()
    world_dir = tmp_path / "g" / "world"
    (world_dir / "manifest.json").unlink()
    (world_dir / JOURNAL).unlink()
    (world_dir / "history.db.json").unlink()
    assert world_state(WorldStore(world_dir).load()) == expected
    assert (world_dir / "manifest.json").exists()

