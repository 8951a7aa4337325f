"""A small scripted telnet client: what the transcript runner needs and nothing more.

It answers option negotiation so the server sends plain, unwrapped UTF-8 (TTYPE ends
with ``MTTS 4``: UTF-8, no colour; NAWS says 500 columns), takes IAC EOR / IAC GA as
"a prompt has been sent", and keeps the text received since it was last cleared.
Sockets only: it does not depend on the server's code, so it tests the wire for real.
"""
from __future__ import annotations

import asyncio
import re

from sandbox.net.login import NAME_PROMPT, NEW_PASSWORD_PROMPT, PASSWORD_PROMPT, REPEAT_PROMPT, WRONG_PASSWORD
from sandbox.transcript.playback import DriverError

IAC, DONT, DO, WONT, WILL, SB, GA, SE, EOR_MARK = 255, 254, 253, 252, 251, 250, 249, 240, 239
ECHO, SGA, TTYPE, EOR, NAWS = 1, 3, 24, 25, 31
_ACCEPT_LOCAL = {TTYPE, NAWS}  # options we will perform when asked (DO)
_ACCEPT_REMOTE = {EOR, SGA, ECHO}  # options we let the server perform (WILL)
_TTYPES = (b"SANDBOX-TRANSCRIPT", b"DUMB", b"MTTS 4")
_WIDTH = 500  # the server's maximum: no wrapping, so checks see whole lines
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class TelnetError(DriverError):
    """The server did not answer as expected (timeout, hangup, login refused)."""

    def __str__(self) -> str:
        return f"telnet: {super().__str__()}"


class ScriptedTelnet:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, timeout: float) -> None:
        self.reader = reader
        self.writer = writer
        self.timeout = timeout
        self.text = ""
        self.prompts = 0
        self.closed = False
        self.last_data = 0.0
        self._ttype_round = 0
        self._changed = asyncio.Event()
        self._task = asyncio.create_task(self._pump())

    @classmethod
    async def connect(cls, host: str, port: int, timeout: float) -> ScriptedTelnet:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
        except (TimeoutError, OSError) as exc:
            raise TelnetError(f"cannot connect to {host}:{port}: {exc}") from None
        return cls(reader, writer, timeout)

    # -- receiving ----------------------------------------------------------------------
    async def _pump(self) -> None:
        buffer = bytearray()
        try:
            while True:
                chunk = await self.reader.read(65536)
                if not chunk:
                    break
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
            byte = buffer[i]
            if byte != IAC:
                data.append(byte)
                i += 1
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
        if verb == DO:
            self._send(bytes((IAC, WILL if option in _ACCEPT_LOCAL else WONT, option)))
            if option == NAWS:
                self._send(bytes((IAC, SB, NAWS, _WIDTH >> 8, _WIDTH & 255, 0, 24, IAC, SE)))
        elif verb == WILL:
            self._send(bytes((IAC, DO if option in _ACCEPT_REMOTE else DONT, option)))

    def _subnegotiation(self, payload: bytes) -> None:
        if payload[:2] == bytes((TTYPE, 1)):  # SEND: cycle through our answers
            name = _TTYPES[min(self._ttype_round, len(_TTYPES) - 1)]
            self._ttype_round += 1
            self._send(bytes((IAC, SB, TTYPE, 0)) + name + bytes((IAC, SE)))

    def _send(self, data: bytes) -> None:
        if not self.writer.is_closing():
            self.writer.write(data)

    # -- the script's side -----------------------------------------------------------------
    def send_line(self, line: str) -> None:
        self._send(line.replace("\xff", "").encode("utf-8").replace(b"\xff", b"\xff\xff") + b"\r\n")

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

    async def _until(self, ready, what: str) -> None:  # type: ignore[no-untyped-def]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while not ready():
            if self.closed:
                raise TelnetError(f"the server closed the connection while waiting for {what}; got {self.text[-300:]!r}")
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TelnetError(f"timed out after {self.timeout}s waiting for {what}; got {self.text[-300:]!r}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                pass

    async def login(self, name: str, password: str) -> None:
        """Answer the server's login dialogue (sandbox.net.login), creating the account if
        the name is new; returns once the game's first prompt has arrived."""
        await self.until_text(NAME_PROMPT)
        self.take()
        seen = self.prompts
        self.send_line(name)
        await self.until_prompt(seen)
        asked = self.take()
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

    async def close(self) -> None:
        self._task.cancel()
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except OSError:
            pass
