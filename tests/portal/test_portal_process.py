"""Portal mode with real processes, real sockets and real signals.

20 players stay connected while the engine is SIGKILLed, cold-reloaded, and while the
portal itself restarts under a running engine.
"""
from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time

from sandbox.store.world_store import WorldStore
from tests.portal.procs import Proc, engine_pid, init_game, kill, login_when_up, wait_for

CLIENTS = 20


async def _login_all(host: str, port: int, names: list[str]):
    first = await login_when_up(host, port, names[0])  # the first account is the admin
    rest = await asyncio.gather(*(login_when_up(host, port, n) for n in names[1:]))
    return [first, *rest]


async def _outage_round_trip(clients, during_outage: str = "look", *, restart=None) -> list[str]:
    """Every player is told once and is back after; returns what input during the outage got.

    ``restart`` (when the test plays the external supervisor) runs after the players have
    typed into the outage, so 'still restarting' is certain rather than a race.
    """
    await asyncio.gather(*(c.read_until("The world is restarting", timeout=10) for c in clients))
    await asyncio.gather(*(c.read_until("> ", timeout=10) for c in clients))  # the notice's prompt
    for c in clients:
        c.send(during_outage)
    answers = await asyncio.gather(*(c.read_until("> ", timeout=10) for c in clients))
    if restart is not None:
        restart()
    await asyncio.gather(*(c.read_until("The world is back", timeout=20) for c in clients))
    await asyncio.gather(*(c.read_until("> ", timeout=10) for c in clients))
    for c in clients:
        c.send("look")
    rooms = await asyncio.gather(*(c.read_until("Exits:", timeout=10) for c in clients))
    assert all("Exits:" in r for r in rooms)
    # Re-attached players never left, so nobody is told they "arrive" or "leave the world".
    assert not [r for r in rooms if "arrives." in r or "leaves the world" in r], rooms
    return answers


async def test_engine_sigkill_and_cold_reload_keep_every_connection(tmp_path):
    game = init_game(tmp_path)
    portal = Proc(["portal", "--game", str(game), "--telnet", "0", "--engine", "--max-per-address", "64"], "Portal listening")
    try:
        names = [f"Player{chr(97 + i)}" for i in range(CLIENTS)]
        clients = await _login_all(portal.host, portal.port, names)
        first_engine = engine_pid(portal)

        # 1. the engine dies hard
        kill(first_engine, signal.SIGKILL)
        await _outage_round_trip(clients)
        second_engine = engine_pid(portal, previous=first_engine)
        assert second_engine != first_engine

        # Players keep their characters and places; the admin is still the admin.
        clients[1].send("north")
        assert "Old Mill Lane" in await clients[1].read_until("Old Mill Lane")

        # 2. a planned cold reload, asked for in the game by the admin
        clients[0].send("reload --cold")
        await clients[0].read_until("Restarting the engine")
        await _outage_round_trip(clients[1:], during_outage="say anyone?")
        wait_for(lambda: engine_pid(portal, previous=second_engine) != second_engine, what="a new engine")

        # Nobody was disconnected at any point.
        for c in clients:
            assert not c.closed
        clients[2].send("who")
        assert f"Online ({CLIENTS})" in await clients[2].read_until(f"Online ({CLIENTS})")
    finally:
        portal.stop()


async def test_portal_restart_while_the_engine_keeps_ticking(tmp_path):
    game = init_game(tmp_path)
    link = tmp_path / "link.sock"
    # Whiskers wanders every second, so ticking shows up on disk within the test.
    subprocess.run(
        [sys.executable, "-m", "sandbox", "play", "--game", str(game)],
        input='set whiskers/behaviours = {"wander": 1}\n',
        text=True,
        check=True,
        capture_output=True,
    )
    portal = Proc(["portal", "--game", str(game), "--telnet", "0", "--link", str(link)], "Portal listening")
    engine = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "serve", "--game", str(game), "--portal", str(link)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        alice = await login_when_up(portal.host, portal.port, "Alice")
        alice.send("look")
        await alice.read_until("Exits:")
        portal.popen.send_signal(signal.SIGKILL)
        portal.popen.wait()
        await alice.read_all(timeout=5)  # the portal held the connection; it is gone with it

        def cat_location() -> int | None:
            world = WorldStore(game / "world", writable=False).load()
            return world.characters_named("Whiskers")[0].location

        seen = {cat_location()}
        deadline = time.monotonic() + 10
        while len(seen) < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.3)
            seen.add(cat_location())
        assert len(seen) >= 3, "the engine stopped ticking while the portal was away"
        assert engine.poll() is None

        portal = Proc(["portal", "--game", str(game), "--telnet", "0", "--link", str(link)], "Portal listening")
        again = await login_when_up(portal.host, portal.port, "Alice")  # players log in as usual
        again.send("look")
        assert "Exits:" in await again.read_until("Exits:")
    finally:
        engine.send_signal(signal.SIGTERM)
        engine.wait(timeout=10)
        portal.stop()


async def test_input_during_an_outage_is_refused_not_queued(tmp_path):
    """An engine run by an external supervisor (here: the test) dies; players type."""
    game = init_game(tmp_path)
    link = tmp_path / "link.sock"
    portal = Proc(["portal", "--game", str(game), "--telnet", "0", "--link", str(link)], "Portal listening")
    engine_argv = [sys.executable, "-m", "sandbox", "serve", "--game", str(game), "--portal", str(link)]
    engines = [subprocess.Popen(engine_argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        alice = await login_when_up(portal.host, portal.port, "Alice")
        bob = await login_when_up(portal.host, portal.port, "Bob")
        engines[0].send_signal(signal.SIGKILL)
        engines[0].wait()
        answers = await _outage_round_trip(
            [alice, bob],
            during_outage="say typed-during-the-outage",
            restart=lambda: engines.append(subprocess.Popen(engine_argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)),
        )
        assert all("still restarting" in a for a in answers)
        alice.send("say after")
        said = await bob.read_until("Alice says")
        assert "typed-during-the-outage" not in said  # refused input never runs later
    finally:
        for e in engines:
            e.send_signal(signal.SIGTERM)
            e.wait(timeout=10)
        portal.stop()


async def test_a_hung_engine_is_killed_and_restarted(tmp_path):
    """A loop inside one C call stops heartbeats; the portal restarts the engine.

    (A Python loop is stopped by the engine's own turn budget, tests/net/test_serve.py;
    one long C call, such as this sum, is beyond its reach but not the portal's.)
    """
    game = init_game(tmp_path)
    (game / "commands" / "spin.py").write_text(
        "from sandbox.api import command\n\n\n"
        '@command("spin", perm="admin")\n'
        "def spin(ctx):\n"
        '    """Loop forever inside one C call (a bug)."""\n'
        "    sum(range(10**15))\n"
    )
    portal = Proc(["portal", "--game", str(game), "--telnet", "0", "--engine"], "Portal listening")
    try:
        admin = await login_when_up(portal.host, portal.port, "Root")
        other = await login_when_up(portal.host, portal.port, "Other")
        hung = engine_pid(portal)
        started = time.monotonic()
        admin.send("spin")
        await other.read_until("The world is restarting", timeout=15)
        await other.read_until("The world is back", timeout=15)
        assert time.monotonic() - started < 12
        assert engine_pid(portal, previous=hung) != hung
        other.send("look")
        assert "Exits:" in await other.read_until("Exits:")
    finally:
        portal.stop()
