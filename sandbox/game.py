"""Opening a game directory: world store, command modules and engine, wired together.

Every front end (line player, TUI, telnet server, transcript runner) starts here, so
they all see the same world the same way.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sandbox.engine.clock import Clock, RealClock
from sandbox.engine.core import Engine
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.world import World
from sandbox.reload.loader import ModuleLoad, load_directory
from sandbox.store.transfer import import_area, read_export
from sandbox.store.world_store import FileBackend, MemoryBackend, WorldStore

#: The repository this package was installed from: the default game and the starter kit.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
STARTER_FILE = "starter.json"
LOCAL_TAG = "local"


@dataclass
class Game:
    directory: Path
    world: World
    store: WorldStore
    engine: Engine
    loads: list[ModuleLoad] = field(default_factory=list)

    @property
    def commands_dir(self) -> Path:
        return self.directory / "commands"

    @property
    def themes_dir(self) -> Path:
        local = self.directory / "themes"
        return local if local.is_dir() else PACKAGE_ROOT / "themes"

    def load_errors(self) -> list[str]:
        return [str(l.error) for l in self.loads if l.error is not None]

    def local_character(self, name: str = "Builder") -> GameObject:
        """The in-process builder's character: an admin, made on first use."""
        for obj in self.world.objects.values():
            if obj.kind == Kind.CHARACTER and LOCAL_TAG in obj.tags:
                return obj
        with self.engine.turn():
            char = self.world.create(
                Kind.CHARACTER, name, location=self.world.start_room(), perm=Perm.ADMIN, tags=[LOCAL_TAG]
            )
        return char


def starter_file(directory: Path) -> Path:
    local = directory / "world" / STARTER_FILE
    return local if local.exists() else PACKAGE_ROOT / "world" / STARTER_FILE


def new_world(directory: Path) -> World:
    world = World()
    import_area(world, read_export(starter_file(directory)))
    return world


def open_game(
    directory: Path,
    *,
    clock: Clock | None = None,
    in_memory: bool = False,
    seed: int | None = None,
    backup: bool = True,
) -> Game:
    """Open (or create) the world of a game directory.

    ``in_memory`` reads the directory's world, if any, but never writes to it: the
    transcript runner gives every test its own fresh copy this way.
    Raises :class:`sandbox.store.storage.StoreError` for a damaged world file.
    """
    directory = Path(directory).resolve()
    disk = WorldStore(FileBackend(directory / "world")) if (directory / "world").is_dir() or not in_memory else None
    if in_memory:
        store = WorldStore(MemoryBackend())
        world = disk.load() if disk is not None and not disk.is_empty() else new_world(directory)
        store.save_all(world)
    else:
        assert disk is not None
        store = disk
        if store.is_empty():
            world = new_world(directory)
            store.save_all(world)
        else:
            world = store.load()
            if backup:
                store.backup()
    commands = directory / "commands"
    if not commands.is_dir():
        commands = PACKAGE_ROOT / "commands"
    table, loads = load_directory(commands)
    engine = Engine(world, table, clock or RealClock(), store=store, seed=seed)
    return Game(directory, world, store, engine, loads)


def init_game(target: Path) -> Path:
    """A new game directory: starter world, editable command modules and themes."""
    target = Path(target).resolve()
    if (target / "world").exists() and any((target / "world").glob("*.db.json")):
        raise FileExistsError(f"{target} already holds a world")
    target.mkdir(parents=True, exist_ok=True)
    for name in ("commands", "themes"):
        src = PACKAGE_ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (target / "world").mkdir(exist_ok=True)
    shutil.copy2(PACKAGE_ROOT / "world" / STARTER_FILE, target / "world" / STARTER_FILE)
    open_game(target, backup=False)
    return target
