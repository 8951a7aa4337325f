"""How much option negotiation one telnet connection may ask of us, and how often it may log.

A real client negotiates a few dozen options when it connects and an occasional NAWS
when its window is resized. A hostile one can toggle an option forever (``DO MCCP2,
DONT MCCP2`` builds and tears down a zlib compressor each time) or ask about all 256
options with every verb. :class:`NegotiationBudget` counts what the client sends and
says when it has asked for more than any real client does; the connection is then
closed. No I/O here, and the clock is passed in, so the limits are testable.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    #: Option requests (WILL/WONT/DO/DONT) per connection, ever. A client's handshake
    #: is 10-30; 256 options times four verbs is 1024.
    negotiations_total: int = 400
    #: Option requests per second, sustained, and the burst allowed on top.
    negotiations_per_second: float = 10.0
    negotiations_burst: int = 120
    #: Subnegotiations (NAWS, TTYPE, GMCP, CHARSET) per second and burst: GMCP is the
    #: busiest (a client may send a few a second), NAWS comes in bursts while resizing.
    subnegotiations_per_second: float = 50.0
    subnegotiations_burst: int = 300
    #: Times MCCP2 compression may start: once, and once more after a client's restart of it.
    compression_starts: int = 2


class _Bucket:
    __slots__ = ("rate", "burst", "tokens", "at")

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate, self.burst, self.tokens, self.at = rate, float(burst), float(burst), now

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


DEFAULT_LIMITS = Limits()


class NegotiationBudget:
    def __init__(self, now: float, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.negotiations = 0
        self.compression_starts = 0
        self._negotiations = _Bucket(limits.negotiations_per_second, limits.negotiations_burst, now)
        self._subnegotiations = _Bucket(limits.subnegotiations_per_second, limits.subnegotiations_burst, now)
        #: Why the budget ran out (None while it has not).
        self.exceeded: str | None = None

    def negotiation(self, now: float) -> bool:
        """One WILL/WONT/DO/DONT received; False when the connection should be closed."""
        self.negotiations += 1
        if self.negotiations > self.limits.negotiations_total:
            return self._fail(f"more than {self.limits.negotiations_total} option negotiations")
        if not self._negotiations.take(now):
            return self._fail("option negotiations too fast")
        return True

    def subnegotiation(self, now: float) -> bool:
        if not self._subnegotiations.take(now):
            return self._fail("subnegotiations too fast")
        return True

    def compression_start(self) -> bool:
        self.compression_starts += 1
        if self.compression_starts > self.limits.compression_starts:
            return self._fail(f"MCCP2 started more than {self.limits.compression_starts} times")
        return True

    def _fail(self, why: str) -> bool:
        self.exceeded = self.exceeded or why
        return False


class LogLimiter:
    """At most one log line per ``interval`` seconds for one connection; the lines held
    back are counted and reported with the next one that goes out."""

    __slots__ = ("interval", "_last", "suppressed")

    def __init__(self, interval: float = 1.0) -> None:
        self.interval = interval
        self._last = float("-inf")
        self.suppressed = 0

    def allow(self, now: float) -> bool:
        if now - self._last >= self.interval:
            self._last = now
            return True
        self.suppressed += 1
        return False

    def take_suppressed(self) -> int:
        count, self.suppressed = self.suppressed, 0
        return count
