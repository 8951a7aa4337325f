"""Loading command modules by file path, always from source.

``importlib.reload`` and spec loaders can hand back stale bytecode when a file changes
twice within one mtime second at the same size (docs/architecture.md, "Measured facts"). Compiling the
source ourselves into a fresh module object, never registered in ``sys.modules``,
always gets the code that is on disk, and leaves the registry as the only owner of the
module's functions so an old module is released when its table is replaced.
"""
from __future__ import annotations

import dataclasses
import hashlib
import traceback
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sandbox.engine.commands import Behaviour, Command, CommandTable
from sandbox.engine.guard import TurnTimeout, Watchdog
from sandbox.engine.locks import LockFunc


@dataclass(frozen=True, slots=True)
class LoadError:
    path: Path
    line: int | None
    message: str
    traceback: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}"


@dataclass(slots=True)
class ModuleLoad:
    """What one file contributed, or why it could not."""

    path: Path
    commands: list[Command] = field(default_factory=list)
    behaviours: list[Behaviour] = field(default_factory=list)
    lockfuncs: list[LockFunc] = field(default_factory=list)
    error: LoadError | None = None
    #: Hash of the source bytes that were compiled: a save that changed nothing is skipped.
    digest: bytes = b""

    @property
    def ok(self) -> bool:
        return self.error is None


def is_command_file(path: Path) -> bool:
    name = path.name
    return name.endswith(".py") and not name.startswith((".", "_")) and path.is_file()


#: Set by open_game: module code runs under the same time budget as a turn.
watchdog: Watchdog | None = None


def load_module(path: Path) -> ModuleLoad:
    """Compile and run one command file into a fresh module.

    Anything its top level raises, ``SystemExit`` and ``KeyboardInterrupt`` included, or
    running past the turn budget (``while True: pass`` at import), is a failed load:
    the old version of the module keeps serving and builders get file:line.
    """
    path = Path(path)
    result = ModuleLoad(path)
    guard = watchdog
    try:
        raw = path.read_bytes()
        result.digest = source_digest(raw)
        code = _compile(path, raw, result.digest)
        module = types.ModuleType(f"sandbox_commands.{path.stem}")
        module.__file__ = str(path)
        if guard is not None:
            guard.enter()
        exec(code, module.__dict__)
        if guard is not None and guard.leave():
            raise TurnTimeout(guard.budget)
    except SyntaxError as exc:
        if guard is not None:
            guard.leave()
        result.error = LoadError(path, exc.lineno, f"SyntaxError: {exc.msg}", traceback.format_exc(limit=0))
        return result
    except BaseException as exc:
        if guard is not None:
            guard.leave()
        tb = exc.__traceback__
        line = None
        while tb is not None:  # the deepest frame inside this file
            if tb.tb_frame.f_code.co_filename == str(path):
                line = tb.tb_lineno
            tb = tb.tb_next
        what = f"took too long at import: {exc}" if isinstance(exc, TurnTimeout) else f"{type(exc).__name__}: {exc}"
        result.error = LoadError(path, line, what, "".join(traceback.format_exception(type(exc), exc, exc.__traceback__, limit=-4)))
        return result
    for value in vars(module).values():
        if isinstance(value, Command):
            result.commands.append(dataclasses.replace(value, source=str(path)))
        elif isinstance(value, Behaviour):
            result.behaviours.append(dataclasses.replace(value, source=str(path)))
        elif isinstance(value, LockFunc):
            result.lockfuncs.append(dataclasses.replace(value, source=str(path)))
    return result


#: The last code object compiled per file, keyed by the hash of its exact bytes: a forced
#: reload of unchanged files skips compiling (the dominant cost) but still executes
#: into a fresh module. Keyed by content, never mtime, so it cannot return stale code;
#: one entry per file, and code objects hold no module state.
_compiled: dict[Path, tuple[bytes, types.CodeType]] = {}


def _compile(path: Path, raw: bytes, digest: bytes) -> types.CodeType:
    cached = _compiled.get(path)
    if cached is not None and cached[0] == digest:
        return cached[1]
    code = compile(raw.decode("utf-8"), str(path), "exec", dont_inherit=True)
    _compiled[path] = (digest, code)
    return code


def source_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def command_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if is_command_file(p))


def build_table(loads: Iterable[ModuleLoad]) -> CommandTable:
    commands: list[Command] = []
    behaviours: list[Behaviour] = []
    lockfuncs: list[LockFunc] = []
    for load in sorted(loads, key=lambda l: l.path.name):
        commands.extend(load.commands)
        behaviours.extend(load.behaviours)
        lockfuncs.extend(load.lockfuncs)
    return CommandTable(commands, behaviours, lockfuncs)


def load_directory(directory: Path) -> tuple[CommandTable, list[ModuleLoad]]:
    loads = [load_module(p) for p in command_files(directory)]
    return build_table(l for l in loads if l.ok), loads
