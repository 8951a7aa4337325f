"""What is kept when the TUI crashes: the traceback and the markup editor's text.

The world needs nothing here (every turn is saved as it happens). The editor's buffer is
the one thing only the screen held, so it goes to ``<game>/.sandbox/`` beside the full
traceback, and the terminal gets a short note pointing at both.
"""
from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CrashReport:
    traceback_path: Path
    buffer_path: Path | None
    summary: str  # the exception's type and message, one line

    def note(self) -> str:
        """The few lines printed on the terminal after the app has exited."""
        lines = [
            f"sandbox crashed: {self.summary}",
            "The world is saved (every turn is).",
        ]
        if self.buffer_path is not None:
            lines.append(f"The markup editor's text is in {self.buffer_path}")
        lines.append(f"Traceback: {self.traceback_path}")
        return "\n".join(lines)


def save_crash(game_dir: Path, error: BaseException, buffer: str | None) -> CrashReport:
    """Write the traceback (and the editor's text, if any) under ``<game>/.sandbox/``."""
    folder = game_dir / ".sandbox"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    tb_path = _unused(folder / f"crash-{stamp}.txt")
    tb_path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    buffer_path = None
    if buffer:
        buffer_path = _unused(folder / f"crash-{stamp}-editor.txt")
        buffer_path.write_text(buffer, encoding="utf-8")
    summary = f"{type(error).__name__}: {error}".splitlines()[0] if str(error) else type(error).__name__
    return CrashReport(tb_path, buffer_path, summary)


def _unused(path: Path) -> Path:
    """``path``, or ``name-2.txt``, ``name-3.txt``… if two crashes share a second."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate
