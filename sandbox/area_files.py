"""Area files from inside the game: `area/import` reads an export from the game directory.

Commands never see paths outside their game: a path is taken relative to the game
directory (``engine.services["game_dir"]``, lent by whoever opened the game) and refused
if it leads out of it.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from sandbox.engine.context import AREA_IMPORT
from sandbox.engine.core import Engine
from sandbox.engine.objects import GameObject
from sandbox.store.transfer import TransferError, import_area, read_export

SERVICE = "game_dir"


def game_path(engine: Engine, text: str) -> Path:
    """The file a builder named, inside the game directory, or TransferError."""
    root = engine.services.get(SERVICE)
    if not isinstance(root, Path):
        raise TransferError("this game was opened without a game directory, so it cannot read area files")
    path = (root / text.strip()).resolve()
    if not path.is_relative_to(root.resolve()):
        raise TransferError(f"{text.strip()} is outside the game directory")
    return path


def import_file(engine: Engine, text: str, *, renumber: bool) -> tuple[str, list[GameObject], list[str]]:
    """Import an area export into the engine's world, inside the current turn.

    Returns the area's name, its objects and the report lines; TransferError if the file
    cannot be imported (the turn then changes nothing).
    """
    data: dict[str, Any] = read_export(game_path(engine, text))
    notes: list[str] = []
    files = {key: proto.data for key, proto in engine.prototypes.files.items()}
    objects = import_area(engine.world, data, renumber=renumber, report=notes, known_prototypes=files)
    return str(data["area"]["name"]), objects, notes


def lend(engine: Engine, game_dir: Path) -> None:
    """Let the engine's commands read area files inside game_dir (``ctx.import_area``)."""
    engine.services[SERVICE] = game_dir
    engine.services[AREA_IMPORT] = partial(import_file, engine)
