"""No builder rises above their rank: identity by id, players' names, teleport
destinations, and links in world text (issue 12, items 4-6)."""
from __future__ import annotations

import pytest

from sandbox.engine.accounts import check_name, create_account
from sandbox.engine.objects import Kind, Perm
from sandbox.engine.session import ClientInfo
from tests.helpers import Harness, Player


def register(h: Harness, name: str, perm: str = "player") -> Player:
    """A real account (as the login flow makes it), then logged in."""
    with h.engine.turn():
        char = create_account(h.world, name, "x")
        char.perm = Perm.parse(perm)
        h.world.move(char, h.world.start_room())  # where logging in would put it
    return Player(h.engine, char, ClientInfo(frontend="transcript"))


@pytest.fixture
def cast(h: Harness) -> tuple[Player, Player, Player]:
    root = register(h, "Root", "admin")
    mallory = register(h, "Mallory", "builder")  # registered before Carol
    carol = register(h, "Carol")
    return root, mallory, carol


def raw(h: Harness, player: Player, line: str) -> str:
    """The markup a command sent (what front ends render), not its plain text."""
    player.clear()
    h.engine.input(player.id, line)
    text = "\n".join(m.text for m in player.inbox)
    player.clear()
    return text


# -- item 4: identity by id, names reserved to players -------------------------------------------
def test_mallory_cannot_become_carol_and_the_admin_promotes_the_real_carol(h, cast):
    root, mallory, carol = cast
    assert "name of the player Carol" in h.call(mallory, "name me = Carol")
    assert "name of the player Carol" in h.call(mallory, "alias me = carol")
    assert "name of the player Carol" in h.call(mallory, "name me = Mal;Carol")
    assert mallory.char.name == "Mallory" and "carol" not in [a.lower() for a in mallory.char.aliases]
    out = h.call(root, "perm Carol = admin")
    assert f"Carol (#{carol.char.id}, player carol) is a admin" in out
    assert carol.char.perm == Perm.ADMIN and mallory.char.perm == Perm.BUILDER


def test_two_characters_with_one_name_are_listed_with_ids_and_nobody_is_promoted(h, cast):
    root, mallory, carol = cast
    # A world written before these checks (or edited by hand) can still hold look-alikes.
    with h.engine.turn():
        mallory.char.name = "Carol"
    out = h.call(root, "perm Carol = admin")
    assert "could be any of" in out
    assert f"#{carol.char.id}, player carol" in out and f"#{mallory.char.id}, player mallory" in out
    assert mallory.char.perm == Perm.BUILDER and carol.char.perm == Perm.PLAYER
    h.call(root, f"perm #{carol.char.id} = builder")
    assert carol.char.perm == Perm.BUILDER and mallory.char.perm == Perm.BUILDER


def test_builders_cannot_give_an_npc_a_players_name(h, cast):
    root, mallory, carol = cast
    assert "name of the player Root" in h.call(mallory, "create/npc Root")
    assert "name of the player Carol" in h.call(mallory, "create/npc Guard;carol")
    assert "Created" in h.call(mallory, "create/npc Rat")
    assert "name of the player Root" in h.call(mallory, "name Rat = Root")
    assert "name of the player Carol" in h.call(mallory, "alias Rat = Carol")
    assert not [c for c in h.world.characters_named("Root") if "npc" in c.tags]


def test_an_npc_does_not_keep_a_person_from_registering_its_name(h, cast):
    root, mallory, carol = cast
    h.call(mallory, "create/npc Dave")
    assert check_name(h.world, "Dave").status == "new"
    dave = register(h, "Dave")
    assert "could be any of" in h.call(mallory, "tag/del Dave = npc")
    npc = next(c for c in h.world.characters_named("Dave") if c.id != dave.char.id)
    assert "name of the player Dave" in h.call(mallory, f"tag/del #{npc.id} = npc")
    assert "npc" in npc.tags
    # Both are in the room; the NPC is marked as one, the player is not.
    here = h.call(carol, "look")
    assert "Dave (NPC)" in here and "Dave." in here.replace("Dave (NPC)", "")
    # give, like every command that picks a character by name, will not guess.
    with h.engine.turn():
        h.world.create(Kind.THING, "apple", location=carol.char)
    out = h.call(carol, "give apple to Dave")
    assert "could be any of" in out and f"#{dave.char.id}, player dave" in out and f"#{npc.id}, NPC" in out


