"""The turn budget: stop user code that runs too long, without stopping the world.

The engine brackets command, behaviour and timer code (and the reloader module imports)
with ``enter()`` and ``leave()``; that costs three attribute writes per turn. A daemon
thread looks every few tens of milliseconds: when the same user code has
run past the budget, it sends SIGALRM to the engine's thread, whose handler raises
:class:`~sandbox.engine.guard.TurnTimeout` inside that code, interrupting ``time.sleep``
and pure-Python loops alike. The engine then rolls the turn back and reports it. If the
code catches the exception and carries on, the thread fires again, and ``leave()`` still
reports the overrun.

If the engine does not run in the main thread (where Python delivers signals), the
exception is set asynchronously on the engine's thread instead; that stops Python loops
but not a blocking call such as ``sleep``. Code stuck inside one C call (a huge regex
backtrack) is only stopped when the call returns; in portal mode the supervisor's
heartbeat still catches that.
"""
from __future__ import annotations

import ctypes
import os
import signal
import threading
import time
import weakref
from types import FrameType

from sandbox.engine.guard import DEFAULT_BUDGET, TurnTimeout

#: How often the watching thread looks, and so how late past the budget code is stopped.
POLL_SECONDS = 0.05

# One watching thread and one SIGALRM handler serve every budget in the process (tests
# open hundreds of games); budgets are held weakly, so an unclosed game costs nothing.
_budgets: weakref.WeakSet[TurnBudget] = weakref.WeakSet()
_lock = threading.Lock()
_watcher: threading.Thread | None = None
_handler_installed = False


class TurnBudget:
    def __init__(self, budget: float = DEFAULT_BUDGET) -> None:
        self.budget = float(budget)
        self._serial = 0
        self._depth = 0
        self._active = False
        #: The serial the watcher last saw running, and when it first saw it: the start
        #: time is the watcher's to take, so enter() costs no clock read.
        self._seen = -1
        self._seen_at = 0.0
        self._fired = -1
        self._next_fire = 0.0
        self._thread_id = threading.get_ident()
        self._use_signal = threading.current_thread() is threading.main_thread()
        if self._use_signal:
            _install_handler()
        with _lock:
            _budgets.add(self)
            _start_watcher()

    # -- called by the engine around user code -----------------------------------------
    def enter(self) -> None:
        self._depth += 1
        if self._depth == 1:  # a command running another command stays one stretch of user code
            self._serial += 1
            self._active = True

    def leave(self) -> bool:
        depth = self._depth - 1
        if depth <= 0:
            depth = 0
            self._active = False
        self._depth = depth
        return self._fired == self._serial

    # -- called by the watching thread -----------------------------------------------------
    def _check(self, now: float) -> None:
        serial = self._serial
        if not self._active:
            return
        if serial != self._seen:  # first sight of this code running: start its clock
            self._seen, self._seen_at = serial, now - POLL_SECONDS / 2
            return
        if now - self._seen_at <= self.budget or now < self._next_fire:
            return
        self._fired = serial
        self._next_fire = now + 0.25  # if the code swallowed it, try again shortly, not in a storm
        if self._use_signal:
            try:
                signal.pthread_kill(self._thread_id, signal.SIGALRM)
            except (ProcessLookupError, OSError):
                pass
        else:
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self._thread_id), ctypes.py_object(TurnTimeout))

    def close(self) -> None:
        self._active = False
        with _lock:
            _budgets.discard(self)


def budget_for(seconds: float | None = None) -> TurnBudget | None:
    """The budget a front end should use: ``seconds``, else ``SANDBOX_TURN_BUDGET``,
    else 2 s; None when that is 0 (no limit)."""
    if seconds is None:
        seconds = float(os.environ.get("SANDBOX_TURN_BUDGET", DEFAULT_BUDGET))
    return TurnBudget(seconds) if seconds > 0 else None


def _install_handler() -> None:
    global _handler_installed
    if not _handler_installed:
        signal.signal(signal.SIGALRM, _on_alarm)
        _handler_installed = True


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    # Only inside the user code that overran: a late signal must not hit anything else.
    me = threading.get_ident()
    for budget in list(_budgets):
        if budget._thread_id == me and budget._active and budget._fired == budget._serial:
            raise TurnTimeout(budget.budget)


def _start_watcher() -> None:
    global _watcher
    if _watcher is None or not _watcher.is_alive():
        _watcher = threading.Thread(target=_watch, name="sandbox-turn-budget", daemon=True)
        _watcher.start()


def _watch() -> None:
    while True:
        time.sleep(POLL_SECONDS)
        now = time.monotonic()
        with _lock:
            budgets = list(_budgets)
        for budget in budgets:
            budget._check(now)
