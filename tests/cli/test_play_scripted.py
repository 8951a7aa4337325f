"""`sandbox play` fed by a pipe, as a real subprocess: shutdown stops it, and a recording
replays as recorded (the world and the room it started in)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sandbox.game import init_game

ROOT = Path(__file__).resolve().parents[2]


def _play(game: Path, lines: str, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sandbox", "--game", str(game), "play", *options],
        input=lines, capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip


def test_shutdown_ends_play_and_the_next_line_is_never_run(tmp_path: Path) -> None:
    game = init_game(tmp_path / "game")
    result = _play(game, "shutdown\nlook\n")
    assert result.returncode == 0, result.stderr
    assert "shutting down" in result.stdout
    assert "Exits:" not in result.stdout  # the look after it was not run


def test_quit_ends_play_too(tmp_path: Path) -> None:
    game = init_game(tmp_path / "game")
    result = _play(game, "quit\nlook\n")
    assert result.returncode == 0, result.stderr
    assert "Exits:" not in result.stdout


def test_a_recording_replays_as_recorded_from_where_it_started(tmp_path: Path) -> None:
    game = init_game(tmp_path / "game")
    _play(game, "north\n")  # the builder leaves off in Old Mill Lane, not the start room
    recording = tmp_path / "walk.mud"
    played = _play(game, "look\nsouth\nsay hello there\nnorth\n", "--record", str(recording))
    assert played.returncode == 0, played.stderr
    text = recording.read_text()
    assert "% world walk.world\n" in text and "% start #5\n" in text
    assert "> look\nOld Mill Lane (#5)" in text
    replay = subprocess.run(
        [sys.executable, "-m", "sandbox", "test", str(recording)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert replay.returncode == 0, replay.stdout + replay.stderr
    assert "1 passed, 0 failed" in replay.stdout
