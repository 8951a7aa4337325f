"""TinTin++ (a real MUD client, in a real terminal via tmux) logs in, looks, says, quits."""
from __future__ import annotations

import asyncio
import os
import shutil
import uuid

import pytest

from tests.net.conftest import Running, login

TINTIN = "/usr/games/tt++"
pytestmark = pytest.mark.skipif(not os.path.exists(TINTIN), reason="TinTin++ is not installed (.ci/run installs it)")


class Tmux:
    def __init__(self) -> None:
        self.socket = f"sandbox-test-{uuid.uuid4().hex[:8]}"

    async def run(self, *args: str) -> str:
        proc = await asyncio.create_subprocess_exec(
            "tmux", "-L", self.socket, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await proc.communicate()
        assert proc.returncode == 0, err.decode()
        return out.decode()

    async def type(self, text: str) -> None:
        await self.run("send-keys", "-t", "tt", "-l", text)
        await self.run("send-keys", "-t", "tt", "Enter")

    async def screen(self) -> str:
        return await self.run("capture-pane", "-p", "-t", "tt", "-S", "-200")

    async def wait_for(self, text: str, timeout: float = 10.0, count: int = 1) -> str:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            screen = await self.screen()
            if screen.count(text) >= count:
                return screen
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"{text!r} never appeared on TinTin's screen:\n{screen}")
            await asyncio.sleep(0.05)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed to give TinTin++ a terminal")
async def test_tintin_logs_in_looks_says_and_quits(running: Running) -> None:
    await login(running.host, running.port, "alice", new=True)  # take the admin slot
    bob = await login(running.host, running.port, "bob", new=True)
    tmux = Tmux()
    await tmux.run("new-session", "-d", "-s", "tt", "-x", "100", "-y", "50", TINTIN)
    try:
        await tmux.wait_for("T I N T I N")
        await tmux.type(f"#session s {running.host} {running.port}")
        await tmux.wait_for("Name:")
        await tmux.type("zed")
        await tmux.wait_for("Choose a password:")
        await tmux.type("hunter22")
        await tmux.wait_for("Repeat the password:")
        await tmux.type("hunter22")
        screen = await tmux.wait_for("Exits:")
        assert "hunter22" not in screen  # ECHO hid the password
        await tmux.type("look")
        screen = await tmux.wait_for("Here: Whiskers (NPC), Alice, Bob.\nYou see: notice board, old well.\n>", count=2)
        assert screen.count("Village Green") == 2 and "> look" in screen
        await tmux.type("say hello from tintin")
        await tmux.wait_for('You say, "hello from tintin"')
        assert 'Zed says, "hello from tintin"' in await bob.read_until('hello from tintin"')
        await tmux.type("quit")
        await tmux.wait_for("Goodbye!")
        await tmux.wait_for("#SESSION 's' DIED")
        session = [s for s in running.game.engine.sessions.values() if s.account == "Zed"]
        assert session == []
        zed = running.game.world.characters_named("Zed")[0]
        assert zed.location is None  # quit takes the character out of the world
    finally:
        await tmux.run("kill-server")
