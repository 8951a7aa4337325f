"""`sandbox serve --web` as a real process, and the TUI's web listener on a loop."""
from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from sandbox.game import open_game
from sandbox.tui.telnet import TelnetListener
from sandbox.web.listener import Listeners, WebListener
from tests.portal.procs import ROOT
from tests.web.conftest import Browserless, fresh_game_dir


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as resp:
        return resp.status, resp.read()


async def test_serve_with_only_a_web_port_serves_browsers_and_says_goodbye(tmp_path: Path) -> None:
    game = fresh_game_dir(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "serve", "--game", str(game), "--web", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
    )
    try:
        assert proc.stdout is not None
        line = await asyncio.to_thread(proc.stdout.readline)
        match = re.search(r"Listening for browsers on (http://127\.0\.0\.1:\d+)/", line)
        assert match, line
        base = match.group(1)
        status, body = await asyncio.to_thread(_get, base + "/")
        assert status == 200 and b"app.js" in body
        client = await Browserless.open_url(base, base)
        await client.login("Sam")
        proc.send_signal(signal.SIGTERM)
        await client.until_text("The server is shutting down. Goodbye!")
        await client.until(lambda e: e.get("t") == "bye")
        assert await asyncio.to_thread(proc.wait, 10) == 0
        assert "World saved. Goodbye." in proc.stdout.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


async def test_the_tuis_listeners_start_telnet_and_web_together(tmp_path: Path) -> None:
    game = open_game(fresh_game_dir(tmp_path), backup=False)
    listeners = Listeners(TelnetListener("127.0.0.1", 0), WebListener("127.0.0.1", 0))
    try:
        await listeners.start(game)
        assert listeners.error is None
        telnet_addr, web_addr = listeners.address.split(" and ")  # type: ignore[union-attr]
        assert re.fullmatch(r"127\.0\.0\.1:\d+", telnet_addr) and web_addr.startswith("http://127.0.0.1:")
        status, _ = await asyncio.to_thread(_get, web_addr)
        assert status == 200
        taken = WebListener("127.0.0.1", int(web_addr.rstrip("/").rsplit(":", 1)[1]))
        await taken.start(game)
        assert taken.error is not None and "cannot listen" in taken.error
    finally:
        await listeners.stop()
        game.close()
