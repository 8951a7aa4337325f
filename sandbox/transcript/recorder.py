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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from sandbox.engine.session import Message, Sink
from sandbox.markup import plain
from sandbox.transcript.model import DEFAULT_SESSION

_SYNTAX_START = tuple("#%*>{!/\\")
_LOOKS_LIKE_COMMAND = re.compile(r"^[A-Za-z][A-Za-z-]*>")


def as_check(line: str) -> str:
    """One output line as a check that matches it literally."""
    stripped = line.lstrip()
    if stripped.startswith(_SYNTAX_START) or _LOOKS_LIKE_COMMAND.match(stripped) or stripped.startswith(f"{DEFAULT_SESSION}:"):
        return "\\" + line
    return line


class Recorder:
    def __init__(self, path: Path, *, perm: str = "admin", game_dir: Path | None = None) -> None:
        self.path = Path(path)
        self.out: TextIO = self.path.open("w", encoding="utf-8")
        self._in_command = False
        where = f" in {game_dir}" if game_dir is not None else ""
        self.out.write(
            f"# Recorded with `sandbox play --record` on {time.strftime('%Y-%m-%d %H:%M')}{where}.\n"
            "# Each command's output follows it as checks: trim them to what matters, then commit.\n"
            "# It replays on the starter world; add `% world DIR` to replay on another.\n"
            f"% perm {DEFAULT_SESSION} {perm}\n\n* recorded session\n"
        )
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


def recording(recorder: Recorder | None, line: str) -> contextlib.AbstractContextManager[None]:
    """``recorder.command(line)``, or nothing when not recording (keeps callers flat)."""
    return recorder.command(line) if recorder is not None else contextlib.nullcontext()
