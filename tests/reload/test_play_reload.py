"""`sandbox play` as a real process: an edit made while it runs answers the next line."""
from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.reload.conftest import save_by_rename


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str]:
    out: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            out.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _read_until(out: queue.Queue[str], needle: str, timeout: float = 10.0) -> str:
    seen = ""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        seen += out.get(timeout=max(0.01, deadline - time.monotonic()))
    return seen


def test_play_picks_up_an_edit_between_two_lines(game_dir: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "play", "--game", str(game_dir)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1,
    )
    assert proc.stdin is not None
    try:
        out = _lines(proc)
        proc.stdin.write("say one\n")
        proc.stdin.flush()
        _read_until(out, 'You say, "one"')
        say = game_dir / "commands" / "say.py"
        save_by_rename(say, say.read_text().replace("You say,", "You chant,"))
        time.sleep(0.3)  # the debounce, with margin for a loaded machine
        proc.stdin.write("say two\n")
        proc.stdin.flush()
        seen = _read_until(out, 'You chant, "two"')
        assert "Reloaded commands/say.py: changed say." in seen
        proc.stdin.close()
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
