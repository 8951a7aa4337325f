"""Telnet listener memory and throughput: `sandbox serve` in a subprocess, scripted clients.

Memory (issue 14): server RSS idle, after 100 clients log in together with real scrypt
hashes, and after those 100 play the look/say/emote mix in one room for `--mix-seconds`
(20 s by default to keep the bench under a minute; the issue's figure is 60 s). Target:
60 MB or less at 100 clients on the starter world.

Throughput: `look` only (clients spread over the starter rooms) and the mix with everyone
in one room (every say reaches all N players), for N in 1, 10, 100, 300: commands/s,
p50/p99 latency (to the command's answer), errors, server RSS. Also the server CPU spent
per account creation and per login with the real scrypt parameters. Prints one JSON object.

Throughput accounts are written before the server starts with a deliberately cheap scrypt
hash (the parameters live in each hash), so 1,200 logins do not eat the time budget.
The clients are sandbox's own scripted telnet client (the transcript runner's).

    .venv/bin/python tests/bench/bench_telnet.py [--seconds 1.5] [--mix-seconds 20]
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.engine import accounts  # noqa: E402
from sandbox.engine.objects import Kind  # noqa: E402
from sandbox.game import init_game, open_game  # noqa: E402
from sandbox.transcript.telnet_client import ScriptedTelnet, TelnetError  # noqa: E402

SIZES = (1, 10, 100, 300)
MEMORY_CLIENTS = 100
PASSWORD = "benchpass"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def letters(i: int) -> str:
    out = ""
    for _ in range(4):
        out += chr(ord("a") + i % 26)
        i //= 26
    return out


def cheap_hash(password: str) -> str:
    salt = b"benchsalt0123456"
    key = hashlib.scrypt(password.encode(), salt=salt, n=16, r=8, p=1, dklen=32)
    return f"scrypt$16$8$1${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def prepare(game_dir: Path, count: int, memory_clients: int = 0) -> None:
    """Accounts for the throughput runs (cheap hashes) and, if asked, ``Mem*`` accounts
    with real ones for the memory phase."""
    init_game(game_dir)
    game = open_game(game_dir, backup=False)
    world = game.world
    rooms = sorted((o for o in world.objects.values() if o.kind == Kind.ROOM), key=lambda o: o.id)
    start = world.start_room()
    assert start is not None
    hashed = cheap_hash(PASSWORD)
    with ThreadPoolExecutor(2) as pool:  # hashlib releases the GIL: both cores
        real = list(pool.map(accounts.hash_password, [PASSWORD] * memory_clients))
    with game.engine.turn():
        accounts.create_account(world, "Benchadmin", hashed)  # the admin slot
        for prefix, spread in (("Look", True), ("Mix", False)):
            for i in range(count):
                name = prefix + letters(i)
                char = accounts.create_account(world, name, hashed)
                room = rooms[i % len(rooms)] if spread else start
                char.attrs[accounts.LAST_LOCATION] = room.id
        for i, real_hash in enumerate(real):
            accounts.create_account(world, "Mem" + letters(i), real_hash).attrs[accounts.LAST_LOCATION] = start.id
    game.close()


def proc_stats(pid: int) -> tuple[float, int]:
    """(CPU seconds used, RSS bytes) of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) * 1024
    return cpu, rss


async def connect(port: int, name: str) -> ScriptedTelnet:
    client = await ScriptedTelnet.connect("127.0.0.1", port, timeout=30)
    await client.login(name, PASSWORD)
    return client


