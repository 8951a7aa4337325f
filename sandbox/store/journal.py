"""The journal: an append-only file of turn records, the world's commit point.

A turn is durable when its record is in ``world/journal.log`` and fsynced; only then
does the engine show its output. Each record is one line::

    <crc32 of the JSON, 8 hex digits> <the record as one line of JSON>\\n

so a record torn by a crash (no newline, or a checksum that does not match) is
recognised. A torn record can only be the last one, and it was never acknowledged: it
is cut off at start-up. A damaged record followed by good ones is real damage and stops
start-up with the line number.

Appends write at the known end of the good data with ``pwrite`` and are cut back there
if the write or the fsync fails (a full disk), so a failed turn leaves nothing behind
and the next turn appends after the last good record.
"""
from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

import orjson

from sandbox.engine.guard import CommitFailed
from sandbox.store.storage import StoreError

JOURNAL = "journal.log"


def frame(payload: bytes) -> bytes:
    return b"%08x %s\n" % (zlib.crc32(payload), payload)


def read_records(path: Path) -> tuple[list[dict[str, Any]], int, bool]:
    """The good records, the byte length they span, and whether a torn tail follows."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return [], 0, False
    except OSError as exc:
        raise StoreError(path, f"cannot read ({exc.strerror})") from exc
    records: list[dict[str, Any]] = []
    good = 0
    lines = raw.split(b"\n")
    complete = len(lines) - 1  # the last piece has no newline: empty, or a torn record
    for number, line in enumerate(lines[:complete], 1):
        record = _parse(line)
        if record is None:
            if any(_parse(later) is not None for later in lines[number:complete]):
                raise StoreError(path, f"record {number} is damaged and later records follow it")
            return records, good, True
        records.append(record)
        good += len(line) + 1
    return records, good, bool(lines[complete])


def _parse(line: bytes) -> dict[str, Any] | None:
    if len(line) < 10 or line[8:9] != b" ":
        return None
    payload = line[9:]
    try:
        if int(line[:8], 16) != zlib.crc32(payload):
            return None
        record = orjson.loads(payload)
    except (ValueError, orjson.JSONDecodeError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("seq"), int) else None


class Journal:
    """The open journal file of a writable store."""

    def __init__(self, path: Path, size: int) -> None:
        self.path = path
        self.fd = -1
        self.fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        self.size = size
        if os.fstat(self.fd).st_size != size:
            os.ftruncate(self.fd, size)  # cut a torn tail found at start-up
            os.fsync(self.fd)

    def append(self, payload: bytes) -> None:
        """Write one record and make it durable, or raise CommitFailed leaving no trace."""
        data = frame(payload)
        try:
            if os.fstat(self.fd).st_size != self.size:
                os.ftruncate(self.fd, self.size)  # what an earlier failed append left
            view = memoryview(data)
            offset = self.size
            while view:
                written = os.pwrite(self.fd, view, offset)
                view, offset = view[written:], offset + written
            os.fdatasync(self.fd)  # the file's new length is part of what this flushes
        except OSError as exc:
            try:
                os.ftruncate(self.fd, self.size)
            except OSError:
                # Retried before the next append. A partial record is cut at recovery as
                # a torn tail; but if the whole record was written, fsync then failed (EIO)
                # and this cut fails too, and the process dies before the retry, recovery
                # replays a turn its player was told failed. The kernel gives no way to
                # know whether a failed fsync's data reached the disk.
                pass
            raise CommitFailed(exc.strerror or str(exc), self.path) from exc
        self.size += len(data)

    def reset(self) -> None:
        """Empty the journal once a checkpoint holds everything in it."""
        os.ftruncate(self.fd, 0)
        os.fsync(self.fd)
        self.size = 0

    def close(self) -> None:
        if self.fd >= 0:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = -1

    def __del__(self) -> None:  # a store dropped without close(): don't leak the descriptor
        self.close()
