"""The supervisor judges an engine by what it did, kills one that never connects, and
never gives up while players wait. Real portal and engine processes, real signals."""
from __future__ import annotations

import signal
import time

from sandbox.portal.restart_policy import ALERT_AFTER, RestartPolicy, Run
from tests.portal.procs import Proc, engine_pid, init_game, kill, login_when_up

# Hung inside one C call: a Python loop at import is already stopped by the turn budget
# (tests/cli/test_broken_modules.py), so only the portal's start-up deadline can catch this.
HANG = "sum(range(10**15))\n"


# -- the policy, without processes -------------------------------------------------------------
def test_a_young_engine_that_had_connected_is_restarted_at_once_every_time() -> None:
    policy = RestartPolicy()
    for _ in range(10):  # the old supervisor gave up after 5 deaths within 5 s of start
        decision = policy.after(Run(code=-9, uptime=2.0, hello_after=0.8, served=3))
        assert decision.delay == 0.0 and decision.alert is None


def test_quick_crashes_without_output_back_off_but_stay_bounded() -> None:
    policy = RestartPolicy()
    delays = [policy.after(Run(code=1, uptime=0.9, hello_after=0.8)).delay for _ in range(12)]
    assert delays[0] == 0.0 and delays[1] > 0.0
    assert max(delays) <= 2.0 and delays == sorted(delays)


def test_start_up_failures_back_off_alert_once_and_never_give_up() -> None:
    policy = RestartPolicy(startup_backoff=(0.5, 30.0))
    decisions = [policy.after(Run(code=-9, uptime=60.3, hello_after=None, deadline_killed=True, deadline=60)) for _ in range(20)]
    alerts = [d.alert for d in decisions if d.alert]
    assert len(alerts) == 1 and decisions[ALERT_AFTER - 1].alert is not None
    assert "did not connect within 60s" in alerts[0] and "Still trying" in alerts[0]
    delays = [d.delay for d in decisions]
    assert delays == sorted(delays) and delays[-1] == 30.0  # still a next try, 30 s later
    assert policy.connected() is not None and policy.connected() is None  # all-clear once
    assert policy.after(Run(code=-9, uptime=5.0, hello_after=1.0, served=1)).delay == 0.0


# -- real processes ------------------------------------------------------------------------------
async def test_engine_hanging_at_import_is_killed_at_the_deadline_and_comes_back_when_fixed(tmp_path):
    game = init_game(tmp_path)
    deadline = 3.0
    portal = Proc(
        ["portal", "--game", str(game), "--telnet", "0", "--engine", "--startup-deadline", str(deadline)], "Portal listening"
    )
    try:
        admin = await login_when_up(portal.host, portal.port, "Root")  # first account: admin
        player = await login_when_up(portal.host, portal.port, "Pat")
        module = game / "commands" / "stuck.py"
        module.write_text(HANG)  # every engine from now on spins at import, before connecting
        first = engine_pid(portal)
        started = time.monotonic()
        kill(first, signal.SIGKILL)
        hung = engine_pid(portal, previous=first)
        # Engines are killed at the deadline, and after ALERT_AFTER of them admins are told.
        text = " ".join((await admin.read_until("Still trying", timeout=45)).split())
        assert f"failed to start {ALERT_AFTER} times" in text and f"did not connect within {deadline:g}s" in text
        assert time.monotonic() - started >= ALERT_AFTER * deadline
        assert engine_pid(portal, previous=hung) != hung  # the first hung one was killed
        # Players are not shown the engine's troubles, and nobody was dropped.
        player.send("look")
        assert "still restarting" in await player.read_until("still restarting", timeout=10)
        assert "Still trying" not in player.received.decode("utf-8", "replace")
        # Fixed on disk: the next try starts, with no restart of the portal.
        module.write_text("# fixed\n")
        fixed_at = time.monotonic()
        await player.read_until("The world is back", timeout=45)
        assert "started again" in await admin.read_until("started again", timeout=10)
        player.send("look")
        assert "Exits:" in await player.read_until("Exits:", timeout=10)
        assert portal.popen.poll() is None
        print(f"world back {time.monotonic() - fixed_at:.1f}s after the fix")
    finally:
        portal.stop()
    assert "did not connect within" in portal.rest_of_output()  # `sandbox portal` says why


async def test_ten_sigkills_two_seconds_apart_the_world_is_back_after_each(tmp_path):
    game = init_game(tmp_path)
    portal = Proc(["portal", "--game", str(game), "--telnet", "0", "--engine"], "Portal listening")
    recoveries: list[float] = []
    try:
        player = await login_when_up(portal.host, portal.port, "Pat")
        pid = engine_pid(portal)
        for i in range(10):
            killed_at = time.monotonic()
            kill(pid, signal.SIGKILL)
            await player.read_until("The world is back", timeout=20)
            await player.read_until("Exits:", timeout=10)  # re-attached: the room is shown again
            player.send(f"say round {i}")
            await player.read_until(f"round {i}", timeout=10)  # served, not "still restarting"
            recoveries.append(time.monotonic() - killed_at)
            pid = engine_pid(portal, previous=pid)
            wait = 2.0 - (time.monotonic() - killed_at)
            if wait > 0:
                time.sleep(wait)
        assert portal.popen.poll() is None
        print("recovery seconds:", " ".join(f"{r:.2f}" for r in recoveries))
    finally:
        portal.stop()
    assert "not restarting" not in portal.rest_of_output()


async def test_engine_that_exits_at_start_up_is_retried_admins_told_and_back_when_fixed(tmp_path):
    """A damaged world file: every engine exits before it connects. The supervisor does
    not give up (it used to after 5 deaths within 5 s); restoring the file brings the
    world back without restarting the portal."""
    game = init_game(tmp_path)
    portal = Proc(["portal", "--game", str(game), "--telnet", "0", "--engine"], "Portal listening")
    try:
        admin = await login_when_up(portal.host, portal.port, "Root")  # first account: admin
        player = await login_when_up(portal.host, portal.port, "Pat")
        damaged = game / "world" / "area-millbrook.db.json"
        good = damaged.read_bytes()
        damaged.write_bytes(b'{"objects": {')  # every start now stops on this file
        kill(engine_pid(portal), signal.SIGKILL)
        text = " ".join((await admin.read_until("Still trying", timeout=40)).split())  # unwrap
        assert f"failed to start {ALERT_AFTER} times" in text and "before it connected" in text
        player.send("look")
        assert "still restarting" in await player.read_until("still restarting", timeout=10)
        assert "Still trying" not in player.received.decode("utf-8", "replace")
        assert damaged.read_bytes() == b'{"objects": {'  # never overwritten
        damaged.write_bytes(good)
        await player.read_until("The world is back", timeout=45)
        assert "started again" in await admin.read_until("started again", timeout=10)
        assert portal.popen.poll() is None
    finally:
        portal.stop()
    assert "failed to start" in portal.rest_of_output()
