"""One rule for "is this a player?", seen through everything that asks it.

The hard case is an account holder whom a builder (or an admin's own doing) tagged
``npc``: the account makes them a player everywhere, and the tag alone makes anyone else
an NPC everywhere. Each test goes through what a user sees, not through the rule itself.
"""
from __future__ import annotations

import orjson
import pytest

from sandbox.engine.objects import Kind
from sandbox.markup.theme import DEFAULT_THEME
from sandbox.store.layout import PLAYERS
from sandbox.store.transfer import export_area, import_area
from sandbox.store.world_store import WorldStore
from sandbox.tui.widgets.inspector import room_report
from tests.helpers import Harness
from tests.store.worlds import fresh_game


@pytest.fixture
def h() -> Harness:
    return Harness()


def _tagged_account_holder(h: Harness, name: str = "Dora"):
    """A logged-in player with an account, tagged npc; and a tag-only NPC beside them."""
    dora = h.login(name)
    with h.engine.turn():
        h.world.accounts[name.lower()] = {"name": name, "hash": "x", "character": dora.char.id}
        dora.char.tags.add("npc")
        puppet = h.world.create(Kind.CHARACTER, "Puppet", location=h.world.get(1), tags=["npc"])
    return dora, puppet


def test_room_lists_who_and_look_show_the_account_holder_as_a_player(h):
    dora, puppet = _tagged_account_holder(h)
    viewer = h.login("Vic")
    room = h.call(viewer, "look")
    assert "Dora" in room and "Dora (NPC)" not in room
    assert "Puppet (NPC)" in room
    assert "(NPC" not in h.call(viewer, "look Dora")
    assert "(NPC)" in h.call(viewer, "look Puppet")
    who = h.call(viewer, "who")
    assert "Dora" in who and "Dora (NPC)" not in who


def test_names_are_styled_by_the_rule(h):
    dora, puppet = _tagged_account_holder(h)
    from sandbox.engine.describe import name_markup

    assert name_markup(dora.char) == "[player]Dora[/player]"
    assert name_markup(puppet) == "[npc]Puppet[/npc]"


def test_destroy_refuses_the_account_holder_and_takes_the_npc(h):
    dora, puppet = _tagged_account_holder(h)
    root = h.login("Root", "admin")
    assert "Players are not destroyed" in h.call(root, f"destroy #{dora.char.id}")
    assert "Destroyed" in h.call(root, f"destroy #{puppet.id}")
    assert dora.char.id in h.world.objects and puppet.id not in h.world.objects


def test_identity_lists_say_player_and_npc(h):
    dora, puppet = _tagged_account_holder(h)
    root = h.login("Root", "admin")
    out = h.call(root, "perm Dora")
    assert f"#{dora.char.id}, player dora" in out
    assert "NPC" in h.call(root, "perm Puppet")


def test_a_person_cannot_register_the_tagged_account_holders_name_but_can_an_npcs(h):
    from sandbox.engine.accounts import check_name

    _tagged_account_holder(h, "Dora")
    with h.engine.turn():  # a character named like the holder but without the account record
        del h.world.accounts["dora"]
        h.world.accounts["someone"] = {"name": "Someone", "hash": "x", "character": h.world.characters_named("Dora")[0].id}
    assert check_name(h.world, "Dora").status == "invalid"
    assert check_name(h.world, "Puppet").status == "new"


def test_export_leaves_the_account_holder_out_and_import_keeps_them_in_place(h):
    dora, puppet = _tagged_account_holder(h)
    data = export_area(h.world, "Millbrook")
    exported = {d["id"] for d in data["objects"]}
    assert puppet.id in exported and dora.char.id not in exported
    with h.engine.turn():
        import_area(h.world, orjson.loads(orjson.dumps(data)))
    # The player standing in the area was set aside and put back, not lost or duplicated.
    assert h.world.get(dora.char.id) is dora.char and dora.char.location == 1
    assert h.world.get(1).contents.count(dora.char.id) == 1


def test_the_store_files_the_account_holder_with_the_players(tmp_path):
    game = fresh_game(tmp_path)
    world = game.world
    with game.engine.turn():
        dora = world.create(Kind.CHARACTER, "Dora", location=world.get(1), tags=["npc"])
        world.accounts["dora"] = {"name": "Dora", "hash": "x", "character": dora.id}
        purse = world.create(Kind.THING, "purse", location=dora)
        puppet = world.create(Kind.CHARACTER, "Puppet", location=world.get(1), tags=["npc"])
    game.close()
    world_dir = tmp_path / "g" / "world"
    players = orjson.loads((world_dir / f"{PLAYERS}.db.json").read_bytes())["objects"]
    assert {str(dora.id), str(purse.id)} <= set(players)
    assert str(puppet.id) not in players
    again = WorldStore(world_dir, writable=False).load()
    assert again.get(dora.id).tags == {"npc"} and again.get(purse.id).location == dora.id


def test_the_inspector_marks_only_the_npc(h):
    dora, puppet = _tagged_account_holder(h)
    text = room_report(h.world, h.world.get(1), DEFAULT_THEME).plain
    assert f"#{dora.char.id} character\n" in text
    assert f"#{puppet.id} character npc\n" in text
