"""A game on a small tmpfs that fills up under `sandbox serve`, and then goes read-only.

Every acknowledged turn is on disk, every refused one is not, the player is told and
stays connected, the cat stops wandering while nothing can be saved and starts again by
itself once there is room. Needs root to mount a tmpfs (skipped, saying so, elsewhere).
"""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.store.world_store import WorldStore
from tests.net.conftest import login, make_game_dir
from tests.net.test_serve import SANDBOX, start_serve


@pytest.fixture
def small_disk(tmp_path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    res = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, text=True)
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {res.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(directory: Path) -> Path:
    """Take every free byte of the file system."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 512, 64, 1):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                continue
    finally:
        os.close(fd)
    return filler


def _on_disk(game: Path) -> set[str]:
    return {o.name for o in WorldStore(game / "world", writable=False).load().objects.values()}


def _cat_location(game: Path) -> int | None:
    return WorldStore(game / "world", writable=False).load().characters_named("Whiskers")[0].location


async def _ask(player, line: str) -> str:
    """Send line and return its answer (a `say` after it marks the end: saying needs no disk)."""
    mark = uuid.uuid4().hex[:8]
    player.send(line)
    player.send(f"say {mark}")
    return await player.read_until(f'You say, "{mark}"', timeout=10)


async def _dig_until_refused(player, prefix: str) -> tuple[list[str], str]:
    """Dig rooms until one is refused: returns the acknowledged names and the refused one."""
    acknowledged = []
    for n in range(40):
        name = f"{prefix}{n}"
        out = await _ask(player, f"dig {name}")
        if "could not save" in out:
            return acknowledged, name
        acknowledged.append(name)
    raise AssertionError("the disk never refused a turn")


async def test_a_full_and_then_read_only_disk_loses_nothing_and_drops_nobody(small_disk) -> None:
    template = make_game_dir(small_disk.parent)
    game = small_disk / "game"
    shutil.copytree(template, game, ignore=shutil.ignore_patterns("backups"))
    proc, port = await start_serve(game)
    try:
        admin = await login("127.0.0.1", port, "alice", new=True)
        cat = WorldStore(game / "world", writable=False).load().characters_named("Whiskers")[0]
        admin.send(f"set #{cat.id}/behaviours = {{\"wander\": 1}}")
        await admin.read_until("Set ")
        # 1. The disk fills up.
        filler = _fill(small_disk)
        kept, refused = await _dig_until_refused(admin, "Full")
        admin.send("look")
        assert "Exits:" in await admin.read_until("Exits:")  # still connected, still playing
        stuck = _cat_location(game)
        await asyncio.sleep(2.5)
        assert _cat_location(game) == stuck  # its turns cannot be saved, so they do not happen
        names = _on_disk(game)
        assert set(kept) <= names and refused not in names
        # 2. Room again: writes resume by themselves, the cat wanders on.
        filler.unlink()
        admin.send("dig Spacious")
        await admin.read_until("Dug Spacious")
        for _ in range(50):
            if _cat_location(game) != stuck:
                break
            await asyncio.sleep(0.2)
        assert _cat_location(game) != stuck
        admin.send("dig Thawed")
        await admin.read_until("Dug Thawed")
        assert proc.returncode is None
    finally:
        proc.kill()
        await proc.wait()
    names = _on_disk(game)
    assert {"Spacious", "Thawed", *kept} <= names and refused not in names
    assert not list((game / "world").glob(".*.tmp"))
    # 3. The file system goes read-only (Linux refuses that while files are open for
    # writing, so the server is gone by now): opening the game says why and changes
    # nothing; reading it (export) still works.
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        res = subprocess.run([*SANDBOX, "play", "--game", str(game)], input=b"look\n", capture_output=True, timeout=60)
        assert res.returncode == 1 and b"Read-only file system" in res.stderr, res.stderr
        assert b"Traceback" not in res.stderr
        res = subprocess.run([*SANDBOX, "export", "Millbrook", "--game", str(game)], capture_output=True, timeout=60)
        assert res.returncode == 0 and b"Spacious" in res.stdout
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
