"""A real telnet server on 127.0.0.1 over a real game directory, and the scripted client in raw mode."""
from __future__ import annotations

import asyncio
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
from sandbox.transcript.telnet_client import ScriptedTelnet, plain

__all__ = ["RawClient", "Running", "login", "make_game", "make_game_dir", "plain"]

_TEMPLATE: list[Path] = []


def make_game(tmp_path: Path) -> Game:
    """A fresh game directory (copied from one made per test session: init is slow), opened here."""
    return open_game(make_game_dir(tmp_path), backup=False)


def make_game_dir(tmp_path: Path) -> Path:
    """A fresh game directory for another process to open (this one holds no lock on it)."""
    if not _TEMPLATE:
        root = tmp_path.parent / "net-template"  # this session's basetemp: made fresh by every run
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


class RawClient(ScriptedTelnet):
    """The scripted client speaking no telnet unless told to: for login flows and edge cases."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, timeout: float = 5.0) -> None:
        super().__init__(reader, writer, timeout, raw=True)

    @classmethod
    async def connect(cls, host: str, port: int, timeout: float = 5.0, *, raw: bool = True) -> RawClient:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer, timeout)

    async def create_account(self, name: str, password: str = "secret1") -> str:
        """Answer the login conversation for a new name; returns the room shown after it."""
        await self.login(name, password, new=True)
        return self.take()


async def login(host: str, port: int, name: str, password: str = "secret1", *, new: bool | None = None) -> RawClient:
    """Connect and log in (creating the account if the server says the name is new)."""
    client = await RawClient.connect(host, port)
    await client.login(name, password, new=new)
    return client