def test_who_and_room_lists_show_npcs_as_npcs(h, cast):
    root, mallory, carol = cast
    puppet = h.login("Boss")  # a character without an account ...
    with h.engine.turn():
        puppet.char.tags.add("npc")  # ... that is an NPC someone is driving
    who = h.call(carol, "who")
    assert "Boss (NPC)" in who and "Carol" in who and "Carol (NPC)" not in who
    assert "Whiskers (NPC)" in h.call(carol, "look")
    assert "(NPC" in h.call(carol, "look Whiskers")


def test_ambiguous_names_in_privileged_commands_list_ids(h, cast):
    root, mallory, carol = cast
    h.call(mallory, "create/npc guard")
    h.call(mallory, "create/npc guard")
    guards = [c for c in h.world.characters_named("guard")]
    for line in ("destroy guard", "tel guard = #2", "name guard = Sentry", "desc guard = big", "set guard/x = 1"):
        out = h.call(mallory, line)
        assert "could be any of" in out and all(f"#{g.id}" in out for g in guards), line
    assert all(g.location == 1 and g.name == "guard" and not g.attrs for g in guards)
    assert "Destroyed" in h.call(mallory, f"destroy #{guards[0].id}")


# -- item 5: ownership, and each privileged command against a higher rank ------------------------
def test_teleport_into_a_higher_ranks_inventory_or_carried_container_is_refused(h, cast):
    root, mallory, carol = cast
    with h.engine.turn():
        purse = h.world.create(Kind.THING, "purse", location=root.char)
        rat = h.world.create(Kind.CHARACTER, "Rat", location=h.world.get(1), tags=["npc"])
    assert "may not change" in h.call(mallory, f"tel Rat = #{purse.id}")
    assert "may not change" in h.call(mallory, f"tel #{purse.id}")
    assert "may not change" in h.call(mallory, f"tel #{rat.id} = #{purse.id}")
    assert rat.location == 1 and mallory.char.location == 1 and not purse.contents
    # Teleporting to a character still means to their room, and one's own bag is fine.
    h.call(mallory, "create bag")
    bag = next(o for o in h.world.objects.values() if o.name == "bag")
    assert "Sent" in h.call(mallory, f"tel Rat = #{bag.id}") and rat.location == bag.id
    assert "Sent" in h.call(root, f"tel #{rat.id} = #{purse.id}") and rat.location == purse.id  # admins may


HIGHER_RANK_LINES = [
    "name #{crown} = trinket",
    "alias #{crown} = junk",
    "desc #{crown} = fake",
    "set #{crown}/cursed = true",
    "unset #{crown}/gem",
    "tag #{crown} = cursed",
    "destroy #{crown}",
    "tel #{crown} = #2",
    "tel #{rat} = #{crown}",
    "tel #{crown}",
    "name #{boss} = Fool",
    "tel #{boss} = #2",
    "perm #{boss} = player",
]


