"""One telnet client: bytes in through the parser, lines to the gateway, messages out.

A plain ``asyncio.Protocol`` rather than telnetlib3's reader/writer shell: input is
parsed the moment it arrives (no per-connection reader task), a command's output and
its prompt go out in one write, and every limit (line length, subnegotiation size,
command rate, unread output, option negotiation) is ours to set. The option logic lives
in the socket-free :mod:`parser`, :mod:`options`, :mod:`lines` and :mod:`budget` modules.

Every byte for the client goes through :meth:`TelnetConnection._transport_write`, which
writes nothing once the connection is aborted or its transport is closing: writing to a
dead socket makes asyncio log a warning per write. Log lines about one connection go
through :meth:`TelnetConnection._log`, at most one a second per client address (shared
by its connections), so an attacker cannot fill the log, even by reconnecting.
"""
from __future__ import annotations

import asyncio
import logging
import zlib
from typing import TYPE_CHECKING, Any

from sandbox.engine.session import Message
from sandbox.markup.ansi import mxp_escape
from sandbox.net.client import ClientFacts
from sandbox.net.gateway import DROPPED, PROMPT, QUIT, SHUTDOWN
from sandbox.net.login import LineQueue, run_login
from sandbox.net.telnet import codes as T
from sandbox.net.telnet.budget import LogLimiter, NegotiationBudget
from sandbox.net.telnet.lines import Line, LineAssembler
from sandbox.net.telnet.options import (
    START_COMPRESSION,
    STOP_COMPRESSION,
    Negotiator,
    gmcp_bytes,
)
from sandbox.net.telnet.output import render_message, render_text
from sandbox.net.telnet.parser import Command, Data, Negotiation, TelnetParser
from sandbox.net.throttle import CommandRate

if TYPE_CHECKING:
    from sandbox.net.server import TelnetServer

log = logging.getLogger("sandbox.net.telnet")

GAME_PROMPT = b"> "
GAME_PROMPT_MXP = b"&gt; "  # an MXP client parses every line: even a lone > is escaped
_EOR = T.command(T.EOR_CMD)
_GA = T.command(T.GA)
#: Bytes parsed at a time from a chunk holding telnet commands (see data_received).
PARSE_SLICE = 1024
IAC_BYTE = bytes((T.IAC,))

_LOGIN, _PLAYING, _CLOSING, _CLOSED = "login", "playing", "closing", "closed"


