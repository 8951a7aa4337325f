"""Negotiation on the wire, as a MUD client (Mudlet-like) would do it with raw bytes."""
from __future__ import annotations

import json
import re
import zlib

from sandbox.net.telnet import codes as T
from tests.net.conftest import RawClient, Running, login


def gmcp_messages(data: bytes) -> dict[str, object]:
    found: dict[str, object] = {}
    for m in re.finditer(rb"\xff\xfa\xc9(.*?)\xff\xf0", data, re.S):
        package, _, body = m.group(1).decode().partition(" ")
        found[package] = json.loads(body)
    return found


async def test_gmcp_char_name_and_room_info_for_the_mapper(running: Running) -> None:
    await login(running.host, running.port, "alice", new=True)  # first account: the admin
    client = await RawClient.connect(running.host, running.port)
    await client.read_until(b"\xff\xfb\xc9")  # WILL GMCP offered
    client.send(T.command(T.DO, T.GMCP) + T.subnegotiation(T.GMCP, b'Core.Hello {"client":"Mudlet","version":"4.17"}'), end=b"")
    await client.create_account("bob")
    messages = gmcp_messages(bytes(client.received))
    assert messages["Char.Name"] == {"name": "Bob", "fullname": "Bob"}
    room = messages["Room.Info"]
    assert isinstance(room, dict)
    assert room["name"] == "Village Green" and room["num"] == 1 and room["area"]
    assert set(room["exits"]) == {"north", "east", "south", "west"}
    client.send("north")
    await client.read_until("Old Mill Lane")
    await client.read_until(b"\xff\xf9")
    assert gmcp_messages(bytes(client.received))["Room.Info"]["num"] == room["exits"]["north"]  # type: ignore[index]
    sessions = running.game.engine.sessions.values()
    assert any(s.info.client == "Mudlet" for s in sessions)
    await client.close()


async def test_mssp_reports_name_players_uptime_codebase(running: Running) -> None:
    alice = await login(running.host, running.port, "alice", new=True)
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send(T.command(T.DO, T.MSSP), end=b"")
    await client.read_until(b"\xff\xfa\x46")  # IAC SB MSSP
    await client.until(lambda: b"\xff\xf0" in client.received[client._mark :], "IAC SE")
    raw = bytes(client.received[client._mark :])
    payload = raw[: raw.index(b"\xff\xf0")]
    pairs = dict(p.split(b"\x02", 1) for p in payload.split(b"\x01") if p)
    assert pairs[b"PLAYERS"] == b"1" and pairs[b"CODEBASE"] == b"sandbox"
    assert pairs[b"NAME"] and int(pairs[b"UPTIME"]) > 1_600_000_000
    for c in (alice, client):
        await c.close()


async def test_mccp2_compresses_everything_after_the_marker(running: Running) -> None:
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send(T.command(T.DO, T.MCCP2), end=b"")
    await client.read_until(b"\xff\xfa\x56\xff\xf0")
    compressed_from = client._mark
    client.send("alice")

    def inflated() -> bytes:
        return zlib.decompressobj().decompress(bytes(client.received[compressed_from:]))

    await client.until(lambda: b"Choose a password" in inflated(), "the compressed password prompt")
    assert b"New character. Choose a password: " in inflated()
    await client.close()


async def test_eor_after_prompts_when_agreed_and_never_after_plain_lines(running: Running) -> None:
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send(T.command(T.DO, T.EOR) + b"alice")
    await client.read_until(b"Choose a password: \xff\xef")
    client.send("secret1")
    await client.read_until(b"Repeat the password: \xff\xef")
    client.send("secret1")
    await client.read_until(b"> \xff\xef")
    client.send("look")
    await client.read_until(b"> \xff\xef")
    after_login = bytes(client.received).split(b"Repeat the password: ", 1)[1]
    assert after_login.count(b"\xff\xef") == 3  # the repeat prompt, the first prompt, look's prompt
    assert b"\xff\xf9" not in after_login
    await client.close()


async def test_naws_width_wraps_output(running: Running) -> None:
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send(T.command(T.WILL, T.NAWS) + T.subnegotiation(T.NAWS, bytes((0, 30, 0, 24))) + b"alice")
    await client.read_until("Choose a password: ")
    client.send("secret1")
    await client.read_until("Repeat the password: ")
    client.send("secret1")
    room = await client.read_until("> ")
    lines = room.split("\r\n")
    assert max(len(line) for line in lines) <= 30 and len(lines) > 8
    await client.close()


async def test_gmcp_room_info_only_for_clients_that_support_room(running: Running) -> None:
    await login(running.host, running.port, "alice", new=True)
    client = await RawClient.connect(running.host, running.port)
    await client.read_until(b"\xff\xfb\xc9")
    client.send(
        T.command(T.DO, T.GMCP)
        + T.subnegotiation(T.GMCP, b'Core.Hello {"client":"Tiny","version":"1"}')
        + T.subnegotiation(T.GMCP, b'Core.Supports.Set ["Char 1"]'),
        end=b"",
    )
    await client.create_account("carol")
    client.send("north")
    await client.read_until("Old Mill Lane")
    await client.read_until(b"\xff\xf9")
    messages = gmcp_messages(bytes(client.received))
    assert messages["Char.Name"] == {"name": "Carol", "fullname": "Carol"}
    assert "Room.Info" not in messages  # it asked for Char only
    await client.close()
