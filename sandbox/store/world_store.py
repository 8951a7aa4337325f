"""Persisting the world: a journal of turn records, checkpointed into tinydb files.

A turn is committed by appending its :class:`~sandbox.engine.changes.ChangeRecord` to the
journal and fsyncing it: one small write, whatever the turn touched, so every turn is
atomic on disk across every file it concerns. The tinydb files (see layout.py) are
checkpoints: every few megabytes of journal, at ``save`` and at close, the partitions
that changed are rewritten (temp file, fsync, rename) and the manifest is replaced to
name the new set of files and the last record they include; then the journal is emptied.

Opening replays the journal over the checkpoint. Replay is idempotent (records hold
whole documents, not increments), so a crash in the middle of a checkpoint, when some
files are newer than the manifest, recovers to exactly the last committed turn.

Start-up refuses, naming the file, a file the manifest lists but that is missing, a
``*.db.json`` the world does not know, a damaged file or document, and an object found
in two files that the journal does not account for.
"""
from __future__ import annotations

import gc
import logging
import os
import time
from pathlib import Path
from typing import Any

import orjson

from sandbox.engine.changes import ChangeRecord
from sandbox.engine.guard import CommitFailed
from sandbox.engine.history import Entry
from sandbox.engine.objects import GameObject
from sandbox.engine.world import World
from sandbox.store import backups
from sandbox.store.journal import JOURNAL, Journal, read_records
from sandbox.store.layout import (
    ACCOUNTS,
    FIXED,
    HISTORY,
    META,
    SUFFIX,
    Manifest,
    file_of,
    names_on_disk,
    partition_of,
    read_manifest,
    write_manifest,
)
from sandbox.store.recovery import Recovery
from sandbox.store.storage import StoreError, atomic_write

log = logging.getLogger("sandbox.store")

#: Fields whose change can move an object (and what it holds) to another file.
_PLACEMENT = ("location", "kind", "area", "tags")


