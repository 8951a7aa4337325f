"""Browser-protocol clients vs telnet clients against one `sandbox serve --telnet 0 --web 0`.

N closed-loop clients (WebSocket speaking the page's JSON protocol, no browser; and raw
telnet sockets, as in bench_telnet.py) run `look` spread over the starter rooms and the
one-room look/say/emote mix (every say reaches all N players), one after the other in
the same run against the same server process. Prints one JSON object, with the web
figures as a fraction of telnet's.

    .venv/bin/python tests/bench/bench_web.py [--seconds 2.5] [--clients 100]
"""
from __future__ import annotations

import argparse
import asyncio
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
sys.path.insert(0, str(ROOT / "tests" / "bench"))

import bench_telnet as telnet  # noqa: E402
from websockets.asyncio.client import ClientConnection, connect  # noqa: E402

ROUNDS = 2


class WebClient:
    def __init__(self, ws: ClientConnection, ident: int) -> None:
        self.ws, self.ident = ws, ident

    async def until(self, marker: str, timeout: float = 20.0) -> None:
        """Frames until one holds marker (checked on the raw JSON text: cheap, and enough)."""
        async def wait() -> None:
            while marker not in await self.ws.recv():
                pass

        await asyncio.wait_for(wait(), timeout)

    def line(self, text: str) -> asyncio.Future[None]:
        return asyncio.ensure_future(self.ws.send(json.dumps({"t": "line", "text": text})))


async def web_connect(port: int, name: str, ident: int) -> WebClient:
    ws = await connect(f"ws://127.0.0.1:{port}/ws", max_size=None, compression=None)
    client = WebClient(ws, ident)
    await client.line(name)
    await client.line(telnet.PASSWORD)  # login lines queue up server-side, as on telnet
    await client.until('"Room.Info"')
    return client


async def web_workload(port: int, pid: int, workload: str, n: int, seconds: float) -> dict[str, object]:
    prefix = "Look" if workload == "look" else "Mix"
    clients = await asyncio.gather(*(web_connect(port, prefix + telnet.letters(i), i) for i in range(n)))
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds
    rng = random.Random(n)

    async def loop(client: WebClient) -> None:
        nonlocal errors
        seq = 0
        while time.perf_counter() < stop_at:
            seq += 1
            kind = "look" if workload == "look" else rng.choice(("look", "say", "emote"))
            token = f"t{client.ident}x{seq}z"
            line, marker = ("look", "Exits:") if kind == "look" else (f"{kind} {token}", token)
            began = time.perf_counter()
            await client.line(line)
            try:
                await client.until(marker, timeout=10)
            except (TimeoutError, ConnectionError):
                errors += 1
                return
            latencies.append(time.perf_counter() - began)

    started = time.perf_counter()
    await asyncio.gather(*(loop(c) for c in clients))
    elapsed = time.perf_counter() - started
    _, rss = telnet.proc_stats(pid)
    await asyncio.gather(*(c.line("quit") for c in clients), return_exceptions=True)
    await asyncio.gather(*(c.ws.close() for c in clients), return_exceptions=True)
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


async def main(seconds: float, n: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        game_dir = Path(tmp) / "game"
        telnet.prepare(game_dir, n)
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "sandbox", "--game", str(game_dir), "serve", "--telnet", "0", "--web", "0",
            "--rate-limit", "0", "--max-per-address", "5000",
            stdout=asyncio.subprocess.PIPE, cwd=str(ROOT),
        )
        assert proc.stdout is not None
        ports: dict[str, int] = {}
        while len(ports) < 2:
            text = (await proc.stdout.readline()).decode()
            assert text, "the server exited"
            if m := re.search(r"telnet on [\d.]+:(\d+)", text):
                ports["telnet"] = int(m.group(1))
            elif m := re.search(r"browsers on http://[\d.]+:(\d+)/", text):
                ports["web"] = int(m.group(1))
        try:
            result: dict[str, object] = {"seconds_per_run": seconds, "cores": os.cpu_count(), "clients": n}
            for workload in ("look", "mix"):
                # Alternating rounds (telnet, web, telnet, web): other load on the shared
                # machine then falls on both front ends alike.
                rounds: dict[str, list[dict[str, object]]] = {"telnet": [], "web": []}
                for _ in range(ROUNDS):
                    for front, run in (("telnet", telnet.run_workload), ("web", web_workload)):
                        cpu0, _ = telnet.proc_stats(proc.pid)
                        figures = await run(ports[front], proc.pid, workload, n, seconds / ROUNDS)
                        cpu1, _ = telnet.proc_stats(proc.pid)
                        # Server CPU per command (logins included): the clients share the
                        # cores, and a WebSocket client costs more than a raw socket, so
                        # this separates what the server spends from the load generator.
                        figures["server_cpu_ms_per_command"] = round((cpu1 - cpu0) * 1000 / max(1, int(figures["commands"])), 3)  # type: ignore[call-overload]
                        rounds[front].append(figures)
                totals = {front: sum(int(r["commands"]) for r in rs) for front, rs in rounds.items()}  # type: ignore[call-overload]
                result[workload] = {
                    "telnet": rounds["telnet"],
                    "web": rounds["web"],
                    "web_vs_telnet_throughput": round(totals["web"] / max(1, totals["telnet"]), 3),
                    "worst_p99_ms": {front: max(float(r["p99_ms"] or 0) for r in rs) for front, rs in rounds.items()},  # type: ignore[arg-type]
                }
            return result
        finally:
            proc.terminate()
            await proc.wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="measured seconds per (workload, front end)")
    parser.add_argument("--clients", type=int, default=100)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.seconds, args.clients))))
