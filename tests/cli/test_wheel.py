"""Installed as a user would: the wheel, in a fresh virtualenv, run from an empty directory.

No checkout is reachable from there, so everything the game needs (the starter kit, the
TUI's stylesheet, the themes) must come from the wheel itself.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _run(*cmd: str | Path, cwd: Path, stdin: str = "", timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(c) for c in cmd], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("wheel")
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", work / "dist", REPO, cwd=work)
    assert built.returncode == 0, built.stderr
    wheel = next((work / "dist").glob("sandbox-*.whl"))
    venv = work / "venv"
    assert _run(sys.executable, "-m", "venv", venv, cwd=work).returncode == 0
    got = _run(venv / "bin" / "pip", "install", "-q", wheel, cwd=work)
    if got.returncode != 0 and "No matching distribution" in got.stderr + got.stdout:
        pytest.skip(f"the package index is unreachable here: {got.stderr.strip()[-200:]}")
    assert got.returncode == 0, got.stderr
    empty = work / "empty"
    empty.mkdir()
    return venv / "bin", empty


def test_the_wheel_starts_a_game_with_no_checkout_anywhere(installed):
    bin_, empty = installed
    version = _run(bin_ / "sandbox", "--version", cwd=empty)
    assert version.returncode == 0 and version.stdout.startswith("sandbox 0.1")
    made = _run(bin_ / "sandbox", "init", "game", cwd=empty)
    assert made.returncode == 0, made.stderr
    game = empty / "game"
    assert {p.name for p in (game / "commands").iterdir()} >= {"look.py", "dig.py", "lever.py"}
    assert (game / "themes" / "mono.toml").is_file() and (game / "world" / "starter.json").is_file()
    again = _run(bin_ / "sandbox", "init", "game", cwd=empty)
    assert again.returncode == 1 and "is not empty" in again.stderr
    played = _run(bin_ / "sandbox", "--game", game, "play", cwd=empty, stdin="look\nnorth\n")
    assert played.returncode == 0, played.stderr
    assert "Village Green" in played.stdout and "Old Mill Lane" in played.stdout
    rendered = _run(bin_ / "sandbox", "render", "--theme", "mono", "--to", "ansi16", cwd=empty, stdin="[room]Hall[/room]\n")
    assert rendered.returncode == 0 and "\x1b[1mHall" in rendered.stdout, rendered.stderr


def test_the_installed_tui_finds_its_stylesheet_and_shows_the_room(installed):
    bin_, empty = installed
    _run(bin_ / "sandbox", "init", "tui-game", cwd=empty)
    script = (
        "import asyncio\n"
        "from sandbox.game import open_game\n"
        "from sandbox.tui.app import SandboxApp\n"
        "from sandbox.tui.widgets.output import OutputPane\n"
        "async def main():\n"
        "    app = SandboxApp(open_game('tui-game'), reloader=False)\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        for _ in range(200):\n"
        "            await pilot.pause(0.05)\n"
        "            shown = 'Village Green' in '\\n'.join(app.query_one(OutputPane).log_widget.plain_lines())\n"
        "            if shown and app._panes_ready.is_set():  # let the other tabs finish mounting\n"
        "                print('ROOM SHOWN')\n"
        "                return\n"
        "asyncio.run(main())\n"
    )
    shown = _run(bin_ / "python", "-c", script, cwd=empty, timeout=120)
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "ROOM SHOWN" in shown.stdout