class WorldStore:
    """The world of one ``world/`` directory: load it, commit turns, checkpoint."""

    #: Checkpoint once the journal passes this size (also at close and on `save`).
    #: ``SANDBOX_CHECKPOINT_BYTES`` overrides it (crash tests checkpoint every few turns).
    CHECKPOINT_BYTES = int(os.environ.get("SANDBOX_CHECKPOINT_BYTES", 8 * 1024 * 1024))

    def __init__(self, directory: Path, *, writable: bool = True) -> None:
        self.directory = Path(directory)
        self.writable = writable
        self.world: World | None = None
        #: partition -> {str(id): document}: exactly what its file holds after a checkpoint.
        self._parts: dict[str, dict[str, Any]] = {}
        self._home: dict[int, str] = {}
        self._dirty: set[str] = set()
        self._manifest = Manifest()
        self._journal: Journal | None = None
        self.seq = 0
        self.commits = 0
        self.checkpoints = 0
        self.last_commit_seconds = 0.0

    # -- opening ----------------------------------------------------------------------
    def is_empty(self) -> bool:
        d = self.directory
        return read_manifest(d) is None and not names_on_disk(d) and not (d / JOURNAL).exists()

    def create(self, world: World) -> None:
        """Adopt a new world (the starter) and write its first checkpoint."""
        self.directory.mkdir(parents=True, exist_ok=True)
        self.world = world
        self._rebuild_parts()
        if self.writable:
            self._journal = Journal(self.directory / JOURNAL, 0)
            self.checkpoint(full=True)

    def load(self) -> World:
        # Hundreds of thousands of new containers would trigger full collections over
        # and over while nothing can be garbage yet: pause the collector for the load.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._load()
        finally:
            if enabled:
                gc.enable()

    def _load(self) -> World:
        d = self.directory
        if self.writable:
            _remove_temp_files(d)
        manifest = read_manifest(d)
        on_disk = set(names_on_disk(d))
        adopt = manifest is None  # a world written before the journal: its files are the world
        if manifest is None:
            manifest = Manifest(0, sorted(on_disk))
        files = set(manifest.files)
        for name in sorted(files - on_disk):
            copy = backups.newest_with(d, name)
            where = f"{copy.relative_to(d.parent)}/ has the newest copy" if copy else "no backup has it"
            raise StoreError(
                file_of(d, name),
                f"is missing, but manifest.json lists it as part of this world ({where}). "
                "Put it back, or move the whole world/ aside to start afresh. Nothing was changed.",
            )
        for name in sorted(on_disk - files - set(manifest.incoming) - set(manifest.retired)):
            raise StoreError(
                file_of(d, name),
                "is not part of this world (manifest.json does not list it). Move it out of "
                "world/; to add an area to a world, use `sandbox import`.",
            )
        if self.writable:
            for name in (set(manifest.incoming) | set(manifest.retired)) - files:
                file_of(d, name).unlink(missing_ok=True)  # left by a checkpoint: the journal has it
        records, good_bytes, torn = read_records(d / JOURNAL)
        records = [r for r in records if r["seq"] > manifest.seq]
        world = World()
        state = Recovery()
        for name in sorted(files):
            state.read_file(d, name)
        replayed = {op[1] for r in records for op in r.get("ops", ()) if op and op[0] in ("put", "del")}
        for oid, (first, second) in state.duplicates.items():
            if oid not in replayed:
                raise StoreError(
                    file_of(d, second),
                    f"object #{oid} is also in {first}{SUFFIX}; an object lives in one file. "
                    "Remove one copy, or restore both files from world/backups/.",
                )
        for record in records:
            state.replay(record, d / JOURNAL)
        self._manifest = manifest
        self.seq = max([manifest.seq, *(r["seq"] for r in records)])
        objects = state.build_objects(world, d)
        world.load(objects, state.areas(d), state.meta_doc(d), state.accounts_doc(d))
        world.history = state.history(d)
        self.world = world
        if records or state.duplicates or adopt or state.rekeyed:
            self._rebuild_parts()
        else:
            self._parts, self._home = state.parts, state.home
        if self.writable:
            self._journal = Journal(d / JOURNAL, good_bytes)
            if records or adopt or torn or state.duplicates or state.rekeyed:
                self.checkpoint(full=True)  # start clean: files hold everything, journal empty
        return world

    # -- committing --------------------------------------------------------------------
    def commit(self, record: ChangeRecord) -> None:
        """Make one turn durable (one journal append), or raise CommitFailed having written nothing."""
        started = time.perf_counter()
        seq = self.seq + 1
        payload = journal_payload(record, seq)
        if self._journal is not None:
            self._journal.append(payload)
        self.seq = seq
        try:
            self._apply(record)
        except Exception:  # the record is durable; only the checkpoint plan is off
            log.exception("could not place record %s in partitions; rebuilding them", seq)
            self._rebuild_parts()
        self.commits += 1
        self.last_commit_seconds = time.perf_counter() - started
        if self._journal is not None and self._journal.size > self.CHECKPOINT_BYTES:
            self.try_checkpoint()

    def _apply(self, record: ChangeRecord) -> None:
        """Keep the partitions' documents in step with the journal (for the next checkpoint)."""
        world = self.world
        assert world is not None
        for oid, (before, after) in record.objects.items():
            if after is None:
                home = self._home.pop(oid, None)
                if home is not None:
                    self._parts[home].pop(str(oid), None)
                    self._dirty.add(home)
                continue
            obj = world.objects.get(oid)
            if obj is None:
                continue
            self._place(obj, after)
            if before is None or any(before.get(f) != after.get(f) for f in _PLACEMENT):
                stack = [obj]
                while stack:  # what it holds is stored with it, so it may change file too
                    for child in world.contents(stack.pop()):
                        if child.id not in record.objects:
                            self._place(child, None)
                        stack.append(child)
        if record.areas or record.meta is not None:
            self._dirty.add(META)
        if record.accounts:
            self._dirty.add(ACCOUNTS)
        if record.history:
            self._dirty.add(HISTORY)

    def _place(self, obj: GameObject, doc: dict[str, Any] | None) -> None:
        assert self.world is not None
        key = str(obj.id)
        new = partition_of(self.world, obj)
        old = self._home.get(obj.id)
        if old is not None and old != new:
            previous = self._parts[old].pop(key, None)
            self._dirty.add(old)
            if doc is None:
                doc = previous
        if doc is None:
            doc = obj.to_doc()
        self._parts.setdefault(new, {})[key] = doc
        self._home[obj.id] = new
        self._dirty.add(new)

    def _rebuild_parts(self) -> None:
        world = self.world
        assert world is not None
        self._parts, self._home = {}, {}
        for obj in world.objects.values():
            name = partition_of(world, obj)
            self._parts.setdefault(name, {})[str(obj.id)] = obj.to_doc()
            self._home[obj.id] = name
        self._dirty = set(self._parts) | set(FIXED)

    # -- checkpoints -------------------------------------------------------------------
    def try_checkpoint(self) -> bool:
        """Checkpoint, logging instead of raising if the disk refuses (the journal keeps all)."""
        try:
            self.checkpoint()
        except OSError as exc:
            log.warning("checkpoint failed (%s); the journal keeps every turn, will retry", exc.strerror or exc)
            return False
        return True

    def checkpoint(self, world: World | None = None, *, full: bool = False) -> None:
        """Rewrite the changed files, name them in the manifest, then empty the journal.

        The order keeps every moment recoverable: files first (with the manifest
        announcing new names it may meet), then the manifest (the switch), then removal
        of dropped files and the journal. ``world`` is accepted for the `save` command's
        call and must be the store's own.
        """
        if not self.writable or self.world is None:
            return
        assert world is None or world is self.world
        d = self.directory
        names = {n for n, docs in self._parts.items() if docs} | set(FIXED)
        old = set(self._manifest.files)
        incoming, retired = names - old, old - names
        dirty = names if full else (self._dirty & names) | incoming
        if incoming:
            write_manifest(d, Manifest(self._manifest.seq, sorted(old), sorted(incoming)))
        for name in sorted(dirty):
            atomic_write(file_of(d, name), self._dump(name))
        manifest = Manifest(self.seq, sorted(names), [], sorted(retired))
        write_manifest(d, manifest)
        self._manifest = manifest
        for name in retired:
            file_of(d, name).unlink(missing_ok=True)
        self._dirty.clear()
        if self._journal is not None:
            self._journal.reset()
        self.checkpoints += 1

    def _dump(self, name: str) -> bytes:
        world = self.world
        assert world is not None
        if name == META:
            meta = {**world.meta, "next_id": world.next_id}
            areas = {str(i): a.to_doc() for i, a in enumerate(sorted(world.areas.values(), key=lambda a: a.name), 1)}
            return orjson.dumps({"meta": {"1": meta}, "areas": areas})
        if name == ACCOUNTS:
            return orjson.dumps({"accounts": world.accounts})
        if name == HISTORY:
            return orjson.dumps({"history": world.history.to_doc()})
        return orjson.dumps({"objects": self._parts.get(name, {})})

    def backup(self) -> Path | None:
        """Copy the current checkpoint to ``world/backups/<time>/`` (see backups.py)."""
        if not self.writable or self.world is None:
            return None
        self.try_checkpoint()
        return backups.take(self.directory, self._manifest.files)

    def close(self) -> None:
        """A last checkpoint (so the next start has no journal to replay), then let go."""
        if self._journal is not None:
            self.try_checkpoint()
            self._journal.close()
            self._journal = None


