"""`sandbox portal --telnet PORT [--engine]`: the proxy process of portal mode.

Players connect to the portal; the engine (`sandbox serve --portal PATH`, or a child the
portal supervises with `--engine`) connects to the portal's Unix socket. Either side
may restart without the other noticing more than a short pause.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from pathlib import Path

from sandbox.cli.common import add_game_option, add_host_option
from sandbox.net.server import ServerConfig
from sandbox.portal.portal import Portal, default_link_path, engine_command
from sandbox.portal.supervisor import STARTUP_DEADLINE


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("portal", help="hold telnet sessions in a proxy; the engine may restart", description=__doc__)
    add_game_option(p)
    add_host_option(p)
    p.add_argument("--telnet", type=int, metavar="PORT", required=True, help="telnet port (0: any free port)")
    p.add_argument("--web", type=int, metavar="PORT", default=None,
                   help="also serve the browser client on PORT; its players survive engine restarts too")
    p.add_argument("--link", type=Path, default=None, metavar="PATH",
                   help="Unix socket for the engine (default: GAME/.sandbox/portal.sock)")
    p.add_argument("--engine", action="store_true", help="also start the engine and restart it when it exits")
    p.add_argument("--rate-limit", type=float, default=20.0, metavar="N",
                   help="commands per second per connection, bursts of 2N allowed (0: no limit)")
    p.add_argument("--max-per-address", type=int, default=16, metavar="N", help="connections allowed from one address")
    p.add_argument("--startup-deadline", type=float, default=STARTUP_DEADLINE, metavar="SECONDS",
                   help="with --engine: kill an engine that has not connected this long after starting")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="portal: %(message)s")
    link = args.link or default_link_path(args.game)
    config = ServerConfig(
        name=Path(args.game).resolve().name,
        commands_per_second=args.rate_limit,
        command_burst=max(1, int(args.rate_limit * 2)),
        max_per_address=args.max_per_address,
    )
    return asyncio.run(_main(args.game, link, args.host, args.telnet, args.engine, config, args.startup_deadline, args.web))


async def _main(
    game: Path, link: Path, host: str, port: int, with_engine: bool, config: ServerConfig, startup_deadline: float,
    web_port: int | None = None,
) -> int:
    portal = Portal(link, config)
    try:
        bound = await portal.start(host, port)
        if web_port is not None:
            from sandbox.web.listener import portal_web

            web_bound = await portal_web(portal, Path(game), config, host, web_port)
            print(f"Portal listening for browsers on http://{web_bound[0]}:{web_bound[1]}/", flush=True)
    except (OSError, RuntimeError) as exc:
        print(f"sandbox portal: {exc}", file=sys.stderr)
        return 1
    print(f"Portal listening for telnet on {bound[0]}:{bound[1]}; engine link at {link}", flush=True)
    if with_engine:
        portal.supervise(engine_command(game, link), startup_deadline)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda: loop.create_task(portal.shutdown()))
    await portal.wait()
    return 0
