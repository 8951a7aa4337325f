"""Running the telnet listener on the TUI's own event loop (`sandbox --telnet PORT`).

The listener is ``sandbox.net.server.TelnetServer`` behind a ``LocalGateway``, exactly
as `sandbox serve` runs it; this adapter starts and stops it and tells the sessions panel
where it listens (or why it could not).
"""
from __future__ import annotations

from typing import Any, Protocol

from sandbox.game import Game


class Listener(Protocol):
    """What the TUI runs beside itself (telnet, web, or several): started on its loop,
    stopped when it closes; ``address`` or ``error`` says how starting went."""

    address: str | None
    error: str | None

    async def start(self, game: Game) -> None: ...

    async def stop(self) -> None: ...


class TelnetListener:
    def __init__(self, host: str, port: int, theme: Any = None) -> None:
        self.host = host
        self.port = port
        self.theme = theme
        self.address: str | None = None
        self.error: str | None = None
        self._server: Any = None

    async def start(self, game: Game) -> None:
        from sandbox.net.local import LocalGateway
        from sandbox.net.server import ServerConfig, TelnetServer

        config = ServerConfig(name=game.directory.name, **({"theme": self.theme} if self.theme is not None else {}))
        server = TelnetServer(LocalGateway(game.engine), config)
        try:
            host, port = await server.start(self.host, self.port)
        except OSError as exc:
            self.error = f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"
            return
        self._server = server
        self.address = f"{host}:{port}"

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            await server.close()