class MemoryStore:
    """For worlds that must never touch a disk (transcripts, tests): checks each record
    serialises as the real store would, so an unsaveable value fails here too."""

    def __init__(self) -> None:
        self.commits = 0
        self.last: ChangeRecord | None = None

    def commit(self, record: ChangeRecord) -> None:
        journal_payload(record, self.commits + 1)
        self.commits += 1
        self.last = record


def journal_payload(record: ChangeRecord, seq: int) -> bytes:
    """The journal line body for one turn: whole documents, so replaying it twice is harmless."""
    ops: list[list[Any]] = []
    for oid, (_before, after) in record.objects.items():
        ops.append(["put", oid, after] if after is not None else ["del", oid])
    for name, (_before, after) in record.areas.items():
        ops.append(["area", name, after])
    if record.meta is not None:
        ops.append(["meta", record.meta[1]])
    for key, (_before, after) in record.accounts.items():
        ops.append(["acct", key, after])
    for op in record.history:
        ops.append(["hist", *[(p.to_doc() if isinstance(p, Entry) else p) for p in op]])
    body: dict[str, Any] = {"seq": seq, "t": round(time.time(), 3), "ops": ops}
    if record.actor is not None:
        body["by"], body["line"] = record.actor, record.line
    try:
        return orjson.dumps(body)
    except TypeError as exc:  # values are checked when set, so this is a bug worth naming
        raise CommitFailed(f"the turn's changes cannot be saved as JSON ({exc})") from exc


def _remove_temp_files(directory: Path) -> None:
    """Temp files of writes a crash interrupted: never part of the world."""
    for tmp in directory.glob(".*.tmp"):
        try:
            tmp.unlink()
        except OSError:
            pass


def open_store(world_dir: Path) -> WorldStore:
    return WorldStore(world_dir)

