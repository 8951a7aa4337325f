"""Running the browser client on the TUI's own event loop (`sandbox --web PORT`).

Shaped like ``sandbox.tui.telnet.TelnetListener`` (``start(game)``, ``stop()``,
``address``, ``error``), and :class:`Listeners` runs several of them as one, so the TUI
takes telnet and web listeners through the one slot it already has.
"""
from __future__ import annotations

from typing import Any

from sandbox.game import Game


class WebListener:
    def __init__(self, host: str, port: int, theme: str = "default") -> None:
        self.host = host
        self.port = port
        self.theme = theme
        self.address: str | None = None
        self.error: str | None = None
        self.server: Any = None

    async def start(self, game: Game) -> None:
        from sandbox.markup.theme import scan_themes
        from sandbox.net.local import LocalGateway
        from sandbox.web import WebConfig, WebServer

        themes, _errors = scan_themes(game.themes_dir)
        config = WebConfig(name=game.directory.name)
        if themes:
            config.themes = dict(themes)
            config.default_theme = self.theme if self.theme in themes else next(iter(themes))
        server = WebServer(LocalGateway(game.engine), config)
        try:
            host, port = await server.start(self.host, self.port)
        except OSError as exc:
            self.error = f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"
            return
        self.server = server
        self.address = f"http://{host}:{port}/"

    async def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            await server.close()


class Listeners:
    """Several listeners behind one start/stop; address and error join theirs."""

    def __init__(self, *parts: Any) -> None:
        self.parts = parts
        self.address: str | None = None
        self.error: str | None = None

    async def start(self, game: Game) -> None:
        for part in self.parts:
            await part.start(game)
        self.address = " and ".join(p.address for p in self.parts if p.address) or None
        self.error = "; ".join(p.error for p in self.parts if p.error) or None

    async def stop(self) -> None:
        for part in self.parts:
            await part.stop()


async def portal_web(portal: Any, game_dir: Any, telnet: Any, host: str, port: int) -> tuple[str, int]:
    """The browser front end inside the portal process, on the portal's gateway: its
    players are held through engine restarts exactly like telnet players."""
    from pathlib import Path

    from sandbox.markup.theme import scan_themes
    from sandbox.web import WebConfig, WebServer

    themes, _errors = scan_themes(Path(game_dir) / "themes")
    config = WebConfig(
        name=Path(game_dir).resolve().name,
        commands_per_second=telnet.commands_per_second,
        command_burst=telnet.command_burst,
        max_per_address=telnet.max_per_address,
        login_throttle=telnet.login_throttle,  # one count of wrong passwords for both doors
    )
    if themes:
        config.themes = dict(themes)
        config.default_theme = "default" if "default" in themes else next(iter(themes))
    portal.web = WebServer(portal.gateway, config)
    return await portal.web.start(host, port)
