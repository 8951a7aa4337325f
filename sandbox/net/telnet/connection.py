"""One telnet client: bytes in through the parser, lines to the gateway, messages out.

A plain ``asyncio.Protocol`` rather than telnetlib3's reader/writer shell: input is
parsed the moment it arrives (no per-connection reader task), a command's output and
its prompt go out in one write, and every limit (line length, subnegotiation size,
command rate, unread output) is ours to set. The option logic lives in the socket-free
:mod:`parser`, :mod:`options` and :mod:`lines` modules.
"""
from __future__ import annotations

import asyncio
import logging
import zlib
from collections import deque
from typing import TYPE_CHECKING, Any

from sandbox.engine.session import Message
from sandbox.markup.ansi import mxp_escape
from sandbox.net.client import ClientFacts
from sandbox.net.gateway import DROPPED, PROMPT, QUIT, SHUTDOWN
from sandbox.net.login import run_login
from sandbox.net.telnet import codes as T
from sandbox.net.telnet.lines import Line, LineAssembler
from sandbox.net.telnet.options import START_COMPRESSION, STOP_COMPRESSION, Negotiator, gmcp_bytes
from sandbox.net.telnet.output import render_message, render_text
from sandbox.net.telnet.parser import Data, TelnetParser

if TYPE_CHECKING:
    from sandbox.net.server import TelnetServer

log = logging.getLogger("sandbox.net.telnet")

GAME_PROMPT = b"> "
GAME_PROMPT_MXP = b"&gt; "  # an MXP client parses every line: even a lone > is escaped
_EOR = T.command(T.EOR_CMD)
_GA = T.command(T.GA)
#: Lines typed during login that are kept while the login coroutine is busy (hashing).
LOGIN_BACKLOG = 16

_LOGIN, _PLAYING, _CLOSING, _CLOSED = "login", "playing", "closing", "closed"


