"""One writer per game: the process that opens a world holds a lock on it until it exits.

The lock is ``flock`` on ``world/.lock``, so the kernel drops it when the holder dies,
even by SIGKILL: a stale lock is simply free. The file also says who holds it (pid,
front end, since when, where players can connect), so a second process can tell the
user what to do instead of opening the same world and overwriting it.
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path
from typing import Any

LOCK = ".lock"


class GameLocked(Exception):
    """Another live process has this world open."""

    def __init__(self, directory: Path, holder: dict[str, Any]) -> None:
        self.directory = directory
        self.holder = holder
        pid = holder.get("pid", "?")
        what = holder.get("frontend") or "sandbox"
        since = holder.get("since")
        when = f" since {time.strftime('%H:%M:%S', time.localtime(since))}" if isinstance(since, (int, float)) else ""
        telnet = holder.get("telnet")
        join = f"connect to it with a MUD client (telnet {telnet})" if telnet else "connect to it over telnet (start it with --telnet PORT)"
        super().__init__(
            f"this game is already open in another process: pid {pid} ({what}){when}.\n"
            f"Two processes on one world would overwrite each other's changes. Instead, {join}, "
            f"or use --game DIR for another game directory."
        )


class GameLock:
    def __init__(self, world_dir: Path, frontend: str) -> None:
        self.path = Path(world_dir) / LOCK
        self.fd = -1
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._read()
            os.close(self.fd)
            self.fd = -1
            raise GameLocked(Path(world_dir).parent, holder) from None
        self.info: dict[str, Any] = {"pid": os.getpid(), "frontend": frontend, "since": time.time()}
        self._write()

    def announce(self, **facts: Any) -> None:
        """Add what a second process should be told (``telnet="127.0.0.1:4000"``)."""
        self.info.update(facts)
        self._write()

    def _write(self) -> None:
        data = json.dumps(self.info).encode()
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)

    def _read(self) -> dict[str, Any]:
        try:
            raw = os.pread(self.fd, 4096, 0)
            info = json.loads(raw or b"{}")
            return info if isinstance(info, dict) else {}
        except (OSError, ValueError):
            return {}

    def __del__(self) -> None:  # a game dropped without close(): don't leak the descriptor
        self.release()

    def release(self) -> None:
        if self.fd >= 0:
            try:
                os.ftruncate(self.fd, 0)
                fcntl.flock(self.fd, fcntl.LOCK_UN)
            finally:
                os.close(self.fd)
                self.fd = -1