async def play(clients: list[ScriptedTelnet], workload: str, seconds: float, seed: int) -> tuple[list[float], int, float]:
    """Closed-loop commands on every client for ``seconds``: (latencies, errors, elapsed)."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds
    rng = random.Random(seed)

    async def loop(ident: int, client: ScriptedTelnet) -> None:
        nonlocal errors
        seq = 0
        while time.perf_counter() < stop_at:
            seq += 1
            kind = "look" if workload == "look" else rng.choice(("look", "say", "emote"))
            token = f"t{ident}x{seq}z"
            line, marker = ("look", "Exits:") if kind == "look" else (f"{kind} {token}", token)
            client.take()  # others' says so far are not this command's answer
            began = time.perf_counter()
            client.send_line(line)
            try:
                await client.until_text(marker)
            except TelnetError:
                errors += 1
                return
            latencies.append(time.perf_counter() - began)

    started = time.perf_counter()
    await asyncio.gather(*(loop(i, c) for i, c in enumerate(clients)))
    return latencies, errors, time.perf_counter() - started


async def leave(clients: list[ScriptedTelnet]) -> None:
    await asyncio.gather(*(c.quit() for c in clients))


def summary(latencies: list[float], errors: int, elapsed: float) -> dict[str, object]:
    latencies.sort()
    return {
        "commands": len(latencies),
        "commands_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2) if latencies else None,
        "errors": errors,
    }


def rss_mb(pid: int) -> float:
    return round(proc_stats(pid)[1] / 2**20, 1)


async def run_workload(port: int, pid: int, workload: str, n: int, seconds: float) -> dict[str, object]:
    prefix = "Look" if workload == "look" else "Mix"
    clients = await asyncio.gather(*(connect(port, prefix + letters(i)) for i in range(n)))
    result = {"clients": n, **summary(*await play(clients, workload, seconds, n)), "server_rss_mb": rss_mb(pid)}
    await leave(clients)
    return result


async def memory(port: int, pid: int, mix_seconds: float) -> dict[str, object]:
    """RSS idle, after 100 real-hash logins arriving together, and after the mix."""
    out: dict[str, object] = {"idle_rss_mb": rss_mb(pid)}
    began = time.perf_counter()
    clients = await asyncio.gather(*(connect(port, "Mem" + letters(i)) for i in range(MEMORY_CLIENTS)))
    out["logins_s"] = round(time.perf_counter() - began, 2)
    out["after_100_logins_rss_mb"] = rss_mb(pid)
    out["mix"] = summary(*await play(clients, "mix", mix_seconds, 0))
    out["mix_seconds"] = mix_seconds
    out["after_mix_rss_mb"] = rss_mb(pid)
    await leave(clients)
    return out


async def login_cost(port: int, pid: int, count: int = 8) -> dict[str, float]:
    """Server CPU per account creation and per login with the real scrypt parameters."""
    async def session(name: str) -> None:
        client = await connect(port, name)
        await leave([client])

    names = [f"Real{letters(i)}" for i in range(count)]
    cpu0, _ = proc_stats(pid)
    for name in names:
        await session(name)  # a new name: the account is created
    cpu1, _ = proc_stats(pid)
    for name in names:
        await session(name)
    cpu2, _ = proc_stats(pid)
    return {"create_cpu_s": round((cpu1 - cpu0) / count, 3), "login_cpu_s": round((cpu2 - cpu1) / count, 3)}


async def main(seconds: float, mix_seconds: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-telnet-") as tmp:
        game_dir = Path(tmp) / "game"
        prepare(game_dir, max(SIZES), MEMORY_CLIENTS)
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "sandbox", "--game", str(game_dir), "serve", "--telnet", "0",
            "--rate-limit", "0", "--max-per-address", "5000",
            stdout=asyncio.subprocess.PIPE, cwd=str(ROOT),
        )
        assert proc.stdout is not None
        line = (await proc.stdout.readline()).decode()
        match = re.search(r":(\d+)$", line.strip())
        assert match, line
        port = int(match.group(1))
        try:
            result: dict[str, object] = {"seconds_per_run": seconds, "cores": os.cpu_count()}
            result["memory"] = await memory(port, proc.pid, mix_seconds)
            result["login"] = await login_cost(port, proc.pid)
            for workload in ("look", "mix"):
                result[workload] = [await run_workload(port, proc.pid, workload, n, seconds) for n in SIZES]
            return result
        finally:
            proc.terminate()
            await proc.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.5, help="measured seconds per (workload, N)")
    parser.add_argument("--mix-seconds", type=float, default=20.0, help="seconds of the mix before the last RSS reading")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.seconds, args.mix_seconds))))
