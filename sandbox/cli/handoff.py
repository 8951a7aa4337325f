"""`sandbox export --to evennia` and `sandbox import --from evennia` (docs/evennia.md)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sandbox.evennia.batchcode import module_name
from sandbox.evennia.export import export_evennia
from sandbox.evennia.reader import EvenniaFileError, read_batchcode
from sandbox.evennia.report import BehaviourInfo, CodeInfo, CommandInfo
from sandbox.markup import Theme, ThemeError, load_themes
from sandbox.store.storage import StoreError
from sandbox.store.transfer import TransferError, export_area
from sandbox.store.world_store import WorldStore


def game_code(game: Path) -> CodeInfo:
    """What the game's commands/*.py declare (a module that fails to load is skipped:
    the report then says no module defines what the area uses)."""
    from sandbox.reload.loader import command_files, load_module

    commands: list[CommandInfo] = []
    behaviours: list[BehaviourInfo] = []
    for path in command_files(game / "commands"):
        loaded = load_module(path)
        for cmd in loaded.commands:
            commands.append(CommandInfo(cmd.key, tuple(cmd.aliases), cmd.cmdset, cmd.source, cmd.help, cmd.perm.label))
        for beh in loaded.behaviours:
            behaviours.append(BehaviourInfo(beh.name, beh.source, (beh.func.__doc__ or "").strip()))
    return CodeInfo(tuple(commands), tuple(behaviours))


def theme_named(game: Path, name: str) -> Theme:
    themes = load_themes(game / "themes")
    if name not in themes:
        raise ThemeError(None, None, f"no theme named {name!r} (themes: {', '.join(sorted(themes)) or 'none'})")
    return themes[name]


def run_export(args: argparse.Namespace) -> int:
    game = Path(args.game)
    try:
        world = WorldStore(game / "world", writable=False).load()
        data = export_area(world, args.area)
        theme = theme_named(game, args.theme)
    except (StoreError, TransferError, ThemeError) as exc:
        print(f"sandbox export: {exc}", file=sys.stderr)
        return 1
    exported = export_evennia(data, theme, game_code(game))
    report = exported.report.text()
    if report:
        print(report, file=sys.stderr)  # the same list heads the file
    if args.output:
        args.output.write_text(exported.text, encoding="utf-8")
        print(f"\nWrote {exported.objects} objects to {args.output}. In Evennia: copy it to your game's world/ "
              f"as {module_name(data['area']['name'])}.py and run `batchcode {module_name(data['area']['name'])}`.",
              file=sys.stderr)  # fmt: skip
    else:
        sys.stdout.write(exported.text)
    return 0


def read_for_import(path: Path) -> dict:
    """The area export a batch-code file describes, or TransferError (what `import` catches)."""
    try:
        return read_batchcode(path)
    except EvenniaFileError as exc:
        raise TransferError(str(exc)) from None
