"""A real telnet client (telnetlib3's) creates an account, plays, quits, and logs in again."""
from __future__ import annotations

import asyncio

import telnetlib3

from tests.net.conftest import Running


async def read_until(reader: telnetlib3.TelnetReader, text: str, timeout: float = 5.0) -> str:
    seen = ""

    async def wait() -> str:
        nonlocal seen
        while text not in seen:
            chunk = await reader.read(4096)
            if not chunk:
                raise ConnectionError(f"closed before {text!r}; got {seen!r}")
            seen += chunk
        return seen

    return await asyncio.wait_for(wait(), timeout)


async def test_create_play_quit_and_return(running: Running) -> None:
    reader, writer = await telnetlib3.open_connection(
        running.host, running.port, connect_maxwait=0.5, term="xterm-256color", cols=100
    )
    try:
        greeting = await read_until(reader, "Name: ")
        assert "Welcome to the sandbox" in greeting
        writer.write("alice\r")
        await read_until(reader, "New character. Choose a password: ")
        writer.write("open sesame\r")
        await read_until(reader, "Repeat the password: ")
        writer.write("open sesame\r")
        room = await read_until(reader, "> ")
        assert "Village Green" in room and "Exits:" in room
        assert "open sesame" not in room  # the password is never echoed back
        writer.write("north\r")
        moved = await read_until(reader, "> ")
        assert "Old Mill Lane" in moved
        writer.write("quit\r")
        await read_until(reader, "Goodbye")
        # ... and the server closes the connection (the reader reaches end of file).
        rest = ""
        while chunk := await asyncio.wait_for(reader.read(4096), 5):
            rest += chunk
        assert "> " not in rest
    finally:
        writer.close()

    # The account was saved: a second login asks for the password and resumes on the lane.
    account = running.game.world.accounts["alice"]
    assert account["hash"].startswith("scrypt$") and "open sesame" not in account["hash"]
    reader, writer = await telnetlib3.open_connection(running.host, running.port, connect_maxwait=0.5)
    try:
        await read_until(reader, "Name: ")
        writer.write("Alice\r")
        await read_until(reader, "Password: ")
        writer.write("open sesame\r")
        back = await read_until(reader, "> ")
        assert "Old Mill Lane" in back
    finally:
        writer.close()
