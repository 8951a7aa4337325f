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

#: What a user types → the module under sandbox.cli that registers it, in the order
#: `sandbox --help` lists them. Only the module of the command being run is imported, so
#: `sandbox` (the TUI) does not pay for the telnet, portal and transcript imports.
SUBCOMMANDS: dict[str, str] = {
    "play": "play",
    "render": "render",
    "init": "init",
    "export": "transfer",
    "import": "transfer",
    "serve": "serve",
    "portal": "portal",
    "test": "test_cmd",
    "build": "build",
    "tui": "tui",
}

def default_game_dir() -> Path:
    """The repository (or current directory) is the default game directory."""
    return Path.cwd()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``only``, just that subcommand's module is imported."""
    parser = argparse.ArgumentParser(
        prog="sandbox",
        description="A terminal-first workshop for building text worlds.",
    )
    parser.add_argument("--game", type=Path, default=None, help="game directory (default: current directory)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [SUBCOMMANDS[only]] if only in SUBCOMMANDS else list(dict.fromkeys(SUBCOMMANDS.values()))
    for name in modules:
        importlib.import_module(f"sandbox.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _subcommand(argv)
    if command is None and not {"-h", "--help"} & set(argv):
        # No subcommand: the builder's TUI, which also takes its options (--telnet PORT).
        argv = ["tui", *argv]
        command = "tui"
    args = build_parser(command).parse_args(argv)
    if getattr(args, "game", None) is None:
        args.game = default_game_dir()
    return int(args.func(args) or 0)


def _subcommand(argv: list[str]) -> str | None:
    """The subcommand argv names, if any; skips --game's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--game":
            skip = True
        elif arg in SUBCOMMANDS:
            return arg
        elif not arg.startswith("-"):
            return None
    return None


if __name__ == "__main__":
    sys.exit(main())
