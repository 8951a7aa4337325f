"""The in-process runner: each test on a fresh world, a virtual clock and a fixed seed.

Sessions are local sessions (:class:`LocalSession`) keeping the messages received since
that session's last command; checks read them rendered as plain text.
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
from sandbox.engine.session import ClientInfo
from sandbox.local_session import LocalSession
from sandbox.reload.prototypes import SHARED as PROTOTYPES
from sandbox.transcript.checks import Failure
from sandbox.transcript.discover import iter_tests
from sandbox.transcript.model import Location, TestCase, TranscriptSyntaxError
from sandbox.transcript.parser import parse_file
from sandbox.transcript.playback import TestResult, play, run_sync
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


class EngineDriver:
    """Drives one test's engine; see playback.Driver. It never awaits, so the step loop
    runs it without an event loop."""

    def __init__(self, engine: Engine, clock: VirtualClock, load_errors: list[str], start: int | None = None) -> None:
        self.engine = engine
        self.start = engine.world.get(start) if start is not None else engine.world.start_room()
        if self.start is None or self.start.kind != Kind.ROOM:
            load_errors = [*load_errors, f"% start #{start}: there is no such room in this world"]
            self.start = engine.world.start_room()
        self.clock = clock
        self.sessions: dict[str, LocalSession] = {}
        self.load_errors = load_errors
        self.catcher = _ErrorCatcher()
        self.crashes: list[tuple[str, Exception]] = []
        #: Sessions that quit: their next command logs them in again, the way a front
        #: end's login does (back in their room, waiting tells shown).
        self.offline: set[str] = set()

    def connected(self, session: str) -> bool:
        return session in self.sessions and session not in self.offline

    async def connect(self, session: str, perm: str) -> None:
        engine = self.engine
        level = Perm.parse(perm)
        if session in self.offline:
            self._reconnect(session)
        elif session in self.sessions:  # a later `% perm` changes an existing character
            self.sessions[session].character.perm = level
        else:
            with engine.turn():
                char = engine.world.create(
                    Kind.CHARACTER, character_name(session), location=self.start, perm=level, tags=["player"]
                )
            self.sessions[session] = LocalSession(engine, char, ClientInfo(frontend="transcript", colour="plain"))

    def _reconnect(self, session: str) -> None:
        engine = self.engine
        self.offline.discard(session)
        local = self.sessions[session]
        local.reconnect()
        local.clear()
        with engine.turn():
            presence.enter(engine, local.character)
            Context(engine, local.character, session=local.session).look()
            mailbox.deliver_waiting(engine, local.character)

    async def send(self, session: str, line: str, *, keep: bool = False) -> None:
        local = self.sessions[session]
        if not keep:
            local.clear()
        try:
            local.send(line)
        except Exception as exc:  # the engine itself failed (e.g. an unsaveable attribute)
            self.crashes.append((line, exc))
        if local.closed:  # `quit`: the character leaves the world as at a real logout
            local.close()
            char = local.character
            if char.id in self.engine.world.objects and not self.engine.is_online(char):
                with self.engine.turn():
                    presence.leave(self.engine, char)
                self.offline.add(session)

    async def output(self, session: str) -> str | None:
        found = self.sessions.get(session)
        return None if found is None else found.text()

    async def wait(self, seconds: float) -> None:
        for local in self.sessions.values():
            local.clear()
        self.clock.advance(seconds)
        self.engine.run_due()

    def problems(self, where: Location) -> list[Failure]:
        out = [Failure(where, f"command module failed to load: {err}") for err in self.load_errors]
        for line, exc in self.crashes:
            out.append(Failure(where, f"the engine raised {type(exc).__name__} running {line!r}: {exc}"))
        for record in self.catcher.records:
            out.append(Failure(where, f"the engine logged an error: {record.getMessage()}", actual=_exc_text(record)))
        self.load_errors, self.crashes, self.catcher.records = [], [], []
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
        driver = EngineDriver(engine, clock, load_errors, case.start)
        _ENGINE_LOG.addHandler(driver.catcher)
        try:
            return run_sync(play(path, case, driver))
        finally:
            _ENGINE_LOG.removeHandler(driver.catcher)

    def run_file(self, path: Path) -> list[TestResult]:
        return [self.run_test(path, case) for case in parse_file(path).tests]

    def run_paths(self, paths: Iterable[Path]) -> Iterator[TestResult | TranscriptSyntaxError]:
        """Every test in the given files and folders; syntax errors are yielded, not raised."""
        for item in iter_tests(paths):
            yield item if isinstance(item, TranscriptSyntaxError) else self.run_test(*item)
