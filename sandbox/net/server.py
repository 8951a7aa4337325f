"""The telnet listener: accepts connections, enforces per-address limits, shuts down politely.

Front-end only: it needs a :class:`Gateway` and nothing else of the engine, so the
same server runs in-process (``sandbox serve``, the TUI) or in the portal process.
"""
from __future__ import annotations

import asyncio
import itertools
import socket
import time
from dataclasses import dataclass

from sandbox.markup import DEFAULT_THEME, Theme
from sandbox.net.gateway import Gateway
from sandbox.net.login import DEFAULT_GREETING
from sandbox.net.telnet.budget import LogLimiter
from sandbox.net.telnet.connection import TelnetConnection
from sandbox.net.throttle import AddressCounts, ListenerLimits


@dataclass
class ServerConfig(ListenerLimits):
    name: str = "sandbox"  # reported by MSSP
    greeting: str = DEFAULT_GREETING  # markup
    theme: Theme | None = DEFAULT_THEME
    #: The kernel's queue of connections not yet accepted: asyncio's default (100) drops
    #: connections in bursts of a few hundred.
    backlog: int = 4096
    #: Connections accepted per event-loop iteration. asyncio accepts up to its backlog
    #: argument at once, and 500 connection set-ups in one go stall every player for
    #: ~150 ms; a dozen or two at a time lets their commands in between.
    accepts_per_tick: int = 16


#: Addresses whose log limiter is remembered before the idle ones are dropped.
MAX_LOG_LIMITERS = 4096


class TelnetServer:
    def __init__(self, gateway: Gateway, config: ServerConfig | None = None) -> None:
        self.gateway = gateway
        self.config = config or ServerConfig()
        self.throttle = self.config.login_throttle
        self.connections: set[TelnetConnection] = set()
        self.players: set[TelnetConnection] = set()
        self._addresses = AddressCounts()
        #: Shared by every connection from one address, so an attacker who reconnects
        #: still gets one log line a second, not one per connection.
        self._log_limits: dict[str, LogLimiter] = {}
        self._ids = itertools.count(1)
        self._server: asyncio.base_events.Server | None = None
        self.started_at = time.time()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        loop = asyncio.get_running_loop()
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        # IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose
        # proto says TCP, and accepted sockets inherit it. With proto 0 a bystander's line
        # written right after a reply waited ~40 ms for the client's delayed ACK.
        listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((host, port))
            listener.setblocking(False)
            # asyncio uses its backlog argument both for listen() and as the number of
            # connections accepted per loop iteration: give it the small number, then
            # widen the kernel's queue again.
            self._server = await loop.create_server(
                lambda: TelnetConnection(self, f"t{next(self._ids)}"), sock=listener, backlog=self.config.accepts_per_tick
            )
            listener.listen(self.config.backlog)
        except BaseException:
            listener.close()
            raise
        addr = listener.getsockname()
        return str(addr[0]), int(addr[1])

    # -- bookkeeping used by connections ---------------------------------------------------
    def admit(self, conn: TelnetConnection) -> str | None:
        """None to accept; otherwise the reason the connection is refused."""
        refusal = self._addresses.admit(
            conn.address, len(self.connections), self.config.max_connections, self.config.max_per_address
        )
        if refusal is None:
            self.connections.add(conn)
        return refusal

    def log_limiter(self, address: str) -> LogLimiter:
        limiter = self._log_limits.get(address)
        if limiter is None:
            if len(self._log_limits) >= MAX_LOG_LIMITERS:
                self._prune_log_limiters()
            limiter = self._log_limits[address] = LogLimiter()
        return limiter

    def _prune_log_limiters(self) -> None:
        """Keep the limiters of addresses still connected; the rest are only timestamps."""
        self._log_limits = {a: lim for a, lim in self._log_limits.items() if a in self._addresses}

    def forget(self, conn: TelnetConnection) -> None:
        if conn in self.connections:
            self.connections.discard(conn)
            self._addresses.release(conn.address)
        self.players.discard(conn)

    def logged_in(self, conn: TelnetConnection) -> None:
        self.players.add(conn)

    def mssp_values(self) -> dict[str, str]:
        return {
            "NAME": self.config.name,
            "PLAYERS": str(len(self.players)),
            "UPTIME": str(int(self.started_at)),
            "CODEBASE": "sandbox",
            "MXP": "1",  # offered to every client; links become MXP <send> elements
        }

    # -- stopping ----------------------------------------------------------------------------
    async def close(self, goodbye: str = "[info]The server is shutting down. Goodbye![/info]") -> None:
        """Stop accepting, say goodbye to everyone, and wait (briefly) for the bytes to go."""
        if self._server is not None:
            self._server.close()
        for conn in list(self.connections):
            conn.goodbye(goodbye)
        deadline = time.monotonic() + 2.0
        while self.connections and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        for conn in list(self.connections):
            conn.abort()
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None
