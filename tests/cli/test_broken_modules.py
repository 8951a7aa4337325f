"""A command module that exits or hangs at import never keeps a game from starting."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sandbox.game import init_game


@pytest.mark.parametrize(
    "source,says",
    [
        ("import sys\nsys.exit(3)\n", "SystemExit: 3"),
        ("raise KeyboardInterrupt\n", "KeyboardInterrupt"),
        ("while True:\n    pass\n", "took too long at import"),
    ],
    ids=["sys.exit", "KeyboardInterrupt", "endless-loop"],
)
def test_play_starts_and_names_the_broken_module(tmp_path, source, says):
    game = init_game(tmp_path / "game")
    (game / "commands" / "broken.py").write_text(source)
    env = {**os.environ, "SANDBOX_TURN_BUDGET": "0.5"}
    res = subprocess.run(
        [sys.executable, "-m", "sandbox", "play", "--game", str(game)],
        input=b"look\n", capture_output=True, timeout=60, env=env,
    )
    assert res.returncode == 0, res.stderr
    assert b"command module failed to load" in res.stderr and b"broken.py" in res.stderr and says.encode() in res.stderr
    assert b"Village Green" in res.stdout
