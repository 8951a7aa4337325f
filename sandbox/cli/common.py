"""Options shared by several subcommands."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_game_option(parser: argparse.ArgumentParser) -> None:
    """`--game DIR` works before or after the subcommand name.

    SUPPRESS keeps a subparser from overwriting a value given before the subcommand.
    """
    parser.add_argument(
        "--game", type=Path, default=argparse.SUPPRESS, help="game directory (default: current directory)"
    )


def add_host_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind listeners to (default: 127.0.0.1, this machine only)"
    )
