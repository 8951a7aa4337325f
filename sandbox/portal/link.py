"""One end of the portal link: frames in and out, calls with request ids, heartbeats.

Both processes use this class. It knows nothing of telnet or of the engine: a handler
receives every frame that is not a reply, and ``call`` awaits the reply to a request.
A link is dead when the socket closes or the peer is silent for ``timeout`` seconds (a
hung engine stops sending heartbeats even though its socket stays open).
"""
from __future__ import annotations

import asyncio
import itertools
import logging
import os
import socket
import struct
import time
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from sandbox.portal.frames import FrameDecoder, FrameError, encode

log = logging.getLogger("sandbox.portal.link")

Handler = Callable[[dict[str, Any]], Awaitable[None] | None]

HEARTBEAT_SECONDS = 1.0
TIMEOUT_SECONDS = 5.0


def peer_uid(writer: asyncio.StreamWriter) -> int | None:
    """The user id of the process at the other end of a Unix socket (SO_PEERCRED)."""
    sock = writer.get_extra_info("socket")
    if sock is None or sock.family != socket.AF_UNIX:
        return None
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid


def trusted_peer(writer: asyncio.StreamWriter) -> bool:
    """Only our own user may sit at the other end of the link.

    The socket's 0600 mode keeps other users out of the portal, but the engine connects
    to whatever listens at its --portal path: in a shared directory another user could
    listen there first and attach to any account without a password. Both ends check.
    """
    return peer_uid(writer) == os.getuid()



#: Tasks started and not awaited: the event loop keeps only a weak reference to a task,
#: so one nobody holds can be collected mid-flight (asyncio.create_task's documentation).
_BACKGROUND: set[asyncio.Task[Any]] = set()


def background(coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
    """Run ``coro`` as a task that is kept alive until it ends."""
    task = asyncio.get_running_loop().create_task(coro)
    _BACKGROUND.add(task)
    task.add_done_callback(_BACKGROUND.discard)
    return task

class LinkDown(Exception):
    """The other side is gone; a call cannot be answered."""


class Link:
    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        handler: Handler,
        *,
        heartbeat: float = HEARTBEAT_SECONDS,
        timeout: float = TIMEOUT_SECONDS,
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.handler = handler
        self.heartbeat = heartbeat
        self.timeout = timeout
        self.peer: dict[str, Any] = {}
        self._ids = itertools.count(1)
        self._pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._closed = asyncio.Event()
        self._last_heard = time.monotonic()
        self.close_reason = ""

    @property
    def closed(self) -> bool:
        return self._closed.is_set()

    # -- sending -----------------------------------------------------------------------------
    def send(self, message: dict[str, Any]) -> None:
        if self.closed:
            raise LinkDown(self.close_reason or "link closed")
        self.writer.write(encode(message))

    async def call(self, kind: str, timeout: float = 30.0, **fields: Any) -> dict[str, Any]:
        """Send a request and wait for its reply (``{"t": "reply", "id": …}``)."""
        rid = next(self._ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[rid] = future
        try:
            self.send({"t": kind, "id": rid, **fields})
            return await asyncio.wait_for(future, timeout)
        except TimeoutError as exc:
            raise LinkDown(f"no reply to {kind} within {timeout}s") from exc
        finally:
            self._pending.pop(rid, None)

    def reply(self, request: dict[str, Any], **fields: Any) -> None:
        self.send({"t": "reply", "id": request.get("id"), **fields})

    # -- running -----------------------------------------------------------------------------
    async def run(self) -> str:
        """Read frames until the link dies; returns why."""
        beat = asyncio.create_task(self._beat())
        decoder = FrameDecoder()
        try:
            while True:
                data = await self.reader.read(262144)
                if not data:
                    self._close("peer closed the link")
                    break
                self._last_heard = time.monotonic()
                for frame in decoder.feed(data):
                    await self._dispatch(frame)
        except FrameError as exc:
            self._close(f"bad frame: {exc}")
        except (ConnectionError, OSError) as exc:
            self._close(f"link error: {exc}")
        except asyncio.CancelledError:
            self._close("cancelled")
            raise
        finally:
            beat.cancel()
            self._fail_pending()
            self.writer.close()
        return self.close_reason

    async def _dispatch(self, frame: dict[str, Any]) -> None:
        kind = frame["t"]
        if kind == "ping":
            self.send({"t": "pong"})
            return
        if kind == "pong":
            return
        if kind == "reply":
            request_id = frame.get("id")
            future = self._pending.get(request_id) if isinstance(request_id, int) else None
            if future is not None and not future.done():
                future.set_result(frame)
            return
        result = self.handler(frame)
        if asyncio.iscoroutine(result):
            # Requests that need an answer may wait (password hashing); the reader goes on.
            background(self._guard(result))

    async def _guard(self, coro: Awaitable[None]) -> None:
        try:
            await coro
        except LinkDown:
            pass
        except Exception:
            log.exception("link handler failed")

    async def _beat(self) -> None:
        while not self.closed:
            await asyncio.sleep(self.heartbeat)
            if time.monotonic() - self._last_heard > self.timeout:
                self._close(f"peer silent for {self.timeout:.0f}s")
                self.writer.close()
                return
            try:
                self.send({"t": "ping"})
            except (LinkDown, ConnectionError, RuntimeError):
                return

    def _close(self, reason: str) -> None:
        if not self.closed:
            self.close_reason = reason
            self._closed.set()

    def _fail_pending(self) -> None:
        for future in self._pending.values():
            if not future.done():
                future.set_exception(LinkDown(self.close_reason))
        self._pending.clear()

    def close(self, reason: str = "closed") -> None:
        self._close(reason)
        self.writer.close()

    async def wait_closed(self) -> None:
        await self._closed.wait()
