"""Channel history keeps the newest 50 lines, in the world (so in the journal)."""
from __future__ import annotations

from tests.helpers import Harness


def test_history_keeps_the_last_fifty_lines_and_shows_them_oldest_first() -> None:
    h = Harness()
    alice = h.login("Alice")
    for i in range(55):
        h.call(alice, f"ooc line {i}")
    history = h.world.meta["channels"]["ooc"]["history"]
    assert len(history) == 50
    assert history[0][1].endswith("line 5") and history[-1][1].endswith("line 54")
    shown = h.call(alice, "channel/history ooc 100")
    assert shown.startswith("Last 50 on ooc")
    assert shown.index("line 5\n") < shown.index("line 54") and "line 4\n" not in shown


def test_membership_is_kept_on_the_character_and_defaults_to_ooc() -> None:
    h = Harness()
    alice, bob = h.login("Alice"), h.login("Bob")
    assert "channels" not in bob.char.attrs  # never chose: on ooc by default
    h.call(bob, "channel/leave ooc")
    assert bob.char.attrs["channels"] == []
    h.call(alice, "ooc anyone?")
    assert "anyone?" not in bob.take()
    assert "not on [ooc]" in h.call(bob, "ooc hello")


def test_who_shows_idle_minutes_and_hours_and_places_only_to_builders() -> None:
    h = Harness()
    alice, builder = h.login("Alice"), h.login("Bea", perm="builder")
    h.call(alice, "look")
    h.wait(3700)
    seen_by_builder = h.call(builder, "who")  # Alice has typed nothing for 3700 s
    assert "1h01m" in seen_by_builder and "Village Green (#1)" in seen_by_builder
    seen_by_player = h.call(alice, "who")
    assert "Bea" in seen_by_player and "idle     0s" in seen_by_player and "Village Green" not in seen_by_player


def test_tells_kept_for_someone_away_are_capped_at_fifty() -> None:
    from sandbox.engine import mailbox

    h = Harness()
    alice, bob = h.login("Alice"), h.login("Bob")
    h.engine.disconnect(bob.session.id)
    for i in range(55):
        h.call(alice, f"tell bob = note {i}")
    waiting = bob.char.attrs[mailbox.WAITING]
    assert len(waiting) == mailbox.MAX_WAITING and waiting[0]["text"].endswith('note 5[/say]"')
    assert "(50 waiting)" in h.call(alice, "tell bob = one more")


def test_a_destroyed_channel_keeps_no_members_for_a_new_one_of_that_name() -> None:
    h = Harness()
    alice, bob = h.login("Alice"), h.login("Bob")
    h.call(alice, "channel/create knit")
    h.call(bob, "channel/join knit")
    h.call(alice, "channel/destroy knit")
    assert "knit" not in bob.char.attrs["channels"] and "knit" not in alice.char.attrs["channels"]
    h.call(bob, "channel/create knit")
    h.call(bob, "channel knit = anyone?")
    assert "anyone?" not in alice.take()
