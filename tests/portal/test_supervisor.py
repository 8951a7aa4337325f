"""The supervisor stops restarting an engine that keeps dying at start-up, and says so."""
from __future__ import annotations

import signal
import time

from tests.portal.procs import Proc, engine_pid, init_game, kill, login_when_up


async def test_crash_loop_at_start_up_is_reported_to_admins(tmp_path):
    game = init_game(tmp_path)
    portal = Proc(["portal", "--game", str(game), "--telnet", "0", "--engine"], "Portal listening")
    try:
        admin = await login_when_up(portal.host, portal.port, "Root")  # first account: admin
        player = await login_when_up(portal.host, portal.port, "Pat")
        damaged = game / "world" / "area-millbrook.db.json"
        damaged.write_bytes(b'{"objects": {')  # every restart now stops on this file
        started = time.monotonic()
        kill(engine_pid(portal), signal.SIGKILL)
        text = " ".join((await admin.read_until("restart the portal.", timeout=60)).split())  # unwrap
        assert "The engine died 5 times" in text and "not restarting it" in text
        assert time.monotonic() - started < 40
        # Players who are not admins are not shown the engine's troubles, and nobody is dropped.
        player.send("look")
        assert "still restarting" in await player.read_until("still restarting", timeout=10)
        assert "restart the portal" not in player.received.decode("utf-8", "replace")
        assert damaged.read_bytes() == b'{"objects": {'  # never overwritten
    finally:
        portal.stop()
