"""Bad input gets a clear answer and nothing breaks: limits, floods, bursts, fuzzing."""
from __future__ import annotations

import asyncio
import logging
import random
import socket
import time

import pytest

from sandbox.net.telnet import codes as T
from sandbox.transcript.telnet_client import TelnetError
from tests.net.conftest import RawClient, Running, login, plain
from tests.waiting import eventually


async def test_silent_client_gets_its_greeting_at_once(running: Running) -> None:
    started = time.monotonic()
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ", timeout=1.0)
    assert time.monotonic() - started < 1.0
    await client.close()


async def test_long_line_is_cut_with_a_notice_and_bad_utf8_is_replaced(running: Running) -> None:
    alice = await login(running.host, running.port, "alice", new=True)
    alice.send(b"say " + b"x" * 6000)
    assert "was cut" in await alice.read_until("was cut")
    said = await alice.read_until('"')
    said += await alice.read_until('"')
    assert said.count("x") == 4096 - 4
    alice.send(b"say caf\xe9 \xff\xff ok")
    # Replacement characters reach the engine; this client agreed no charset, so it
    # gets the ASCII fallback, where they show as "?".
    assert 'You say, "caf? ? ok"' in await alice.read_until('ok"')
    await alice.close()


@pytest.mark.parametrize("running", [{"commands_per_second": 5.0, "command_burst": 5}], indirect=True)
async def test_command_flood_is_rate_limited_with_a_notice(running: Running) -> None:
    alice = await login(running.host, running.port, "alice", new=True)
    alice.send(b"".join(b"say flood %d\r\n" % i for i in range(50)), end=b"")
    assert "too fast" in await alice.read_until("too fast")
    # Once a later line is answered, every answer to the flood has arrived before it.
    for attempt in range(50):
        alice.send(f"say marker {attempt}")
        try:
            await alice.read_until(f'marker {attempt}"', timeout=0.5)
            break
        except TelnetError:
            continue  # still rate-limited: the bucket refills at 5 lines a second
    said = plain(bytes(alice.received)).count('You say, "flood')
    assert 1 <= said <= 7
    await alice.close()


@pytest.mark.parametrize("running", [{"max_per_address": 3}], indirect=True)
async def test_connections_per_address_are_capped(running: Running) -> None:
    clients = [await RawClient.connect(running.host, running.port) for _ in range(3)]
    for c in clients:
        await c.read_until("Name: ")
    extra = await RawClient.connect(running.host, running.port)
    assert "Too many connections from your address." in await extra.read_all()
    await clients[0].close()
    await eventually(lambda: len(running.server.connections) == 2, what="the server saw the close")
    again = await RawClient.connect(running.host, running.port)
    await again.read_until("Name: ")
    for c in clients[1:] + [again]:
        await c.close()


@pytest.mark.parametrize("running", [{"max_output_buffer": 64 * 1024, "commands_per_second": 0.0}], indirect=True)
async def test_client_that_never_reads_is_dropped_not_buffered_forever(running: Running) -> None:
    await login(running.host, running.port, "alice", new=True)
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect((running.host, running.port))
    sock.setblocking(False)
    reader, writer = await asyncio.open_connection(sock=sock)
    hog = RawClient(reader, writer)
    await hog.create_account("bob")
    reader._transport.pause_reading()  # type: ignore[attr-defined]  # stop reading: the server's buffer fills
    for _ in range(40):
        writer.write(b"look\r\n" * 500)
        await asyncio.sleep(0.01)
        if len(running.server.players) < 2:
            break
    deadline = time.monotonic() + 5
    while len(running.server.players) > 1 and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert len(running.server.players) == 1  # the hog is gone, alice is still here
    writer.transport.abort()


async def test_burst_of_connections_all_get_greeted(running: Running) -> None:
    running.server.config.max_per_address = 1000
    clients = await asyncio.gather(*(RawClient.connect(running.host, running.port) for _ in range(300)))
    await asyncio.gather(*(c.read_until("Name: ", timeout=10) for c in clients))
    await asyncio.gather(*(c.close() for c in clients))


