"""Telnet listener throughput: `sandbox serve` in a subprocess, N closed-loop raw-socket clients.

Workloads: `look` only (clients spread over the starter rooms) and a look/say/emote mix
with everyone in one room (every say reaches all N players). For N in 1, 10, 100, 300:
commands/s, p50/p99 latency, errors, server RSS. Also the server CPU spent per login
with the real scrypt parameters. Prints one JSON object.

Bench accounts are written before the server starts with a deliberately cheap scrypt
hash (the parameters live in each hash), so 1,200 logins do not eat the time budget;
`login_cpu_s` is measured separately on accounts made and checked with real parameters.

    .venv/bin/python tests/bench/bench_telnet.py [--seconds 2.5]
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
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.engine import accounts  # noqa: E402
from sandbox.engine.objects import Kind  # noqa: E402
from sandbox.game import init_game, open_game  # noqa: E402

PROMPT = b"> \xff\xf9"
SIZES = (1, 10, 100, 300)
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


def prepare(game_dir: Path, count: int) -> None:
    init_game(game_dir)
    game = open_game(game_dir, backup=False)
    world = game.world
    rooms = sorted((o for o in world.objects.values() if o.kind == Kind.ROOM), key=lambda o: o.id)
    start = world.start_room()
    assert start is not None
    hashed = cheap_hash(PASSWORD)
    with game.engine.turn():
        accounts.create_account(world, "Benchadmin", hashed)  # the admin slot
        for prefix, spread in (("Look", True), ("Mix", False)):
            for i in range(count):
                name = prefix + letters(i)
                char = accounts.create_account(world, name, hashed)
                room = rooms[i % len(rooms)] if spread else start
                char.attrs[accounts.LAST_LOCATION] = room.id


def proc_stats(pid: int) -> tuple[float, int]:
    """(CPU seconds used, RSS bytes) of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / CLK_TCK
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1]) * 1024
    return cpu, rss


class Client:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, ident: int) -> None:
        self.reader, self.writer, self.ident = reader, writer, ident
        self.buffer = bytearray()

    async def until(self, marker: bytes, timeout: float = 20.0) -> None:
        """Read until marker, then the prompt after it; drop what came before."""
        async def wait() -> None:
            while True:
                at = self.buffer.find(marker)
                if at >= 0:
                    end = self.buffer.find(PROMPT, at)
                    if end >= 0:
                        del self.buffer[: end + len(PROMPT)]
                        return
                chunk = await self.reader.read(65536)
                if not chunk:
                    raise ConnectionError("closed")
                self.buffer += chunk
                if len(self.buffer) > 4 * 1024 * 1024:  # others' says we never wait for
                    keep = self.buffer.rfind(marker)
                    del self.buffer[: max(0, keep if keep >= 0 else len(self.buffer) - 4096)]

        await asyncio.wait_for(wait(), timeout)


async def connect(port: int, name: str, ident: int) -> Client:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    client = Client(reader, writer, ident)
    writer.write(f"{name}\r\n{PASSWORD}\r\n".encode())  # login lines queue up server-side
    await client.until(b"Exits:")
    return client


async def run_workload(port: int, pid: int, workload: str, n: int, seconds: float) -> dict[str, object]:
    prefix = "Look" if workload == "look" else "Mix"
    clients = await asyncio.gather(*(connect(port, prefix + letters(i), i) for i in range(n)))
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds
    rng = random.Random(n)

    async def loop(client: Client) -> None:
        nonlocal errors
        seq = 0
        while time.perf_counter() < stop_at:
            seq += 1
            kind = "look" if workload == "look" else rng.choice(("look", "say", "emote"))
            token = f"t{client.ident}x{seq}z"  # colour codes may surround it: match it alone
            if kind == "look":
                line, marker = "look", b"Exits:"
            else:
                line, marker = f"{kind} {token}", token.encode()
            began = time.perf_counter()
            client.writer.write(line.encode() + b"\r\n")
            try:
                await client.until(marker, timeout=10)
            except (TimeoutError, ConnectionError):
                errors += 1
                return
            latencies.append(time.perf_counter() - began)

    started = time.perf_counter()
    await asyncio.gather(*(loop(c) for c in clients))
    elapsed = time.perf_counter() - started
    _, rss = proc_stats(pid)
    for c in clients:
        c.writer.write(b"quit\r\n")
    await asyncio.gather(*(c.reader.read() for c in clients), return_exceptions=True)
    for c in clients:
        c.writer.close()
    latencies.sort()
    return {
        "clients": n,
        "commands": len(latencies),
        "commands_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2) if latencies else None,
        "errors": errors,
        "server_rss_mb": round(rss / 2**20, 1),
    }


async def login_cost(port: int, pid: int, count: int = 8) -> dict[str, float]:
    """Server CPU per account creation and per login with the real scrypt parameters."""
    async def session(name: str, lines: list[str]) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        client = Client(reader, writer, 0)
        writer.write("".join(f"{line}\r\n" for line in [name, *lines]).encode())
        await client.until(b"Exits:")
        writer.write(b"quit\r\n")
        await reader.read()
        writer.close()

    names = [f"Real{letters(i)}" for i in range(count)]
    cpu0, _ = proc_stats(pid)
    for name in names:
        await session(name, [PASSWORD, PASSWORD])
    cpu1, _ = proc_stats(pid)
    for name in names:
        await session(name, [PASSWORD])
    cpu2, _ = proc_stats(pid)
    return {"create_cpu_s": round((cpu1 - cpu0) / count, 3), "login_cpu_s": round((cpu2 - cpu1) / count, 3)}


async def main(seconds: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-telnet-") as tmp:
        game_dir = Path(tmp) / "game"
        prepare(game_dir, max(SIZES))
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
            result["login"] = await login_cost(port, proc.pid)
            for workload in ("look", "mix"):
                result[workload] = [await run_workload(port, proc.pid, workload, n, seconds) for n in SIZES]
            return result
        finally:
            proc.terminate()
            await proc.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measured seconds per (workload, N)")
    print(json.dumps(asyncio.run(main(parser.parse_args().seconds))))
