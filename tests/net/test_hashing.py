"""Password hashing is bounded, and gives its memory back: 20 accounts made at once."""
from __future__ import annotations

import asyncio
from pathlib import Path

from tests.net.conftest import login, make_game_dir
from tests.net.test_serve import SANDBOX


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


async def test_twenty_logins_at_once_leave_the_server_as_small_as_before(tmp_path: Path) -> None:
    game = make_game_dir(tmp_path)
    proc = await asyncio.create_subprocess_exec(
        *SANDBOX, "--game", str(game), "serve", "--telnet", "0", "--max-per-address", "64",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 20)).decode()
        port = int(line.rsplit(":", 1)[1])
        warm = await login("127.0.0.1", port, "warmup", new=True)  # one hash: the pool and scrypt exist now
        warm.send("look")
        await warm.read_until("Exits:")
        before = _rss_mb(proc.pid)
        started = asyncio.get_running_loop().time()
        players = await asyncio.gather(*(login("127.0.0.1", port, f"player{chr(97 + i)}", new=True) for i in range(20)))
        took = asyncio.get_running_loop().time() - started
        for p in players:
            p.send("look")
        await asyncio.gather(*(p.read_until("Exits:") for p in players))
        after = _rss_mb(proc.pid)
        # Six 16 MiB scrypt buffers at once, kept by the heap, made this +100 MB before.
        assert after - before < 25, (before, after)
        assert took < 10, took
        print(f"RSS {before:.0f} MB -> {after:.0f} MB after 20 new accounts made at once ({took:.2f} s)")
    finally:
        proc.kill()
        await proc.wait()
