"""A crash at every step the store takes on disk recovers to exactly the last committed turn.

A turn writes one file: the journal. A checkpoint writes many (each partition, the
manifest twice, removals, the journal reset). Here the process "dies" right after each
of those steps, and in the middle of each file write (temp file written, not renamed),
by raising at that point and then dropping the store without closing it, exactly what
SIGKILL leaves behind. Reopening must give back the world as of the last commit.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sandbox.engine.objects import Kind
from sandbox.game import Game, open_game
from sandbox.store import journal as journal_mod
from sandbox.store import layout, world_store
from sandbox.store.world_store import WorldStore
from tests.store.worlds import fresh_game, world_state


class _Crash(BaseException):
    pass


def _busy_turns(game: Game) -> None:
    """Turns that, checkpointed together, touch every kind of file: a new area file, a
    retired one (renamed area), players, nowhere, accounts, history, meta."""
    world, engine = game.engine.world, game.engine
    with engine.turn():
        alice = world.create(Kind.CHARACTER, "Alice", location=world.get(1))
        world.accounts["alice"] = {"name": "Alice", "hash": "x", "character": alice.id}
    with engine.turn():
        bucket = next(o for o in world.objects.values() if o.name == "wooden bucket")
        world.move(bucket, alice)  # area file -> players file
        world.create(Kind.THING, "drifting plank")  # nowhere
    with engine.turn():
        world.rename_area("Millbrook", "Zebra")  # area-millbrook retired, area-zebra new
        world.create(Kind.ROOM, "Lone Cave", area="Caves")
    with engine.turn():
        world.destroy(world.characters_named("Whiskers")[0])
        world.get(1).attrs["visited"] = [1, 2, 3]
        engine.history.last_seq += 1


def _die(game: Game) -> None:
    """What SIGKILL leaves: no close, no last checkpoint; the kernel drops the lock."""
    store = game.store
    assert isinstance(store, WorldStore)
    if store._journal is not None:
        store._journal.close()
        store._journal = None
    assert game.lock is not None
    game.lock.release()


def _steps(monkeypatch, crash_at: int | None, *, mid_write: bool = False) -> list[str]:
    """Count the checkpoint's disk steps; raise _Crash at step ``crash_at``."""
    seen: list[str] = []
    real_write = world_store.atomic_write
    real_manifest_write = layout.atomic_write

    def step(name: str) -> None:
        seen.append(name)
        if crash_at is not None and len(seen) - 1 == crash_at:
            raise _Crash(name)

    def write(path: Path, data: bytes, *, _real=real_write) -> None:
        if mid_write and crash_at is not None and len(seen) == crash_at:
            (path.parent / f".{path.name}.{os.getpid()}.tmp").write_bytes(data[: len(data) // 2])
            seen.append(f"half {path.name}")
            raise _Crash(path.name)
        _real(path, data)
        step(f"write {path.name}")

    monkeypatch.setattr(world_store, "atomic_write", write)
    monkeypatch.setattr(layout, "atomic_write", lambda p, d: write(p, d, _real=real_manifest_write))
    real_unlink = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        real_unlink(self, missing_ok=missing_ok)
        if self.name.endswith(layout.SUFFIX):
            step(f"remove {self.name}")

    monkeypatch.setattr(Path, "unlink", unlink)
    real_reset = journal_mod.Journal.reset

    def reset(self: journal_mod.Journal) -> None:
        real_reset(self)
        step("empty journal")

    monkeypatch.setattr(journal_mod.Journal, "reset", reset)
    return seen


def _prepared(tmp_path: Path, template: Path, n: int) -> tuple[Game, dict]:
    target = tmp_path / f"run{n}"
    shutil.copytree(template, target)
    game = open_game(target, backup=False, budget=0)
    _busy_turns(game)
    return game, world_state(game.world)


@pytest.fixture
def template(tmp_path) -> Path:
    fresh_game(tmp_path, "template").close()
    return tmp_path / "template"


def test_every_step_of_a_checkpoint_is_a_safe_place_to_die(tmp_path, template, monkeypatch):
    game, expected = _prepared(tmp_path, template, 0)
    with monkeypatch.context() as m:
        seen = _steps(m, None)
        game.store.checkpoint()
        steps = list(seen)
    _die(game)
    assert len(steps) >= 8, steps  # partitions, manifest twice, a removal, the journal
    assert world_state(WorldStore(tmp_path / "run0" / "world").load()) == expected
    for mid_write in (False, True):
        for n in range(len(steps)):
            game, expected = _prepared(tmp_path, template, n + 1 + (100 if mid_write else 0))
            with monkeypatch.context() as m:
                seen = _steps(m, n, mid_write=mid_write)
                with pytest.raises(_Crash):
                    game.store.checkpoint()
            _die(game)
            world_dir = game.directory / "world"
            recovered = WorldStore(world_dir).load()
            assert world_state(recovered) == expected, f"died after {seen[-1]}"
            assert not list(world_dir.glob(".*.tmp"))
            # ...and it keeps working: the next start finds a clean, complete world.
            assert world_state(WorldStore(world_dir).load()) == expected


def test_a_torn_journal_append_loses_only_the_unacknowledged_turn(tmp_path, template, monkeypatch):
    game, expected = _prepared(tmp_path, template, 0)
    real = os.pwrite

    def torn(fd: int, data, offset: int) -> int:
        real(fd, bytes(data[: len(data) // 2]), offset)
        raise _Crash("power cut mid-write")

    monkeypatch.setattr(os, "pwrite", torn)
    with pytest.raises(_Crash):
        with game.engine.turn():
            game.world.get(1).desc = "never acknowledged"
    monkeypatch.setattr(os, "pwrite", real)
    _die(game)
    assert world_state(WorldStore(game.directory / "world").load()) == expected
