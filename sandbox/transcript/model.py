"""The parsed form of a transcript: tests made of steps, each step knowing its file:line.

Plain frozen dataclasses, so the in-process runner, the telnet runner and `sandbox
build` all read the same steps and a failure can always say where it came from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: Session names: lowercase, so ``bob: hi`` is a check on bob's output anywhere in a
#: test while ``Exits: north`` stays a plain check.
SESSION_NAME = r"[a-z][a-z-]*"
#: The session a bare ``> command`` uses.
DEFAULT_SESSION = "tester"
#: Its permission unless a ``% perm tester LEVEL`` header says otherwise.
DEFAULT_SESSION_PERM = "builder"
#: Permission of any other session unless a ``% perm`` header names one.
NAMED_SESSION_PERM = "player"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a step was written; ``via`` is the ``{include}`` line that pulled it in."""

    path: Path
    line: int
    via: Location | None = None

    def __str__(self) -> str:
        here = f"{_short(self.path)}:{self.line}"
        return f"{here} (included from {self.via})" if self.via is not None else here


def _short(path: Path) -> str:
    """Relative to the working directory when possible: shorter reports, clickable in IDEs."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True, slots=True)
class Command:
    """``> look`` or ``alice> say hi``: send one line as a session."""

    where: Location
    session: str
    line: str


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation about what a session received since its last command (or wait).

    ``session`` None means the session of the most recent command.
    ``pattern`` is a substring, or a compiled regex when ``regex`` is set; ``nothing``
    checks that no output arrived at all.
    """

    where: Location
    session: str | None
    text: str
    regex: re.Pattern[str] | None = None
    negate: bool = False
    count: int | None = None
    nothing: bool = False

    @property
    def source(self) -> str:
        """The check as the tester wrote it (used in reports)."""
        body = "{nothing}" if self.nothing else (f"/{self.text}/" if self.regex is not None else self.text)
        if self.count is not None:
            body = f"{{count={self.count}}} {body}"
        if self.negate:
            body = "!" + body
        return f"{self.session}: {body}" if self.session else body


@dataclass(frozen=True, slots=True)
class Wait:
    """``{wait 30s}``: advance the virtual clock and run what falls due."""

    where: Location
    seconds: float


@dataclass(frozen=True, slots=True)
class Connect:
    """``% perm alice builder``: make alice's character (with that permission) and connect."""

    where: Location
    session: str
    perm: str


Step = Command | Check | Wait | Connect


@dataclass(slots=True)
class TestCase:
    __test__ = False  # not a pytest test class, despite the name

    name: str
    where: Location
    steps: list[Step] = field(default_factory=list)
    #: Game directory or area export file the world comes from; None = the starter world.
    world: Path | None = None
    seed: int = 0
    #: The room id sessions start in (``% start #12``); None = the world's start room.
    start: int | None = None
    #: Why this test cannot run over telnet (it controls time), or None.
    @property
    def telnet_blocker(self) -> str | None:
        if self.world is not None:
            return "uses % world: over telnet the world is the server's own"
        for step in self.steps:
            if isinstance(step, Wait):
                return f"uses {{wait}} at {step.where}: time control is not available over telnet"
        return None

    @property
    def watchers(self) -> list[str]:
        """Sessions named in a check (``bob: hi``): connected from the test's start."""
        named = (s.session for s in self.steps if isinstance(s, Check) and s.session is not None)
        return list(dict.fromkeys(named))

    @property
    def commands(self) -> int:
        return sum(1 for s in self.steps if isinstance(s, Command))


@dataclass(slots=True)
class TranscriptFile:
    path: Path
    tests: list[TestCase] = field(default_factory=list)


class TranscriptSyntaxError(Exception):
    """A line the parser cannot read, with its file:line."""

    def __init__(self, where: Location, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason
