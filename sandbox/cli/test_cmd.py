"""`sandbox test PATH...`: run transcript tests; exit 1 on any failure.

Files and folders (searched for *.mud; fragments named _*.mud are only included) run
in this process on fresh copies of the world with a virtual clock. With --telnet
HOST:PORT the same files run through real telnet connections against a running server;
tests that need {wait} are reported as skipped there, never passed.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from sandbox.cli.common import add_game_option
from sandbox.transcript.model import TranscriptSyntaxError
from sandbox.transcript.playback import TestResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("test", help="run transcript tests (*.mud)", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    add_game_option(p)
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="transcript files or folders (default: tests/transcripts in the game directory)")
    p.add_argument("--telnet", metavar="HOST:PORT", help="run against a telnet server instead of in-process")
    p.add_argument("--password", default="transcript-pw",
                   help="password for the characters the telnet runner creates or logs in (default: %(default)s)")
    p.add_argument("--home", default="#1",
                   help="room each character is sent to before a telnet test starts (default: %(default)s)")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for a telnet reply (default: %(default)s)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only failures and the summary")
    p.set_defaults(func=run)


def parse_address(text: str) -> tuple[str, int]:
    host, sep, port = text.rpartition(":")
    if not sep or not port.isdigit():
        raise ValueError(f"expected HOST:PORT, got {text!r}")
    return host or "127.0.0.1", int(port)


def run(args: argparse.Namespace) -> int:
    paths = list(args.paths) or [args.game / "tests" / "transcripts"]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"sandbox test: no such file or folder: {', '.join(map(str, missing))}", file=sys.stderr)
        return 1
    if args.telnet:
        try:
            host, port = parse_address(args.telnet)
        except ValueError as exc:
            print(f"sandbox test: {exc}", file=sys.stderr)
            return 2
        from sandbox.transcript.telnet import run_paths_over_telnet

        outcomes: Iterable[TestResult | TranscriptSyntaxError] = run_paths_over_telnet(
            paths, host, port, password=args.password, timeout=args.timeout, home=args.home
        )
    else:
        from sandbox.transcript.runner import TranscriptRunner

        outcomes = TranscriptRunner(game_dir=args.game).run_paths(paths)
    return summarise(outcomes, quiet=args.quiet)


def summarise(outcomes: Iterable[TestResult | TranscriptSyntaxError], *, quiet: bool = False) -> int:
    """Print a line per test as it finishes, then `N passed, N failed`; the exit code."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for outcome in outcomes:
        if isinstance(outcome, TranscriptSyntaxError):
            counts["failed"] += 1
            print(f"ERROR   {outcome}")
        else:
            counts[outcome.status] += 1
            if outcome.status != "passed" or not quiet:
                print(outcome.report())
        sys.stdout.flush()
    total = sum(counts.values())
    line = f"{counts['passed']} passed, {counts['failed']} failed"
    if counts["skipped"]:
        line += f", {counts['skipped']} skipped"
    print(line if total else "no transcript tests found")
    return 0 if total and not counts["failed"] else 1
