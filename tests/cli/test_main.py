"""The top-level command line: unknown commands, a mistyped --game, help text layout."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.cli.main import main
from sandbox.game import init_game

ROOT = Path(__file__).resolve().parents[2]


def test_an_unknown_command_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["foo"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'foo'" in err and "play" in err and "unrecognized arguments" not in err


def test_option_values_are_not_taken_for_commands(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`sandbox --telnet 4000` is the TUI with an option, not a command named 4000."""
    seen: list[object] = []
    monkeypatch.setattr("sandbox.cli.tui.run", lambda args: seen.append(args.telnet) or 0)
    game = init_game(tmp_path / "game")
    assert main(["--game", str(game), "--telnet", "4000"]) == 0
    assert seen == [4000]


@pytest.mark.parametrize("command", [["play"], ["serve", "--telnet", "0"], ["tui"], []])
def test_a_mistyped_game_directory_is_refused_not_created(tmp_path: Path, command: list[str]) -> None:
    typo = tmp_path / "gaem"
    result = subprocess.run(
        [sys.executable, "-m", "sandbox", "--game", str(typo), *command],
        input=b"look\n", capture_output=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert f"sandbox init {typo}".encode() in result.stderr
    assert not typo.exists()


def test_help_lines_up_every_line(tmp_path: Path) -> None:
    """A docstring's first line had no indent while the rest kept the code's four spaces."""
    game = init_game(tmp_path / "game")
    result = subprocess.run(
        [sys.executable, "-m", "sandbox", "--game", str(game), "play"],
        input=b"help set\n", capture_output=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    lines = result.stdout.decode().splitlines()
    start = lines.index("Set an attribute. Values are JSON where they parse (5, true, [1,2]), text otherwise.")
    assert "Usage: set <thing>/<attribute> = <value>" in lines[start:]
    assert not any(line.startswith(" ") for line in lines[start : start + 7])