async def test_fuzzing_many_connections_never_hurts_another_player(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    running.server.config.max_per_address = 1000
    alice = await login(running.host, running.port, "alice", new=True)
    rng = random.Random(1234)
    pieces = [b"\xff", b"\xff\xfa", b"\xff\xf0", b"\xff\xfb\x18", b"\xff\xfd\xc9", b"\xff\xfa\x1f", b"\xff\xfa\xc9Core.Hello {",
              b"\r", b"\n", b"\x00", b"\x1b[", b"look", b"\xe9", b"say hi", b"\xff\xfa\x18\x00"]

    def junk() -> bytes:
        return b"".join(rng.choice(pieces) if rng.random() < 0.6 else bytes([rng.randrange(256)]) for _ in range(rng.randrange(1, 400)))

    async def fuzz() -> None:
        client = await RawClient.connect(running.host, running.port)
        for _ in range(20):
            client.send(junk(), end=b"")
            await asyncio.sleep(0)
        await asyncio.sleep(0.05)
        client.writer.transport.abort()

    with caplog.at_level(logging.ERROR):
        await asyncio.gather(*(fuzz() for _ in range(60)))
        for i in range(5):
            alice.send(f"say still here {i}")
            assert f"still here {i}" in await alice.read_until(f"still here {i}")
    assert not [r for r in caplog.records if r.name.startswith("sandbox")]
    await eventually(lambda: len(running.server.connections) == 1, what="only alice left connected")
    await alice.close()


async def test_lines_after_quit_in_the_same_chunk_are_not_run(running: Running, monkeypatch: pytest.MonkeyPatch) -> None:
    alice = await login(running.host, running.port, "alice", new=True)
    bob = await login(running.host, running.port, "bob", new=True)
    handed: list[str] = []
    original = running.gateway.input

    def spy(session_id: int, line: str) -> None:
        handed.append(line)
        original(session_id, line)

    monkeypatch.setattr(running.gateway, "input", spy)
    bob.send(b"quit\r\nsay after quit\r\n" + b"say flood\r\n" * 20, end=b"")
    await bob.read_all()
    assert handed == ["quit"]  # the connection was closing: the rest was not even cleaned
    alice.send("say alice here")
    await alice.read_until("alice here")
    assert "after quit" not in plain(bytes(alice.received)) and "flood" not in plain(bytes(alice.received))
    await alice.close()


async def test_mccp2_may_start_twice_and_a_third_start_disconnects(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    do, dont = T.command(T.DO, T.MCCP2), T.command(T.DONT, T.MCCP2)
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send(do + dont + do + dont, end=b"")
    await asyncio.sleep(0.2)
    assert len(running.server.connections) == 1  # a client restarting compression once: fine
    with caplog.at_level(logging.WARNING, logger="sandbox.net.telnet"):
        client.send(do, end=b"")
        await client.read_all()  # the server closes the connection
    assert [r.getMessage() for r in caplog.records if "MCCP2 started more than 2 times" in r.getMessage()]


async def test_an_iac_bomb_is_cut_off_early_with_one_log_line(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    bomb = b"".join(T.command(verb, option) for verb in (T.DO, T.DONT, T.WILL, T.WONT) for option in range(256))
    with caplog.at_level(logging.WARNING, logger="sandbox.net.telnet"):
        for _ in range(3):  # reconnecting does not earn more log lines
            client = await RawClient.connect(running.host, running.port)
            client.send(bomb, end=b"")
            await client.read_all()
    lines = [r for r in caplog.records if r.name == "sandbox.net.telnet"]
    assert len(lines) == 1 and "option negotiations too fast" in lines[0].getMessage()
    alice = await login(running.host, running.port, "alice", new=True)  # the listener is fine
    await alice.close()


@pytest.mark.parametrize("running", [{"commands_per_second": 5.0, "command_burst": 5}], indirect=True)
async def test_lines_are_cleaned_only_after_the_rate_limit_and_login_backlog(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sandbox.net.telnet import lines

    cleaned: list[bytes] = []
    original = lines.clean_input

    def counting(raw: bytes) -> str:
        cleaned.append(raw)
        return original(raw)

    alice = await login(running.host, running.port, "alice", new=True)
    monkeypatch.setattr(lines, "clean_input", counting)
    flood = (b"a" * 2048 + b"\x08" * 2048 + b"\r\n") * 100
    alice.send(flood, end=b"")
    await alice.read_until("too fast")
    assert 1 <= len(cleaned) <= 6  # the burst of 5 (and one token refilled): not 100
    cleaned.clear()
    fresh = await RawClient.connect(running.host, running.port)
    await fresh.read_until("Name: ")
    fresh.send(flood, end=b"")
    await asyncio.sleep(0.3)
    # Per received chunk: the line the login is waiting for and the 16-line backlog (the
    # 400 KB arrive in a few chunks, and the login consumes lines meanwhile): not 100.
    assert len(cleaned) < 50
    await fresh.close()
    await alice.close()


async def test_accepted_connections_have_nagle_off(running: Running) -> None:
    """The listener is made by hand (to accept a few connections per tick); asyncio only
    sets TCP_NODELAY when the socket's proto says TCP, and without it a bystander's line
    right after a reply waits ~40 ms for the client's delayed ACK."""
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    (conn,) = running.server.connections
    assert conn.transport is not None
    sock = conn.transport.get_extra_info("socket")
    assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
    await client.close()


@pytest.mark.parametrize("running", [{"login_timeout": 0.5}], indirect=True)
async def test_a_login_that_takes_too_long_is_told_and_closed(running: Running) -> None:
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send("slowpoke")
    assert "Login timed out. Goodbye." in await client.read_all(timeout=5)
    await eventually(lambda: not running.server.connections, what="the connection was dropped")
