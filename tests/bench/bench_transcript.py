"""Transcript runner benchmark: commands/s of the in-process runner (target >= 2,000).

Runs every transcript in tests/transcripts (parsing included, each test on a fresh
world with checks evaluated) over and over for a few seconds.
Prints one JSON object. Run: .venv/bin/python tests/bench/bench_transcript.py
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sandbox.transcript.discover import transcript_files  # noqa: E402
from sandbox.transcript.parser import parse_file  # noqa: E402
from sandbox.transcript.runner import TranscriptRunner  # noqa: E402
from sandbox.transcript.worlds import WorldCache  # noqa: E402

TARGET = 2000.0


def main(seconds: float = 4.0) -> dict[str, object]:
    files = transcript_files([ROOT / "tests" / "transcripts"])
    runner = TranscriptRunner(game_dir=ROOT, cache=WorldCache())

    cold_started = time.perf_counter()
    first = [r for f in files for r in runner.run_file(f)]
    cold_seconds = time.perf_counter() - cold_started
    failed = [r.report() for r in first if not r.passed]

    commands = tests = rounds = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for path in files:
            for case in parse_file(path).tests:
                result = runner.run_test(path, case)
                commands += result.commands
                tests += 1
        rounds += 1
    elapsed = time.perf_counter() - started
    rate = commands / elapsed
    return {
        "bench": "transcript",
        "files": len(files),
        "tests_per_round": tests // max(rounds, 1),
        "commands_per_round": commands // max(rounds, 1),
        "first_run_seconds_incl_loading_commands": round(cold_seconds, 4),
        "rounds": rounds,
        "commands_per_second": round(rate),
        "tests_per_second": round(tests / elapsed),
        "target_commands_per_second": TARGET,
        "meets_target": rate >= TARGET,
        "failures_in_first_run": failed,
    }


if __name__ == "__main__":
    print(json.dumps(main()))
