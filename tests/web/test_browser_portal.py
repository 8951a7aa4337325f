"""Portal mode: a browser player stays connected, on the same page, through an engine
SIGKILL, exactly like a telnet player (real portal and engine processes, real Chromium).

The test plays the engine's supervisor (as systemd would): it starts the engine again
only after the player has typed into the outage, so "still restarting" is certain
rather than a race with a fast restart."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser.cdp import Chromium, chromium_available
from tests.portal.procs import ROOT, init_game, login_when_up, wait_for
from tests.web.conftest import Browserless
from tests.web.test_browser import ROOM, SCROLL, create_account, enter

needs_chromium = pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium (.ci/run installs it)")


class Portal:
    """`sandbox portal --telnet 0 --web 0`, with both addresses read from its output."""

    def __init__(self, game: Path, link: Path, *extra: str) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "portal", "--game", str(game), "--telnet", "0", "--web", "0", "--link", str(link), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
        )
        self.web = self.telnet = ""
        deadline = time.monotonic() + 20
        assert self.popen.stdout is not None
        while not (self.web and self.telnet):
            assert time.monotonic() < deadline, "the portal did not say where it listens"
            line = self.popen.stdout.readline()
            assert line, f"the portal exited: {self.popen.poll()}"
            if m := re.search(r"browsers on (http://[\d.]+:\d+)/", line):
                self.web = m.group(1)
            elif m := re.search(r"telnet on ([\d.]+:\d+);", line):
                self.telnet = m.group(1)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


@needs_chromium
async def test_a_browser_player_survives_an_engine_sigkill_without_reloading(tmp_path: Path) -> None:
    game = init_game(tmp_path)
    link = tmp_path / "link.sock"
    portal = Portal(game, link)
    engine_argv = [sys.executable, "-m", "sandbox", "serve", "--game", str(game), "--portal", str(link)]
    engines = [subprocess.Popen(engine_argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        host, port = portal.telnet.split(":")
        tom = await login_when_up(host, int(port), "Tom")  # the engine is up once this works
        async with Chromium.launch(tmp_path) as browser:
            page = await browser.new_page()
            await create_account(page, portal.web, "Wendy")
            await page.evaluate("window.__samePage = 'yes'")

            engines[0].send_signal(signal.SIGKILL)
            engines[0].wait()
            await page.wait_for(f"{SCROLL}.includes('The world is restarting')", timeout=15)
            await enter(page, "look")
            await page.wait_for(f"{SCROLL}.includes('still restarting; that was not done')", timeout=15)
            engines.append(subprocess.Popen(engine_argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            await page.wait_for(f"{SCROLL}.includes('The world is back')", timeout=30)

            await enter(page, "north")
            await page.wait_for(f"{ROOM} === 'Old Mill Lane'")
            tom.send("ooc did you notice anything?")
            await page.wait_for(f"{SCROLL}.includes('[ooc] Tom: did you notice anything?')")
            assert await page.evaluate("window.__samePage") == "yes"  # never reloaded
            assert await page.evaluate("document.getElementById('status').textContent") == "playing as Wendy"
            await page.screenshot(tmp_path / "after-sigkill.png")
            assert page.problems() == []
        await tom.close()
    finally:
        for engine in engines:
            if engine.poll() is None:
                engine.send_signal(signal.SIGTERM)
                engine.wait(timeout=10)
        portal.stop()
    wait_for(lambda: portal.popen.poll() is not None, what="the portal to exit")


async def test_a_supervised_engine_comes_back_to_a_browser_player(tmp_path: Path) -> None:
    """`portal --web --engine`: the portal's own supervisor restarts the engine it lost."""
    game = init_game(tmp_path)
    portal = Portal(game, tmp_path / "link.sock", "--engine")
    try:
        host, port = portal.telnet.split(":")
        await (await login_when_up(host, int(port), "Tom")).close()  # the engine is up
        client = await Browserless.open_url(portal.web, portal.web)
        await client.login("Wendy")
        engine = [int(k) for t in Path(f"/proc/{portal.popen.pid}/task").iterdir() for k in (t / "children").read_text().split()]
        assert len(engine) == 1
        os.kill(engine[0], signal.SIGKILL)
        await client.until_text("The world is restarting", timeout=15)
        await client.until_text("The world is back", timeout=30)
        await client.until(lambda e: e.get("t") == "oob" and e["p"] == "Room.Info")  # its room, without a new login
        client.line("ooc still here")
        await client.until_text("[ooc] Wendy: still here")
        await client.close()
    finally:
        portal.stop()
