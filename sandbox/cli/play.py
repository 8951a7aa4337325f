"""`sandbox play`: the line-mode player, in-process, as the local admin character.

At a terminal it is a prompt-toolkit REPL (history, Tab completion, colour, timers
ticking while you type). When stdin is not a terminal it reads one command per line and
prints plain text, flushed after every command, so other programs can drive it.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sandbox.cli.common import add_game_option
from sandbox.completion import line_completions
from sandbox.driver import drive, tick
from sandbox.engine.objects import GameObject
from sandbox.engine.session import ClientInfo, Message
from sandbox.game import Game, open_game
from sandbox.local_session import LocalSession, play_local
from sandbox.markup import DEFAULT_THEME, Theme, render, scan_themes
from sandbox.reload import Reloader
from sandbox.store.lock import GameLocked
from sandbox.store.storage import StoreError
from sandbox.transcript.recorder import Recorder, recording

if TYPE_CHECKING:
    from prompt_toolkit.completion import CompleteEvent, Completer
    from prompt_toolkit.document import Document


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="play in this terminal (line mode)", description=__doc__)
    add_game_option(p)
    p.add_argument("--name", default="Builder", help="name of the local character on first run")
    p.add_argument("--theme", default="default", help="theme from the game's themes/ folder")
    p.add_argument(
        "--colour", choices=["auto", "plain", "ansi16", "ansi256", "truecolor"], default="auto", help="colour depth"
    )
    p.add_argument("--record", type=Path, metavar="FILE",
                   help="write the session as a transcript test (outputs as checks; see docs/transcripts.md)")
    p.set_defaults(func=run)


def terminal_colour() -> str:
    from sandbox.cli.depth import terminal_depth

    return terminal_depth()


def pick_theme(game: Game, name: str) -> Theme:
    themes, errors = scan_themes(game.themes_dir)
    for err in errors:
        print(f"theme error: {err}", file=sys.stderr)
    return themes.get(name, DEFAULT_THEME)


def open_or_exit(directory: Path, frontend: str = "sandbox") -> Game:
    try:
        game = open_game(directory, frontend=frontend)
    except GameLocked as exc:
        print(f"sandbox: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
    except StoreError as exc:
        print(f"sandbox: cannot open the world: {exc}", file=sys.stderr)
        print("Nothing was changed. Restore the file from world/backups/ or move it aside.", file=sys.stderr)
        raise SystemExit(1) from exc
    for err in game.load_errors():
        print(f"sandbox: command module failed to load: {err}", file=sys.stderr)
    # The world's objects live as long as the process: without this, every full
    # collection walks all of them again (0.5 s at 100k objects, the first one landing
    # on some unlucky player's turn). They hold no reference cycles, so objects that
    # leave the world later are still freed by reference counting.
    gc.freeze()
    return game


def run(args: argparse.Namespace) -> int:
    game = open_or_exit(args.game, "sandbox play")
    theme = pick_theme(game, args.theme)
    # Edits to commands/ and themes/ go live while playing; a changed theme is picked
    # up by the next message because the sinks look it up each time.
    reloader = Reloader(game).start()
    recorder = Recorder(args.record, game_dir=game.directory) if getattr(args, "record", None) else None

    def current_theme() -> Theme:
        return reloader.themes.get(args.theme) or theme

    try:
        if sys.stdin.isatty() and sys.stdout.isatty():
            colour = terminal_colour() if args.colour == "auto" else args.colour
            return asyncio.run(_interactive(game, current_theme, colour, args.name, recorder=recorder))
        colour = "plain" if args.colour == "auto" else args.colour
        return _scripted(game, current_theme, colour, args.name, sys.stdin, recorder=recorder)
    finally:
        reloader.stop()
        if recorder is not None:
            recorder.close()
        game.close()


def _open(game: Game, name: str, colour: str, write: Callable[[str], object], theme: Callable[[], Theme],
          recorder: Recorder | None, on_end: Callable[[], None] | None = None) -> LocalSession:
    def sink(message: Message) -> None:
        if message.text:
            write(render(message.text, colour, theme()))

    forward = recorder.sink(sink) if recorder is not None else sink
    if recorder is not None:
        recorder.snapshot(game.world)  # before the builder enters: a replay starts without it
    local = play_local(game, name, ClientInfo(frontend="local", colour=colour), forward=forward, on_end=on_end)
    if recorder is not None:
        recorder.begin(local.character.location)
    return local


def _scripted(
    game: Game, theme: Callable[[], Theme], colour: str, name: str, lines: Iterable[str], *, recorder: Recorder | None = None
) -> int:
    local = _open(game, name, colour, lambda text: sys.stdout.write(text + "\n"), theme, recorder)
    try:
        for line in lines:
            tick(game.engine)
            with recording(recorder, line.rstrip("\r\n")):
                local.send(line.rstrip("\r\n"))
            sys.stdout.flush()  # someone may be waiting for this command's answer
            if local.ended:  # quit, or a shutdown asked for: the rest of stdin is not read
                break
    finally:
        local.close()
    return 0


def _prompt_completer(game: Game, char: GameObject) -> Completer:
    """Tab completion from sandbox.completion, as prompt_toolkit wants it."""
    from prompt_toolkit.completion import Completer, Completion

    class LineCompleter(Completer):
        def get_completions(self, document: Document, complete_event: CompleteEvent) -> Iterator[Completion]:
            text = document.text_before_cursor
            for candidate in line_completions(game.engine, char, text):
                yield Completion(candidate, start_position=-len(text))

    return LineCompleter()


def show(ansi: str) -> None:
    """Write a rendering as it is. Inside ``patch_stdout(raw=True)`` it appears above the
    prompt with its escape codes untouched: print_formatted_text(ANSI(...)) re-encoded
    them to prompt_toolkit's colour depth, so truecolor asked for was sent as 256."""
    sys.stdout.write(ansi + "\n")
    sys.stdout.flush()


async def _interactive(
    game: Game, theme: Callable[[], Theme], colour: str, name: str, *, recorder: Recorder | None = None
) -> int:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import FileHistory
    from prompt_toolkit.patch_stdout import patch_stdout

    state_dir = game.directory / ".sandbox"
    state_dir.mkdir(exist_ok=True)
    done = asyncio.Event()
    local = _open(game, name, colour, show, theme, recorder, on_end=done.set)
    prompt: PromptSession[str] = PromptSession(
        history=FileHistory(str(state_dir / "history")),
        completer=_prompt_completer(game, local.character),
        complete_while_typing=False,
    )
    try:
        with patch_stdout(raw=True):
            ticking = asyncio.create_task(drive(game.engine, max_sleep=0.1, until=done))
            show(render("[title]Welcome to the sandbox.[/title] Type [help]help[/help]; Ctrl-D leaves.", colour, theme()))
            with recording(recorder, "look"):
                local.send("look")
            while not local.ended:
                try:
                    line = await prompt.prompt_async("> ")
                except (EOFError, KeyboardInterrupt):
                    break
                with recording(recorder, line):
                    local.send(line)
            ticking.cancel()
    finally:
        local.close()
    return 0
