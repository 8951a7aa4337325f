"""Portal mode against the in-process listener, in the same run, on the same world.

1. Throughput and latency at 100 closed-loop clients (the telnet bench's workloads:
   `look` spread over the starter rooms, and the one-room look/say/emote mix), first
   through `sandbox serve --telnet` (in-process), then through `sandbox portal --engine`.
2. The outage a player sees when the engine is SIGKILLed under a supervised restart,
   with 10,000 extra rooms in the world: from the kill to the answer of the `look` the
   player types as soon as the portal says the world is back (3 rounds).

Prints one JSON object. Run: .venv/bin/python tests/bench/bench_portal.py
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from bench_telnet import PASSWORD, prepare, proc_stats, run_workload  # noqa: E402

from sandbox.engine.objects import Kind  # noqa: E402
from sandbox.game import open_game  # noqa: E402
from sandbox.transcript.telnet_client import ScriptedTelnet, TelnetError  # noqa: E402

CLIENTS = 100
EXTRA_ROOMS = 10_000
FLAGS = ["--rate-limit", "0", "--max-per-address", "5000"]


def add_rooms(game_dir: Path, count: int) -> None:
    game = open_game(game_dir, backup=False)
    world = game.world
    with game.engine.turn():
        prev = None
        for i in range(count):
            room = world.create(Kind.ROOM, f"Hall {i}", area=f"Bulk {i // 500}", desc="A [room]long[/room] hall.")
            if prev is not None:
                world.create(Kind.EXIT, "east", location=prev, destination=room, aliases=["e"])
                world.create(Kind.EXIT, "west", location=room, destination=prev, aliases=["w"])
            prev = room


async def start(args: list[str]) -> tuple[asyncio.subprocess.Process, int]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "sandbox", *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL, cwd=str(ROOT)
    )
    assert proc.stdout is not None
    line = (await proc.stdout.readline()).decode()
    match = re.search(r"on [\d.]+:(\d+)", line)
    assert match, line
    return proc, int(match.group(1))


def children(pid: int) -> list[int]:
    kids: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids.extend(int(k) for k in (task / "children").read_text().split())
    return kids


async def login(port: int, name: str) -> ScriptedTelnet:
    """Log in through the portal, retrying while the engine is still starting."""
    for _ in range(200):
        client: ScriptedTelnet | None = None
        try:
            client = await ScriptedTelnet.connect("127.0.0.1", port, timeout=3)
            await client.login(name, PASSWORD)
            return client
        except TelnetError:
            if client is not None:
                await client.close()
            await asyncio.sleep(0.1)
    raise RuntimeError("could not log in through the portal")


async def outage(port: int, portal_pid: int, rounds: int = 3) -> list[dict[str, float]]:
    client = await login(port, "Lookaaaa")
    results = []
    for _ in range(rounds):
        engine = children(portal_pid)[0]
        client.take()
        killed = time.perf_counter()
        os.kill(engine, signal.SIGKILL)
        await client.until(lambda: "The world is back" in client.text, "the engine back", 30)
        back = time.perf_counter()
        client.take()
        client.send_line("look")
        await client.until(lambda: "Exits:" in client.text, "the look", 30)
        answered = time.perf_counter()
        results.append({"to_back_s": round(back - killed, 3), "to_answered_look_s": round(answered - killed, 3)})
        await asyncio.sleep(0.5)
    await client.quit()
    return results


async def main() -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp:
        game_dir = Path(tmp) / "game"
        prepare(game_dir, CLIENTS)
        add_rooms(game_dir, EXTRA_ROOMS)
        result: dict[str, object] = {"clients": CLIENTS, "world_objects": None, "cores": os.cpu_count()}
        result["world_objects"] = len(open_game(game_dir, backup=False).world)

        proc, port = await start(["--game", str(game_dir), "serve", "--telnet", "0", *FLAGS])
        try:
            inproc = {w: await run_workload(port, proc.pid, w, CLIENTS, 2.0) for w in ("look", "mix")}
        finally:
            proc.terminate()
            await proc.wait()

        link = Path(tmp) / "link.sock"
        proc, port = await start(["--game", str(game_dir), "portal", "--telnet", "0", "--engine", "--link", str(link), *FLAGS])
        try:
            await (await login(port, "Lookbaaa")).quit()
            portal = {w: await run_workload(port, proc.pid, w, CLIENTS, 2.0) for w in ("look", "mix")}
            engine_pid = children(proc.pid)[0]
            portal_rss = proc_stats(proc.pid)[1] / 2**20
            engine_rss = proc_stats(engine_pid)[1] / 2**20
            result["outage"] = await outage(port, proc.pid)
        finally:
            proc.terminate()
            await proc.wait()

        result["in_process"] = inproc
        result["portal"] = portal
        result["portal_vs_in_process"] = {
            w: round(portal[w]["commands_per_s"] / inproc[w]["commands_per_s"], 2) for w in ("look", "mix")  # type: ignore[operator]
        }
        result["portal_rss_mb"] = round(portal_rss, 1)
        result["engine_rss_mb"] = round(engine_rss, 1)
        return result


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
