"""HTTP for the page, WebSocket for play: one listener, on the caller's event loop.

The ``websockets`` library (asyncio) does the HTTP/1.1 parsing and the RFC 6455
framing; ``process_request`` answers plain GETs for the page, its two assets and the
theme stylesheets, and lets ``/ws`` through to the handshake only when the browser's
Origin is this server. Limits mirror the telnet listener's (``ServerConfig``).
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.http11 import Request, Response

from sandbox.markup import DEFAULT_THEME, Theme, escape
from sandbox.net.gateway import Gateway
from sandbox.net.login import DEFAULT_GREETING
from sandbox.net.throttle import AddressCounts, ListenerLimits
from sandbox.web import page
from sandbox.web.connection import DirectConnection, WebConnection

log = logging.getLogger("sandbox.web")


@dataclass
class WebConfig(ListenerLimits):
    name: str = "sandbox"
    greeting: str = DEFAULT_GREETING
    themes: dict[str, Theme] = field(default_factory=lambda: {DEFAULT_THEME.name: DEFAULT_THEME})
    default_theme: str = DEFAULT_THEME.name
    #: Extra origins allowed to open the WebSocket (a reverse proxy's public URL).
    origins: tuple[str, ...] = ()


class WebServer:
    def __init__(self, gateway: Gateway, config: WebConfig | None = None) -> None:
        self.gateway = gateway
        self.config = config or WebConfig()
        if "light" not in self.config.themes:  # for prefers-color-scheme: light
            self.config.themes = {**self.config.themes, "light": page.light_theme()}
        self.throttle = self.config.login_throttle
        self.connections: set[WebConnection] = set()
        self.players: set[WebConnection] = set()
        self._addresses = AddressCounts()
        self._server: Server | None = None
        self.started_at = time.time()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        self._server = await serve(
            self._handle,
            host,
            port,
            process_request=self._http,
            server_header=None,
            # A frame holds one line: room for the longest line, JSON-escaped.
            max_size=self.config.max_line * 6 + 256,
            max_queue=64,
            compression=None,  # small frames; deflate costs more CPU than it saves here
            ping_interval=20,
            ping_timeout=20,
            create_connection=DirectConnection,
        )
        sock = next(iter(self._server.sockets))
        addr = sock.getsockname()
        return str(addr[0]), int(addr[1])

    # -- HTTP ---------------------------------------------------------------------------
    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        path = urlsplit(request.path).path
        if path == "/ws":
            if not self._origin_ok(request.headers):
                log.info("web: refused a WebSocket from origin %r", request.headers.get("Origin"))
                return _response(HTTPStatus.FORBIDDEN, b"Forbidden origin\n", "text/plain; charset=utf-8")
            return None  # go on with the handshake
        if request.headers.get("Upgrade"):
            return _response(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")
        if path == "/":
            return _response(HTTPStatus.OK, page.index_html(self.config.name), "text/html; charset=utf-8")
        if path in page.ASSETS:
            name, ctype = page.ASSETS[path]
            return _response(HTTPStatus.OK, page.asset(name), ctype)
        if path.startswith("/theme/") and path.endswith(".css"):
            theme = self.config.themes.get(path[len("/theme/"):-len(".css")])
            if theme is not None:
                return _response(HTTPStatus.OK, page.theme_stylesheet(theme), "text/css; charset=utf-8")
        return _response(HTTPStatus.NOT_FOUND, b"Not found\n", "text/plain; charset=utf-8")

    def _origin_ok(self, headers: Headers) -> bool:
        """A browser always sends Origin: it must be this very host (or a configured
        one), so another site's page cannot open a session in a visitor's browser.
        Non-browser clients (bots, the benchmark) send none and are let in."""
        origin = headers.get("Origin")
        if origin is None:
            return True
        host = headers.get("Host", "")
        return origin in (f"http://{host}", f"https://{host}") or origin in self.config.origins

    # -- WebSocket ----------------------------------------------------------------------
    async def _handle(self, ws: ServerConnection) -> None:
        conn = WebConnection(self, ws)
        refusal = self.admit(conn)
        if refusal is not None:
            await ws.close(1013, refusal)
            return
        try:
            await conn.run()
        finally:
            self.forget(conn)

    def admit(self, conn: WebConnection) -> str | None:
        refusal = self._addresses.admit(
            conn.address, len(self.connections), self.config.max_connections, self.config.max_per_address
        )
        if refusal is None:
            self.connections.add(conn)
        return refusal

    def forget(self, conn: WebConnection) -> None:
        if conn in self.connections:
            self.connections.discard(conn)
            self._addresses.release(conn.address)
        self.players.discard(conn)

    def kick(self, conn_id: str, reason: str = "You have been disconnected.") -> bool:
        """Close one browser session (the TUI's Sessions panel)."""
        for conn in self.connections:
            if conn.conn_id == conn_id:
                conn.goodbye(f"[info]{escape(reason)}[/info]", quit_=True)
                return True
        return False

    async def close(self, goodbye: str = "[info]The server is shutting down. Goodbye![/info]") -> None:
        for conn in list(self.connections):
            conn.goodbye(goodbye)
        deadline = time.monotonic() + 2.0
        while self.connections and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None


def _response(status: HTTPStatus, body: bytes, content_type: str) -> Response:
    headers = Headers([("Content-Type", content_type), ("Content-Length", str(len(body))), *page.SECURITY_HEADERS])
    return Response(status.value, status.phrase, headers, body)
