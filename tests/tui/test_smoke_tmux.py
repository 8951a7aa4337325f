"""A person's first minute: `sandbox` in a real terminal (tmux), type `look` and `dig`,
read the screen back with capture-pane."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], check=True, capture_output=True, text=True).stdout


def screen_shows(session: str, text: str, timeout: float = 10.0) -> str:
    end = time.monotonic() + timeout
    while True:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen or time.monotonic() > end:
            return screen
        time.sleep(0.1)


def test_look_and_dig_in_a_real_terminal(tmp_path: Path) -> None:
    game = tmp_path / "game"
    subprocess.run([sys.executable, "-m", "sandbox", "init", str(game)], check=True, capture_output=True)
    session = f"sandbox-smoke-{uuid.uuid4().hex[:8]}"
    command = f"{sys.executable} -m sandbox --game {game}"
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "36", command)
    try:
        assert "Village Green" in screen_shows(session, "Village Green")
        tmux("send-keys", "-t", session, "-l", "look")
        tmux("send-keys", "-t", session, "Enter")
        assert "› look" in screen_shows(session, "› look")
        tmux("send-keys", "-t", session, "-l", "dig Dusty Cellar = down, up")
        tmux("send-keys", "-t", session, "Enter")
        screen = screen_shows(session, "Exit down leads there")
        assert "Dug Dusty Cellar" in screen
        tmux("send-keys", "-t", session, "F2")  # the area tree shows the new room
        assert "Dusty Cellar #" in screen_shows(session, "Dusty Cellar #")
        tmux("send-keys", "-t", session, "C-q")
        end = time.monotonic() + 5
        while time.monotonic() < end and "Village Green" in tmux("capture-pane", "-p", "-t", session):
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    assert (game / ".sandbox" / "tui_history").read_text().splitlines() == ["look", "dig Dusty Cellar = down, up"]
