"""Walking a test's steps against a driver; shared by the in-process and telnet runners.

A driver does the I/O (an engine in this process, or telnet connections); this module
decides what each step means: which session a check looks at, what counts as "since
the last command", and how a failure is reported.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from sandbox.transcript.checks import Failure, evaluate
from sandbox.transcript.model import (
    DEFAULT_SESSION,
    DEFAULT_SESSION_PERM,
    NAMED_SESSION_PERM,
    Check,
    Command,
    Connect,
    TestCase,
    Wait,
)

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


class Driver(Protocol):
    """What a runner must offer the playback loop (synchronous form)."""

    def connect(self, session: str, perm: str) -> None: ...
    def send(self, session: str, line: str) -> None: ...
    def output(self, session: str) -> str | None: ...
    def wait(self, seconds: float) -> None: ...
    def connected(self, session: str) -> bool: ...
    def problems(self) -> list[Failure]: ...


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
            return Failure(
                check.where,
                f"session {session!r} never connected (give it a command or a `% perm {session} LEVEL` line)",
                check.source,
                "",
                after,
            )
        return Failure(check.where, f"check failed: {reason}", check.source, output, after)


def play(path: Path, case: TestCase, driver: Driver) -> TestResult:
    started = time.perf_counter()
    tracker = Tracker()
    failures: list[Failure] = []
    # The default session is always there, from the start: it hears what others say
    # even before its first command (as a logged-in player would).
    driver.connect(DEFAULT_SESSION, initial_perm(case, DEFAULT_SESSION))
    for step in case.steps:
        if isinstance(step, Command):
            if not driver.connected(step.session):
                driver.connect(step.session, default_perm(step.session))
            driver.send(step.session, step.line)
            tracker.sent(step)
        elif isinstance(step, Check):
            failure = tracker.judge(step, driver.output(tracker.session_for(step)))
            if failure is not None:
                failures.append(failure)
        elif isinstance(step, Wait):
            driver.wait(step.seconds)
        elif isinstance(step, Connect):
            driver.connect(step.session, step.perm)
    failures.extend(driver.problems())
    return TestResult(
        path, case, "failed" if failures else "passed", failures,
        seconds=time.perf_counter() - started, commands=tracker.commands,
    )