class TelnetConnection(asyncio.Protocol):
    def __init__(self, server: "TelnetServer", conn_id: str) -> None:
        self.server = server
        self.config = server.config
        self.gateway = server.gateway
        self.conn_id = conn_id
        self.facts = ClientFacts()
        self.parser = TelnetParser()
        self.negotiator = Negotiator(self.facts, mssp=server.mssp_values)
        self.lines = LineAssembler(self.config.max_line)
        self.transport: asyncio.Transport | None = None
        self.address = ""
        self.account: str | None = None
        self.session_id: int | None = None
        self.state = _LOGIN
        self._login_task: asyncio.Task[None] | None = None
        self._login_lines: deque[str] = deque()
        self._line_waiter: asyncio.Future[str | None] | None = None
        #: Output waiting for the flush: bytes (GMCP) and messages, rendered at flush time
        #: with the client's facts as they are then (MXP may have started meanwhile).
        self._pending: list[bytes | Message] = []
        self._pending_text = False
        self._flush_scheduled = False
        self._prompt_pending = False  # the client's cursor sits after our prompt
        self._close_after_flush = False
        self._ended = DROPPED
        self._compressor: Any = None
        self._loop = asyncio.get_running_loop()
        self._tokens = float(self.config.command_burst)
        self._tokens_at = self._loop.time()
        self._rate_notice_at = 0.0

    # -- asyncio callbacks ----------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if peer else ""
        self.facts.address = self.address
        refusal = self.server.admit(self)
        if refusal is not None:
            transport.write(refusal.encode("ascii", "replace") + b"\r\n")
            self.state = _CLOSING
            transport.close()
            return
        self.negotiator.start()
        self._drain_negotiation()
        # The greeting goes out at once: a client that never negotiates still gets it.
        self.send_line(self.config.greeting)
        self._login_task = self._loop.create_task(self._login())

    def data_received(self, data: bytes) -> None:
        if self.state in (_CLOSING, _CLOSED):
            return
        try:
            for event in self.parser.feed(data):
                if type(event) is Data:
                    if self.negotiator.outgoing:
                        # Answers first: output for a line in this chunk must follow them
                        # (the MXP start, the MCCP2 marker).
                        self._drain_negotiation()
                    for line in self.lines.feed(event.payload):
                        self._on_line(line)
                        if self.state != _PLAYING and self.state != _LOGIN:
                            return
                else:
                    self.negotiator.handle(event)
            if self.negotiator.outgoing:
                self._drain_negotiation()
            if self.negotiator.resized:
                self.negotiator.resized = False
                if self.session_id is not None:
                    self.gateway.update_client(self.session_id, self.facts)
        except Exception:  # one bad client must never take the listener down
            log.exception("telnet connection %s failed; closing it", self.conn_id)
            self.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        previous = self.state
        self.state = _CLOSED
        if self._line_waiter is not None and not self._line_waiter.done():
            self._line_waiter.set_result(None)
        if self._login_task is not None and previous == _LOGIN:
            self._login_task.cancel()
        if self.session_id is not None:
            sid, self.session_id = self.session_id, None
            self.gateway.detach(sid, self._ended)
        self.server.forget(self)

    # -- input ----------------------------------------------------------------------------
    def _on_line(self, line: Line) -> None:
        self._prompt_pending = False  # the client moved to a new line when Enter was hit
        if line.cut:
            self.send_line(f"[error]That line was longer than {self.config.max_line} bytes and was cut.[/error]")
        if self.state == _PLAYING:
            if not self._take_token():
                return
            if self.session_id is None:
                # Still attaching: an asynchronous gateway (the portal) may deliver the room
                # and its prompt before attach() returns, and a quick client answers it.
                self._login_lines.append(line.text)
                return
            self.gateway.input(self.session_id, line.text)
        elif self.state == _LOGIN:
            waiter = self._line_waiter
            if waiter is not None and not waiter.done():
                waiter.set_result(line.text)
            elif len(self._login_lines) < LOGIN_BACKLOG:
                self._login_lines.append(line.text)

    def _take_token(self) -> bool:
        rate = self.config.commands_per_second
        if rate <= 0:
            return True
        now = self._loop.time()
        self._tokens = min(float(self.config.command_burst), self._tokens + (now - self._tokens_at) * rate)
        self._tokens_at = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        if now - self._rate_notice_at > 1.0:
            self._rate_notice_at = now
            self.send_line("[error]You are sending commands too fast; some were ignored.[/error]")
        return False

    # -- login (LoginIO) ----------------------------------------------------------------------
    async def read_line(self) -> str | None:
        if self._login_lines:
            return self._login_lines.popleft()
        if self.state != _LOGIN:
            return None
        self._line_waiter = self._loop.create_future()
        try:
            return await self._line_waiter
        finally:
            self._line_waiter = None

    def send_line(self, markup: str) -> None:
        if self.transport is None or self.state in (_CLOSING, _CLOSED):
            return
        prefix = b"\r\n" if self._prompt_pending else b""
        self._prompt_pending = False
        facts = self.facts
        self._write(prefix + render_text(markup, facts.colour, facts.width, facts.charset, self.config.theme, facts.mxp) + b"\r\n")

    def send_prompt(self, text: str) -> None:
        if self.state in (_CLOSING, _CLOSED):
            return
        if self.facts.mxp:
            text = mxp_escape(text)
        self._write(text.encode(self.facts.charset, "replace") + self._prompt_end())
        self._prompt_pending = True

    def hide_input(self, hidden: bool) -> None:
        self.negotiator.hide_input(hidden)
        self._drain_negotiation()

    async def _login(self) -> None:
        try:
            account = await asyncio.wait_for(
                run_login(self, self.gateway, self.server.throttle), timeout=self.config.login_timeout
            )
        except asyncio.TimeoutError:
            self.send_line("[error]Login timed out. Goodbye.[/error]")
            account = None
        except asyncio.CancelledError:
            return
        if account is None or self.state != _LOGIN:
            self.close()
            return
        self.account = account
        self.state = _PLAYING
        self._login_lines.clear()
        if self.facts.wants_gmcp("Char.Name"):
            self._pending.append(gmcp_bytes("Char.Name", {"name": account, "fullname": account}))
        try:
            session_id = await self.gateway.attach(self.conn_id, account, self.deliver, self.facts)
        except Exception:
            log.exception("attach failed for %s", account)
            self.send_line("[error]The world could not place your character. Try again later.[/error]")
            self.close()
            return
        if self.state == _CLOSED:  # dropped while attaching
            self.gateway.detach(session_id, DROPPED)
            return
        self.session_id = session_id
        self.server.logged_in(self)
        early = list(self._login_lines)
        self._login_lines.clear()
        for text in early:
            self.gateway.input(session_id, text)

    # -- output ----------------------------------------------------------------------------
    def deliver(self, message: Message) -> None:
        """The session's sink: called by the gateway with each engine message."""
        if self.state == _CLOSED or self.state == _CLOSING:
            return
        kind = message.kind
        if kind == PROMPT:
            self._flush(prompt=True)  # a command's batch is complete: one write with its prompt
            return
        if kind == "close":
            self._ended = QUIT
            self._close_after_flush = True
        else:
            facts = self.facts
            if message.oob and facts.gmcp:
                for package, data in message.oob.items():
                    if facts.wants_gmcp(package):
                        self._pending.append(gmcp_bytes(package, data))
            if message.text:
                self._pending.append(message)
                self._pending_text = True
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self._loop.call_soon(self._flush)

    def _flush(self, prompt: bool = True) -> None:
        self._flush_scheduled = False
        if self.state in (_CLOSING, _CLOSED) or self.transport is None:
            return
        pending = self._pending
        if not pending and not self._close_after_flush and (not prompt or self._prompt_pending):
            return
        facts, theme = self.facts, self.config.theme
        chunks = [
            render_message(item, facts.colour, facts.width, facts.charset, theme, facts.mxp) if isinstance(item, Message) else item
            for item in pending
        ]
        if self._pending_text and self._prompt_pending:
            chunks.insert(0, b"\r\n")  # timer output must not run on after a prompt
        self._pending = []
        self._pending_text = False
        if self._close_after_flush:
            self._write(b"".join(chunks))
            self.close()
            return
        if prompt and self.state == _PLAYING:
            chunks.append((GAME_PROMPT_MXP if facts.mxp else GAME_PROMPT) + self._prompt_end())
            self._prompt_pending = True
        self._write(b"".join(chunks))

    def _prompt_end(self) -> bytes:
        return _EOR if self.facts.eor else _GA

    def _drain_negotiation(self) -> None:
        items, self.negotiator.outgoing = self.negotiator.outgoing, []
        for item in items:
            if item is START_COMPRESSION:
                self._compressor = zlib.compressobj(6)
            elif item is STOP_COMPRESSION:
                if self._compressor is not None and self.transport is not None:
                    self.transport.write(self._compressor.flush(zlib.Z_FINISH))
                self._compressor = None
            else:
                self._write(item)

    def _write(self, data: bytes) -> None:
        transport = self.transport
        if transport is None or transport.is_closing() or not data:
            return
        if self._compressor is not None:
            data = self._compressor.compress(data) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
        transport.write(data)
        if transport.get_write_buffer_size() > self.config.max_output_buffer:
            # A client that never reads must not grow our memory: drop it.
            log.info("telnet %s: output buffer over %d bytes, disconnecting", self.address, self.config.max_output_buffer)
            self.abort()

    # -- closing ----------------------------------------------------------------------------
    def close(self) -> None:
        """Close after what is already written has gone out."""
        if self.state in (_CLOSING, _CLOSED):
            return
        self.state = _CLOSING
        if self._line_waiter is not None and not self._line_waiter.done():
            self._line_waiter.set_result(None)
        if self.transport is not None:
            if self._compressor is not None:
                self.transport.write(self._compressor.flush(zlib.Z_FINISH))
                self._compressor = None
            self.transport.close()

    def abort(self) -> None:
        self.state = _CLOSING
        if self.transport is not None:
            self.transport.abort()

    def goodbye(self, markup: str) -> None:
        """Server shutdown: say why, close, and let the engine know it was not a drop."""
        self._ended = SHUTDOWN
        self._flush(prompt=False)
        self.send_line(markup)
        self.close()