@pytest.mark.parametrize("line", HIGHER_RANK_LINES)
@pytest.mark.parametrize("ranks", [("builder", "admin"), ("builder", "builder"), ("player", "builder")])
def test_a_lower_or_equal_rank_cannot_act_on_anothers_things(h, line, ranks):
    actor_rank, owner_rank = ranks
    register(h, "Root", "admin")
    boss = register(h, "Boss", owner_rank) if owner_rank != "admin" else h.login("Root")
    actor = register(h, "Eve", actor_rank)
    with h.engine.turn():
        crown = h.world.create(Kind.THING, "crown", location=boss.char, attrs={"gem": "ruby"})
        rat = h.world.create(Kind.CHARACTER, "Rat", location=h.world.get(1), tags=["npc"])
    before = (crown.to_doc(), boss.char.to_doc(), rat.to_doc())
    out = h.call(actor, line.format(crown=crown.id, boss=boss.char.id, rat=rat.id))
    assert any(why in out for why in ("may not change", "admin command", "builder command")), out
    assert crown.id in h.world.objects
    assert (crown.to_doc(), boss.char.to_doc(), rat.to_doc()) == before


# -- item 6: links and exit names ---------------------------------------------------------------
def test_links_carrying_privileged_commands_are_not_live_in_world_text(h, cast):
    root, mallory, carol = cast
    h.call(mallory, "desc here = A [link=perm Mallory = admin]a shiny coin[/link] and [link=look well]the well[/link]. "
                    "[link=tele #5]x[/link] [link=DESTROY #3]y[/link] [link=l]z[/link]")
    for reader in (root, mallory, carol):
        room = raw(h, reader, "look")
        assert "a shiny coin" in room
        assert "[link=perm" not in room and "[link=tele" not in room and "[link=DESTROY" not in room
        assert "[link=look well]the well[/link]" in room and "[link=l]z[/link]" in room
    assert mallory.char.perm == Perm.BUILDER
    with h.engine.turn():
        coin = h.world.create(Kind.THING, "coin", location=h.world.get(1), desc="[link=perm Mallory = admin]rub me[/link]")
    shown = raw(h, root, f"look #{coin.id}")
    assert "rub me" in shown and "[link=" not in shown


def test_exit_names_may_not_shadow_or_carry_commands(h, cast):
    root, mallory, carol = cast
    for line in ("open quit = #2", "open perm Mallory = admin = #2", "open hatch;look = #2",
                 "dig Trap = look, out", "open door, l = #2"):
        assert "is a command" in h.call(mallory, line), line
    assert not [e for e in h.world.exits(h.world.get(1)) if e.name in ("quit", "hatch", "door")]
    assert not [o for o in h.world.objects.values() if o.name == "Trap"]
    assert "Opened" in h.call(mallory, "open hatch = #2")
    assert "is a command" in h.call(mallory, "name hatch = look")
    assert "is a command" in h.call(mallory, "alias hatch = quit")
    # Exits already in the world (an old or imported file) lose to the commands they shadow,
    # and one named after a privileged command is shown without its link.
    with h.engine.turn():
        here = h.world.get(1)
        h.world.create(Kind.EXIT, "quit", location=here, destination=h.world.get(2))
        h.world.create(Kind.EXIT, "perm Mallory = admin", location=here, destination=h.world.get(2))
    room = raw(h, root, "look")
    assert "[link=perm" not in room and "perm Mallory = admin" in room
    h.call(carol, "quit")
    assert carol.closed and carol.char.location != 2
    # Directions still move, even past a command of the same name.
    assert h.call(root, "north").startswith("Old Mill Lane")


def test_a_locked_exits_message_carries_no_live_privileged_link(h, cast):
    root, mallory, carol = cast
    with h.engine.turn():
        gate = h.world.create(Kind.EXIT, "gate", location=h.world.get(1), destination=h.world.get(2), locks={"traverse": "false()"},
                              attrs={"err_traverse": "Locked. [link=perm Mallory = admin]Knock[/link] or [link=look]look[/link]."})
    # Every reader gets the builder's refusal with the privileged link disarmed (an
    # admin, who would be the victim, passes the lock and so never sees it).
    shown = raw(h, mallory, "gate")
    assert "Knock" in shown and "[link=perm" not in shown and "[link=look]look[/link]" in shown
    assert gate.id in h.world.objects and mallory.char.location == 1
