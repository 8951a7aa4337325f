"""`sandbox export AREA` and `sandbox import FILE`: areas as diffable JSON."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sandbox import starter
from sandbox.cli.common import add_game_option
from sandbox.reload.prototypes import load_directory as load_prototypes
from sandbox.store.lock import GameLocked
from sandbox.store.storage import StoreError
from sandbox.store.transfer import TransferError, dumps, export_area, import_area, read_export
from sandbox.store.world_store import WorldStore


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write an area as diffable JSON (or an Evennia batch-code file)")
    add_game_option(p)
    p.add_argument("area")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    p.add_argument("--to", choices=("json", "evennia"), default="json", help="json (default) or evennia: a batch-code file (docs/evennia.md)")
    p.add_argument("--theme", default="default", help="with --to evennia: the theme semantic tags are coloured with")
    p.set_defaults(func=run_export)
    p = sub.add_parser("import", help="load an area exported with `sandbox export`")
    add_game_option(p)
    p.add_argument("file", type=Path)
    p.add_argument(
        "--renumber", action="store_true",
        help="give the area's objects whose ids are taken in this world new ids, fixing every reference",
    )
    p.add_argument("--from", dest="source", choices=("json", "evennia"), default="json", help="json (default) or evennia: a batch-code file written by `export --to evennia`")
    p.set_defaults(func=run_import)


def run_export(args: argparse.Namespace) -> int:
    if args.to == "evennia":
        from sandbox.cli.handoff import run_export as run_evennia_export

        return run_evennia_export(args)
    try:
        # Read-only: works while the game is open elsewhere, and writes nothing.
        world = WorldStore(Path(args.game) / "world", writable=False).load()
        exported = export_area(world, args.area, _file_prototypes(Path(args.game)))
    except (StoreError, TransferError) as exc:
        print(f"sandbox export: {exc}", file=sys.stderr)
        return 1
    data = dumps(exported)
    if args.output:
        args.output.write_bytes(data)
        print(f"Wrote {len(exported['objects'])} objects to {args.output}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from sandbox.game import open_game

    try:
        if args.source == "evennia":
            from sandbox.cli.handoff import read_for_import

            data = read_for_import(args.file)
        else:
            data = read_export(args.file)
        game = open_game(Path(args.game), frontend="sandbox import", backup=False, budget=0)
    except (StoreError, TransferError, GameLocked) as exc:
        print(f"sandbox import: {exc}", file=sys.stderr)
        return 1
    notes: list[str] = []
    files = {key: proto.data for key, proto in game.engine.prototypes.files.items()}
    try:
        with game.engine.turn():  # one turn: the whole area arrives, or none of it
            objects = import_area(game.world, data, renumber=args.renumber, report=notes, known_prototypes=files)
    except TransferError as exc:
        print(f"sandbox import: {exc}", file=sys.stderr)
        return 1
    finally:
        game.close()
    print(f"Imported area {data['area']['name']!r}: {len(objects)} objects.")
    for note in notes:
        print(f"  {note}")
    return 0


def _file_prototypes(game: Path) -> dict[str, dict[str, object]]:
    """The game's prototype files (exported with an area that uses them)."""
    loaded = load_prototypes(starter.prototypes_dir(game), game)
    return {key: proto.data for key, proto in loaded.prototypes.items()}
