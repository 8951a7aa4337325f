"""The portal process: telnet for players, a Unix socket for the engine.

It runs the very same telnet front end as the in-process listener, with a
:class:`LinkGateway` in place of the local one. One engine may be connected at a time;
with ``--engine`` the portal also starts and supervises it.
"""
from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from pathlib import Path
from typing import Any

from sandbox.net.server import ServerConfig, TelnetServer
from sandbox.portal.frames import PROTOCOL_VERSION
from sandbox.portal.gateway import LinkGateway
from sandbox.portal.link import Link, background, trusted_peer
from sandbox.portal.supervisor import STARTUP_DEADLINE, Supervisor

log = logging.getLogger("sandbox.portal")

DEFAULT_LINK_NAME = ".sandbox/portal.sock"


def default_link_path(game: Path) -> Path:
    return Path(game) / DEFAULT_LINK_NAME


class Portal:
    def __init__(self, link_path: Path, config: ServerConfig | None = None) -> None:
        self.link_path = Path(link_path)
        self.gateway = LinkGateway()
        self.telnet = TelnetServer(self.gateway, config)
        self.supervisor: Supervisor | None = None
        #: The browser front end (``sandbox portal --web``), on the same gateway as telnet.
        self.web: Any = None
        self.engines_seen = 0
        self._unix: asyncio.base_events.Server | None = None
        self._done = asyncio.Event()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        self.link_path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_socket(self.link_path)
        # Only this user may speak for the engine: create the socket private from the start.
        old_umask = os.umask(0o177)
        try:
            self._unix = await asyncio.start_unix_server(self._on_engine, path=str(self.link_path))
        finally:
            os.umask(old_umask)
        os.chmod(self.link_path, 0o600)
        return await self.telnet.start(host, port)

    def supervise(self, argv: list[str], startup_deadline: float = STARTUP_DEADLINE) -> None:
        self.supervisor = Supervisor(argv, startup_deadline=startup_deadline, on_alert=self._alert)
        background(self.supervisor.run())

    def _alert(self, why: str) -> None:
        from sandbox.markup import escape

        self.gateway.notify_admins(f"[error]{escape(why)}[/error]")

    async def _on_engine(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not trusted_peer(writer):
            log.error("refused an engine connection from another user")
            writer.close()
            return
        if self.gateway.up:
            log.warning("a second engine tried to connect; refused")
            writer.close()
            return
        link = Link(reader, writer, lambda frame: self._handle(link, frame))
        link.send({"t": "hello", "v": PROTOCOL_VERSION, "role": "portal"})
        try:
            reason = await link.run()
        except asyncio.CancelledError:
            return  # the portal is shutting down
        log.info("engine link closed: %s", reason)
        if self.gateway.link is link or self.gateway.link is None:
            self.gateway.link_down()
        if "silent" in reason and self.supervisor is not None:
            self.supervisor.kill()  # hung, not dead: make it dead so it can restart

    def _handle(self, link: Link, frame: dict[str, Any]) -> Any:
        kind = frame["t"]
        if kind == "out":
            self.gateway.deliver(frame.get("messages") or [], frame.get("to") or [])
            if self.supervisor is not None:
                self.supervisor.served()
        elif kind == "hello":
            if frame.get("v") != PROTOCOL_VERSION:
                log.error("engine speaks protocol %s, we speak %s", frame.get("v"), PROTOCOL_VERSION)
                link.close("protocol version mismatch")
                return None
            link.peer = frame
            self.engines_seen += 1
            if self.supervisor is not None:
                self.supervisor.hello()
            return self.gateway.link_up(link)
        elif kind == "shutdown":
            background(self.shutdown())
        elif kind == "restarting":
            log.info("engine restarting: %s", frame.get("why"))
        return None

    async def shutdown(self) -> None:
        if self.supervisor is not None:
            await self.supervisor.stop()
        if self.gateway.link is not None:
            self.gateway.link.close("portal shutting down")
        await self.telnet.close()
        if self.web is not None:
            await self.web.close()
        if self._unix is not None:
            self._unix.close()
        self.link_path.unlink(missing_ok=True)
        self._done.set()

    async def wait(self) -> None:
        await self._done.wait()


def engine_command(game: Path, link_path: Path) -> list[str]:
    return [sys.executable, "-m", "sandbox", "serve", "--game", str(game), "--portal", str(link_path)]


def _remove_stale_socket(path: Path) -> None:
    """A socket file left by a killed portal is removed; a live one is not stolen."""
    if not path.exists():
        return
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(str(path))
    except OSError:
        path.unlink(missing_ok=True)
        return
    finally:
        probe.close()
    raise RuntimeError(f"another portal is already listening on {path}")
