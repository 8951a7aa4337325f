"""The one scripted telnet client: the transcript runner's, the tests' and the benches'.

It answers option negotiation so the server sends plain, unwrapped UTF-8 (TTYPE ends
with ``MTTS 4``: UTF-8, no colour; NAWS says 500 columns), takes IAC EOR / IAC GA as
"a prompt has been sent", and keeps the text received since it was last cleared. With
``raw=True`` it speaks no telnet at all (a dumb client, or a test sending its own option
bytes) and keeps every byte received, for tests of the wire.
It logs in with the prompts of :mod:`sandbox.net.login`, imported, never copied; apart
from them it uses sockets only, so it tests the wire for real.
"""
from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Self

from sandbox.net.login import NAME_PROMPT, NEW_PASSWORD_PROMPT, PASSWORD_PROMPT, REPEAT_PROMPT, WRONG_PASSWORD
from sandbox.transcript.playback import DriverError

IAC, DONT, DO, WONT, WILL, SB, GA, SE, EOR_MARK = 255, 254, 253, 252, 251, 250, 249, 240, 239
ECHO, SGA, TTYPE, EOR, NAWS = 1, 3, 24, 25, 31
_ACCEPT_LOCAL = {TTYPE, NAWS}  # options we will perform when asked (DO)
_ACCEPT_REMOTE = {EOR, SGA, ECHO}  # options we let the server perform (WILL)
_TTYPES = (b"SANDBOX-TRANSCRIPT", b"DUMB", b"MTTS 4")
_WIDTH = 500  # the server's maximum: no wrapping, so checks see whole lines
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_IAC_SEQ = re.compile(rb"\xff(?:\xfa.*?\xff\xf0|[\xfb-\xfe].|[\xf0-\xf9])", re.S)


def plain(data: bytes) -> str:
    """Bytes off the wire as the text a person would read: no telnet commands, no colour."""
    return _ANSI.sub("", _IAC_SEQ.sub(b"", data).decode("utf-8", "replace"))


class TelnetError(DriverError):
    """The server did not answer as expected (timeout, hangup, login refused)."""

    def __str__(self) -> str:
        return f"telnet: {super().__str__()}"


