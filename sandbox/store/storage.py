"""Writing and reading the world's files so a crash never leaves a half-written one.

tinydb's JSONStorage rewrites files in place (seek, write, truncate): a SIGKILL in the
middle corrupted 1 file in 25 here. So the store writes a temp file in the same
directory, fsyncs it, atomically replaces the target and fsyncs the directory, so a
reader sees either the old or the new file, never a mix. The files keep TinyDB's format
(docs/storage.md says what TinyDB is used for, and what not).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson


class StoreError(Exception):
    """A world file that cannot be read; start-up stops and the file is left untouched."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def atomic_write(path: Path, data: bytes) -> None:
    """Replace path with data so a reader sees the old or the new file, never a mix.

    On any error (a full disk) the temp file is removed and the old file is untouched.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_json(path: Path) -> dict[str, Any]:
    """Read one world file; raise StoreError naming it if it is damaged."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StoreError(path, f"cannot read ({exc.strerror})") from exc
    if not raw.strip():
        raise StoreError(path, "file is empty (truncated?)")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreError(path, f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise StoreError(path, "not a tinydb database (expected a JSON object of tables)")
    return data
