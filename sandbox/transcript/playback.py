"""Walking a test's steps against a driver: the one loop of the in-process and telnet runners.

A driver does the I/O (an engine in this process, or telnet connections); this module
decides what each step means: which sessions exist from the start, which session a
check looks at, what counts as "since the last command", and where a failure is reported.
"""
from __future__ import annotations

import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar, cast

from sandbox.transcript.checks import Failure, evaluate
from sandbox.transcript.model import (
    DEFAULT_SESSION,
    DEFAULT_SESSION_PERM,
    NAMED_SESSION_PERM,
    Check,
    Command,
    Connect,
    Location,
    TestCase,
    Wait,
)

T = TypeVar("T")

Status = Literal["passed", "failed", "skipped"]


@dataclass(slots=True)
class TestResult:
    __test__ = False  # not a pytest test class, despite the name

    path: Path
    case: TestCase
    status: Status
    failures: list[Failure] = field(default_factory=list)
    #: Why a test was skipped (e.g. "not runnable over telnet: ...").
    reason: str = ""
    seconds: float = 0.0
    commands: int = 0

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def report(self) -> str:
        """The per-test line `sandbox test` prints, then any failures indented below it."""
        head = f"{self.status.upper():7} {self.case.where}  {self.case.name}"
        if self.status == "skipped":
            return f"{head}  ({self.reason})"
        return "\n".join([head, *(f.format() for f in self.failures)])


class DriverError(Exception):
    """The driver cannot go on with this test (a telnet server stopped answering)."""


class Driver(Protocol):
    """The I/O under the step loop: an engine in this process, or telnet connections.

    The in-process driver never suspends, so the same loop runs it without an event
    loop (:func:`run_sync`)."""

    async def connect(self, session: str, perm: str) -> None: ...
    async def send(self, session: str, line: str, *, keep: bool = False) -> None:
        """Send a line; what the session received so far is forgotten unless ``keep``."""
        ...
    async def output(self, session: str) -> str | None: ...
    async def wait(self, seconds: float) -> None: ...
    def connected(self, session: str) -> bool: ...
    def problems(self, where: Location) -> list[Failure]:
        """What went wrong since the last call (a command raised, a module failed to
        load), reported at ``where``: the step that caused it."""
        ...


def default_perm(session: str) -> str:
    return DEFAULT_SESSION_PERM if session == DEFAULT_SESSION else NAMED_SESSION_PERM


def initial_perm(case: TestCase, session: str) -> str:
    """The permission a session's first `% perm` line gives it, else the default."""
    for step in case.steps:
        if isinstance(step, Connect) and step.session == session:
            return step.perm
    return default_perm(session)


class Tracker:
    """Who spoke last and what they said: the context a check is judged in."""

    def __init__(self) -> None:
        self.last_session = DEFAULT_SESSION
        self.last_command: Command | None = None
        self.commands = 0

    def sent(self, step: Command) -> None:
        self.last_session = step.session
        self.last_command = step
        self.commands += 1

    def session_for(self, check: Check) -> str:
        return check.session or self.last_session

    def judge(self, check: Check, output: str | None) -> Failure | None:
        session = self.session_for(check)
        if output is not None and (reason := evaluate(check, output, session)) is None:
            return None  # the common case: no report to build
        last = self.last_command
        after = f"{last.where}: {last.session}> {last.line}" if last is not None else ""
        if output is None:
            return Failure(check.where, f"session {session!r} is not connected", check.source, "", after)
        return Failure(check.where, f"check failed: {reason}", check.source, output, after)


async def play(path: Path, case: TestCase, driver: Driver) -> TestResult:
    """Walk one test's steps: the one loop both runners share."""
    started = time.perf_counter()
    tracker = Tracker()
    failures: list[Failure] = []
    try:
        # The default session, and every session a check names, are there from the
        # start: they hear what others say before their first command, as a logged-in
        # player would.
        for session in (DEFAULT_SESSION, *case.watchers):
            if not driver.connected(session):
                await driver.connect(session, initial_perm(case, session))
        failures.extend(driver.problems(case.where))
        for step in case.steps:
            if isinstance(step, Command):
                # A session (re)connected by its own command keeps what its login showed
                # (the room, tells kept while away) for the checks after that command.
                joined = not driver.connected(step.session)
                if joined:
                    await driver.connect(step.session, default_perm(step.session))
                await driver.send(step.session, step.line, keep=joined)
                tracker.sent(step)
            elif isinstance(step, Check):
                failure = tracker.judge(step, await driver.output(tracker.session_for(step)))
                if failure is not None:
                    failures.append(failure)
                continue
            elif isinstance(step, Wait):
                await driver.wait(step.seconds)
            elif isinstance(step, Connect):
                await driver.connect(step.session, step.perm)
            failures.extend(driver.problems(step.where))
    except DriverError as exc:
        failures.append(Failure(case.where, str(exc)))
    return TestResult(
        path, case, "failed" if failures else "passed", failures,
        seconds=time.perf_counter() - started, commands=tracker.commands,
    )


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that never suspends (the in-process driver's), with no event loop."""
    try:
        coroutine.send(None)
    except StopIteration as done:
        return cast(T, done.value)
    coroutine.close()
    raise RuntimeError("the in-process driver suspended: it must not await real I/O")
