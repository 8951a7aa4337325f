"""Attacks on a telnet server, each run in a child process with blocking sockets.

Every attack runs until ``stop`` is set and returns counters: connections made, how
many of them the server closed (EOF or reset while we were still sending or waiting),
and how many we had to close ourselves. ``tests/net/test_hostile.py`` runs them
against ``sandbox serve`` while a victim player measures ``look``.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
MCCP2, GMCP = 86, 201

BACKSPACE_FLOOD = (b"a" * 2048 + b"\x08" * 2048 + b"\r\n") * 100
MCCP_TOGGLE = bytes([IAC, DO, MCCP2, IAC, DONT, MCCP2]) * 1000
IAC_BOMB = b"".join(bytes([IAC, verb, option]) for verb in (DO, DONT, WILL, WONT) for option in range(256))


@dataclass
class Tally:
    connections: int = 0
    closed_by_server: int = 0
    closed_by_us: int = 0  # the server left it open past the attack's patience
    interrupted: int = 0  # still in progress when the attack was stopped

    def add(self, other: Tally) -> None:
        self.connections += other.connections
        self.closed_by_server += other.closed_by_server
        self.closed_by_us += other.closed_by_us
        self.interrupted += other.interrupted


def _connect(addr: tuple[str, int], rcvbuf: int | None = None) -> socket.socket:
    sock = socket.socket()
    if rcvbuf:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    sock.connect(addr)
    return sock


def _read_until(sock: socket.socket, marker: bytes, timeout: float = 10.0) -> bytes:
    sock.settimeout(timeout)
    data = b""
    while marker not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before {marker!r}")
        data += chunk
    return data


def _drain_until_closed(sock: socket.socket, stop: threading.Event, limit: float) -> bool:
    """Read until the server closes (True) or ``limit`` seconds pass (False)."""
    deadline = time.monotonic() + limit
    sock.settimeout(0.1)
    while time.monotonic() < deadline and not stop.is_set():
        try:
            if not sock.recv(65536):
                return True
        except TimeoutError:
            continue
        except OSError:
            return True
    return False


def _send_all(sock: socket.socket, data: bytes) -> bool:
    """False if the server closed the connection while we were sending."""
    try:
        sock.sendall(data)
        return True
    except OSError:
        return False


def login(addr: tuple[str, int], name: str, password: str) -> socket.socket:
    sock = _connect(addr)
    _read_until(sock, b"Name: ")
    sock.sendall(name.encode() + b"\r\n")
    answer = _read_until(sock, b": ")
    sock.sendall(password.encode() + b"\r\n")
    if b"Choose a password" in answer:
        _read_until(sock, b"Repeat the password: ")
        sock.sendall(password.encode() + b"\r\n")
    _read_until(sock, b"> ")
    return sock


# -- attacks: each (addr, stop, tally) ---------------------------------------------------------
def reconnecting(payload: bytes, wait_for_close: float) -> Callable[[tuple[str, int], threading.Event, Tally], None]:
    """Connect, send the payload, wait for the server to close us; again until stopped."""

    def attack(addr: tuple[str, int], stop: threading.Event, tally: Tally) -> None:
        while not stop.is_set():
            try:
                sock = _connect(addr)
            except OSError:
                time.sleep(0.01)
                continue
            tally.connections += 1
            sent = _send_all(sock, payload)
            if not sent or _drain_until_closed(sock, stop, wait_for_close):
                tally.closed_by_server += 1
            elif stop.is_set():
                tally.interrupted += 1
            else:
                tally.closed_by_us += 1
            sock.close()

    return attack


def backspace_logged_in(name: str, password: str, per_second: int) -> Callable[[tuple[str, int], threading.Event, Tally], None]:
    """A player sending backspace-heavy lines at the rate limit, reading what comes back."""
    lines = (b"a" * 2048 + b"\x08" * 2048 + b"\r\n") * per_second

    def attack(addr: tuple[str, int], stop: threading.Event, tally: Tally) -> None:
        sock = login(addr, name, password)
        tally.connections += 1
        sock.settimeout(0.05)
        next_at = time.monotonic()
        while not stop.is_set():
            if time.monotonic() >= next_at:
                if not _send_all(sock, lines):
                    tally.closed_by_server += 1
                    return
                next_at += 1.0
            try:
                if not sock.recv(65536):
                    tally.closed_by_server += 1
                    return
            except TimeoutError:
                pass
        tally.interrupted += 1
        sock.close()

    return attack


def non_reader(addr: tuple[str, int], stop: threading.Event, tally: Tally) -> None:
    """4 MB of lines and option toggles from a client that never reads a byte."""
    chunk = (b"look\r\n" + bytes([IAC, DO, MCCP2, IAC, DONT, MCCP2, IAC, WILL, GMCP])) * 4096
    while not stop.is_set():
        sock = _connect(addr, rcvbuf=4096)
        tally.connections += 1
        sock.settimeout(5.0)
        closed = False
        for _ in range(4 * 1024 * 1024 // len(chunk)):
            if stop.is_set() or not _send_all(sock, chunk):
                closed = not stop.is_set()
                break
        if closed or _drain_until_closed(sock, stop, 2.0):
            tally.closed_by_server += 1
        elif stop.is_set():
            tally.interrupted += 1
        else:
            tally.closed_by_us += 1
        sock.close()


def unterminated_sb(addr: tuple[str, int], stop: threading.Event, tally: Tally) -> None:
    sock = _connect(addr)
    tally.connections += 1
    sock.sendall(bytes([IAC, SB, GMCP]))
    block = b"x" * 65536
    while not stop.is_set():
        if not _send_all(sock, block):
            tally.closed_by_server += 1
            return
    tally.closed_by_us += 1
    sock.close()


def streaming(block: bytes) -> Callable[[tuple[str, int], threading.Event, Tally], None]:
    """One connection sending ``block`` over and over (1 MB lines, NUL floods)."""

    def attack(addr: tuple[str, int], stop: threading.Event, tally: Tally) -> None:
        sock = _connect(addr)
        tally.connections += 1
        sock.settimeout(0.0)
        while not stop.is_set():
            if not _send_all_reading(sock, block):
                tally.closed_by_server += 1
                return
        tally.closed_by_us += 1
        sock.close()

    return attack


def _send_all_reading(sock: socket.socket, data: bytes) -> bool:
    """Send, reading (and discarding) replies, so our own buffers never block us."""
    view = memoryview(data)
    while view:
        try:
            sent = sock.send(view)
            view = view[sent:]
        except BlockingIOError:
            time.sleep(0.001)
        except OSError:
            return False
        try:
            if sock.recv(65536) == b"":
                return False
        except BlockingIOError:
            pass
        except OSError:
            return False
    return True


def many_sockets(count: int, trickle: bool) -> Callable[[tuple[str, int], threading.Event, Tally], None]:
    """Hold ``count`` connections open: silent (half-open style) or trickling one byte
    every half second each (slowloris). Every socket is reset at the end."""

    def attack(addr: tuple[str, int], stop: threading.Event, tally: Tally) -> None:
        socks: list[socket.socket] = []
        for _ in range(count):
            if stop.is_set():
                break
            try:
                socks.append(_connect(addr))
                tally.connections += 1
            except OSError:
                break
        while not stop.wait(0.5):
            if trickle:
                for s in socks:
                    if not _send_all(s, b"l"):
                        tally.closed_by_server += 1
        for s in socks:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
            s.close()
        tally.closed_by_us += len(socks)

    return attack


def connection_bursts(count: int) -> Callable[[tuple[str, int], threading.Event, Tally], None]:
    """Open ``count`` connections at once, drop them all, again until stopped."""

    def attack(addr: tuple[str, int], stop: threading.Event, tally: Tally) -> None:
        while not stop.is_set():
            socks = []
            for _ in range(count):
                try:
                    socks.append(_connect(addr))
                except OSError:
                    break
            tally.connections += len(socks)
            stop.wait(1.0)  # held open together, then dropped together
            for s in socks:
                s.close()
            tally.closed_by_us += len(socks)

    return attack



def build(name: str, account: tuple[str, str]) -> tuple[int, Callable[[tuple[str, int], threading.Event, Tally], None]]:
    """(how many attacker threads, the attack) for a name from the test's list."""
    if name == "backspace_fresh_connections":
        return 4, reconnecting(BACKSPACE_FLOOD, wait_for_close=0.2)
    if name == "backspace_logged_in":
        return 1, backspace_logged_in(*account, per_second=90)
    if name == "mccp_toggle":
        return 4, reconnecting(MCCP_TOGGLE, wait_for_close=3.0)
    if name == "iac_bomb":
        return 4, reconnecting(IAC_BOMB, wait_for_close=3.0)
    if name == "non_reader_4mb":
        return 1, non_reader
    if name == "unterminated_subnegotiation":
        return 1, unterminated_sb
    if name == "megabyte_lines":
        return 1, streaming((b"x" * (1024 * 1024)) + b"\r\n")
    if name == "nul_flood":
        return 1, streaming(b"\x00" * 65536)
    if name == "slowloris":
        return 1, many_sockets(200, trickle=True)
    if name == "half_open":
        return 1, many_sockets(200, trickle=False)
    if name == "connection_burst_500":
        return 1, connection_bursts(500)
    raise KeyError(name)


def run(name: str, host: str, port: int, account: tuple[str, str], stop: Any, ready: Any, results: Any) -> None:
    """Child-process entry: run the attack's threads until ``stop`` (an Event) is set."""
    # In production attackers run on their own machines. Here they share two cores with
    # the server and the victim: at the lowest priority they still saturate the server,
    # but their own CPU time does not count as server latency.
    os.nice(19)
    count, attack = build(name, account)
    local_stop = threading.Event()
    tallies = [Tally() for _ in range(count)]
    errors: list[str] = []

    def guarded(tally: Tally) -> None:
        try:
            attack((host, port), local_stop, tally)
        except Exception as exc:  # reported, so a broken attack cannot pass as harmless
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=guarded, args=(t,), daemon=True) for t in tallies]
    for t in threads:
        t.start()
    ready.set()
    stop.wait()
    local_stop.set()
    for t in threads:
        t.join(timeout=10)
    total = Tally()
    for t in tallies:
        total.add(t)
    results.put({"tally": asdict(total), "errors": errors})
