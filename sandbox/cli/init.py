"""`sandbox init DIR`: a new game directory from the starter kit."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sandbox.game import init_game


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a new game directory", description=__doc__)
    p.add_argument("directory", type=Path)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        target = init_game(args.directory)
    except FileExistsError as exc:
        print(f"sandbox init: {exc}", file=sys.stderr)
        return 1
    print(f"Created a game in {target}")
    print(f"  build in the workshop:  sandbox --game {target}")
    print(f"  or in this terminal:    sandbox --game {target} play")
    print("  commands/ holds the verbs (edit them live), themes/ the styles, world/ the data.")
    return 0
