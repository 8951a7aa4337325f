"""Driving the engine from an asyncio loop: timers, and hot reloads between inputs.

The engine has no event loop of its own (it is synchronous and clock-injected), so each
long-running front end (line player, headless server, portal engine) runs this one
coroutine beside its I/O. Pending reloads are applied here too, so a builder's reload
report arrives without anyone having to type first.
"""
from __future__ import annotations

import asyncio

from sandbox.engine.core import Engine
from sandbox.reload.reloader import SERVICE_NAME, Reloader


async def drive(engine: Engine, *, max_sleep: float = 0.25, until: asyncio.Event | None = None) -> None:
    """Run due timers and pending reloads until ``until`` is set (or the task is cancelled).

    ``max_sleep`` bounds how late a timer scheduled during a command, or a saved file,
    can be noticed: the loop sleeps until the next due timer, never longer than that.
    """
    while until is None or not until.is_set():
        due = tick(engine)
        delay = max_sleep if due is None else min(max_sleep, max(0.0, due - engine.clock.now()))
        await asyncio.sleep(delay)


def tick(engine: Engine) -> float | None:
    """Apply saved edits the reloader has pending, then run due timers; returns when the
    next timer falls due (None: none scheduled). The TUI calls this from its own timer."""
    reloader = engine.services.get(SERVICE_NAME)
    if isinstance(reloader, Reloader):
        reloader.apply_pending()
    return engine.run_due()
