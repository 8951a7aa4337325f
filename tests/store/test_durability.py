"""Every acknowledged change survives a SIGKILL: a real process, a real signal, real files."""
from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from sandbox.store.world_store import WorldStore


class _Output:
    """A child's stdout, read as it arrives; each wait consumes only up to its match,
    so two answers that arrive in one read are both seen."""

    def __init__(self, proc: subprocess.Popen) -> None:
        assert proc.stdout is not None
        self.fd = proc.stdout.fileno()
        self.buffer = ""

    def read_until(self, needle: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while needle not in self.buffer:
            left = deadline - time.monotonic()
            assert left > 0, f"no {needle!r} within {timeout}s; got {self.buffer[-500:]!r}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                chunk = os.read(self.fd, 65536).decode()
                assert chunk, f"process ended before {needle!r}: {self.buffer[-500:]!r}"
                self.buffer += chunk
        end = self.buffer.index(needle) + len(needle)
        seen, self.buffer = self.buffer[:end], self.buffer[end:]
        return seen


def _start(game: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sandbox", "play", "--game", str(game)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        bufsize=0,
    )


def test_acknowledged_changes_survive_sigkill(tmp_path):
    game = tmp_path / "game"
    subprocess.run([sys.executable, "-m", "sandbox", "init", str(game)], check=True, capture_output=True)
    acknowledged: list[str] = []
    for round_ in range(3):
        proc = _start(game)
        out = _Output(proc)
        try:
            for i in range(8):
                name = f"Room {round_}-{i}"
                proc.stdin.write(f"dig {name}\ndesc here = visited {round_}-{i}\n".encode())
                out.read_until(f"Dug {name}")
                out.read_until("Description of")
                acknowledged.append(name)
            # The last change is acknowledged; kill within the next second, as a crash would.
            time.sleep(0.2 * round_)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
        assert proc.returncode == -signal.SIGKILL
        world = WorldStore(game / "world", writable=False).load()  # raises if any file is damaged
        names = {o.name for o in world.objects.values()}
        missing = [n for n in acknowledged if n not in names]
        assert missing == []
        green = world.get(1)
        assert green.desc == f"visited {round_}-7"


def test_piped_play_answers_each_command_before_the_next(tmp_path):
    """Another program can hold a conversation with `sandbox play` through pipes."""
    game = tmp_path / "game"
    subprocess.run([sys.executable, "-m", "sandbox", "init", str(game)], check=True, capture_output=True)
    proc = _start(game)
    out = _Output(proc)
    try:
        proc.stdin.write(b"look\n")
        assert "Village Green" in out.read_until("Exits:")
        proc.stdin.write(b"north\n")
        assert "Old Mill Lane" in out.read_until("Old Mill Lane")
        proc.stdin.write(b"quit\n")
        out.read_until("Goodbye")
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()


def test_corrupt_world_stops_start_up_with_the_file_named(tmp_path):
    game = tmp_path / "game"
    subprocess.run([sys.executable, "-m", "sandbox", "init", str(game)], check=True, capture_output=True)
    damaged = game / "world" / "area-millbrook.db.json"
    damaged.write_bytes(b'{"objects": {"1": ')
    res = subprocess.run(
        [sys.executable, "-m", "sandbox", "play", "--game", str(game)], input=b"look\n", capture_output=True, timeout=30
    )
    assert res.returncode == 1
    assert b"area-millbrook.db.json" in res.stderr and b"Nothing was changed" in res.stderr
    assert damaged.read_bytes() == b'{"objects": {"1": '
