"""Opening a game directory: world store, command modules and engine, wired together.

Every front end (line player, TUI, telnet server, transcript runner) starts here, so
they all see the same world the same way.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sandbox import area_files, starter
from sandbox.budget import TurnBudget, budget_for
from sandbox.engine import presence
from sandbox.engine.clock import Clock, RealClock
from sandbox.engine.core import Engine
from sandbox.engine.objects import GameObject, Kind, Perm
from sandbox.engine.presence import LOCAL_TAG
from sandbox.engine.world import World
from sandbox.reload import loader
from sandbox.reload.loader import ModuleLoad, load_directory
from sandbox.reload.prototypes import load_directory as load_prototypes
from sandbox.store.lock import GameLock
from sandbox.store.storage import StoreError
from sandbox.store.transfer import import_area, read_export
from sandbox.store.world_store import MemoryStore, WorldStore


@dataclass
class Game:
    directory: Path
    world: World
    store: WorldStore | MemoryStore
    engine: Engine
    #: The folder the command table was loaded from (see :func:`sandbox.starter.commands_dir`,
    #: the one rule); the reloader watches exactly this folder.
    commands_dir: Path
    loads: list[ModuleLoad] = field(default_factory=list)
    lock: GameLock | None = None
    budget: TurnBudget | None = None
    #: Why the prototype files did not load (file:line: cause), if they did not.
    prototype_errors: list[str] = field(default_factory=list)

    def close(self) -> None:
        """Commit anything pending, write a last checkpoint, let go of the lock. Idempotent."""
        self.engine.flush()
        if isinstance(self.store, WorldStore):
            self.store.close()
        if self.budget is not None:
            self.budget.close()
            if loader.watchdog is self.budget:
                loader.watchdog = None
            self.budget = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @property
    def prototypes_dir(self) -> Path:
        """Where this game's prototype files are loaded (and reloaded) from."""
        return starter.prototypes_dir(self.directory)

    @property
    def themes_dir(self) -> Path:
        return starter.themes_dir(self.directory)

    def load_errors(self) -> list[str]:
        return [str(l.error) for l in self.loads if l.error is not None] + self.prototype_errors

    def enter_local(self, name: str = "Builder") -> GameObject:
        """The local builder's character, back in the world where it last left it."""
        char = self.local_character(name)
        if char.location is None:
            with self.engine.turn():
                presence.enter(self.engine, char)
        return char

    def leave_local(self, char: GameObject) -> None:
        """The local session ended: unless someone else plays it, the builder leaves the
        world (so telnet players never see it standing there while no one is at the keys)."""
        if char.id in self.world.objects and not self.engine.is_online(char):
            with self.engine.turn():
                presence.leave(self.engine, char)

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


def new_world(directory: Path) -> World:
    world = World()
    import_area(world, read_export(starter.starter_world(directory)))
    return world


def open_game(
    directory: Path,
    *,
    clock: Clock | None = None,
    in_memory: bool = False,
    seed: int | None = None,
    backup: bool = True,
    frontend: str = "sandbox",
    budget: float | None = None,
) -> Game:
    """Open (or create) the world of a game directory.

    The process then holds the game's lock until :meth:`Game.close` or exit: a second
    process is refused with :class:`sandbox.store.lock.GameLocked`, naming this one.
    ``in_memory`` reads the directory's world, if any, but never writes to it (nor
    locks it): the transcript runner gives every test its own fresh copy this way.
    ``budget`` is the time user code may run per turn: by default
    ``SANDBOX_TURN_BUDGET`` (seconds; 0 turns it off) or 2 s.
    Raises :class:`sandbox.store.storage.StoreError` for a damaged or incomplete world.
    """
    directory = Path(directory).resolve()
    world_dir = directory / "world"
    lock = None
    store: WorldStore | MemoryStore
    if in_memory:
        store = MemoryStore()
        disk = WorldStore(world_dir, writable=False)
        world = disk.load() if world_dir.is_dir() and not disk.is_empty() else new_world(directory)
    else:
        try:
            lock = GameLock(world_dir, frontend)
        except OSError as exc:  # a read-only or missing disk: say so, change nothing
            raise StoreError(world_dir, f"cannot be opened for writing ({exc.strerror or exc})") from exc
        try:
            disk = WorldStore(world_dir)
            if disk.is_empty():
                world = new_world(directory)
                disk.create(world)
            else:
                world = disk.load()
                if backup:
                    disk.backup()
        except BaseException:
            lock.release()
            raise
        store = disk
    world.accept()  # what was read or made is the starting point, not a turn of its own
    watchdog = budget_for(budget)
    loader.watchdog = watchdog
    commands_dir = starter.commands_dir(directory).resolve()
    table, loads = load_directory(commands_dir)
    engine = Engine(world, table, clock or RealClock(), store=store, seed=seed)
    engine.watchdog = watchdog
    game = Game(directory, world, store, engine, commands_dir, loads, lock, watchdog)
    area_files.lend(engine, directory)  # area/import reads files inside it, nowhere else
    protos = load_prototypes(game.prototypes_dir, directory)
    engine.prototypes.set_files(protos.prototypes)
    game.prototype_errors = [str(e) for e in protos.errors]
    return game


def init_game(target: Path) -> Path:
    """A new game directory from the starter kit: editable command modules, themes, and
    the starter world. Only into a new or empty directory: nothing of a user's is touched."""
    target = Path(target).resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(f"{target} is not empty; sandbox init makes a game in a new or empty directory")
    root = starter.kit_root()
    for rel in starter.kit_files(root):
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, target / rel)
    open_game(target, backup=False, frontend="sandbox init").close()
    return target
