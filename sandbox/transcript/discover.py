"""Which files are transcripts: ``*.mud``, except fragments named ``_*.mud`` (includes)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

SUFFIX = ".mud"


def is_transcript(path: Path) -> bool:
    return path.suffix == SUFFIX and not path.name.startswith("_")


def transcript_files(paths: Iterable[Path]) -> list[Path]:
    """Files as given (even fragments, if named explicitly) and transcripts found in folders."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob(f"*{SUFFIX}") if is_transcript(p)))
        else:
            found.append(path)
    return found
