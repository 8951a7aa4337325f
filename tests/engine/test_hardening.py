"""Audit findings: permission checks on builder commands, containment, hostile names."""
from sandbox.engine.objects import Kind, Perm, from_doc
from sandbox.engine.world import World


def test_builder_cannot_destroy_admin_by_tagging_npc(h, builder):
    root = h.login("Root", "admin")
    h.world.accounts["root"] = {"name": "Root", "hash": "x", "character": root.char.id}
    assert "may not change" in h.call(builder, "tag Root = npc")
    assert "npc" not in root.char.tags
    # Even if the tag got there (an admin's own doing), the account makes it a player.
    root.char.tags.add("npc")
    assert "Players are not destroyed" in h.call(builder, f"destroy #{root.char.id}")
    assert root.char.id in h.world.objects and root.char.perm == Perm.ADMIN


def test_builder_cannot_edit_or_move_higher_ranked_players_or_their_things(h, builder):
    root = h.login("Root", "admin")
    with h.engine.turn():
        crown = h.world.create(Kind.THING, "crown", location=root.char)
    for line in ("name Root = Fool", "set Root/x = 1", "desc Root = bald", "alias Root = fool",
                 "tel Root = #2", f"destroy #{crown.id}", f"set #{crown.id}/x = 1", f"tel #{crown.id} = #2"):
        assert "may not change" in h.call(builder, line), line
    assert root.char.name == "Root" and not root.char.attrs and root.char.location == 1
    assert crown.id in h.world.objects and crown.location == root.char.id and not crown.attrs
    assert "can't take" in h.call(builder, f"get #{crown.id}")
    assert crown.location == root.char.id
    # Builders keep their power over players, and admins over everyone.
    h.login("Alice")
    assert "is now called Alicia" in h.call(builder, "name Alice = Alicia")
    assert "Sent" in h.call(root, f"tel #{builder.char.id} = #2")


def test_player_cannot_give_or_drop_what_they_do_not_carry(h, alice):
    bob = h.login("Bob")
    assert "not carrying" in h.call(alice, "give me to Bob")
    assert alice.char.location == 1 and alice.char.id not in bob.char.contents
    assert "not carrying" in h.call(alice, "drop here")
    assert "not carrying" in h.call(alice, "give here to Bob")
    assert h.world.get(1).location is None


def test_teleport_into_itself_or_of_a_room_is_refused_cleanly(h, builder):
    alice = h.login("Alice")
    h.call(builder, "create box")
    out = h.call(builder, "tel box = box")
    assert "cannot go inside itself" in out and "went wrong" not in out
    out = h.call(builder, "tel me = box")
    assert "cannot go inside itself" in out and "went wrong" not in out
    assert "leaves" not in alice.take()
    assert "Only things and characters" in h.call(builder, "tel #1 = #2")
    assert h.world.get(1).location is None and 1 not in h.world.get(2).contents


def test_destroying_the_start_room_does_not_strand_characters(h, builder, alice):
    assert h.world.start_room().id == 1
    h.call(builder, "destroy here")
    assert alice.char.location is not None and h.world.get(alice.char.location).kind == Kind.ROOM
    assert builder.char.location is not None


def test_exit_names_with_brackets_keep_room_markup_valid(h, builder):
    h.call(builder, "open a]b = #2")
    h.call(builder, "open c[d = #2")
    out = h.call(builder, "look")  # Player.take() asserts every message is valid markup
    assert "a]b" in out and "c[d" in out


def test_name_cannot_be_empty(h, builder):
    h.call(builder, "create lamp")
    assert "Usage" in h.call(builder, "name lamp = ;")
    assert any(o.name == "lamp" for o in h.world.objects.values())


def test_loaded_location_loop_is_broken_not_hanging():
    # As a damaged file would hold them: a is in b and b is in a.
    a = from_doc({"id": 1, "kind": "thing", "name": "a", "location": 2})
    b = from_doc({"id": 2, "kind": "thing", "name": "b", "location": 1})
    room = from_doc({"id": 3, "kind": "room", "name": "room"})
    fresh = World()
    fresh.load([a, b, room], [], {})
    # No object may be inside itself; moving into the former loop must finish.
    x = fresh.create(Kind.THING, "x", location=room)
    fresh.move(x, fresh.get(a.id))
    assert fresh.get(a.id).location is None or fresh.get(b.id).location is None
    fresh.destroy(fresh.get(a.id))
