"""Input history kept across runs in ``<game>/.sandbox/tui_history``: one line per entry.

Navigation works like a shell: Up walks back, Down walks forward and finally returns
the line that was being typed before Up was pressed.
"""
from __future__ import annotations

from pathlib import Path

HISTORY_LIMIT = 1000


class History:
    def __init__(self, path: Path | None, limit: int = HISTORY_LIMIT) -> None:
        self.path = path
        self.limit = limit
        self.entries: list[str] = []
        self._index = 0
        self._draft = ""
        if path is not None and path.exists():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            self.entries = [l for l in lines if l.strip()][-limit:]
        self._index = len(self.entries)

    def add(self, line: str) -> None:
        """Remember a submitted line (not blanks, not a repeat of the last one)."""
        line = line.replace("\n", " ").rstrip()
        self._index = len(self.entries)
        self._draft = ""
        if not line.strip() or (self.entries and self.entries[-1] == line):
            return
        self.entries.append(line)
        self._index = len(self.entries)
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if len(self.entries) > 2 * self.limit:
            # Compact now and then so the file does not grow without bound.
            self.entries = self.entries[-self.limit :]
            self._index = len(self.entries)
            self.path.write_text("\n".join(self.entries) + "\n", encoding="utf-8")
        else:
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line + "\n")

    def previous(self, current: str) -> str | None:
        if self._index == len(self.entries):
            self._draft = current
        if self._index == 0:
            return None
        self._index -= 1
        return self.entries[self._index]

    def next(self) -> str | None:
        if self._index >= len(self.entries):
            return None
        self._index += 1
        return self._draft if self._index == len(self.entries) else self.entries[self._index]
