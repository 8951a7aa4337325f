"""One rule for exit names in a room, shared by dig, open, tunnel, name and alias; link
never guesses between exits that share a name (a world made before the rule, or imported)."""
from __future__ import annotations

from sandbox.engine.objects import Kind


def test_link_names_every_exit_that_answers_and_takes_an_id(h, builder):
    green, market, chapel = h.world.get(1), h.world.get(2), h.world.get(9)
    with h.engine.turn():  # what an old or imported world can hold
        twin = h.world.create(Kind.EXIT, "east", aliases=["e"], location=green, destination=chapel)
    out = h.call(builder, "link east = #3")
    assert out.startswith("Several exits here answer to 'east': east #10, east #") and f"#{twin.id}" in out
    assert h.world.get(10).destination == market.id and twin.destination == chapel.id
    assert "now leads to The Crooked Lantern" in h.call(builder, f"link #{twin.id} = #3")
    assert twin.destination == 3 and h.world.get(10).destination == market.id
    assert "does not leave from here" in h.call(builder, "link #12 = #3")  # Market Square's north


def test_tunnel_refuses_a_direction_whose_short_alias_is_taken(h, builder):
    with h.engine.turn():
        h.world.create(Kind.EXIT, "path", aliases=["ne"], location=h.world.get(1), destination=h.world.get(2))
    out = h.call(builder, "tunnel ne = Hill")
    assert "already has an exit answering to 'ne': path" in out
    assert not [o for o in h.world.objects.values() if o.name == "Hill"]


def test_renaming_an_exit_to_its_own_names_is_fine(h, builder):
    assert "is now called" in h.call(builder, "name east = east;e")
    assert "Aliases of east: e, market" in h.call(builder, "alias east = e, market")


def test_direction_words_never_reach_other_commands(h, builder, alice):
    with h.engine.turn():
        cell = h.world.create(Kind.ROOM, "Cell")
        h.world.move(builder.char, cell)
        h.world.move(alice.char, cell)
    for word in ("n", "e", "d", "s", "u", "w", "in", "out", "ne", "sw", "north", "down"):
        assert h.call(builder, word) == "You can't go that way.", word
        assert h.call(alice, word) == "You can't go that way.", word
    assert cell.name == "Cell"  # `n` did not run `name`