class TelnetConnection(asyncio.Protocol):
    def __init__(self, server: TelnetServer, conn_id: str) -> None:
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
        self._login_lines = LineQueue()
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
        self._rate = CommandRate(self.config.commands_per_second, self.config.command_burst, self._loop.time())
        self.budget = NegotiationBudget(self._loop.time())
        self._log_limit = LogLimiter()
        self._aborted = False
        self._login_timed_out = False

    # -- asyncio callbacks ----------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if peer else ""
        self.facts.address = self.address
        self._log_limit = self.server.log_limiter(self.address)
        refusal = self.server.admit(self)
        if refusal is not None:
            self._transport_write(refusal.encode("ascii", "replace") + b"\r\n")
            self.state = _CLOSING
            transport.close()
            return
        self.negotiator.start()
        self._drain_negotiation()
        # The greeting goes out at once: a client that never negotiates still gets it.
        self.send_line(self.config.greeting)
        self._login_task = self._loop.create_task(self._login())

    def data_received(self, data: bytes) -> None:
        if self.state != _PLAYING and self.state != _LOGIN:
            return
        try:
            now = self._loop.time()
            if len(data) > PARSE_SLICE and IAC_BYTE in data:
                # Telnet commands are parsed a byte at a time: a chunk full of them is taken
                # a slice at a time, so a client over its budget costs one slice, not 256 KB.
                for start in range(0, len(data), PARSE_SLICE):
                    self._received(data[start : start + PARSE_SLICE], now)
                    if self.state != _PLAYING and self.state != _LOGIN:
                        return
            else:
                self._received(data, now)
            if self.state != _PLAYING and self.state != _LOGIN:
                return
            if self.negotiator.resized:
                self.negotiator.resized = False
                if self.session_id is not None:
                    self.gateway.update_client(self.session_id, self.facts)
        except Exception:  # one bad client must never take the listener down
            self._log(logging.ERROR, "failed; closing it", exc_info=True)
            self.abort()

    def _received(self, data: bytes, now: float) -> None:
        for event in self.parser.feed(data):
            if type(event) is Data:
                if self.negotiator.outgoing:
                    # Answers first: output for a line in this chunk must follow them
                    # (the MXP start, the MCCP2 marker).
                    self._drain_negotiation()
                for line in self.lines.feed(event.payload):
                    self._on_line(line)
                    if self.state != _PLAYING and self.state != _LOGIN:
                        return  # closing: the rest of the chunk is not even cleaned
                continue
            kind = type(event)
            if kind is Negotiation:
                within = self.budget.negotiation(now)
            elif kind is Command:
                continue  # NOP, AYT, GA: nothing to do and nothing to answer
            else:
                within = self.budget.subnegotiation(now)
            if not within:
                self._over_budget()
                return
            self.negotiator.handle(event)
        if self.negotiator.outgoing:
            self._drain_negotiation()

    def _over_budget(self) -> None:
        self._log(logging.WARNING, "disconnected: %s", self.budget.exceeded)
        self.abort()

    def connection_lost(self, exc: Exception | None) -> None:
        previous = self.state
        self.state = _CLOSED
        self._login_lines.end()
        if self._login_task is not None and previous == _LOGIN:
            self._login_task.cancel()
        if self.session_id is not None:
            sid, self.session_id = self.session_id, None
            self.gateway.detach(sid, self._ended)
        self.server.forget(self)

    # -- input ----------------------------------------------------------------------------
    def _on_line(self, line: Line) -> None:
        """A line is cleaned (``line.text``) only once it has passed the rate limit or found
        room in the login backlog: the lines a flood loses cost nothing but splitting."""
        self._prompt_pending = False  # the client moved to a new line when Enter was hit
        if self.state == _PLAYING:
            if not self._rate.admit(self._loop.time(), self.send_line):
                return
            if line.cut:
                self._cut_notice()
            if self.session_id is None:
                # Still attaching: an asynchronous gateway (the portal) may deliver the room
                # and its prompt before attach() returns, and a quick client answers it.
                self._login_lines.put(line.text)
                return
            self.gateway.input(self.session_id, line.text)
        elif self.state == _LOGIN:
            if self._login_lines.has_room():
                if line.cut:
                    self._cut_notice()
                self._login_lines.put(line.text)

    def _cut_notice(self) -> None:
        self.send_line(f"[error]That line was longer than {self.config.max_line} bytes and was cut.[/error]")

    # -- login (LoginIO) ----------------------------------------------------------------------
    async def read_line(self) -> str | None:
        return await self._login_lines.get()

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
        # A timer that cancels this task, not asyncio.wait_for: wait_for runs the login in
        # a second task, and a burst of connections (or of their drops) is twice the work.
        timer = self._loop.call_later(self.config.login_timeout, self._login_expired)
        try:
            account = await run_login(self, self.gateway, self.server.throttle)
        except asyncio.CancelledError:
            if not self._login_timed_out:
                return  # the connection was lost
            self.send_line("[error]Login timed out. Goodbye.[/error]")
            account = None
        finally:
            timer.cancel()
        if account is None or self.state != _LOGIN:
            self.close()
            return
        self.account = account
        self.state = _PLAYING
        self._login_lines.take_all()  # typed during the dialogue but never asked for
        if self.facts.wants_gmcp("Char.Name"):
            self._pending.append(gmcp_bytes("Char.Name", {"name": account, "fullname": account}))
        try:
            session_id = await self.gateway.attach(self.conn_id, account, self.deliver, self.facts)
        except Exception:
            self._log(logging.ERROR, "attach failed for %s", account, exc_info=True)
            self.send_line("[error]The world could not place your character. Try again later.[/error]")
            self.close()
            return
        if self.state == _CLOSED:  # dropped while attaching
            self.gateway.detach(session_id, DROPPED)
            return
        self.session_id = session_id
        self.server.logged_in(self)
        for text in self._login_lines.take_all():
            self.gateway.input(session_id, text)

    def _login_expired(self) -> None:
        if self.state == _LOGIN and self._login_task is not None and not self._login_task.done():
            self._login_timed_out = True
            self._login_task.cancel()

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
        """Write the negotiator's answers: runs of bytes in one write, with compression
        started and stopped where the markers say (the MCCP2 start goes out uncompressed)."""
        items, self.negotiator.outgoing = self.negotiator.outgoing, []
        batch: list[bytes] = []
        for item in items:
            if item is START_COMPRESSION or item is STOP_COMPRESSION:
                if batch:
                    self._write(b"".join(batch))
                    batch = []
                if item is START_COMPRESSION:
                    if not self.budget.compression_start():
                        self._over_budget()
                        return
                    self._compressor = zlib.compressobj(6)
                else:
                    self._finish_compression()
            else:
                batch.append(item)
        if batch:
            self._write(b"".join(batch))

    def _finish_compression(self) -> None:
        if self._compressor is not None:
            compressor, self._compressor = self._compressor, None
            self._transport_write(compressor.flush(zlib.Z_FINISH))

    def _write(self, data: bytes) -> None:
        if not data or self._aborted:
            return
        if self._compressor is not None:
            data = self._compressor.compress(data) + self._compressor.flush(zlib.Z_SYNC_FLUSH)
        if not self._transport_write(data):
            return
        assert self.transport is not None
        if self.transport.get_write_buffer_size() > self.config.max_output_buffer:
            # A client that never reads must not grow our memory: drop it.
            self._log(logging.INFO, "output buffer over %d bytes, disconnecting", self.config.max_output_buffer)
            self.abort()

    def _transport_write(self, data: bytes) -> bool:
        """The one place bytes reach the socket; False (nothing written) once aborted or closing."""
        transport = self.transport
        if transport is None or self._aborted or transport.is_closing():
            return False
        transport.write(data)
        return True

    def _log(self, level: int, message: str, *args: object, exc_info: bool = False) -> None:
        """Log about this connection, at most one line a second per address (the rest are counted)."""
        if not self._log_limit.allow(self._loop.time()):
            return
        held = self._log_limit.take_suppressed()
        if held:
            message += " (%d earlier lines about this connection held back)"
            args += (held,)
        log.log(level, "telnet %s %s: " + message, self.conn_id, self.address, *args, exc_info=exc_info)

    # -- closing ----------------------------------------------------------------------------
    def close(self) -> None:
        """Close after what is already written has gone out."""
        if self.state in (_CLOSING, _CLOSED):
            return
        self.state = _CLOSING
        self._login_lines.end()
        if self.transport is not None:
            self._finish_compression()
            self.transport.close()

    def abort(self) -> None:
        if self.state != _CLOSED:
            self.state = _CLOSING
        self._aborted = True
        self._login_lines.end()
        if self.transport is not None:
            self.transport.abort()

    def goodbye(self, markup: str) -> None:
        """Server shutdown: say why, close, and let the engine know it was not a drop."""
        self._ended = SHUTDOWN
        self._flush(prompt=False)
        self.send_line(markup)
        self.close()
