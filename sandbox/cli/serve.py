"""`sandbox serve --telnet PORT`: the world headless, with a telnet listener.

Timers run from the event loop. Ctrl-C, SIGTERM or the in-game `shutdown` command
save the world, say goodbye to everyone connected, and exit 0.
"""
from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from typing import TYPE_CHECKING

from sandbox.cli.common import add_game_option, add_host_option
from sandbox.cli.play import open_or_exit, pick_theme
from sandbox.driver import drive
from sandbox.engine.core import Engine
from sandbox.game import Game
from sandbox.net.local import DEFAULT_GRACE, LocalGateway
from sandbox.net.server import ServerConfig, TelnetServer
from sandbox.reload import Reloader

if TYPE_CHECKING:
    from sandbox.web import WebConfig

TICK_MAX = 0.25  # longest sleep between timer checks (a command may schedule a sooner one)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="run the world headless with a telnet listener", description=__doc__)
    add_game_option(p)
    add_host_option(p)
    p.add_argument("--telnet", type=int, metavar="PORT", help="telnet port (0: any free port)")
    p.add_argument("--web", type=int, metavar="PORT", help="also serve the browser client on PORT (0: any free port)")
    p.add_argument("--portal", nargs="?", const="", default=None, metavar="PATH",
                   help="serve a portal's players instead (default link: GAME/.sandbox/portal.sock)")
    p.add_argument("--theme", default="default", help="theme from the game's themes/ folder")
    p.add_argument("--linkdead-grace", type=float, default=DEFAULT_GRACE, metavar="SECONDS",
                   help="how long a dropped player's character stays in the world (default: %(default)s)")
    p.add_argument("--rate-limit", type=float, default=20.0, metavar="N",
                   help="commands per second per connection, bursts of 2N allowed (0: no limit)")
    p.add_argument("--max-per-address", type=int, default=16, metavar="N", help="connections allowed from one address")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.portal is None and args.telnet is None and args.web is None:
        print("sandbox serve: give --telnet PORT and/or --web PORT, or --portal [PATH] to serve a portal", file=sys.stderr)
        return 2
    if args.portal is not None and args.web is not None:
        # In portal mode the portal holds every connection, browsers included.
        print("sandbox serve: --web goes to the portal in portal mode (sandbox portal --web PORT)", file=sys.stderr)
        return 2
    game = open_or_exit(args.game, "sandbox serve --portal" if args.portal is not None else "sandbox serve")
    if args.telnet is not None and game.lock is not None:
        game.lock.announce(telnet=f"{args.host}:{args.telnet}")
    try:
        return _run(args, game)
    finally:
        game.close()


def _run(args: argparse.Namespace, game: Game) -> int:
    if args.portal is not None:
        from pathlib import Path

        from sandbox.portal.engine_host import serve_portal
        from sandbox.portal.portal import default_link_path

        link = Path(args.portal) if args.portal else default_link_path(game.directory)
        return asyncio.run(serve_portal(game, link, linkdead_grace=args.linkdead_grace))
    config = ServerConfig(
        name=game.directory.name,
        theme=pick_theme(game, args.theme),
        commands_per_second=args.rate_limit,
        command_burst=max(1, int(args.rate_limit * 2)),
        max_per_address=args.max_per_address,
    )
    # Coders edit commands/ while friends play: the headless server reloads like the TUI.
    reloader = Reloader(game).start()
    try:
        web = web_config(game, args) if args.web is not None else None
        if web is not None:
            web.login_throttle = config.login_throttle  # one count of wrong passwords for both doors
        return asyncio.run(serve(game.engine, args.host, args.telnet, config, args.linkdead_grace, web=web, web_port=args.web))
    finally:
        reloader.stop()


def web_config(game: Game, args: argparse.Namespace) -> WebConfig:
    """The browser client's settings: the same limits as telnet, every theme of the game."""
    from sandbox.markup import DEFAULT_THEME
    from sandbox.markup.theme import scan_themes
    from sandbox.web import WebConfig

    themes, _errors = scan_themes(game.themes_dir)
    themes = dict(themes) or {DEFAULT_THEME.name: DEFAULT_THEME}
    default = args.theme if args.theme in themes else next(iter(themes))
    return WebConfig(
        name=game.directory.name,
        themes=themes,
        default_theme=default,
        commands_per_second=args.rate_limit,
        command_burst=max(1, int(args.rate_limit * 2)),
        max_per_address=args.max_per_address,
    )


async def serve(
    engine: Engine, host: str, port: int | None, config: ServerConfig, grace: float,
    *, web: WebConfig | None = None, web_port: int | None = None,
) -> int:
    loop = asyncio.get_running_loop()
    gateway = LocalGateway(engine, linkdead_grace=grace)
    server = TelnetServer(gateway, config)
    web_server = None
    try:
        if port is not None:
            bound_host, bound_port = await server.start(host, port)
            print(f"Listening for telnet on {bound_host}:{bound_port}", flush=True)
        if web is not None:
            from sandbox.web import WebServer

            web_server = WebServer(gateway, web)
            web_host, bound_web = await web_server.start(host, web_port or 0)
            print(f"Listening for browsers on http://{web_host}:{bound_web}/", flush=True)
    except OSError as exc:
        print(f"sandbox serve: cannot listen on {host}: {exc.strerror or exc}", file=sys.stderr)
        await server.close()
        return 1
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    engine.request_listeners.append(lambda what: stop.set() if what == "shutdown" else None)
    tick = asyncio.create_task(drive(engine, max_sleep=TICK_MAX))
    try:
        await stop.wait()
    finally:
        tick.cancel()
        try:
            engine.save_world()
        except Exception as exc:  # still close the connections politely
            print(f"sandbox serve: saving the world failed: {exc}", file=sys.stderr)
        await server.close()
        if web_server is not None:
            await web_server.close()
    print("World saved. Goodbye.", flush=True)
    return 0
