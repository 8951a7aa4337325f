"""`sandbox query`: TinyDB queries over the saved world, checkpoint plus journal."""
from __future__ import annotations

import subprocess
import sys

import orjson
import pytest

from sandbox.engine.objects import Kind
from sandbox.game import new_world
from sandbox.store import query as query_module
from sandbox.store.query import QueryError, read_world, search
from sandbox.store.world_store import WorldStore
from tests.helpers import REPO
from tests.store.worlds import fresh_game


def sandbox(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sandbox", *args], capture_output=True, text=True, cwd=cwd, timeout=60)


def names(found):
    return [doc["name"] for doc in found]


@pytest.fixture(scope="module")
def world():
    world = new_world(REPO)
    room = world.get(1)
    world.create(Kind.THING, "iron anvil", location=room, attrs={"weight": 80, "stats": {"hp": 3}}, tags={"heavy"})
    world.create(Kind.THING, "feather", location=room, attrs={"weight": 0.1, "note": "light"})
    world.create(Kind.THING, "Old Lamp", location=room, aliases=["oil-lamp"], attrs={"weight": True})
    return world


def test_fields_tags_aliases_and_nested_attributes(world):
    assert names(search(world, ["tag=heavy"])) == ["iron anvil"]
    assert names(search(world, ["alias=oil-lamp"])) == ["Old Lamp"]
    assert names(search(world, ["attrs.stats.hp<5"])) == ["iron anvil"]
    assert names(search(world, ["name~^old l"])) == ["Old Lamp"]  # any case
    assert [d["id"] for d in search(world, ["kind=exit", "destination=#2"])] == [10, 13]
    # Comparisons hold between numbers only: true is not a weight above 0.
    assert names(search(world, ["attrs.weight>0", "location=#1"])) == ["iron anvil", "feather"]
    assert "feather" not in names(search(world, ["tag!=heavy", "attrs.weight>1"]))


def test_defaults_are_queryable(world):
    # Documents on disk leave defaults out; queries see every field.
    whiskers = search(world, ["kind=character", "perm=player", "desc!=''"])
    assert "Whiskers" in names(whiskers)
    assert all(doc["perm"] == "player" for doc in whiskers)
    assert names(search(world, ["name=feather", "aliases=[]", "cmdsets=[]"])) == ["feather"]


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("colour=red", "unknown field 'colour'"),
        ("name", "write FIELD OP VALUE"),
        ("tag>2", "tag takes = or !="),
        ("name~(", "not a regular expression"),
        ("desc.x=1", "unknown field 'desc.x'"),
    ],
)
def test_bad_conditions_say_what_is_wrong(world, condition, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        search(world, [condition])


def test_the_cli_sees_a_turn_the_running_game_has_not_checkpointed(tmp_path):
    game = fresh_game(tmp_path)  # holds the lock, as a running game does
    try:
        with game.engine.turn():
            game.world.create(Kind.THING, "glass pebble", location=game.world.get(1), attrs={"weight": 2})
        out = sandbox("query", "--game", str(tmp_path / "g"), "name~pebble", "attrs.weight>=2")
        assert out.returncode == 0, out.stderr
        assert "glass pebble  in #1 Village Green" in out.stdout
        assert "1 object(s) match." in out.stderr
        as_json = sandbox("query", "--game", str(tmp_path / "g"), "--json", "name=glass pebble")
        (doc,) = orjson.loads(as_json.stdout)
        assert doc["attrs"] == {"weight": 2} and doc["location"] == 1
    finally:
        game.close()


def test_the_cli_exit_codes(tmp_path):
    game = fresh_game(tmp_path)
    game.close()
    where = str(tmp_path / "g")
    assert sandbox("query", "--game", where, "name=nothing such").returncode == 1
    bad = sandbox("query", "--game", where, "colour=red")
    assert bad.returncode == 2 and "unknown field 'colour'" in bad.stderr
    (tmp_path / "empty").mkdir()
    none = sandbox("query", "--game", str(tmp_path / "empty"), "kind=room")
    assert none.returncode == 2 and "no saved world" in none.stderr


def test_a_checkpoint_during_the_read_is_read_again(tmp_path, monkeypatch):
    game = fresh_game(tmp_path)
    try:
        with game.engine.turn():
            game.world.create(Kind.THING, "brass key", location=game.world.get(1))
        reads = []
        real_load = WorldStore.load

        def load_then_checkpoint(store):
            world = real_load(store)
            reads.append(len(world))
            if len(reads) == 1:
                game.store.checkpoint()  # the running game checkpoints while we read
            return world

        monkeypatch.setattr(query_module.WorldStore, "load", load_then_checkpoint)
        world = read_world(tmp_path / "g" / "world")
        assert len(reads) == 2
        assert names(search(world, ["name=brass key"])) == ["brass key"]
    finally:
        game.close()
