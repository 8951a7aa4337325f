"""The in-process runner: each test on a fresh world, a virtual clock and a fixed seed.

Sessions are real engine sessions (``engine.connect``) whose sink keeps the messages
received since that session's last command; checks read them rendered as plain text.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from sandbox import area_files, starter
from sandbox.budget import budget_for
from sandbox.engine import mailbox, presence
from sandbox.engine.clock import VirtualClock
from sandbox.engine.context import Context
from sandbox.engine.core import Engine
from sandbox.engine.objects import Kind, Perm
from sandbox.engine.session import ClientInfo, Message
from sandbox.markup import plain
from sandbox.reload.prototypes import SHARED as PROTOTYPES
from sandbox.transcript.checks import Failure
from sandbox.transcript.discover import iter_tests
from sandbox.transcript.model import Location, TestCase, TranscriptSyntaxError
from sandbox.transcript.parser import parse_file
from sandbox.transcript.playback import TestResult, play
from sandbox.transcript.worlds import SHARED_CACHE, CheckingStore, WorldCache, commands_dir_for

_ENGINE_LOG = logging.getLogger("sandbox.engine")


class _ErrorCatcher(logging.Handler):
    """Commands that raise are logged by the engine and shown to the player as a generic
    error; a test must fail on them, so we collect the engine's error records."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class _Inbox:
    """What one session received since its last command; rendered once, on demand."""

    __slots__ = ("messages", "_text", "closed")

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._text: str | None = None
        self.closed = False  # the engine asked to close this session (quit)

    def __call__(self, message: Message) -> None:
        if message.kind == "close":
            self.closed = True
        if message.text:
            self.messages.append(message)
            self._text = None

    def clear(self) -> None:
        self.messages.clear()
        self._text = None

    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(plain(m.text) for m in self.messages)
        return self._text


class EngineDriver:
    """Drives one test's engine; see playback.Driver."""

    def __init__(self, engine: Engine, clock: VirtualClock, load_errors: list[str], where: Location) -> None:
        self.engine = engine
        self.clock = clock
        self.sessions: dict[str, tuple[int, _Inbox]] = {}
        self.load_errors = load_errors
        self.where = where
        self.catcher = _ErrorCatcher()
        self.crashes: list[tuple[str, Exception]] = []
        #: Sessions that quit, by character id: their next command logs them in again,
        #: the way a front end's login does (back in their room, waiting tells shown).
        self.offline: dict[str, int] = {}
        self.just_back: set[str] = set()

    def connected(self, session: str) -> bool:
        return session in self.sessions and session not in self.offline

    def connect(self, session: str, perm: str) -> None:
        engine = self.engine
        level = Perm.parse(perm)
        if session in self.offline:
            self._reconnect(session)
            return
        if session in self.sessions:  # a later `% perm` changes an existing character
            char = engine.world.get(engine.sessions[self.sessions[session][0]].character_id)
            if char is not None:
                char.perm = level
            return
        with engine.turn():
            char = engine.world.create(
                Kind.CHARACTER, character_name(session), location=engine.world.start_room(), perm=level, tags=["player"]
            )
        inbox = _Inbox()
        live = engine.connect(char, inbox, ClientInfo(frontend="transcript", colour="plain"))
        self.sessions[session] = (live.id, inbox)

    def _reconnect(self, session: str) -> None:
        engine = self.engine
        char = engine.world.get(self.offline.pop(session))
        if char is None:
            return
        inbox = self.sessions[session][1]
        live = engine.connect(char, inbox, ClientInfo(frontend="transcript", colour="plain"))
        self.sessions[session] = (live.id, inbox)
        inbox.clear()
        self.just_back.add(session)
        with engine.turn():
            presence.enter(engine, char)
            Context(engine, char, session=live).look()
            mailbox.deliver_waiting(engine, char)

    def send(self, session: str, line: str) -> None:
        session_id, inbox = self.sessions[session]
        if session in self.just_back:
            self.just_back.discard(session)  # keep what the login showed for the checks
        else:
            inbox.clear()
        try:
            self.engine.input(session_id, line)
        except Exception as exc:  # the engine itself failed (e.g. an unsaveable attribute)
            self.crashes.append((line, exc))
        if inbox.closed:  # `quit`: the character leaves the world as at a real logout
            inbox.closed = False
            live = self.engine.sessions.get(session_id)
            if live is not None:
                self.engine.disconnect(session_id)
                char = self.engine.world.get(live.character_id)
                if char is not None and not self.engine.is_online(char):
                    with self.engine.turn():
                        presence.leave(self.engine, char)
                    self.offline[session] = char.id

    def output(self, session: str) -> str | None:
        found = self.sessions.get(session)
        return None if found is None else found[1].text()

    def wait(self, seconds: float) -> None:
        for _, inbox in self.sessions.values():
            inbox.clear()
        self.clock.advance(seconds)
        self.engine.run_due()

    def problems(self) -> list[Failure]:
        out = [Failure(self.where, f"command module failed to load: {err}") for err in self.load_errors]
        for line, exc in self.crashes:
            out.append(Failure(self.where, f"the engine raised {type(exc).__name__} running {line!r}: {exc}"))
        for record in self.catcher.records:
            out.append(Failure(self.where, f"the engine logged an error: {record.getMessage()}", actual=_exc_text(record)))
        return out


def _exc_text(record: logging.LogRecord) -> str:
    if record.exc_info:
        return logging.Formatter().formatException(record.exc_info)
    return record.getMessage()


def character_name(session: str) -> str:
    """``alice`` plays ``Alice``: the spelling a telnet login gives a new character."""
    return session[0].upper() + session[1:]


class TranscriptRunner:
    """Runs transcripts in this process; one instance can run many files."""

    def __init__(self, game_dir: Path | None = None, cache: WorldCache | None = None) -> None:
        self.game_dir = Path(game_dir or Path.cwd()).resolve()
        self.cache = cache or SHARED_CACHE
        #: Commands under test run under the same time budget as in a real game.
        self.budget = budget_for()

    def new_engine(self, case: TestCase) -> tuple[Engine, VirtualClock, list[str]]:
        world = self.cache.world(case.world, self.game_dir)
        source_dir = case.world if case.world is not None and case.world.is_dir() else self.game_dir
        table, loads = self.cache.table(commands_dir_for(source_dir))
        store = CheckingStore()
        clock = VirtualClock()
        engine = Engine(world, table, clock, store=store, seed=case.seed)
        engine.watchdog = self.budget
        protos = PROTOTYPES.get(starter.prototypes_dir(source_dir), source_dir)
        engine.prototypes.set_files(protos.prototypes)
        area_files.lend(engine, source_dir)  # area/import reads files inside it
        return engine, clock, [str(l.error) for l in loads if l.error is not None] + [str(e) for e in protos.errors]

    def run_test(self, path: Path, case: TestCase) -> TestResult:
        engine, clock, load_errors = self.new_engine(case)
        driver = EngineDriver(engine, clock, load_errors, case.where)
        _ENGINE_LOG.addHandler(driver.catcher)
        try:
            return play(path, case, driver)
        finally:
            _ENGINE_LOG.removeHandler(driver.catcher)

    def run_file(self, path: Path) -> list[TestResult]:
        return [self.run_test(path, case) for case in parse_file(path).tests]

    def run_paths(self, paths: Iterable[Path]) -> Iterator[TestResult | TranscriptSyntaxError]:
        """Every test in the given files and folders; syntax errors are yielded, not raised."""
        for item in iter_tests(paths):
            yield item if isinstance(item, TranscriptSyntaxError) else self.run_test(*item)
