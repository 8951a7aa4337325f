"""The engine process in portal mode: connect to the portal, serve its sessions.

`sandbox serve --portal PATH` runs this. It reconnects with backoff whenever the link
drops, so it does not matter which process starts first or which one restarts. The
engine keeps ticking while the portal is away; the sessions it held are detached (the
characters go link-dead) and the players log in again when the portal is back.
"""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any

from sandbox.driver import drive
from sandbox.engine.session import Message
from sandbox.game import Game
from sandbox.net.client import ClientFacts
from sandbox.net.gateway import DROPPED
from sandbox.net.local import DEFAULT_GRACE, LocalGateway
from sandbox.portal.frames import PROTOCOL_VERSION
from sandbox.portal.link import Link, LinkDown, trusted_peer

log = logging.getLogger("sandbox.portal.engine")

#: Pending deliveries after one input that make the output go out at once (see _handle).
FLUSH_AT = 32
BACKOFF_START = 0.05
BACKOFF_MAX = 2.0


class EngineHost:
    def __init__(self, game: Game, link_path: Path, *, linkdead_grace: float = DEFAULT_GRACE) -> None:
        self.game = game
        self.engine = game.engine
        self.link_path = Path(link_path)
        self.gateway = LocalGateway(game.engine, linkdead_grace=linkdead_grace)
        self.link: Link | None = None
        self._sids: dict[int, int] = {}  # portal session id -> engine session id
        self._outbox: list[tuple[int, Message]] = []
        self._flush_scheduled = False
        self._stopping = asyncio.Event()
        self.exit_code = 0
        self.engine.request_listeners.append(self._on_request)
        #: Tells commands (``reload --cold``) that a portal will bring the engine back.
        self.engine.services["portal"] = self

    # -- the connection loop ----------------------------------------------------------------
    async def run(self) -> int:
        """Serve until shutdown or a cold reload; returns the process exit code."""
        ticker = asyncio.create_task(drive(self.engine))
        delay = BACKOFF_START
        try:
            while not self._stopping.is_set():
                try:
                    reader, writer = await asyncio.open_unix_connection(str(self.link_path))
                except (FileNotFoundError, ConnectionRefusedError, OSError):
                    await self._sleep(delay)
                    delay = min(delay * 2, BACKOFF_MAX)
                    continue
                if not trusted_peer(writer):
                    log.error("refusing the portal at %s: it is run by another user", self.link_path)
                    writer.close()
                    await self._sleep(delay)
                    delay = min(delay * 2, BACKOFF_MAX)
                    continue
                delay = BACKOFF_START
                link = Link(reader, writer, self._handle)
                self.link = link
                link.send({"t": "hello", "v": PROTOCOL_VERSION, "role": "engine", "pid": os.getpid()})
                reason = await link.run()
                log.info("portal link closed: %s", reason)
                self.link = None
                self._drop_all()
        finally:
            ticker.cancel()
        return self.exit_code

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            pass

    def stop(self, code: int = 0) -> None:
        self.exit_code = code
        self._stopping.set()
        if self.link is not None:
            self._flush()
            self.link.close("engine stopping")

    # -- frames from the portal -------------------------------------------------------------
    def _handle(self, frame: dict[str, Any]) -> Any:
        kind = frame["t"]
        if kind == "hello":
            if frame.get("v") != PROTOCOL_VERSION:
                log.error("portal speaks protocol %s, we speak %s", frame.get("v"), PROTOCOL_VERSION)
                self.stop(2)
            return None
        if kind == "input":
            sid = self._sids.get(frame["psid"])
            if sid is not None:
                self.gateway.input(sid, str(frame.get("line", "")))
                if len(self._outbox) >= FLUSH_AT:
                    # A big fan-out (a say to a crowded room): send it now, so the portal
                    # renders and writes it while we run the next input and the two
                    # processes overlap. Small answers (look) batch up per read instead:
                    # fewer, larger frames are cheaper for both sides.
                    self._flush()
            return None
        if kind == "update_client":
            sid = self._sids.get(frame["psid"])
            if sid is not None:
                self.gateway.update_client(sid, ClientFacts.from_json(frame.get("client") or {}))
            return None
        if kind == "detach":
            sid = self._sids.pop(frame["psid"], None)
            if sid is not None:
                self.gateway.detach(sid, str(frame.get("reason", DROPPED)))
            return None
        handler = {
            "check_name": self._check_name,
            "login": self._login,
            "create_account": self._create_account,
            "attach": self._attach,
        }.get(kind)
        if handler is None:
            log.warning("unknown frame type %r from portal", kind)
            return None
        return handler(frame)

    async def _check_name(self, frame: dict[str, Any]) -> None:
        check = await self.gateway.check_name(str(frame.get("name", "")))
        self._reply(frame, status=check.status, name=check.name, reason=check.reason)

    async def _login(self, frame: dict[str, Any]) -> None:
        result = await self.gateway.login(str(frame.get("name", "")), str(frame.get("password", "")))
        self._reply(frame, **result.to_json())

    async def _create_account(self, frame: dict[str, Any]) -> None:
        result = await self.gateway.create_account(str(frame.get("name", "")), str(frame.get("password", "")))
        self._reply(frame, **result.to_json())

    async def _attach(self, frame: dict[str, Any]) -> None:
        psid = int(frame["psid"])
        account = str(frame.get("account", ""))
        try:
            sid = await self.gateway.attach(
                str(frame.get("conn", "")), account, self._sink(psid), ClientFacts.from_json(frame.get("client") or {}),
                resume=bool(frame.get("resume")),
            )
        except LookupError:
            self._reply(frame, ok=False, reason=f"The account {account} no longer exists. Please log in again.")
            return
        self._sids[psid] = sid
        char = self.engine.world.get(self.engine.sessions[sid].character_id)
        self._reply(frame, ok=True, perm=char.perm.label if char is not None else "player")

    def _reply(self, frame: dict[str, Any], **fields: Any) -> None:
        if self.link is not None:
            try:
                self.link.reply(frame, **fields)
            except LinkDown:
                pass

    # -- output to the portal, one frame per loop iteration -----------------------------------
    def _sink(self, psid: int):
        def sink(message: Message) -> None:
            self._outbox.append((psid, message))
            if not self._flush_scheduled:
                self._flush_scheduled = True
                asyncio.get_running_loop().call_soon(self._flush)

        return sink

    def _flush(self) -> None:
        self._flush_scheduled = False
        pending, self._outbox = self._outbox, []
        if not pending or self.link is None or self.link.closed:
            return
        # A say to a crowded room is one Message shared by every recipient: send it once
        # and a list of who gets it, so the portal can render it once per capability too.
        index: dict[int, int] = {}
        messages: list[list[Any]] = []
        deliveries: list[list[int]] = []
        for psid, message in pending:
            at = index.get(id(message))
            if at is None:
                at = index[id(message)] = len(messages)
                messages.append([message.text, message.kind, message.oob])
            deliveries.append([psid, at])
        try:
            self.link.send({"t": "out", "messages": messages, "to": deliveries})
        except LinkDown:
            pass

    def _drop_all(self) -> None:
        """The portal is gone: its sessions are link-dead until the players log in again."""
        for sid in self._sids.values():
            self.gateway.detach(sid, DROPPED)
        self._sids.clear()
        self._outbox.clear()

    # -- requests from commands ---------------------------------------------------------------
    def _on_request(self, what: str) -> None:
        if what == "shutdown":
            self._notify_portal({"t": "shutdown"})
            self.stop(0)
        elif what == "cold-reload":
            self._notify_portal({"t": "restarting", "why": "cold reload"})
            self.stop(0)

    def _notify_portal(self, message: dict[str, Any]) -> None:
        if self.link is not None:
            self._flush()
            try:
                self.link.send(message)
            except LinkDown:
                pass


async def serve_portal(game: Game, link_path: Path, *, linkdead_grace: float = DEFAULT_GRACE) -> int:
    """Run the engine for a portal until shutdown, a cold reload or SIGTERM."""
    import signal

    host = EngineHost(game, link_path, linkdead_grace=linkdead_grace)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, host.stop)
    reloader = None
    try:
        from sandbox.reload import Reloader

        reloader = Reloader(game).start()
    except Exception as exc:  # hot reload is a convenience; the world runs without it
        log.warning("hot reload unavailable: %s", exc)
    try:
        code = await host.run()
    finally:
        if reloader is not None:
            reloader.stop()
        game.engine.save_world()
    return code
