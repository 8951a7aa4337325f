"""Writing a played session as a transcript: each command, then its output as checks.

The line player (`sandbox play --record FILE`) wraps its sink with :meth:`Recorder.sink`
and brackets each input line with :meth:`Recorder.command`. Output that arrives outside
a command (a wandering NPC) is written as a comment, since replaying it needs {wait}.
Lines that would read as transcript syntax are escaped with a leading backslash, so the
file replays as recorded.
"""
from __future__ import annotations

import contextlib
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sandbox.engine.session import Message, Sink
from sandbox.engine.world import World
from sandbox.markup import plain
from sandbox.starter import commands_dir
from sandbox.store.world_store import WorldStore
from sandbox.transcript.model import DEFAULT_SESSION, SESSION_NAME

_SYNTAX_START = tuple("#%*>{!/\\")
_LOOKS_LIKE_COMMAND = re.compile(r"^[A-Za-z][A-Za-z-]*>")
_LOOKS_LIKE_SESSION = re.compile(rf"^{SESSION_NAME}:")


def as_check(line: str) -> str:
    """One output line as a check that matches it literally."""
    stripped = line.lstrip()
    if stripped.startswith(_SYNTAX_START) or _LOOKS_LIKE_COMMAND.match(stripped) or _LOOKS_LIKE_SESSION.match(stripped):
        return "\\" + line
    return line


class Recorder:
    def __init__(self, path: Path, *, perm: str = "admin", game_dir: Path | None = None) -> None:
        self.path = Path(path)
        self.perm = perm
        self.game_dir = game_dir
        self.out: TextIO = self.path.open("w", encoding="utf-8")
        self._in_command = False

    def snapshot(self, world: World) -> None:
        """Copy the world as it is now, before the recording character enters it.

        Playing saves what you change, so the game's world will not stay as it was: the
        world and the game's commands are copied next to the recording
        (``NAME.world/``), and ``% world`` names that copy. The file then replays as
        recorded, on any machine, until you decide otherwise."""
        _snapshot(world, self.game_dir, self.path.with_suffix(".world"))

    def begin(self, start_room: int | None) -> None:
        """The header: that copy, and the room the recording starts in."""
        lines = [
            f"# Recorded with `sandbox play --record` on {time.strftime('%Y-%m-%d %H:%M')}"
            + (f" in {self.game_dir}." if self.game_dir is not None else "."),
            "# Each command's output follows it as checks: trim them to what matters, then commit.",
            f"% world {self.path.with_suffix('.world').name}",
        ]
        if start_room is not None:
            lines.append(f"% start #{start_room}")
        lines.append(f"% perm {DEFAULT_SESSION} {self.perm}")
        self.out.write("\n".join(lines) + "\n\n* recorded session\n")
        self.out.flush()

    def sink(self, inner: Sink) -> Sink:
        """A sink that records each message, then passes it on."""

        def recording(message: Message) -> None:
            self.message(message)
            inner(message)

        return recording

    def message(self, message: Message) -> None:
        if not message.text or self.out.closed:
            return
        for line in plain(message.text).splitlines():
            if not line.strip():
                continue
            self.out.write(f"{as_check(line)}\n" if self._in_command else f"# (while idle) {line}\n")

    @contextmanager
    def command(self, line: str) -> Iterator[None]:
        """Bracket one input line: messages inside it are its output."""
        if not self.out.closed and line.strip():
            self.out.write(f"> {line.strip()}\n")
        self._in_command = True
        try:
            yield
        finally:
            self._in_command = False
            if not self.out.closed:
                self.out.flush()  # a crash still leaves everything recorded so far

    def close(self) -> None:
        if not self.out.closed:
            self.out.close()


def _snapshot(world: World, game_dir: Path | None, target: Path) -> None:
    """A game directory holding a copy of ``world`` and of the game's commands."""
    if target.exists():
        shutil.rmtree(target)
    store = WorldStore(target / "world")
    store.create(world)
    store.close()
    if game_dir is not None:
        shutil.copytree(commands_dir(game_dir), target / "commands", ignore=shutil.ignore_patterns("__pycache__"))


def recording(recorder: Recorder | None, line: str) -> contextlib.AbstractContextManager[None]:
    """``recorder.command(line)``, or nothing when not recording (keeps callers flat)."""
    return recorder.command(line) if recorder is not None else contextlib.nullcontext()
