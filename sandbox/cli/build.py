"""`sandbox build FILE`: apply a transcript's commands to the game's world, no checks.

A batch build script for areas: write the commands you would type (`dig`, `desc`,
`create`...) as a transcript and apply them to the world on disk. Bare `> cmd` lines
run as the local builder character (an admin); `alice> cmd` runs as the character
Alice, made on first use with the permission from `% perm alice LEVEL`. Checks are
ignored and {wait} is skipped. The output of a command that reports an error is printed
with its file:line, and the exit code is 1 if any did.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sandbox.cli.common import add_game_option
from sandbox.cli.play import open_or_exit
from sandbox.engine.objects import Kind, Perm
from sandbox.engine.session import ClientInfo
from sandbox.game import Game
from sandbox.local_session import LocalSession, play_local
from sandbox.transcript.model import DEFAULT_SESSION, Command, Connect, TranscriptSyntaxError, Wait
from sandbox.transcript.parser import parse_file
from sandbox.transcript.playback import default_perm
from sandbox.transcript.runner import character_name


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="apply a transcript's commands to the world (batch build)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_game_option(p)
    p.add_argument("file", type=Path, metavar="FILE", help="a *.mud transcript")
    p.add_argument("-v", "--verbose", action="store_true", help="print every command's output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        parsed = parse_file(args.file)
    except TranscriptSyntaxError as exc:
        print(f"sandbox build: {exc}", file=sys.stderr)
        return 1
    game = open_or_exit(args.game, "sandbox build")
    builder = _Builder(game, verbose=args.verbose)
    for case in parsed.tests:
        for step in case.steps:
            if isinstance(step, Connect):
                builder.character(step.session, step.perm)
            elif isinstance(step, Command):
                builder.run(step)
            elif isinstance(step, Wait):
                print(f"{step.where}: skipped {{wait}} (build does not control time)")
    builder.close()
    game.close()
    print(f"Applied {builder.commands} command(s) from {args.file}; {builder.errors} reported an error.")
    return 1 if builder.errors else 0


class _Builder:
    def __init__(self, game: Game, *, verbose: bool) -> None:
        self.game = game
        self.verbose = verbose
        self.sessions: dict[str, LocalSession] = {}
        self.commands = 0
        self.errors = 0

    def character(self, session: str, perm: str) -> None:
        """The local builder for the default session; otherwise a character by name."""
        if session in self.sessions:
            return
        info = ClientInfo(frontend="transcript", colour="plain")
        if session == DEFAULT_SESSION:
            self.sessions[session] = play_local(self.game, "Builder", info)
            return
        world = self.game.world
        found = world.characters_named(character_name(session))
        if found:
            char = found[0]
        else:
            with self.game.engine.turn():
                char = world.create(Kind.CHARACTER, character_name(session), location=world.start_room(),
                                    perm=Perm.parse(perm), tags=["player"])
        self.sessions[session] = LocalSession(self.game.engine, char, info)

    def run(self, step: Command) -> None:
        self.character(step.session, default_perm(step.session))
        local = self.sessions[step.session]
        local.clear()
        local.send(step.line)
        self.commands += 1
        failed = any(m.kind in ("error", "traceback") for m in local.inbox)
        if failed:
            self.errors += 1
        if failed or self.verbose:
            print(f"{step.where}: {step.session}> {step.line}")
            for line in local.text().splitlines():
                print(f"    {line}")

    def close(self) -> None:
        for local in self.sessions.values():
            local.close()
