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
    "serve",
    "portal",
    "test_cmd",
    "build",
    "tui",
]


#: Names a user can type (some modules register more than one: transfer → export, import).
SUBCOMMAND_NAMES: set[str] = set()


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
    SUBCOMMAND_NAMES.update(sub.choices)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not _names_subcommand(argv):
        # No subcommand: the builder's TUI, which also takes its options (--telnet PORT).
        argv = ["tui", *argv]
    args = parser.parse_args(argv)
    if getattr(args, "game", None) is None:
        args.game = default_game_dir()
    return int(args.func(args) or 0)


def _names_subcommand(argv: list[str]) -> bool:
    """Whether argv names a subcommand (or asks for top-level help); skips --game's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--game":
            skip = True
        elif arg in SUBCOMMAND_NAMES or arg in ("-h", "--help"):
            return True
    return False


if __name__ == "__main__":
    sys.exit(main())
