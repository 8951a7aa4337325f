"""Hot reload benchmark: save-to-new-behaviour latency, and reloading 20 modules.

A session polls as a front end does (``apply_pending`` on a timer, plus one input line
per tick) while 50 edits of a command file are saved, half in place and half by
temp-file rename. Each edit keeps the file's size and lands within the same mtime
second as the last, the case where bytecode caches return stale code.

Prints one JSON object. Run: .venv/bin/python tests/bench/bench_reload.py
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.engine.session import ClientInfo, Message  # noqa: E402
from sandbox.game import open_game  # noqa: E402
from sandbox.reload import Reloader  # noqa: E402
from sandbox.reload.loader import command_files  # noqa: E402

EDITS = 50
POLL = 0.010  # a front end's timer: apply_pending + one input line every 10 ms
TARGET_P95_MS = 300.0
TARGET_20_MODULES_MS = 50.0

PROBE = 'from sandbox.api import command\n\n\n@command("probe")\ndef probe(ctx):\n    """Say which version is live."""\n    ctx.reply("probe {n:04d}")\n'

FILLER = '''from sandbox.api import command


@command("extra{i}", aliases=["x{i}"], category="bench")
def extra(ctx):
    """A command of typical size. Usage: extra{i} <thing>"""
    target = ctx.find(ctx.args) if ctx.args else ctx.here
    if target is None:
        return
    count = ctx.get_attr(target, "extra{i}", 0) + 1
    ctx.set_attr(target, "extra{i}", count)
    ctx.reply(f"{{ctx.name(target)}} has been poked {{count}} times.")
    ctx.room(f"{{ctx.name(ctx.caller)}} pokes {{ctx.name(target)}}.")
'''


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def save_in_place(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def save_by_rename(path: Path, text: str) -> None:
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temp, path)


def make_game(directory: Path, extra_modules: int) -> None:
    shutil.copytree(ROOT / "commands", directory / "commands", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(ROOT / "themes", directory / "themes")
    (directory / "commands" / "probe.py").write_text(PROBE.format(n=0))
    for i in range(extra_modules):
        (directory / "commands" / f"extra{i}.py").write_text(FILLER.format(i=i))


def save_to_behaviour(directory: Path) -> dict[str, object]:
    game = open_game(directory, backup=False)
    reloader = Reloader(game).start()
    last: list[str] = [""]

    def sink(message: Message) -> None:
        last[0] = message.text

    session = game.engine.connect(game.local_character(), sink, ClientInfo(frontend="bench"))
    probe = directory / "commands" / "probe.py"
    latencies: dict[str, list[float]] = {"in-place": [], "rename": []}
    try:
        for n in range(1, EDITS + 1):
            style = "in-place" if n % 2 else "rename"
            (save_in_place if style == "in-place" else save_by_rename)(probe, PROBE.format(n=n))
            closed = time.perf_counter()
            want = f"probe {n:04d}"
            while True:
                reloader.apply_pending()
                game.engine.input(session.id, "probe")
                if want in last[0]:
                    break
                if time.perf_counter() - closed > 5:
                    raise SystemExit(f"edit {n} never went live")
                time.sleep(POLL)
            latencies[style].append((time.perf_counter() - closed) * 1000)
    finally:
        reloader.stop()
    everything = latencies["in-place"] + latencies["rename"]
    return {
        "p50": round(statistics.median(everything), 1),
        "p95": round(percentile(everything, 0.95), 1),
        "max": round(max(everything), 1),
        "p95_in_place": round(percentile(latencies["in-place"], 0.95), 1),
        "p95_rename": round(percentile(latencies["rename"], 0.95), 1),
        "reloads": len(reloader.history),
    }


def reload_modules(directory: Path, rounds: int = 20) -> dict[str, object]:
    game = open_game(directory, backup=False)
    reloader = Reloader(game)  # not started: only the reload path is timed
    files = command_files(reloader.commands_dir)
    full: list[float] = []
    unchanged: list[float] = []
    one: list[float] = []
    probe = directory / "commands" / "probe.py"
    for n in range(rounds):
        for path in files:  # every module changed: each one must be compiled again
            path.write_text(path.read_text() + f"# edit {n}\n")
        started = time.perf_counter()
        report = reloader.reload_all()
        full.append((time.perf_counter() - started) * 1000)
        assert report.swapped and not report.errors
        started = time.perf_counter()
        reloader.reload_all()  # the `reload` command when nothing was edited
        unchanged.append((time.perf_counter() - started) * 1000)
        probe.write_text(PROBE.format(n=1000 + n))
        started = time.perf_counter()
        reloader._reload_commands([probe], trigger="bench", notify=True)
        one.append((time.perf_counter() - started) * 1000)
    return {
        "modules": len(files),
        "all_changed_ms_median": round(statistics.median(full), 2),
        "all_changed_ms_p95": round(percentile(full, 0.95), 2),
        "none_changed_ms_median": round(statistics.median(unchanged), 2),
        "one_module_ms_median": round(statistics.median(one), 2),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        latency_dir = Path(tmp) / "latency"
        make_game(latency_dir, extra_modules=0)
        latency = save_to_behaviour(latency_dir)
        twenty_dir = Path(tmp) / "twenty"
        make_game(twenty_dir, extra_modules=0)
        have = len(command_files(twenty_dir / "commands"))
        for i in range(max(0, 20 - have)):
            (twenty_dir / "commands" / f"extra{i}.py").write_text(FILLER.format(i=i))
        reload20 = reload_modules(twenty_dir)
    result = {
        "benchmark": "reload",
        "edits": EDITS,
        "debounce_ms": 100,
        "poll_ms": POLL * 1000,
        "save_to_behaviour_ms": latency,
        "reload_20_modules": reload20,
        "targets": {"save_to_behaviour_p95_ms": TARGET_P95_MS, "reload_20_modules_ms": TARGET_20_MODULES_MS},
        "meets_targets": latency["p95"] <= TARGET_P95_MS and reload20["all_changed_ms_median"] <= TARGET_20_MODULES_MS,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