class ScriptedTelnet:
    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, timeout: float = 5.0, *, raw: bool = False
    ) -> None:
        self.reader = reader
        self.writer = writer
        self.timeout = timeout
        self.raw = raw
        #: Raw mode: every byte received (``read_until`` consumes it from ``_mark`` on).
        self.received = bytearray()
        self._mark = 0
        self.text = ""
        self.prompts = 0
        self.closed = False
        self.last_data = 0.0
        self._ttype_round = 0
        self._changed = asyncio.Event()
        self._task = asyncio.create_task(self._pump())

    @classmethod
    async def connect(cls, host: str, port: int, timeout: float = 5.0, *, raw: bool = False) -> Self:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        except (TimeoutError, OSError) as exc:
            raise TelnetError(f"cannot connect to {host}:{port}: {exc}") from None
        return cls(reader, writer, timeout, raw=raw)

    # -- receiving ----------------------------------------------------------------------
    async def _pump(self) -> None:
        buffer = bytearray()
        try:
            while True:
                chunk = await self.reader.read(65536)
                if not chunk:
                    break
                if self.raw:
                    self.received += chunk
                buffer += chunk
                self._feed(buffer)
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            self.closed = True
            self._changed.set()

    def _feed(self, buffer: bytearray) -> None:
        """Consume complete telnet units from buffer; leave a partial one for later."""
        data = bytearray()
        i = 0
        n = len(buffer)
        while i < n:
            if buffer[i] != IAC:
                at = buffer.find(IAC, i)  # text runs up to the next command, copied in one go
                end = n if at < 0 else at
                data += buffer[i:end]
                i = end
                continue
            if i + 1 >= n:
                break
            verb = buffer[i + 1]
            if verb == IAC:
                data.append(IAC)
                i += 2
            elif verb in (DO, DONT, WILL, WONT):
                if i + 2 >= n:
                    break
                self._negotiate(verb, buffer[i + 2])
                i += 3
            elif verb == SB:
                end = buffer.find(bytes((IAC, SE)), i + 2)
                if end < 0:
                    break
                self._subnegotiation(bytes(buffer[i + 2 : end]))
                i = end + 2
            elif verb in (GA, EOR_MARK):
                self._text(data)
                data.clear()
                if self.text.endswith("> "):  # the game prompt is not output to check
                    self.text = self.text[:-2]
                self.prompts += 1
                i += 2
            else:
                i += 2
        del buffer[:i]
        self._text(data)
        self._changed.set()

    def _text(self, data: bytearray) -> None:
        if data:
            text = data.decode("utf-8", "replace").replace("\r", "").replace("\x00", "")
            self.text += _ANSI.sub("", text)
            self.last_data = asyncio.get_running_loop().time()

    def _negotiate(self, verb: int, option: int) -> None:
        if self.raw:
            return
        if verb == DO:
            self._send(bytes((IAC, WILL if option in _ACCEPT_LOCAL else WONT, option)))
            if option == NAWS:
                self._send(bytes((IAC, SB, NAWS, _WIDTH >> 8, _WIDTH & 255, 0, 24, IAC, SE)))
        elif verb == WILL:
            self._send(bytes((IAC, DO if option in _ACCEPT_REMOTE else DONT, option)))

    def _subnegotiation(self, payload: bytes) -> None:
        if not self.raw and payload[:2] == bytes((TTYPE, 1)):  # SEND: cycle through our answers
            name = _TTYPES[min(self._ttype_round, len(_TTYPES) - 1)]
            self._ttype_round += 1
            self._send(bytes((IAC, SB, TTYPE, 0)) + name + bytes((IAC, SE)))

    def _send(self, data: bytes) -> None:
        if not self.writer.is_closing():
            self.writer.write(data)

    # -- the script's side -----------------------------------------------------------------
    def send_line(self, line: str) -> None:
        self._send(line.replace("\xff", "").encode("utf-8").replace(b"\xff", b"\xff\xff") + b"\r\n")

    def send(self, line: str | bytes, end: bytes = b"\r\n") -> None:
        """Bytes as given (a test's own telnet commands), or a line, unescaped."""
        self._send((line.encode() if isinstance(line, str) else line) + end)

    def take(self) -> str:
        text, self.text = self.text, ""
        return text

    async def until_prompt(self, after: int) -> None:
        """Wait until more than ``after`` prompts have arrived."""
        await self._until(lambda: self.prompts > after, "a prompt")

    async def until_text(self, needle: str) -> None:
        await self._until(lambda: needle in self.text, repr(needle))

    async def until_closed(self) -> None:
        await self._until(lambda: self.closed, "the connection to close")

    async def until(self, ready: Callable[[], bool], what: str = "a condition", timeout: float | None = None) -> None:
        """Wait until ``ready()`` holds; it is looked at after each arrival."""
        await self._until(ready, what, timeout)

    # -- raw mode: the bytes themselves ------------------------------------------------------
    async def read_until(self, text: str | bytes, timeout: float | None = None) -> str:
        """Wait until ``text`` appears after the mark (in the plain text; bytes: in the raw
        bytes); return the plain text from the mark to the match, and move the mark past it."""
        found: list[int] = []

        def seen() -> bool:
            window = bytes(self.received[self._mark :])
            if isinstance(text, bytes):
                at = window.find(text)
                if at >= 0:
                    found.append(at + len(text))
                return at >= 0
            if text not in plain(window):
                return False
            lo, hi = 1, len(window)  # the shortest prefix holding it: what follows stays unread
            while lo < hi:
                mid = (lo + hi) // 2
                if text in plain(window[:mid]):
                    hi = mid
                else:
                    lo = mid + 1
            found.append(lo)
            return True

        await self._until(seen, repr(text), timeout)
        start, self._mark = self._mark, self._mark + found[-1]
        return plain(bytes(self.received[start : self._mark]))

    async def read_all(self, timeout: float | None = None) -> str:
        """Everything after the mark, once the server has closed the connection."""
        await self._until(lambda: False, "the connection to close", timeout, closed_ok=True)
        return plain(bytes(self.received[self._mark :]))

    async def settle(self, quiet: float = 0.03, limit: float = 0.5) -> None:
        """Wait until nothing has arrived for ``quiet`` seconds (output to bystanders)."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = started + limit
        while loop.time() < deadline and not self.closed:
            # Quiet since the later of the last data and our start: output that is on
            # its way (sent in the same turn as another session's prompt) gets its chance.
            idle = loop.time() - max(self.last_data, started)
            if idle >= quiet:
                return
            await asyncio.sleep(quiet - idle)

    async def _until(
        self, ready: Callable[[], bool], what: str, timeout: float | None = None, *, closed_ok: bool = False
    ) -> None:
        loop = asyncio.get_running_loop()
        limit = self.timeout if timeout is None else timeout
        deadline = loop.time() + limit
        while not ready():
            if self.closed:
                if closed_ok:
                    return
                raise TelnetError(f"the server closed the connection while waiting for {what}; got {self.text[-300:]!r}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TelnetError(f"timed out after {limit}s waiting for {what}; got {self.text[-300:]!r}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    async def login(self, name: str, password: str, *, new: bool | None = None) -> None:
        """Answer the server's login dialogue (sandbox.net.login), creating the account if
        the name is new (``new``: insist it is, or is not); returns once the game's first
        prompt has arrived, with what followed the password in ``text``."""
        await self.until_text(NAME_PROMPT)
        self.take()
        seen = self.prompts
        self.send_line(name)
        await self.until_prompt(seen)
        asked = self.take()
        if new is not None and (NEW_PASSWORD_PROMPT in asked) != new:
            raise TelnetError(f"logging in {name!r}: expected {'a new' if new else 'an existing'} account, got {asked.strip()!r}")
        if NEW_PASSWORD_PROMPT in asked:
            seen = self.prompts
            self.send_line(password)
            await self.until_text(REPEAT_PROMPT)
            await self.until_prompt(seen)
            self.take()
        elif PASSWORD_PROMPT not in asked:
            raise TelnetError(f"logging in {name!r}: the server answered {asked.strip()!r}")
        seen = self.prompts
        self.send_line(password)
        await self.until_prompt(seen)  # the room is shown, then the game prompt
        if self.closed:
            raise TelnetError(f"logging in {name!r}: the server hung up")
        if WRONG_PASSWORD in self.text:
            raise TelnetError(f"logging in {name!r}: wrong password")
        self._mark = len(self.received)  # raw readers go on from here

    async def quit(self) -> None:
        """Log out the way a player does (``quit``, the server closes), then close."""
        if not self.closed:
            self.send_line("quit")
            try:
                await self.until_closed()
            except TelnetError:
                pass
        await self.close()

    async def close(self) -> None:
        self._task.cancel()
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except (ConnectionError, OSError):
            pass
