"""Real processes for portal tests: a portal (optionally supervising the engine), clients."""
from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.net.conftest import RawClient

ROOT = Path(__file__).resolve().parents[2]


def init_game(tmp: Path) -> Path:
    game = tmp / "game"
    subprocess.run([sys.executable, "-m", "sandbox", "init", str(game)], check=True, capture_output=True, cwd=ROOT)
    return game


class Proc:
    """A sandbox subprocess whose first line of output says where it listens."""

    def __init__(self, args: list[str], ready: str) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "sandbox", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
        )
        self.line = ""
        deadline = time.monotonic() + 20
        assert self.popen.stdout is not None
        while ready not in self.line:
            assert time.monotonic() < deadline, f"no {ready!r} from {args}"
            line = self.popen.stdout.readline()
            assert line, f"{args} exited: {self.popen.poll()}"
            self.line = line
        m = re.search(r"on ([\d.]+):(\d+)", self.line)
        self.host, self.port = (m.group(1), int(m.group(2))) if m else ("", 0)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def children(self) -> list[int]:
        kids: list[int] = []
        for task in Path(f"/proc/{self.pid}/task").iterdir():
            text = (task / "children").read_text().split()
            kids.extend(int(k) for k in text)
        return kids

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def rest_of_output(self) -> str:
        """After stop(): everything the process printed after its ready line."""
        assert self.popen.stdout is not None and self.popen.poll() is not None
        return self.popen.stdout.read()


def wait_for(predicate, timeout: float = 15.0, what: str = "condition") -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def engine_pid(portal: Proc, previous: int | None = None) -> int:
    found: list[int] = []

    def ready() -> bool:
        found[:] = [k for k in portal.children() if k != previous]
        return bool(found)

    wait_for(ready, what="the engine child")
    return found[0]


async def login_when_up(host: str, port: int, name: str, password: str = "secret1", timeout: float = 20.0) -> RawClient:
    """Log in, retrying while the portal says the world is (re)starting."""
    deadline = time.monotonic() + timeout
    while True:
        client = await RawClient.connect(host, port)
        await client.read_until("Name: ")
        client.send(name)
        answer = await client.read_until(": ")
        if "restarting" in answer:
            await client.close()
            assert time.monotonic() < deadline, "engine never came up"
            await asyncio.sleep(0.1)
            continue
        client.send(password)
        if "Choose a password" in answer:
            await client.read_until("Repeat the password: ")
            client.send(password)
        await client.read_until("> ")
        return client


def kill(pid: int, sig: int = signal.SIGKILL) -> None:
    os.kill(pid, sig)
