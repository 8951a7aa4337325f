"""Time, passed in: real in the app, virtual in tests and transcripts."""
from __future__ import annotations

import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...


class RealClock:
    def now(self) -> float:
        return time.monotonic()


class VirtualClock:
    """A clock that only moves when told to, so timed behaviour is deterministic."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("time does not go backwards")
        self._now += seconds


@dataclass(order=True, slots=True)
class Timer:
    due: float
    seq: int
    callback: Callable[[], None] = field(compare=False)
    interval: float | None = field(default=None, compare=False)
    owner: int | None = field(default=None, compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class Scheduler:
    """A heap of one-shot and repeating timers on a given clock."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._heap: list[Timer] = []
        self._seq = itertools.count()

    def call_later(
        self, delay: float, callback: Callable[[], None], *, interval: float | None = None, owner: int | None = None
    ) -> Timer:
        timer = Timer(self.clock.now() + max(0.0, delay), next(self._seq), callback, interval, owner)
        heapq.heappush(self._heap, timer)
        return timer

    def cancel_owned(self, owner: int) -> None:
        for timer in self._heap:
            if timer.owner == owner:
                timer.cancelled = True

    def next_due(self) -> float | None:
        while self._heap and self._heap[0].cancelled:
            heapq.heappop(self._heap)
        return self._heap[0].due if self._heap else None

    def pop_due(self) -> Timer | None:
        """The next timer due now (rescheduling repeating ones), or None."""
        now = self.clock.now()
        while self._heap:
            timer = self._heap[0]
            if timer.cancelled:
                heapq.heappop(self._heap)
                continue
            if timer.due > now:
                return None
            heapq.heappop(self._heap)
            if timer.interval:
                # Repeat from the scheduled time, not from now, so a virtual clock advanced
                # by a minute fires a 20-second timer three times. The same Timer object is
                # pushed back, so cancelling it stops every later repeat.
                timer.due += timer.interval
                timer.seq = next(self._seq)
                heapq.heappush(self._heap, timer)
            return timer
        return None

    def __len__(self) -> int:
        return sum(1 for t in self._heap if not t.cancelled)
