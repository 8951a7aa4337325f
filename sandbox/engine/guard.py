"""What can stop a turn: a time budget, an exception in user code, a failed commit.

The engine runs command, behaviour and timer code (*user code*) between
``watchdog.enter()`` and ``watchdog.leave()``. A watchdog that sees the same user code
running past its budget raises :class:`TurnTimeout` inside it; the engine then rolls the
turn back like any other failure. The engine only defines the contract: the watchdog
that uses a thread and a signal lives with the front ends (``sandbox.budget``), because
the engine has no threads, signals or real time of its own.
"""
from __future__ import annotations

import traceback
from pathlib import Path
from types import TracebackType
from typing import Protocol

#: Default budget for one turn's user code, in seconds.
DEFAULT_BUDGET = 2.0


class TurnTimeout(BaseException):
    """Raised inside user code that ran past its budget.

    A BaseException, like KeyboardInterrupt, so ``except Exception`` in a command cannot
    swallow it.
    """

    def __init__(self, seconds: float = DEFAULT_BUDGET) -> None:
        super().__init__(f"ran past its time budget of {seconds:g} s")
        self.seconds = seconds


class CommitFailed(Exception):
    """The store could not make a turn durable; nothing of the turn was written."""

    def __init__(self, reason: str, path: Path | None = None) -> None:
        super().__init__(f"{reason} ({path})" if path is not None else reason)
        self.reason = reason
        self.path = path


class Watchdog(Protocol):
    budget: float

    def enter(self) -> None:
        """User code starts."""

    def leave(self) -> bool:
        """User code ended; True if it overran its budget (even if it swallowed the timeout)."""
        ...


def user_frame(tb: TracebackType | None, package_root: Path) -> str:
    """``folder/file.py:line`` of the innermost frame outside the sandbox package: the
    user's code (short, so it reads well in a player's client)."""
    found = ""
    for frame, line in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if not filename.startswith(str(package_root)) and not filename.startswith("<"):
            path = Path(filename)
            found = f"{path.parent.name}/{path.name}:{line}"
    return found
