"""Reading ``*.mud`` transcripts into tests and steps (see docs/transcripts.md).

Line kinds, decided by how a line starts (after leading spaces):

- ``#`` comment, ``%`` header, ``*`` test name, ``{...}`` directive,
- ``> cmd`` / ``name> cmd`` command,
- anything else is a check, optionally ``name: `` (a session: lowercase), ``!``, ``{count=N}``.

A leading ``\\`` makes the rest of a check literal, for text that would otherwise look
like one of the above (``\\#1``, ``\\> ``, ``\\!``).
"""
from __future__ import annotations

import re
from pathlib import Path

from sandbox.engine.objects import Perm
from sandbox.transcript.model import (
    DEFAULT_SESSION,
    SESSION_NAME,
    Check,
    Command,
    Connect,
    Location,
    Step,
    TestCase,
    TranscriptFile,
    TranscriptSyntaxError,
    Wait,
)

# Session names follow the login's name rule (letters, joined by hyphens) so the same
# transcript can log them in over telnet.
_NAME = SESSION_NAME
# A command's session is read in any case, so `Alice> look` gets a clear error, not a
# check for the text "Alice> look".
_COMMAND = re.compile(r"^([A-Za-z][A-Za-z-]*)?>(?: ?)(.*)$")
_SESSION_CHECK = re.compile(rf"^({_NAME}): ?(.*)$")
_COUNT = re.compile(r"^\{count=(\d+)\}\s*(.*)$")
_DIRECTIVE = re.compile(r"^\{(\w+)(?:\s+(.*?))?\}\s*$")
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$")
_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, None: 1.0}
_MAX_INCLUDE_DEPTH = 16


def parse_file(path: Path) -> TranscriptFile:
    """Parse a transcript; raises TranscriptSyntaxError with file:line on bad input."""
    path = Path(path).resolve()
    return _Parser(path).parse()


def parse_text(text: str, path: Path = Path("<text>")) -> TranscriptFile:
    """Parse transcript source held in memory (tests, the recorder's self-check)."""
    return _Parser(Path(path), text=text).parse()


def parse_duration(text: str, where: Location) -> float:
    m = _DURATION.match(text.strip())
    if m is None:
        raise TranscriptSyntaxError(where, f"cannot read the duration {text!r} (try 30s, 500ms, 2m)")
    return float(m.group(1)) * _UNITS[m.group(2)]


