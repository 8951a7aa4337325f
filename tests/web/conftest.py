"""A real game, LocalGateway, telnet and web listeners on 127.0.0.1, in this process."""
from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from sandbox.driver import drive
from sandbox.game import Game, init_game, open_game
from sandbox.markup.theme import scan_themes
from sandbox.net.local import LocalGateway
from sandbox.net.server import ServerConfig, TelnetServer
from sandbox.net.throttle import LoginThrottle
from sandbox.web import WebConfig, WebServer

_TEMPLATE: dict[str, Path] = {}


def fresh_game_dir(tmp_path: Path) -> Path:
    """A new game made from this checkout (init once per test session, then copied)."""
    import shutil

    if "dir" not in _TEMPLATE:
        _TEMPLATE["dir"] = init_game(tmp_path.parent / f"web-template-{id(_TEMPLATE)}")
    target = tmp_path / "game"
    shutil.copytree(_TEMPLATE["dir"], target, ignore=shutil.ignore_patterns("backups", ".lock"))
    return target


@dataclass
class Site:
    game: Game
    web: WebServer
    telnet: TelnetServer
    host: str
    port: int
    telnet_port: int

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"


async def start_site(game: Game, **web: Any) -> tuple[WebServer, TelnetServer, str, int, int]:
    gateway = LocalGateway(game.engine)
    throttle = web.pop("login_throttle", None) or LoginThrottle(base=0.05, cap=0.2)
    themes, _ = scan_themes(game.themes_dir)
    config = WebConfig(name="testgame", themes=dict(themes), login_throttle=throttle, **web)
    server = WebServer(gateway, config)
    host, port = await server.start("127.0.0.1", 0)
    telnet = TelnetServer(gateway, ServerConfig(login_throttle=throttle))
    _, tport = await telnet.start("127.0.0.1", 0)
    return server, telnet, host, port, tport


@pytest.fixture
async def site(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Site]:
    game = open_game(fresh_game_dir(tmp_path), backup=False)
    extra = getattr(request, "param", {}) or {}
    web, telnet, host, port, tport = await start_site(game, **dict(extra))
    tick = asyncio.create_task(drive(game.engine))
    try:
        yield Site(game, web, telnet, host, port, tport)
    finally:
        tick.cancel()
        await web.close()
        await telnet.close()
        game.close()


class Browserless:
    """The page's protocol without a browser: for protocol tests and the benchmark."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.events: list[dict[str, Any]] = []
        self._seen = 0

    @classmethod
    async def open(cls, site: Site, origin: str | None = "same") -> Browserless:
        return await cls.open_url(site.origin, None if origin is None else site.origin if origin == "same" else origin)

    @classmethod
    async def open_url(cls, base: str, origin: str | None) -> Browserless:
        """``base`` is ``http://host:port``; the socket is its ``/ws``."""
        kwargs: dict[str, Any] = {"origin": origin} if origin is not None else {}
        return cls(await connect(base.replace("http://", "ws://", 1) + "/ws", **kwargs))

    def line(self, text: str) -> None:
        asyncio.get_running_loop().create_task(self.ws.send(json.dumps({"t": "line", "text": text})))

    async def until(self, test: Any, timeout: float = 5.0) -> dict[str, Any]:
        """The first new event for which test(event) is true (events before it are consumed)."""
        async def wait() -> dict[str, Any]:
            while True:
                while self._seen < len(self.events):
                    event = self.events[self._seen]
                    self._seen += 1
                    if test(event):
                        return event
                self.events.extend(json.loads(await self.ws.recv()))

        return await asyncio.wait_for(wait(), timeout)

    async def until_text(self, needle: str, timeout: float = 5.0) -> dict[str, Any]:
        return await self.until(lambda e: e.get("t") == "out" and needle in _text(e["h"]), timeout)

    async def login(self, name: str, password: str = "secret1", new: bool = True) -> None:
        await self.until(lambda e: e.get("t") == "ask" and e["text"] == "Name: ")
        self.line(name)
        if new:
            await self.until(lambda e: e.get("t") == "ask" and e["secret"])
            self.line(password)
            await self.until(lambda e: e.get("t") == "ask" and e["text"].startswith("Repeat"))
        else:
            await self.until(lambda e: e.get("t") == "ask" and e["text"] == "Password: ")
        self.line(password)
        await self.until(lambda e: e.get("t") == "oob" and e["p"] == "Room.Info")

    async def close(self) -> None:
        await self.ws.close()


def _text(html_fragment: str) -> str:
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", html_fragment))
