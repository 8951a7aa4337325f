"""Slowing down password guessing, per account name and per client address."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


class LoginThrottle:
    """After each wrong password the next attempt for that name, and from that address,
    must wait ``base * 2**(failures-1)`` seconds (capped). Success clears the name."""

    def __init__(
        self, base: float = 1.0, cap: float = 30.0, forget_after: float = 900.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.base = base
        self.cap = cap
        self.forget_after = forget_after
        self.clock = clock
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (count, next allowed time)

    @staticmethod
    def _keys(name: str, address: str) -> tuple[str, str]:
        return (f"name:{name.lower()}", f"addr:{address}")

    def wait_for(self, name: str, address: str) -> float:
        """Seconds until the next attempt is allowed."""
        now = self.clock()
        wait = 0.0
        for key in self._keys(name, address):
            entry = self._failures.get(key)
            if entry is not None:
                wait = max(wait, entry[1] - now)
        return wait

    def failed(self, name: str, address: str) -> None:
        now = self.clock()
        if len(self._failures) > 10_000:
            self._prune(now)
        for key in self._keys(name, address):
            count, last = self._failures.get(key, (0, 0.0))
            if now - last > self.forget_after:
                count = 0
            count += 1
            self._failures[key] = (count, now + min(self.cap, self.base * 2 ** (count - 1)))

    def succeeded(self, name: str, address: str) -> None:
        self._failures.pop(self._keys(name, address)[0], None)

    def _prune(self, now: float) -> None:
        for key in [k for k, (_, t) in self._failures.items() if now - t > self.forget_after]:
            del self._failures[key]


class CommandRate:
    """A connection's command budget: a token bucket of ``burst`` commands refilled at
    ``per_second`` (0: unlimited). One for telnet and web alike, so both limit the same."""

    def __init__(self, per_second: float, burst: int, now: float) -> None:
        self.per_second = per_second
        self.burst = float(burst)
        self._tokens = float(burst)
        self._at = now
        self._noticed_at = -1e9

    def take(self, now: float) -> bool:
        """Spend one token if there is one."""
        if self.per_second <= 0:
            return True
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.per_second)
        self._at = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False

    def should_notice(self, now: float) -> bool:
        """Tell the client it is too fast at most once a second."""
        if now - self._noticed_at > 1.0:
            self._noticed_at = now
            return True
        return False

    def admit(self, now: float, tell: Callable[[str], None]) -> bool:
        """Take a token for one command, or say (at most once a second) that it was dropped."""
        if self.take(now):
            return True
        if self.should_notice(now):
            tell(TOO_FAST)
        return False


TOO_FAST = "[error]You are sending commands too fast; some were ignored.[/error]"


class AddressCounts:
    """Open connections per client address, for the caps every listener applies (telnet
    and web alike): a full server and a greedy address are refused the same way."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def __contains__(self, address: object) -> bool:
        return address in self._counts

    def admit(self, address: str, open_now: int, max_total: int, max_per_address: int) -> str | None:
        """None (and the address counted) to accept; otherwise why the connection is refused."""
        if open_now >= max_total:
            return "The server is full. Try again later."
        count = self._counts.get(address, 0)
        if count >= max_per_address:
            return "Too many connections from your address."
        self._counts[address] = count + 1
        return None

    def release(self, address: str) -> None:
        left = self._counts.get(address, 1) - 1
        if left > 0:
            self._counts[address] = left
        else:
            self._counts.pop(address, None)


@dataclass
class ListenerLimits:
    """What one connection, and one address, may cost a listener: telnet and the web
    client share these settings (their configs extend this), so a limit is set once."""

    #: A line is at most this many characters (longer ones are cut, with a notice).
    max_line: int = 4096
    #: Sustained commands per second per connection (0 = no limit) and the burst allowed.
    commands_per_second: float = 20.0
    command_burst: int = 40
    max_per_address: int = 16
    max_connections: int = 2000
    #: Unsent output a connection may hold before it is dropped (a client that never reads).
    max_output_buffer: int = 1024 * 1024
    login_timeout: float = 300.0
    login_throttle: LoginThrottle = field(default_factory=LoginThrottle)
