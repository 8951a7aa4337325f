"""Backups of the world's checkpoint files, rotated without ever losing the last copy of a file.

Each backup is a folder ``world/backups/<time>/`` holding the manifest and the files it
names (taken right after a checkpoint, so the journal is empty and the copy is whole).
The newest few are kept; an older one survives pruning while it holds a file that no
kept backup has, so deleting an area by mistake and restarting five times still leaves
a copy of it.
"""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from sandbox.store.layout import MANIFEST, SUFFIX, file_of

KEEP = 5


def take(directory: Path, files: list[str], keep: int = KEEP) -> Path | None:
    sources = [file_of(directory, n) for n in files if file_of(directory, n).exists()]
    if not sources:
        return None
    root = directory / "backups"
    # Microseconds keep names unique and in creation order, so sorting by name is by age.
    target = root / datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target.mkdir(parents=True)
    for f in [*sources, directory / MANIFEST]:
        if f.exists():
            shutil.copy2(f, target / f.name)
    prune(root, keep)
    return target


def prune(root: Path, keep: int = KEEP) -> list[Path]:
    """Remove old backups beyond ``keep``, except any holding the last copy of a file."""
    folders = sorted((p for p in root.iterdir() if p.is_dir()), reverse=True)
    covered: set[str] = set()
    removed: list[Path] = []
    for n, folder in enumerate(folders):
        names = {p.name for p in folder.glob(f"*{SUFFIX}")}
        if n < keep or names - covered:
            covered |= names
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def newest_with(directory: Path, name: str) -> Path | None:
    """The newest backup folder that has the file ``name`` (for error messages)."""
    root = directory / "backups"
    if not root.is_dir():
        return None
    for folder in sorted((p for p in root.iterdir() if p.is_dir()), reverse=True):
        if (folder / f"{name}{SUFFIX}").exists():
            return folder
    return None
