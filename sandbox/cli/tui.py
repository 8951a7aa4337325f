"""`sandbox tui` (and plain `sandbox`): the builder's TUI on the game directory.

`--telnet PORT` also runs the telnet listener in the same process, so friends can join
while you build. Without a terminal (piped input) it falls back to the line player, so
scripts that drive `sandbox` keep working.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from sandbox.cli.common import add_game_option, add_host_option

if TYPE_CHECKING:
    from sandbox.tui.telnet import Listener


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tui", help="the builder's TUI (the default)", description=__doc__)
    add_game_option(p)
    add_host_option(p)
    p.add_argument("--telnet", type=int, metavar="PORT", default=None, help="also accept telnet players on PORT")
    p.add_argument("--web", type=int, metavar="PORT", default=None, help="also serve the browser client on PORT")
    p.add_argument("--name", default="Builder", help="name of the local character on first run")
    p.add_argument("--theme", default="default", help="markup theme from the game's themes/ folder")
    p.add_argument("--colour", default="auto", help=argparse.SUPPRESS)  # accepted for `play` fallback
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from sandbox.cli import play

        return play.run(args)
    from sandbox.cli.play import open_or_exit

    game = open_or_exit(args.game, "sandbox (the builder's TUI)")
    telnet: Listener | None = None
    if args.telnet is not None:
        from sandbox.tui.telnet import TelnetListener

        telnet = TelnetListener(args.host, args.telnet)
    if args.web is not None:
        from sandbox.web.listener import Listeners, WebListener

        web = WebListener(args.host, args.web, args.theme)
        telnet = Listeners(telnet, web) if telnet is not None else Listeners(web)
    from sandbox.tui.app import SandboxApp

    if args.telnet is not None and game.lock is not None:
        game.lock.announce(telnet=f"{args.host}:{args.telnet}")
    app = SandboxApp(game, name=args.name, theme=args.theme, telnet=telnet)
    try:
        result = app.run()
    finally:
        game.close()  # every turn is already saved; this writes a last checkpoint and unlocks
    if app.return_code:  # a crash (Textual sets 1); the note is already printed
        return app.return_code
    return int(result or 0)
