"""When to restart the engine, judged by what its last run did rather than by its age.

A run that said hello on the link started fine, however short it was: its death is a
crash of a working engine (a SIGKILL, an out-of-memory kill, a bug on some command),
and the world should come back at once. A run that never said hello (it exited, or
was killed at the start-up deadline) failed to start: something a restart will not
fix by itself (a syntax error, a module that hangs at import, a damaged world file).
Start-up failures back off and, after a few, admins are told, but the supervisor
keeps trying: players are waiting, and the cause may be fixed on disk at any moment.

No I/O and no clock here; :class:`~sandbox.portal.supervisor.Supervisor` feeds it.
"""
from __future__ import annotations

from dataclasses import dataclass

#: Consecutive start-up failures after which admins are told (and the log says so loudly).
ALERT_AFTER = 3
#: Back-off between start-up failures: doubling from START to MAX seconds.
STARTUP_BACKOFF_START = 0.5
STARTUP_BACKOFF_MAX = 30.0
#: A run that said hello but lived less than this after it, and served nothing, is a
#: quick crash: repeated ones back off a little (never beyond QUICK_BACKOFF_MAX) so a
#: bug that kills every engine right after start-up cannot spin a core.
QUICK_SECONDS = 1.0
QUICK_BACKOFF_START = 0.1
QUICK_BACKOFF_MAX = 2.0


@dataclass(frozen=True, slots=True)
class Run:
    """What one engine process did."""

    code: int  # its exit code (negative: killed by that signal)
    uptime: float  # seconds from start to exit
    hello_after: float | None  # seconds from start to its hello on the link, None if never
    served: int = 0  # output batches it sent the portal after its hello
    deadline_killed: bool = False  # killed by the supervisor for not saying hello in time
    deadline: float = 0.0  # the start-up deadline it was held to

    @property
    def started(self) -> bool:
        return self.hello_after is not None

    @property
    def up_after_hello(self) -> float:
        return 0.0 if self.hello_after is None else max(0.0, self.uptime - self.hello_after)

    def describe(self) -> str:
        if self.deadline_killed:
            return f"did not connect within {self.deadline:g}s of starting and was killed"
        how = "exited cleanly" if self.code == 0 else (f"was killed by signal {-self.code}" if self.code < 0 else f"exited with code {self.code}")
        if not self.started:
            return f"{how} {self.uptime:.1f}s after starting, before it connected"
        return f"{how} after serving {self.up_after_hello:.1f}s ({self.served} output batches)"


@dataclass(frozen=True, slots=True)
class Decision:
    delay: float  # seconds to wait before the next start
    alert: str | None = None  # tell admins this (and log it as an error)


class RestartPolicy:
    def __init__(
        self,
        *,
        alert_after: int = ALERT_AFTER,
        startup_backoff: tuple[float, float] = (STARTUP_BACKOFF_START, STARTUP_BACKOFF_MAX),
    ) -> None:
        self.alert_after = alert_after
        self.startup_backoff = startup_backoff
        self.startup_failures = 0  # in a row
        self.quick_crashes = 0  # in a row
        self.alerted = False  # admins were told of start-up failures and not yet of recovery

    def after(self, run: Run) -> Decision:
        if not run.started:
            return self._startup_failure(run)
        self.startup_failures = 0
        if run.code == 0:
            self.quick_crashes = 0
            return Decision(0.0)  # asked to restart (cold reload): come back at once
        if run.up_after_hello < QUICK_SECONDS and run.served == 0:
            self.quick_crashes += 1
        else:
            self.quick_crashes = 0
        if self.quick_crashes <= 1:
            return Decision(0.0)  # the outage players feel: restart at once
        return Decision(min(QUICK_BACKOFF_START * 2 ** (self.quick_crashes - 2), QUICK_BACKOFF_MAX))

    def _startup_failure(self, run: Run) -> Decision:
        self.startup_failures += 1
        self.quick_crashes = 0
        start, cap = self.startup_backoff
        delay = min(start * 2 ** (self.startup_failures - 1), cap)
        alert = None
        if self.startup_failures == self.alert_after:
            self.alerted = True
            alert = (
                f"The engine has failed to start {self.startup_failures} times in a row "
                f"(the last one {run.describe()}). Still trying, backing off to every {cap:.0f}s; "
                f"players stay connected. See the portal's log for the engine's output."
            )
        return Decision(delay, alert)

    def connected(self) -> str | None:
        """The engine said hello. After an alert, returns the all-clear for admins."""
        if self.alerted:
            self.alerted = False
            return f"The engine started again after {self.startup_failures} failed starts."
        return None
