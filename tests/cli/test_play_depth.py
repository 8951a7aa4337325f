"""`sandbox play` at a terminal sends the colour depth asked for, byte for byte
(prompt_toolkit used to re-encode our truecolor output as 256 colours)."""
from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sandbox.game import init_game

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"


def play_on_a_terminal(game: Path, colour: str, until: bytes, timeout: float = 30.0) -> bytes:
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    main, child = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [python, "-m", "sandbox", "--game", str(game), "play", "--colour", colour],
        stdin=child, stdout=child, stderr=child, cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(child)
    out = b""
    try:
        deadline = time.monotonic() + timeout
        while until not in out:
            assert time.monotonic() < deadline, f"no {until!r} in {out[-400:]!r}"
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    out += os.read(main, 65536)
                except OSError:
                    break
        # Ctrl-D leaves; sent again until it does, since a loaded machine may start the
        # prompt after the first one arrived.
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            assert time.monotonic() < deadline, "play did not leave on Ctrl-D"
            os.write(main, b"\x04")
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
            while select.select([main], [], [], 0)[0]:  # keep the pty drained
                try:
                    if not os.read(main, 65536):
                        break
                except OSError:
                    break
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(main)
    return out


@pytest.mark.parametrize(
    ("colour", "room_title", "foreign"),
    [
        ("truecolor", b";38;2;224;192;96mVillage Green", b"38;5;"),
        ("ansi256", b";38;5;179mVillage Green", b"38;2;"),
        ("ansi16", b";93mVillage Green", b"38;"),
    ],
)
def test_play_sends_the_depth_asked_for(tmp_path: Path, colour: str, room_title: bytes, foreign: bytes) -> None:
    game = init_game(tmp_path / "game")
    out = play_on_a_terminal(game, colour, b"Village Green")
    assert room_title in out, out[-600:]
    assert foreign not in out  # no colour of another depth anywhere
