"""The `sandbox` command line: one module per subcommand, each declaring its parser.

Each subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func`` (a callable taking the parsed namespace, returning an exit code). Adding a
subcommand is one line in ``SUBCOMMANDS`` below, declared rather than discovered.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path

# Module names under sandbox.cli, in the order `sandbox --help` lists them.
SUBCOMMANDS: list[str] = [
    "play",
    "render",
    "init",
    "transfer",
]


def default_game_dir() -> Path:
    """The repository (or current directory) is the default game directory."""
    return Path.cwd()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sandbox",
        description="A terminal-first workshop for building text worlds.",
    )
    parser.add_argument("--game", type=Path, default=None, help="game directory (default: current directory)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"sandbox.cli.{name}")
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "game", None) is None:
        args.game = default_game_dir()
    func = getattr(args, "func", None)
    if func is None:
        # No subcommand: the main front end. Until the TUI lands this is the line player.
        from sandbox.cli import play

        func = play.run
        args = parser.parse_args(["play", *(argv or sys.argv[1:])])
        if args.game is None:
            args.game = default_game_dir()
    return int(func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
