"""Keep the engine process running: restart it when it exits or crashes, with backoff.

A clean exit (a cold reload) restarts at once. Crashes back off (0.1 s doubling to 5 s).
If the engine keeps dying within seconds of starting, something is broken that a
restart will not fix (a syntax error in engine code, a damaged world file): the
supervisor stops trying and says so, rather than spinning.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable, Sequence

log = logging.getLogger("sandbox.portal.supervisor")

#: A run shorter than this counts as a failure at start-up.
EARLY_DEATH_SECONDS = 5.0
#: How many early deaths in a row before giving up.
MAX_EARLY_DEATHS = 5
BACKOFF_START = 0.1
BACKOFF_MAX = 5.0


class Supervisor:
    def __init__(
        self,
        argv: Sequence[str],
        *,
        on_give_up: Callable[[str], None] = lambda why: None,
        on_exit: Callable[[int, float], None] = lambda code, uptime: None,
    ) -> None:
        self.argv = list(argv)
        self.on_give_up = on_give_up
        self.on_exit = on_exit
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0
        self.gave_up = False
        self._stopping = False

    async def run(self) -> None:
        early_deaths = 0
        while not self._stopping:
            started = time.monotonic()
            self.process = await asyncio.create_subprocess_exec(*self.argv)
            self.starts += 1
            code = await self.process.wait()
            uptime = time.monotonic() - started
            self.on_exit(code, uptime)
            if self._stopping:
                break
            if code == 0:
                early_deaths = 0
                delay = 0.0  # asked to restart (cold reload): come back at once
            else:
                early_deaths = early_deaths + 1 if uptime < EARLY_DEATH_SECONDS else 0
                if early_deaths >= MAX_EARLY_DEATHS:
                    self.gave_up = True
                    why = (
                        f"The engine died {early_deaths} times within {EARLY_DEATH_SECONDS:.0f}s of starting "
                        f"(last exit code {code}); not restarting it. Fix the cause and restart the portal."
                    )
                    log.error(why)
                    self.on_give_up(why)
                    return
                # The first crash restarts at once: that is the outage players feel.
                delay = 0.0 if early_deaths <= 1 else min(BACKOFF_START * 2 ** (early_deaths - 2), BACKOFF_MAX)
                log.warning("engine exited with %s after %.1fs; restarting in %.1fs", code, uptime, delay)
            if delay:
                await asyncio.sleep(delay)

    def kill(self) -> None:
        """A hung engine (silent link, live process) is killed so it can be restarted."""
        if self.process is not None and self.process.returncode is None:
            self.process.kill()

    async def stop(self, timeout: float = 10.0) -> None:
        self._stopping = True
        proc = self.process
        if proc is None or proc.returncode is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), timeout)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
