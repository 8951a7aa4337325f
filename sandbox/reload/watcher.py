"""Watching folders for saved files, debounced per path, without touching the engine.

Editors save in many ways (docs/architecture.md, "Measured facts"): in place (modified + closed), through a
temp file renamed over the target (only a *moved* event names the target), or vim's
way (rename the original to a backup, write a new file, delete the backup: six events).
We key every event on the final path, drop editor droppings, and call a path *due* once
it has been quiet for ``debounce`` seconds, so each burst becomes exactly one reload.

Observer-thread callbacks only record ``path → time of last event`` under a lock; the
engine thread collects due paths with :meth:`DebouncedWatcher.take_due`.
"""
from __future__ import annotations

import fnmatch
import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

#: Events that can mean "this file's content is now different". ``opened``,
#: ``closed_no_write`` (our own reads!) and ``attrib`` are not among them.
CONTENT_EVENTS = frozenset({EVENT_TYPE_CLOSED, EVENT_TYPE_MOVED, EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED})

#: Editor droppings; suffix filters (``*.py``) already drop most, these make it explicit.
IGNORED_PATTERNS = ("*.tmp", "*~", ".*.swp", ".*.swx", ".#*", "#*#", "4913")

DEFAULT_DEBOUNCE = 0.1


class _StopRaceFilter(logging.Filter):
    """watchdog 7.1 logs an error when its inotify thread wakes up after ``stop()``
    closed the watch (a race inside watchdog, harmless: the read just ends). Hide that
    one message so every clean exit of `sandbox play` does not print an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "called when the thread is inactive" not in record.getMessage()


logging.getLogger("watchdog.observers.inotify").addFilter(_StopRaceFilter())


def is_ignored(path: Path) -> bool:
    return "__pycache__" in path.parts or any(fnmatch.fnmatchcase(path.name, pat) for pat in IGNORED_PATTERNS)


class _Handler(FileSystemEventHandler):
    def __init__(self, watcher: DebouncedWatcher) -> None:
        self.watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CONTENT_EVENTS:
            return
        paths = [event.src_path]
        if event.event_type == EVENT_TYPE_MOVED:
            # Both ends matter: the source is gone (a rename or vim's backup step), the
            # destination has new content (a temp-file save lands here).
            paths.append(event.dest_path)
        self.watcher.record(Path(p if isinstance(p, str) else p.decode()) for p in paths)


class DebouncedWatcher:
    """Watch folders for files with given suffixes; report each path once per burst.

    ``folders`` maps a folder to the file suffixes that matter there (``.py``,
    ``.toml``). ``on_event`` (optional) runs on the observer thread after a path is
    recorded: front ends use it to schedule a check on their own loop.
    """

    def __init__(
        self,
        folders: dict[Path, tuple[str, ...]],
        *,
        debounce: float = DEFAULT_DEBOUNCE,
        on_event: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folders = {Path(f).resolve(): tuple(s) for f, s in folders.items()}
        self.debounce = debounce
        self.on_event = on_event
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: dict[Path, float] = {}
        self._observer: Observer | None = None  # type: ignore[valid-type]  # watchdog's Observer is a platform alias, not a class, to mypy

    # -- observer thread -------------------------------------------------------------
    def record(self, paths: Iterable[Path]) -> None:
        now = self._clock()
        wanted = [p for p in paths if self.wants(p)]
        if not wanted:
            return
        with self._lock:
            for path in wanted:
                self._pending[path] = now  # a later event restarts this path's quiet period
        if self.on_event is not None:
            self.on_event()

    def wants(self, path: Path) -> bool:
        suffixes = self.folders.get(path.parent)
        return suffixes is not None and path.suffix in suffixes and not is_ignored(path)

    # -- engine thread ---------------------------------------------------------------
    def take_due(self) -> list[Path]:
        """Paths quiet for ``debounce`` seconds, removed from the pending set."""
        if not self._pending:  # cheap check without the lock: called before every input
            return []
        now = self._clock()
        with self._lock:
            due = [p for p, t in self._pending.items() if now - t >= self.debounce]
            for path in due:
                del self._pending[path]
        return due

    def seconds_until_due(self) -> float | None:
        """When the next pending path becomes due (0 if one is), or None if none is pending."""
        with self._lock:
            if not self._pending:
                return None
            last = min(self._pending.values())
        return max(0.0, last + self.debounce - self._clock())

    # -- lifecycle -------------------------------------------------------------------
    def start(self) -> None:
        if self._observer is not None:
            return
        observer = Observer()
        handler = _Handler(self)
        for folder in self.folders:
            if folder.is_dir():
                observer.schedule(handler, str(folder), recursive=False)
        observer.daemon = True  # never keep a closing process alive
        observer.start()
        self._observer = observer

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=2)
