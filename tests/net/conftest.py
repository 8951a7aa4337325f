"""A real telnet server on 127.0.0.1 over a real game directory, and a raw socket client."""
from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox.driver import drive
from sandbox.game import Game, init_game, open_game
from sandbox.net.local import LocalGateway
from sandbox.net.server import ServerConfig, TelnetServer
from sandbox.net.throttle import LoginThrottle

_TEMPLATE: list[Path] = []
_IAC_SEQ = re.compile(rb"\xff(?:\xfa.*?\xff\xf0|[\xfb-\xfe].|[\xf0-\xf9])", re.S)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def make_game(tmp_path: Path) -> Game:
    """A fresh game directory (copied from one made per test session: init is slow), opened here."""
    return open_game(make_game_dir(tmp_path), backup=False)


def make_game_dir(tmp_path: Path) -> Path:
    """A fresh game directory for another process to open (this one holds no lock on it)."""
    if not _TEMPLATE:
        root = Path(tmp_path.parent.parent) / "net-template"
        if not (root / "world").exists():
            init_game(root)
        _TEMPLATE.append(root)
    target = tmp_path / "game"
    shutil.copytree(_TEMPLATE[0], target, ignore=shutil.ignore_patterns("backups"))
    return target


@dataclass
class Running:
    game: Game
    gateway: LocalGateway
    server: TelnetServer
    host: str
    port: int


async def start_server(game: Game, **config: object) -> tuple[LocalGateway, TelnetServer, str, int]:
    grace = float(config.pop("linkdead_grace", 300.0))  # type: ignore[arg-type]
    cfg = ServerConfig(login_throttle=LoginThrottle(base=0.05, cap=0.2), **config)  # type: ignore[arg-type]
    gateway = LocalGateway(game.engine, linkdead_grace=grace)
    server = TelnetServer(gateway, cfg)
    host, port = await server.start("127.0.0.1", 0)
    return gateway, server, host, port


@pytest.fixture
async def running(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Running]:
    game = make_game(tmp_path)
    extra = getattr(request, "param", {}) or {}
    gateway, server, host, port = await start_server(game, **dict(extra))
    tick = asyncio.create_task(drive(game.engine))
    try:
        yield Running(game, gateway, server, host, port)
    finally:
        tick.cancel()
        await server.close()


def strip_telnet(data: bytes) -> bytes:
    return _IAC_SEQ.sub(b"", data)


def plain(data: bytes) -> str:
    return _ANSI.sub("", strip_telnet(data).decode("utf-8", "replace"))


class RawClient:
    """A socket that speaks no telnet unless told to: for login flows and edge cases."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.received = bytearray()  # everything, raw
        self._mark = 0  # what read_until has already consumed

    @classmethod
    async def connect(cls, host: str, port: int) -> RawClient:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def read_until(self, text: str | bytes, timeout: float = 5.0) -> str:
        """Wait until text appears (in the plain text, or raw bytes if bytes); return the
        plain text from the last mark up to and including it."""
        async def wait() -> str:
            while True:
                window = bytes(self.received[self._mark :])
                if isinstance(text, bytes):
                    at = window.find(text)
                    if at >= 0:
                        self._mark += at + len(text)
                        return plain(window[: at + len(text)])
                else:
                    if text in plain(window):
                        # Consume only up to the match, so the next read sees what follows.
                        lo, hi = 1, len(window)
                        while lo < hi:
                            mid = (lo + hi) // 2
                            if text in plain(window[:mid]):
                                hi = mid
                            else:
                                lo = mid + 1
                        self._mark += lo
                        return plain(window[:lo])
                chunk = await self.reader.read(65536)
                if not chunk:
                    raise ConnectionError(f"closed before {text!r}; got {plain(bytes(self.received[self._mark:]))!r}")
                self.received += chunk

        return await asyncio.wait_for(wait(), timeout)

    async def read_all(self, timeout: float = 5.0) -> str:
        """Everything until the server closes the connection."""
        async def wait() -> None:
            while chunk := await self.reader.read(65536):
                self.received += chunk

        await asyncio.wait_for(wait(), timeout)
        return plain(bytes(self.received[self._mark :]))

    async def create_account(self, name: str, password: str = "secret1") -> str:
        """Answer the login conversation for a new name; returns the room shown after it."""
        await self.read_until("Name: ")
        self.send(name)
        await self.read_until("Choose a password: ")
        self.send(password)
        await self.read_until("Repeat the password: ")
        self.send(password)
        return await self.read_until("> ")

    def send(self, line: str | bytes, end: bytes = b"\r\n") -> None:
        data = line.encode() if isinstance(line, str) else line
        self.writer.write(data + end)

    async def close(self) -> None:
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except (ConnectionError, OSError):
            pass


async def login(host: str, port: int, name: str, password: str = "secret1", *, new: bool | None = None) -> RawClient:
    """Connect and log in (creating the account if the server says the name is new)."""
    client = await RawClient.connect(host, port)
    await client.read_until("Name: ")
    client.send(name)
    answer = await client.read_until(": ")
    if "Choose a password" in answer:
        assert new is not False, answer
        client.send(password)
        await client.read_until("Repeat the password: ")
        client.send(password)
    else:
        assert new is not True, answer
        client.send(password)
    await client.read_until("> ")
    return client
