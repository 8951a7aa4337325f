"""MXP (telnet option 91) on the wire: links for clients that agree, nothing for the rest."""
from __future__ import annotations

import re

import pytest

from sandbox.net.telnet import codes as T
from tests.net.conftest import RawClient, Running, login

WILL_MXP = T.command(T.WILL, T.MXP)
MXP_START = T.subnegotiation(T.MXP, b"")
PROMPT_MXP = b"&gt; "
_ANY_MXP_MODE = re.compile(rb"\x1b\[\d*z")
_TAG = re.compile(rb"<[^>]*>")


async def mxp_login(host: str, port: int, name: str, password: str = "secret1") -> RawClient:
    """A Mudlet-like client: agrees to MXP before logging in (a new account)."""
    client = await RawClient.connect(host, port)
    await client.read_until(WILL_MXP)
    client.send(T.command(T.DO, T.MXP), end=b"")
    await client.read_until("Name: ")  # sent at connect, before our DO arrived
    await client.read_until(MXP_START)
    client.send(name)
    await client.read_until("Choose a password: ")
    client.send(password)
    await client.read_until("Repeat the password: ")
    client.send(password)
    await client.read_until(PROMPT_MXP)
    return client


async def received_all(client: RawClient, *needles: bytes, timeout: float = 5.0) -> None:
    """Wait until every needle has arrived, in any order (two players' says may cross)."""
    await client.until(lambda: all(n in client.received for n in needles), f"{needles}", timeout)


def after_start(client: RawClient) -> bytes:
    raw = bytes(client.received)
    assert raw.count(MXP_START) == 1
    return raw.split(MXP_START, 1)[1]


def assert_only_our_links(data: bytes) -> None:
    """Every tag in the stream is a <send>/</send> right after ESC[4z (temp secure)."""
    tags = _TAG.findall(data)
    assert tags, "expected some MXP tags"
    for m in _TAG.finditer(data):
        assert data[m.start() - 4 : m.start()] == b"\x1b[4z", data[m.start() - 20 : m.end()]
        assert re.fullmatch(rb'<send href="[a-z ]+">|</send>', m.group()), m.group()
    assert len(_ANY_MXP_MODE.findall(data)) == len(tags)  # no other mode changes


async def test_client_that_agrees_gets_the_start_and_send_links_for_exits(running: Running) -> None:
    client = await mxp_login(running.host, running.port, "alice")
    mark = len(client.received)
    client.send("look")
    await client.read_until(PROMPT_MXP)
    look = bytes(client.received[mark:])
    assert b"Village Green" in look
    for exit_name in (b"north", b"east", b"south", b"west"):
        assert b'\x1b[4z<send href="%s">' % exit_name in look, look
    assert_only_our_links(after_start(client))
    # Nothing MXP went out before the client could parse it.
    before = bytes(client.received).split(MXP_START, 1)[0]
    assert b"<" not in before and not _ANY_MXP_MODE.search(before)
    assert running.server.mssp_values()["MXP"] == "1"
    await client.close()


@pytest.mark.parametrize("answer", [T.DONT, None], ids=["refuses", "never-answers"])
async def test_clients_that_do_not_agree_get_no_mxp(running: Running, answer: int | None) -> None:
    client = await RawClient.connect(running.host, running.port)
    await client.read_until(WILL_MXP)  # offered: the client had the chance
    if answer is not None:
        client.send(T.command(answer, T.MXP), end=b"")
    await client.create_account("alice")
    client.send("say <b>bold</b> & more")
    await client.read_until("more")
    await client.read_until("> ")
    client.send("look")
    look = await client.read_until("> ")
    assert "Exits:" in look and "north" in look
    raw = bytes(client.received)
    assert MXP_START not in raw
    assert not _ANY_MXP_MODE.search(raw)
    assert b"<send" not in raw.lower() and b"&gt;" not in raw and b"&lt;" not in raw
    assert b"<b>bold</b> & more" in raw  # text as typed: no entities for non-MXP clients
    await client.close()


async def test_player_text_reaches_an_mxp_client_escaped_never_as_a_tag(running: Running) -> None:
    alice = await login(running.host, running.port, "alice", new=True)  # no MXP
    bob = await mxp_login(running.host, running.port, "bob")
    carol = await mxp_login(running.host, running.port, "carol")
    await alice.read_until("Carol arrives.")
    await bob.read_until("Carol arrives.")
    alice.send('say <SEND href="quit">x</SEND> & \x1b[1z<send>y')
    bob.send('say <SEND href="quit">z</SEND> \x1b[1z<send href="look">w')
    for client in (bob, carol):
        await received_all(client, b"&lt;send&gt;y", b'&lt;send href="look"&gt;w')
    await received_all(alice, b"<send>y", b'<send href="look">w')
    carol_raw = after_start(carol)
    assert b'&lt;SEND href="quit"&gt;x&lt;/SEND&gt; &amp; &lt;send&gt;y' in carol_raw
    assert b'&lt;SEND href="quit"&gt;z&lt;/SEND&gt; &lt;send href="look"&gt;w' in carol_raw
    assert b'&lt;SEND href="quit"&gt;x&lt;/SEND&gt;' in after_start(bob)
    for client in (bob, carol):
        raw = after_start(client)
        assert b"<SEND" not in raw and b'<send href="quit"' not in raw.lower()
        assert b"\x1b[1z" not in raw
        assert_only_our_links(raw)
    # The non-MXP speaker sees the text as typed (minus the escape sequence).
    alice_raw = bytes(alice.received)
    assert b'<SEND href="quit">z</SEND> <send href="look">w' in alice_raw
    assert b"&lt;" not in alice_raw and b"\x1b[1z" not in alice_raw
    for client in (alice, bob, carol):
        await client.close()


async def test_the_start_goes_out_before_output_answering_the_same_chunk(running: Running) -> None:
    # DO MXP and a name in one packet: the MXP start must precede the answer to the
    # name (already rendered for MXP), or the client would show raw entities.
    await login(running.host, running.port, "alice", new=True)
    running.server.config.max_line = 8  # the cut notice is rendered text, sent at once
    client = await RawClient.connect(running.host, running.port)
    await client.read_until("Name: ")
    client.send(T.command(T.DO, T.MXP) + b"a-name-too-long")
    await client.read_until("was cut")
    raw = bytes(client.received)
    assert MXP_START in raw and raw.index(MXP_START) < raw.index(b"That line was longer")
    await client.close()


async def test_a_builders_privileged_link_reaches_an_admins_mxp_client_as_plain_text(running: Running) -> None:
    """Issue 12: `desc here = [link=perm Mallory = admin]a shiny coin[/link]` was a live
    <send> for the admin. Now only the player-level link is one."""
    admin = await mxp_login(running.host, running.port, "Root")  # the first account is admin
    mallory = await login(running.host, running.port, "Mallory", new=True)
    admin.send("perm Mallory = builder")
    await admin.read_until(b"is a builder")
    mallory.send("desc here = A [link=perm Mallory = admin]a shiny coin[/link] by [link=look well]the well[/link].")
    await mallory.read_until("Description of")
    admin.send("look")
    await received_all(admin, b"a shiny coin", b"the well")
    data = after_start(admin)
    assert b'<send href="look well">' in data
    assert b"perm Mallory" not in data  # neither a <send> nor its href
    admin.send("perm Mallory")
    await admin.read_until(b"is a builder")  # still a builder: nothing was clicked into admin
    await admin.close()
    await mallory.close()
