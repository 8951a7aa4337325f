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
    "query": "query",
    "serve": "serve",
    "portal": "portal",
    "test": "test_cmd",
    "build": "build",
    "tui": "tui",
}

def version() -> str:
    """The installed distribution's version (a checkout run without installing: unknown)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("sandbox")
    except PackageNotFoundError:
        return "unknown (not installed)"


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
    parser.add_argument("--version", action="version", version=f"sandbox {version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = [SUBCOMMANDS[only]] if only in SUBCOMMANDS else list(dict.fromkeys(SUBCOMMANDS.values()))
    for name in modules:
        importlib.import_module(f"sandbox.cli.{name}").register(sub)
    return parser


#: Subcommands that open (and would otherwise create) the world of --game DIR.
OPENS_WORLD = frozenset({"play", "serve", "portal", "export", "import", "build", "tui"})


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _subcommand(argv)
    unknown = _first_word(argv)
    if command is None and unknown is not None:
        # Unknown words used to reach the TUI's parser ("unrecognized arguments").
        print(f"sandbox: unknown command '{unknown}'. Commands: {', '.join(SUBCOMMANDS)} (sandbox --help)", file=sys.stderr)
        return 2
    if command is None and not {"-h", "--help", "--version"} & set(argv):
        # No subcommand: the builder's TUI, which also takes its options (--telnet PORT).
        argv = ["tui", *argv]
        command = "tui"
    args = build_parser(command).parse_args(argv)
    if getattr(args, "game", None) is None:
        args.game = default_game_dir()  # the first run there makes the starter world
    elif command in OPENS_WORLD and not _confirm_new_game(Path(args.game)):
        return 2
    return int(args.func(args) or 0)


def _confirm_new_game(directory: Path) -> bool:
    """A --game DIR with no world in it is most likely a typo: ask at a terminal, refuse
    otherwise, rather than silently make a new world there."""
    if any((directory / part).is_dir() for part in ("world", "commands", "themes")):
        return True  # a game directory, even if its world is still to be made
    print(f"sandbox: there is no game at {directory} (no world/, commands/ or themes/ in it).", file=sys.stderr)
    if sys.stdin.isatty() and sys.stdout.isatty():
        answer = input(f"Make a new game there (as `sandbox init {directory}` would)? [y/N] ")
        if answer.strip().lower() in ("y", "yes"):
            from sandbox.game import init_game

            init_game(directory)
            return True
    else:
        print(f"Check the path, or make one with: sandbox init {directory}", file=sys.stderr)
    return False


#: Options of the top level and of the TUI (the default command) that take a value.
_VALUE_OPTIONS = frozenset({"--game", "--telnet", "--name", "--theme", "--colour", "--host"})


def _first_word(argv: list[str]) -> str | None:
    """The first word of argv that is neither an option nor an option's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


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
