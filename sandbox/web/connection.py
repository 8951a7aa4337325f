"""One browser tab: the telnet login conversation, then engine output as HTML events.

The wire is JSON text frames. From the browser: ``{"t": "line", "text": ...}`` (a line
typed, during login or play) and ``{"t": "who"}`` (refresh the who panel). To the
browser, one frame per flush holding a list of events:

- ``{"t": "out", "k": kind, "h": html}``: a message rendered by ``sandbox.markup``'s
  HTML renderer (every piece of player text already escaped there);
- ``{"t": "ask", "text": prompt, "secret": bool}``: a login question;
- ``{"t": "oob", "p": package, "d": data}``: ``Room.Info`` (the same data GMCP clients
  get) and ``Sandbox.Who`` for the side panels;
- ``{"t": "state", "s": "playing", "name": ...}`` and ``{"t": "bye"}``.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import orjson
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode, Frame, Opcode
from websockets.http11 import Request, Response
from websockets.protocol import State

from sandbox.engine.session import Message
from sandbox.markup import render
from sandbox.net.client import ClientFacts
from sandbox.net.gateway import DROPPED, PROMPT, QUIT, SHUTDOWN
from sandbox.net.login import LineQueue, run_login
from sandbox.net.throttle import CommandRate
from sandbox.web.page import new_token

if TYPE_CHECKING:
    from sandbox.web.server import WebServer

log = logging.getLogger("sandbox.web")

#: The message that carries who-panel data; see commands/who.py.
WHO_PACKAGE = "Sandbox.Who"
_LOGIN, _PLAYING, _CLOSED = "login", "playing", "closed"


class _EventCache:
    """A say heard by a hundred browsers is one Message object: render it to HTML and
    encode its event once, not once per browser."""

    __slots__ = ("message", "event")

    def __init__(self) -> None:
        self.message: Message | None = None
        self.event = b""

    def get(self, message: Message) -> bytes:
        if message is not self.message:
            html = render(message.text, "html")
            self.message, self.event = message, orjson.dumps({"t": "out", "k": message.kind, "h": html})
        return self.event


_CACHE = _EventCache()
_OOB: dict[str, tuple[object, bytes]] = {}


def _oob_event(package: str, data: object) -> bytes:
    """Room.Info is memoised by the world (the same dict until the world changes), so
    its encoding is kept per package while the very same object comes back."""
    cached = _OOB.get(package)
    if cached is not None and cached[0] is data:
        return cached[1]
    event = orjson.dumps({"t": "oob", "p": package, "d": data})
    _OOB[package] = (data, event)
    return event


class DirectConnection(ServerConnection):
    """Hands each text frame to ``on_text`` as it is parsed, in ``data_received``.

    The library's way is a handler task awaiting ``recv()``: one task switch per line
    typed, a sixth of the server's time per ``look`` under load. Each line is one small
    unfragmented text frame; anything else (binary, fragments, bad UTF-8) is a client
    that is not our page, and is closed."""

    on_text: Callable[[str], None] | None = None

    def process_event(self, event: Request | Response | Frame) -> None:
        handler = self.on_text
        if handler is None or not isinstance(event, Frame) or event.opcode not in (Opcode.TEXT, Opcode.BINARY, Opcode.CONT):
            super().process_event(event)  # the handshake, pings, pongs, close
            return
        try:
            if event.opcode is not Opcode.TEXT or not event.fin:
                raise ValueError("not a whole text frame")
            text = bytes(event.data).decode("utf-8")
        except ValueError:  # UnicodeDecodeError is one
            self.on_text = None
            self.loop.create_task(self.close(CloseCode.UNSUPPORTED_DATA, "whole text frames only"))
            return
        try:
            handler(text)
        except Exception:  # one bad session must never take the listener down
            log.exception("web connection failed; closing it")
            self.on_text = None
            self.transport.abort()


class WebConnection:
    def __init__(self, server: WebServer, ws: ServerConnection) -> None:
        self.server = server
        self.config = server.config
        self.gateway = server.gateway
        self.ws = ws
        self.conn_id = "w" + new_token()
        peer = ws.remote_address
        self.address = str(peer[0]) if peer else ""
        agent = ws.request.headers.get("User-Agent", "") if ws.request is not None else ""
        self.facts = ClientFacts(
            address=self.address, client=_browser(agent), client_version=agent[:200], terminal="browser",
            colour="truecolor", width=120, height=40, charset="utf-8", frontend="web",
        )
        self.account: str | None = None
        self.session_id: int | None = None
        self.state = _LOGIN
        self._loop = asyncio.get_running_loop()
        self._lines = LineQueue()
        self._events: list[bytes] = []  # encoded events waiting for the next frame
        self._flush_scheduled = False
        self._closing = False
        self._rate = CommandRate(self.config.commands_per_second, self.config.command_burst, self._loop.time())
        self._who_wanted = 0
        self._ended = DROPPED

    # -- the connection's life ----------------------------------------------------------
    async def run(self) -> None:
        login = self._loop.create_task(self._login())
        self._emit({"t": "hello", "themes": sorted(self.config.themes), "theme": self.config.default_theme})
        self.send_line(self.config.greeting)
        try:
            if isinstance(self.ws, DirectConnection):
                self.ws.on_text = self._on_frame  # frames arrive in data_received
                await self.ws.wait_closed()
            else:
                async for frame in self.ws:
                    if isinstance(frame, str):
                        self._on_frame(frame)
        except ConnectionClosed:
            pass
        finally:
            previous, self.state = self.state, _CLOSED
            self._lines.end()
            if previous == _LOGIN:
                login.cancel()
            if self.session_id is not None:
                sid, self.session_id = self.session_id, None
                self.gateway.detach(sid, self._ended)
            await asyncio.gather(login, return_exceptions=True)

    def _on_frame(self, frame: str) -> None:
        try:
            data = orjson.loads(frame)
        except orjson.JSONDecodeError:
            return
        if not isinstance(data, dict):
            return
        kind = data.get("t")
        if kind == "line":
            text = data.get("text")
            if isinstance(text, str):
                self._on_line(text)
        elif kind == "who" and self.state == _PLAYING and self.session_id is not None and self._rate.admit(self._loop.time(), self.send_line):
            self._who_wanted += 1
            self.gateway.input(self.session_id, "who")

    def _on_line(self, text: str) -> None:
        text = text.replace("\r", "").split("\n", 1)[0]
        if len(text) > self.config.max_line:
            text = text[: self.config.max_line]
            self.send_line(f"[error]That line was longer than {self.config.max_line} characters and was cut.[/error]")
        if self.state == _PLAYING:
            if not self._rate.admit(self._loop.time(), self.send_line):
                return
            if self.session_id is None:
                self._lines.put(text)  # still attaching (the portal answers later)
                return
            self.gateway.input(self.session_id, text)
        elif self.state == _LOGIN:
            if self._lines.has_room():
                self._lines.put(text)

    # -- login: the LoginIO of sandbox.net.login ------------------------------------------
    async def read_line(self) -> str | None:
        return await self._lines.get()

    def send_line(self, markup: str) -> None:
        if markup:
            self._emit({"t": "out", "k": "text", "h": render(markup, "html")})

    def send_prompt(self, text: str) -> None:
        self._emit({"t": "ask", "text": text, "secret": self._secret})

    _secret = False

    def hide_input(self, hidden: bool) -> None:
        self._secret = hidden

    async def _login(self) -> None:
        try:
            account = await asyncio.wait_for(run_login(self, self.gateway, self.server.throttle), self.config.login_timeout)
        except TimeoutError:
            self.send_line("[error]Login timed out. Goodbye.[/error]")
            account = None
        if account is None or self.state != _LOGIN:
            self.goodbye("")
            return
        self.account = account
        self.state = _PLAYING
        self._lines.take_all()  # typed during the dialogue but never asked for
        self._emit({"t": "state", "s": "playing", "name": account})
        try:
            session_id = await self.gateway.attach(self.conn_id, account, self.deliver, self.facts)
        except Exception:
            log.exception("attach failed for %s", account)
            self.send_line("[error]The world could not place your character. Try again later.[/error]")
            self.goodbye("")
            return
        if self.state == _CLOSED:
            self.gateway.detach(session_id, DROPPED)
            return
        self.session_id = session_id
        self.server.players.add(self)
        for text in self._lines.take_all():
            self.gateway.input(session_id, text)

    # -- output ---------------------------------------------------------------------------
    def deliver(self, message: Message) -> None:
        """The session's sink (engine messages, from the gateway)."""
        if self.state == _CLOSED:
            return
        kind = message.kind
        if kind == PROMPT:
            self._flush()  # a command's output is complete: send it now, in one frame
            return
        if kind == "close":
            self._ended = QUIT
            self._emit({"t": "bye"})
            self._flush()
            self._close_soon()
            return
        oob = message.oob
        if oob:
            for package, data in oob.items():
                self._emit(_oob_event(package, data))
            if WHO_PACKAGE in oob and self._who_wanted:
                self._who_wanted -= 1  # the panel asked: its text is not scrollback
                return
        if message.text:
            self._emit(_CACHE.get(message))

    def _emit(self, event: dict[str, Any] | bytes) -> None:
        """Queue an event (a dict, or one already encoded) for the next frame."""
        self._events.append(event if type(event) is bytes else orjson.dumps(event))
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self._loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        if not self._events or self._closing:
            return
        frame = b"[" + b",".join(self._events) + b"]"
        self._events = []
        self._write(frame)

    def _write(self, frame: bytes) -> None:
        """One text frame, written now. The ``send()`` coroutine would cost a task
        switch per frame (a third of the server's time under load); the Sans-I/O
        protocol plus ``send_data`` is what ``send()`` itself does, minus the await."""
        ws = self.ws
        if ws.protocol.state is not State.OPEN:
            return
        ws.protocol.send_text(frame)
        ws.send_data()
        transport = ws.transport
        if transport is not None and transport.get_write_buffer_size() > self.config.max_output_buffer:
            # A browser that never reads must not grow our memory: drop it, as telnet does.
            log.info("web %s: output buffer over %d bytes, disconnecting", self.address, self.config.max_output_buffer)
            self._closing = True
            transport.abort()

    def _close_soon(self) -> None:
        """Close after what is already written (the close frame queues behind it)."""
        if not self._closing:
            self._closing = True
            self._loop.create_task(self.ws.close())

    def goodbye(self, markup: str, *, quit_: bool = False) -> None:
        """Say why (if anything), then close after what is already queued."""
        if markup:
            self.send_line(markup)
        if self.state == _PLAYING:
            self._ended = QUIT if quit_ else SHUTDOWN
        self._emit({"t": "bye"})
        self._flush()
        self._close_soon()


def _browser(agent: str) -> str:
    """A short browser name for the Sessions panel (the full string is kept too)."""
    for name in ("Edg", "OPR", "Firefox", "Chrome", "Safari"):
        if name + "/" in agent:
            return {"Edg": "Edge", "OPR": "Opera"}.get(name, name)
    return "browser"
