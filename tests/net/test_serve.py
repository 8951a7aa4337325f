"""`sandbox serve` as a real process: listens, saves on SIGTERM or `shutdown`, says goodbye."""
from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
from pathlib import Path

import pytest

from tests.net.conftest import login, make_game_dir

SANDBOX = [sys.executable, "-m", "sandbox"]


async def start_serve(game_dir: Path) -> tuple[asyncio.subprocess.Process, int]:
    proc = await asyncio.create_subprocess_exec(
        *SANDBOX, "--game", str(game_dir), "serve", "--telnet", "0",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=str(game_dir),
    )
    assert proc.stdout is not None
    line = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
    m = re.fullmatch(r"Listening for telnet on 127\.0\.0\.1:(\d+)\n", line)
    assert m, line
    return proc, int(m.group(1))


@pytest.mark.parametrize("how", ["SIGTERM", "shutdown"])
async def test_serve_saves_says_goodbye_and_exits_zero(tmp_path: Path, how: str) -> None:
    game_dir = make_game_dir(tmp_path)
    proc, port = await start_serve(game_dir)
    try:
        admin = await login("127.0.0.1", port, "alice", new=True)
        player = await login("127.0.0.1", port, "bob", new=True)
        if how == "SIGTERM":
            proc.send_signal(signal.SIGTERM)
        else:
            admin.send("shutdown")
        assert "Goodbye" in await player.read_all(timeout=10)
        assert await asyncio.wait_for(proc.wait(), 10) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    accounts = json.loads((game_dir / "world" / "accounts.db.json").read_text())["accounts"]
    assert set(accounts) == {"alice", "bob"}


async def test_serve_refuses_a_busy_port(tmp_path: Path) -> None:
    game_dir = make_game_dir(tmp_path)
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    proc = await asyncio.create_subprocess_exec(
        *SANDBOX, "--game", str(game_dir), "serve", "--telnet", str(port),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env={**os.environ},
    )
    _, err = await asyncio.wait_for(proc.communicate(), 20)
    server.close()
    assert proc.returncode == 1 and b"cannot listen" in err


async def test_serve_hot_reloads_a_command_while_players_stay_connected(tmp_path: Path) -> None:
    game_dir = make_game_dir(tmp_path)
    proc, port = await start_serve(game_dir)
    try:
        player = await login("127.0.0.1", port, "alice", new=True)
        (game_dir / "commands" / "wave.py").write_text(
            "from sandbox.api import command\n\n\n"
            '@command("wave")\n'
            "def wave(ctx):\n"
            '    """Wave."""\n'
            '    ctx.reply("You wave, freshly loaded.")\n'
        )
        await asyncio.sleep(0.4)  # past the reloader's debounce
        player.send("wave")
        assert "You wave, freshly loaded." in await player.read_until("freshly loaded.")
    finally:
        proc.terminate()
        await proc.wait()


BROKEN = (
    "import sys, time\n"
    "from sandbox.api import command\n\n\n"
    '@command("spin")\n'
    "def spin(ctx):\n"
    '    """Loop forever (a bug)."""\n'
    "    ctx.here.desc = 'half done'\n"
    "    while True:\n"
    "        pass\n\n\n"
    '@command("nap")\n'
    "def nap(ctx):\n"
    '    """Sleep far too long (a bug)."""\n'
    "    time.sleep(10)\n\n\n"
    '@command("bail")\n'
    "def bail(ctx):\n"
    '    """Exit the interpreter (a bug)."""\n'
    "    sys.exit(0)\n"
)


async def test_hanging_and_exiting_commands_leave_the_server_running(tmp_path: Path) -> None:
    """`while True`, `time.sleep(10)` and `sys.exit()` in commands, and `sys.exit()` at a
    module's import: each is stopped or refused, and everyone keeps playing."""
    game_dir = make_game_dir(tmp_path)
    (game_dir / "commands" / "broken.py").write_text(BROKEN)
    proc, port = await start_serve(game_dir)
    try:
        admin = await login("127.0.0.1", port, "alice", new=True)
        other = await login("127.0.0.1", port, "bob", new=True)
        for line, said in (("spin", "'spin' ran past its time budget of 2 s at commands/broken.py:9"), ("nap", "'nap' ran past its time budget"),
                           ("bail", "Something went wrong running 'bail'")):
            started = asyncio.get_running_loop().time()
            other.send(line)
            out = " ".join((await other.read_until("kept", timeout=10)).split())
            assert said in out, out
            assert asyncio.get_running_loop().time() - started < 4.0
            admin.send("look")
            assert "Exits:" in await admin.read_until("Exits:", timeout=5)
        admin.send("look")
        assert "half done" not in await admin.read_until("Exits:")
        # sys.exit() at import: the module fails to load, the old version keeps serving.
        (game_dir / "commands" / "broken.py").write_text("import sys\nsys.exit(1)\n" + BROKEN.replace("Sleep far", "Nap"))
        out = await admin.read_until("SystemExit", timeout=10)
        assert "Reload failed; the previous commands keep working." in out
        other.send("help nap")
        assert "Sleep far too long" in await other.read_until("too long")
        assert proc.returncode is None
    finally:
        proc.kill()
        await proc.wait()
