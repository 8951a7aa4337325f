"""Keep the engine process running: start it, watch it start, restart it when it dies.

Each engine has a start-up deadline: if it has not said hello on the link within
``startup_deadline`` seconds it is killed (a module that spins at import never misses a
heartbeat, because it never connects). How soon to restart, and when to tell admins,
is :class:`~sandbox.portal.restart_policy.RestartPolicy`'s call, from what the run did.
The supervisor never gives up while the portal runs: players are waiting.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable, Sequence

from sandbox.portal.restart_policy import RestartPolicy, Run

log = logging.getLogger("sandbox.portal.supervisor")

#: Seconds an engine may take from process start to its hello on the link. Loading a
#: large world and its modules takes a few seconds; a minute means something is stuck.
STARTUP_DEADLINE = 60.0


class Supervisor:
    def __init__(
        self,
        argv: Sequence[str],
        *,
        startup_deadline: float = STARTUP_DEADLINE,
        policy: RestartPolicy | None = None,
        on_alert: Callable[[str], None] = lambda why: None,
        on_exit: Callable[[Run], None] = lambda run: None,
    ) -> None:
        self.argv = list(argv)
        self.startup_deadline = startup_deadline
        self.policy = policy or RestartPolicy()
        self.on_alert = on_alert
        self.on_exit = on_exit
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0
        self.runs: list[Run] = []
        self._hello: asyncio.Event | None = None
        self._hello_at: float | None = None
        self._started_at = 0.0
        self._served = 0
        self._stopping = False

    # -- told by the portal ------------------------------------------------------------------
    def hello(self) -> None:
        """The engine we started said hello on the link: it is up."""
        if self._hello is not None and not self._hello.is_set():
            self._hello_at = time.monotonic()
            self._hello.set()
            back = self.policy.connected()
            if back:
                log.warning(back)
                self.on_alert(back)

    def served(self) -> None:
        """The engine sent its players output."""
        self._served += 1

    # -- the loop ---------------------------------------------------------------------------
    async def run(self) -> None:
        while not self._stopping:
            run = await self._run_once()
            if run is None:
                break
            self.runs.append(run)
            self.on_exit(run)
            if self._stopping:
                break
            decision = self.policy.after(run)
            if decision.alert:
                log.error(decision.alert)
                self.on_alert(decision.alert)
            level = logging.INFO if run.code == 0 and run.started else logging.WARNING
            log.log(level, "engine %s; restarting %s", run.describe(), f"in {decision.delay:.1f}s" if decision.delay else "at once")
            if decision.delay:
                await asyncio.sleep(decision.delay)

    async def _run_once(self) -> Run | None:
        self._hello = asyncio.Event()
        self._hello_at = None
        self._served = 0
        self._started_at = started = time.monotonic()
        self.process = process = await asyncio.create_subprocess_exec(*self.argv)
        self.starts += 1
        exited = asyncio.ensure_future(process.wait())
        said_hello = asyncio.ensure_future(self._hello.wait())
        try:
            await asyncio.wait({exited, said_hello}, timeout=self.startup_deadline, return_when=asyncio.FIRST_COMPLETED)
        finally:
            said_hello.cancel()
        deadline_killed = False
        if not exited.done() and self._hello_at is None and not self._stopping:
            log.error("engine (pid %d) did not connect within %.0fs of starting; killing it", process.pid, self.startup_deadline)
            deadline_killed = True
            self.kill()
        code = await exited
        uptime = time.monotonic() - started
        if self._stopping:
            return None
        hello_after = None if self._hello_at is None else self._hello_at - started
        return Run(code, uptime, hello_after, self._served, deadline_killed, self.startup_deadline)

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
        except TimeoutError:
            proc.kill()
            await proc.wait()
