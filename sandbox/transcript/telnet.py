"""Running transcripts over telnet against a live server (`sandbox test --telnet`).

Each session logs in as a character of the same name (capitalised by the server) with
one password. The default session ``tester`` logs in first: on a fresh world the first
account is an admin, and it grants other sessions their ``% perm`` level with the
in-game ``perm`` command. Output caused by the runner's own housekeeping (logins,
``perm``) is removed from what sessions have received, so checks see what they would
see in-process. Tests that use {wait} are skipped: the server's clock is real.
The world is the server's and every test shares it, but each character the runner
logs in is first sent to the home room (``--home``, the starter's ``#1``), so a test
starts where it would in-process. Characters ``quit`` at the end of each test.
"""
from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sandbox.transcript.checks import Failure
from sandbox.transcript.discover import iter_tests
from sandbox.transcript.model import DEFAULT_SESSION, Location, TestCase, TranscriptSyntaxError
from sandbox.transcript.playback import TestResult, default_perm, play
from sandbox.transcript.runner import character_name
from sandbox.transcript.telnet_client import ScriptedTelnet, TelnetError


class TelnetDriver:
    def __init__(self, host: str, port: int, password: str, timeout: float, home: str = "#1") -> None:
        self.host, self.port, self.password, self.timeout, self.home = host, port, password, timeout, home
        self.sessions: dict[str, ScriptedTelnet] = {}
        self.errors: list[str] = []
        # Sessions whose bystander output has been waited for since the last command.
        self.settled: set[str] = set()
        #: Sessions that typed `quit`: their next command logs in again, and what that
        #: login shows (the room, tells kept while away) is kept for the checks.
        self.gone: set[str] = set()

    def connected(self, session: str) -> bool:
        return session in self.sessions and session not in self.gone

    async def connect(self, session: str, perm: str) -> None:
        if session in self.gone:
            self.gone.discard(session)
            await self.sessions[session].close()
            self.sessions[session] = await self._login(session, keep=True)
            return
        if session not in self.sessions:
            before = {name: len(conn.text) for name, conn in self.sessions.items()}
            self.sessions[session] = await self._login(session)
            await self._forget_since(before)
            await self._send_home(session)
        if session != DEFAULT_SESSION:  # tester cannot change its own level; it is what the server made it
            await self._as_admin(f"perm {character_name(session)} = {perm}", expect="is a ")

    async def _send_home(self, session: str) -> None:
        if session == DEFAULT_SESSION:
            await self._as_admin(f"teleport {self.home}")
            return
        name = character_name(session)
        found = await self._as_admin(f"find {name}")
        match = re.search(rf"#(\d+) {re.escape(name)} \(character\)", found)
        if match is None:
            self.errors.append(f"cannot find {name}'s character to send it home: {found.strip()!r}")
            return
        await self._as_admin(f"teleport #{match.group(1)} = {self.home}")

    async def _login(self, session: str, keep: bool = False) -> ScriptedTelnet:
        conn = await ScriptedTelnet.connect(self.host, self.port, self.timeout)
        await conn.login(character_name(session), self.password)
        if not keep:
            conn.take()
        return conn

    async def _as_admin(self, line: str, expect: str = "") -> str:
        """Housekeeping through tester: its own output and what it causes are dropped."""
        if DEFAULT_SESSION not in self.sessions:
            await self.connect(DEFAULT_SESSION, default_perm(DEFAULT_SESSION))
        before = {name: len(conn.text) for name, conn in self.sessions.items()}
        admin = self.sessions[DEFAULT_SESSION]
        seen = admin.prompts
        admin.send_line(line)
        await admin.until_prompt(seen)
        reply = admin.text[before[DEFAULT_SESSION]:]
        if expect not in reply:
            self.errors.append(f"`{line}` as {character_name(DEFAULT_SESSION)} failed: {reply.strip()!r}")
        await self._forget_since(before)
        return reply

    async def _forget_since(self, before: dict[str, int]) -> None:
        await asyncio.gather(*(conn.settle() for conn in self.sessions.values()))
        for name, length in before.items():
            conn = self.sessions[name]
            conn.text = conn.text[:length]

    async def send(self, session: str, line: str, *, keep: bool = False) -> None:
        conn = self.sessions[session]
        if not keep:
            conn.take()
        # The sender's output ends with its prompt; everyone else may still be receiving.
        self.settled = {session}
        seen = conn.prompts
        conn.send_line(line)
        try:
            await conn.until_prompt(seen)
        except TelnetError as exc:
            if conn.closed and line.strip().lower() in ("quit", "logout"):
                self.gone.add(session)  # it asked to leave; the next command logs in again
                # "Bob leaves the world." reaches the others after the close, with a
                # prompt: let it land now, or it would answer someone's next command.
                await asyncio.gather(*(c.settle() for name, c in self.sessions.items() if name != session))
                return
            self.errors.append(f"{session}> {line}: {exc}")

    async def wait(self, seconds: float) -> None:
        raise AssertionError("{wait} over telnet")  # such tests are skipped before they start

    def problems(self, where: Location) -> list[Failure]:
        found, self.errors = self.errors, []
        return [Failure(where, f"telnet: {err}") for err in found]

    async def output(self, session: str) -> str | None:
        conn = self.sessions.get(session)
        if conn is None:
            return None
        if session not in self.settled:
            await conn.settle()  # bystanders' output comes without a prompt: let it land
            self.settled.add(session)
        return conn.text

    async def close(self) -> None:
        await asyncio.gather(*(conn.quit() for conn in self.sessions.values()))
        self.sessions.clear()


async def run_test_over_telnet(
    path: Path, case: TestCase, host: str, port: int, *, password: str, timeout: float, home: str = "#1"
) -> TestResult:
    blocker = case.telnet_blocker
    if blocker is not None:
        return TestResult(path, case, "skipped", reason=f"not runnable over telnet: {blocker}")
    driver = TelnetDriver(host, port, password, timeout, home if case.start is None else f"#{case.start}")
    try:
        return await play(path, case, driver)
    finally:
        await driver.close()


def run_paths_over_telnet(
    paths: Iterable[Path], host: str, port: int, *, password: str = "transcript-pw", timeout: float = 5.0, home: str = "#1"
) -> Iterator[TestResult | TranscriptSyntaxError]:
    """Every test in the given files and folders, one after another, over telnet."""
    for item in iter_tests(paths):
        if isinstance(item, TranscriptSyntaxError):
            yield item
        else:
            yield asyncio.run(run_test_over_telnet(*item, host, port, password=password, timeout=timeout, home=home))