class _Parser:
    def __init__(self, path: Path, text: str | None = None) -> None:
        self.path = path
        self.text = text
        self.result = TranscriptFile(path)
        self.prelude: list[Step] = []
        self.world: Path | None = None
        self.seed = 0
        self.start: int | None = None
        self.current: TestCase | None = None

    def parse(self) -> TranscriptFile:
        text = self.text if self.text is not None else _read(self.path, None)
        for number, raw in enumerate(text.splitlines(), 1):
            self.line(raw, Location(self.path, number), include_stack=(self.path,))
        if self.current is None:
            # No `* name` lines: the whole file is one test named after the file.
            case = TestCase(self.path.stem, Location(self.path, 1), list(self.prelude), self.world, self.seed, self.start)
            self.result.tests.append(case)
        return self.result

    # -- one line --------------------------------------------------------------------
    def line(self, raw: str, where: Location, include_stack: tuple[Path, ...]) -> None:
        text = raw.rstrip()
        stripped = text.lstrip()
        if not stripped or stripped.startswith("#"):
            return
        head = stripped[0]
        if head == "*":
            if where.via is not None:
                raise TranscriptSyntaxError(where, "an included file cannot start tests (`*` lines)")
            self.start_test(stripped[1:].strip(), where)
        elif head == "%":
            self.header(stripped[1:].strip(), where)
        elif head == "{" and (directive := _DIRECTIVE.match(stripped)) and directive.group(1) != "nothing":
            self.directive(directive.group(1), directive.group(2) or "", where, include_stack)
        elif (command := _COMMAND.match(stripped)) is not None:
            session = command.group(1) or DEFAULT_SESSION
            if not re.fullmatch(_NAME, session):
                raise TranscriptSyntaxError(where, f"session names are lowercase: write `{session.lower()}>`")
            self.add(Command(where, session, command.group(2)))
        else:
            self.add(self.check(text, where))

    def start_test(self, name: str, where: Location) -> None:
        if not name:
            raise TranscriptSyntaxError(where, "a test needs a name: `* the lever opens the gate`")
        self.current = TestCase(name, where, list(self.prelude), self.world, self.seed, self.start)
        self.result.tests.append(self.current)

    def add(self, step: Step) -> None:
        if self.current is None:
            self.prelude.append(step)
        else:
            self.current.steps.append(step)

    # -- headers and directives -----------------------------------------------------------
    def header(self, body: str, where: Location) -> None:
        word, _, rest = body.partition(" ")
        rest = rest.strip()
        if word == "perm":
            parts = rest.split()
            if len(parts) != 2:
                raise TranscriptSyntaxError(where, "usage: % perm NAME player|builder|admin")
            name, level = parts
            if not re.fullmatch(_NAME, name):
                raise TranscriptSyntaxError(where, f"{name!r} is not a session name (lowercase letters and hyphens)")
            try:
                Perm.parse(level)
            except ValueError as exc:
                raise TranscriptSyntaxError(where, str(exc)) from None
            self.add(Connect(where, name, level.lower()))
        elif word in ("world", "seed", "start"):
            if where.via is not None:
                raise TranscriptSyntaxError(where, f"% {word} belongs in the file that starts the tests, not an include")
            if self.current is not None and any(not isinstance(s, Connect) for s in self.current.steps[len(self.prelude):]):
                raise TranscriptSyntaxError(where, f"% {word} must come before the test's first step")
            value = self.setting(word, rest, where)
            setattr(self.current if self.current is not None else self, word, value)
        else:
            raise TranscriptSyntaxError(where, f"unknown header % {word} (perm, world, seed, start)")

    def setting(self, word: str, rest: str, where: Location) -> Path | int:
        if word == "world":
            if not rest:
                raise TranscriptSyntaxError(where, "usage: % world DIRECTORY-or-AREA-FILE")
            target = (self.path.parent / rest).resolve()
            if not target.exists():
                raise TranscriptSyntaxError(where, f"no such world: {target}")
            return target
        number = rest.removeprefix("#") if word == "start" else rest
        try:
            return int(number)
        except ValueError:
            what = "the start must be a room id such as #1" if word == "start" else "the seed must be a whole number"
            raise TranscriptSyntaxError(where, f"{what}, not {rest!r}") from None

    def directive(self, name: str, arg: str, where: Location, include_stack: tuple[Path, ...]) -> None:
        if name == "wait":
            self.add(Wait(where, parse_duration(arg or "", where)))
            return
        if name != "include":
            raise TranscriptSyntaxError(where, f"unknown directive {{{name}}} (wait, include; write \\{{ for literal text)")
        if not arg:
            raise TranscriptSyntaxError(where, "usage: {include FILE}")
        target = (where.path.parent / arg.strip()).resolve()
        if target in include_stack:
            raise TranscriptSyntaxError(where, f"{arg} includes itself")
        if len(include_stack) > _MAX_INCLUDE_DEPTH:
            raise TranscriptSyntaxError(where, "includes nested too deeply")
        for number, raw in enumerate(_read(target, where).splitlines(), 1):
            self.line(raw, Location(target, number, via=where), (*include_stack, target))

    # -- checks ----------------------------------------------------------------------------
    def check(self, text: str, where: Location) -> Check:
        session: str | None = None
        body = text
        m = _SESSION_CHECK.match(text)
        if m is not None:
            session, body = m.group(1), m.group(2)
        negate = False
        count: int | None = None
        if body.startswith("\\"):
            return Check(where, session, body[1:])
        if body.startswith("!"):
            negate, body = True, body[1:].lstrip()
        counted = _COUNT.match(body)
        if counted is not None:
            count, body = int(counted.group(1)), counted.group(2)
        if body.startswith("\\"):
            return Check(where, session, body[1:], negate=negate, count=count)
        if body == "{nothing}":
            if count is not None:
                raise TranscriptSyntaxError(where, "{count} and {nothing} do not combine")
            return Check(where, session, "", negate=negate, nothing=True)
        if len(body) >= 2 and body.startswith("/") and (body.endswith("/") or body.endswith("/i")):
            flags = re.IGNORECASE if body.endswith("/i") else 0
            pattern = body[1:-2] if flags else body[1:-1]
            try:
                compiled = re.compile(pattern, flags | re.MULTILINE)
            except re.error as exc:
                raise TranscriptSyntaxError(where, f"bad regex /{pattern}/: {exc}") from None
            return Check(where, session, pattern, regex=compiled, negate=negate, count=count)
        if not body:
            raise TranscriptSyntaxError(where, "an empty check (nothing after the session or modifiers)")
        return Check(where, session, body, negate=negate, count=count)


def _read(path: Path, where: Location | None) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        if where is None:
            raise TranscriptSyntaxError(Location(path, 0), f"cannot read: {exc.strerror}") from None
        raise TranscriptSyntaxError(where, f"cannot include {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise TranscriptSyntaxError(where or Location(path, 0), f"not UTF-8 text ({exc.reason})") from None
