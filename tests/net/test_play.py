"""Players over real sockets: seeing each other, passwords, link-dead, takeover, prompts."""
from __future__ import annotations

import asyncio

import pytest

from sandbox.engine.objects import Perm
from tests.net.conftest import RawClient, Running, login


async def test_two_players_see_say_and_movement_and_markup_stays_literal(running: Running) -> None:
    alice = await login(running.host, running.port, "alice", new=True)
    bob = await login(running.host, running.port, "bob", new=True)
    await alice.read_until("Bob arrives.")
    alice.send("say hello [error]bold[/error] \x1b[31mred \\[b]")
    mine = await alice.read_until('red \\[b]"')
    assert 'You say, "hello [error]bold[/error] red \\[b]"' in mine
    heard = await bob.read_until('red \\[b]"')
    assert 'Alice says, "hello [error]bold[/error] red \\[b]"' in heard
    assert b"\x1b[31m" not in bob.received  # no escape sequence of Alice's reached Bob
    bob.send("emote waves.")
    assert "Bob waves." in await alice.read_until("Bob waves.")
    bob.send("north")
    assert "Bob leaves north." in await alice.read_until("Bob leaves north.")
    alice.send("north")
    assert "Alice arrives." in await bob.read_until("Alice arrives.")
    # First account on a fresh world is the admin; the next is a player.
    world = running.game.world
    assert world.characters_named("Alice")[0].perm == Perm.ADMIN
    assert world.characters_named("Bob")[0].perm == Perm.PLAYER
    for c in (alice, bob):
        await c.close()


async def test_wrong_password_is_refused_and_throttled(running: Running) -> None:
    first = await login(running.host, running.port, "carol", "right-one", new=True)
    await first.close()
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send("carol")
    await client.read_until("Password: ")
    client.send("wrong")
    refused = await client.read_until("Password: ")
    assert "Wrong password." in refused
    started = asyncio.get_running_loop().time()
    client.send("still wrong")
    await client.read_until("Password: ")
    # The second failure doubles the wait (0.05 s, then 0.1 s in this test's throttle),
    # on top of the hash check itself.
    assert asyncio.get_running_loop().time() - started >= 0.1
    client.send("right-one")
    assert "Village Green" in await client.read_until("> ")
    await client.close()


async def test_password_input_is_hidden_with_echo(running: Running) -> None:
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send("dave")
    await client.read_until(b"\xff\xfb\x01New character. Choose a password: ")  # WILL ECHO first
    client.send("pass1234")
    await client.read_until(b"\xff\xfc\x01")  # WONT ECHO after the answer
    await client.close()


@pytest.mark.parametrize("running", [{"linkdead_grace": 0.4}], indirect=True)
async def test_link_dead_character_stays_then_leaves_and_resumes(running: Running) -> None:
    alice = await login(running.host, running.port, "alice", new=True)
    bob = await login(running.host, running.port, "bob", new=True)
    bob.send("north")
    await bob.read_until("> ")
    await alice.read_until("Bob leaves north.")
    bob.writer.transport.abort()  # the connection drops, no quit
    await asyncio.sleep(0.05)
    alice.send("north")
    here = await alice.read_until("Here: ")
    assert "Old Mill Lane" in here and "Bob" in await alice.read_until("> ")  # still standing in the lane, link-dead
    assert "Bob leaves the world." in await alice.read_until("Bob leaves the world.", timeout=3)
    bob = await login(running.host, running.port, "bob", new=False)
    assert "Bob arrives." in await alice.read_until("Bob arrives.")
    bob.send("look")
    assert "Old Mill Lane" in await bob.read_until("> ")
    for c in (alice, bob):
        await c.close()


async def test_reconnect_within_grace_resumes_and_takeover_closes_the_old_connection(running: Running) -> None:
    alice = await login(running.host, running.port, "alice", new=True)
    bob = await login(running.host, running.port, "bob", new=True)
    await alice.read_until("Bob arrives.")
    bob.writer.transport.abort()
    assert "Bob has lost the connection." in await alice.read_until("Bob has lost the connection.")
    bob = await login(running.host, running.port, "bob", new=False)
    assert "Bob is back." in await alice.read_until("Bob is back.")
    # Logging in again while connected takes the character over.
    second = await login(running.host, running.port, "bob", new=False)
    old = await bob.read_all()
    assert "taken over by a new connection" in old
    second.send("say still me")
    assert 'Bob says, "still me"' in await alice.read_until('still me"')
    assert len(running.game.engine.sessions) == 2
    for c in (alice, second):
        await c.close()


async def test_prompt_ends_with_ga_and_timer_output_starts_on_a_fresh_line(running: Running) -> None:
    alice = await login(running.host, running.port, "alice", new=True)
    assert alice.received.endswith(b"> \xff\xf9")  # GA: this raw client never agreed to EOR
    engine = running.game.engine
    room = running.game.world.start_room()
    assert room is not None
    engine.schedule(0.05, lambda: engine.announce(room, "A bell tolls."))
    await alice.read_until(b"A bell tolls.\r\n> \xff\xf9")
    assert b"> \xff\xf9\r\nA bell tolls.\r\n> \xff\xf9" in alice.received
    await alice.close()
