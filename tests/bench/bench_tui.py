"""Benchmark of the builder's TUI as a person meets it, in a real pseudo-terminal.

1. Startup: time from spawning `python -m sandbox --game DIR` to the first room's name
   appearing on the terminal (best and median of several runs).
2. Keystroke-to-echo latency while the output pane receives FLOOD_RATE messages/s (a
   command module in the temp game floods the builder from an engine timer): time from
   writing a key to the pty until the typed text comes back in the screen output.

Prints one JSON object. Not run by pytest.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

STARTUP_RUNS = int(os.environ.get("BENCH_TUI_STARTUP_RUNS", "5"))
FLOOD_RATE = int(os.environ.get("BENCH_TUI_FLOOD_RATE", "1000"))
FLOOD_SECONDS = 12
KEYSTROKES = 80
COLS, ROWS = 120, 40
_ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\x1b\][^\x07]*\x07")

FLOOD_MODULE = '''
from sandbox.api import command


@command("flood", perm="builder")
def flood(ctx):
    """flood <messages per second> <seconds> <stats file>"""
    rate, seconds, stats = ctx.args.split()
    rate, seconds = float(rate), float(seconds)
    engine, caller = ctx.engine, ctx.caller
    start = engine.clock.now()
    state = {"sent": 0}

    def tick():
        state["sent"] += 1
        engine.emit(caller, "~ " + str(state["sent"]))
        elapsed = engine.clock.now() - start
        if elapsed >= seconds:
            timer.cancel()
            with open(stats, "w") as f:
                f.write(f"{state['sent']} {elapsed}")

    timer = engine.schedule(1.0 / rate, tick, interval=1.0 / rate)
'''


class Terminal:
    """A child process on a pseudo-terminal of COLS x ROWS."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", "TEXTUAL_ANIMATIONS": "none"}
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True)
        os.close(slave)
        self.raw = bytearray()
        self.text = bytearray()
        self._tail = bytearray()

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            data = os.read(self.master, 1 << 16)
        except OSError:
            return b""
        self.raw += data
        # Keep an escape-stripped copy incrementally (a sequence may be cut between
        # reads, so hold back anything after the last ESC until more arrives).
        self._tail += data
        cut = self._tail.rfind(b"\x1b")
        if cut == -1 or _ESCAPES.match(self._tail, cut):
            cut = len(self._tail)
        self.text += _ESCAPES.sub(b"", bytes(self._tail[:cut]))
        self._tail = self._tail[cut:]
        return data

    def wait_for(self, needle: bytes, since: int, timeout: float) -> float | None:
        """Seconds until needle shows in the escape-stripped output after text offset `since`."""
        start = time.perf_counter()
        while time.perf_counter() - start < timeout:
            if self.text.find(needle, max(0, since - len(needle))) != -1:
                return time.perf_counter() - start
            self.read(0.005)
        return None

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        try:
            self.write(b"\x11")  # ctrl+q
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


def sandbox_argv(game: Path) -> list[str]:
    return [sys.executable, "-m", "sandbox", "--game", str(game)]


def measure_startup(game: Path) -> list[float]:
    times = []
    for _ in range(STARTUP_RUNS):
        start = time.perf_counter()
        term = Terminal(sandbox_argv(game), game)
        found = term.wait_for(b"Village Green", 0, 15)
        if found is not None:
            times.append(time.perf_counter() - start)
        term.close()
    return times


def measure_typing(game: Path) -> tuple[list[float], dict[str, float]]:
    stats = game / "flood_stats.txt"
    term = Terminal(sandbox_argv(game), game)
    try:
        assert term.wait_for(b"Village Green", 0, 15) is not None
        time.sleep(0.5)
        term.write(f"flood {FLOOD_RATE} {FLOOD_SECONDS} {stats}\r".encode())
        term.wait_for(b"~ 100", len(term.text), 5)
        latencies: list[float] = []
        letters = b"qzxjkvwq"
        typed = b""
        deadline = time.perf_counter() + FLOOD_SECONDS - 1
        while len(latencies) < KEYSTROKES and time.perf_counter() < deadline:
            key = letters[len(typed) % len(letters) : len(typed) % len(letters) + 1]
            typed += key
            mark = len(term.text)
            sent = time.perf_counter()
            term.write(key)
            seen = term.wait_for(typed, mark, 2.0)
            latencies.append(seen if seen is not None else time.perf_counter() - sent)
            if len(typed) >= 8:
                term.write(b"\x7f" * len(typed))
                typed = b""
                end = time.perf_counter() + 0.1
                while time.perf_counter() < end:
                    term.read(0.01)
            else:
                time.sleep(0.02)
        # Let the flood finish so the stats file tells the rate really delivered.
        end = time.perf_counter() + FLOOD_SECONDS + 3
        while not stats.exists() and time.perf_counter() < end:
            term.read(0.05)
    finally:
        term.close()
    flood: dict[str, float] = {}
    if stats.exists():
        sent, elapsed = stats.read_text().split()
        flood = {"messages": int(sent), "seconds": round(float(elapsed), 2), "per_second": round(int(sent) / float(elapsed), 1)}
    return latencies, flood


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        game = Path(tmp) / "game"
        subprocess.run([sys.executable, "-m", "sandbox", "init", str(game)], check=True, capture_output=True, cwd=ROOT)
        (game / "commands" / "flood.py").write_text(FLOOD_MODULE, encoding="utf-8")
        startup = measure_startup(game)
        latencies, flood = measure_typing(game)
    ms = [x * 1000 for x in latencies]
    print(json.dumps({
        "bench": "tui",
        "terminal": f"{COLS}x{ROWS}",
        "startup_to_first_room_s": {
            "runs": len(startup),
            "best": round(min(startup), 3) if startup else None,
            "median": round(statistics.median(startup), 3) if startup else None,
            "target": 1.0,
        },
        "keystroke_to_echo_ms_during_flood": {
            "samples": len(ms),
            "p50": round(percentile(ms, 50), 1) if ms else None,
            "p95": round(percentile(ms, 95), 1) if ms else None,
            "max": round(max(ms), 1) if ms else None,
            "target_p95": 50,
        },
        "flood_delivered": flood,
        "flood_target_per_second": FLOOD_RATE,
    }))


if __name__ == "__main__":
    main()
