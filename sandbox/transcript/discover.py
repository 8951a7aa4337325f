"""Which files are transcripts: ``*.mud``, except fragments named ``_*.mud`` (includes)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from sandbox.transcript.model import TestCase, TranscriptSyntaxError
from sandbox.transcript.parser import parse_file

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


def iter_tests(paths: Iterable[Path]) -> Iterator[tuple[Path, TestCase] | TranscriptSyntaxError]:
    """Every test of every transcript under paths, in order; a file that does not parse
    is yielded as its error (so a runner reports it and goes on), never raised."""
    for path in transcript_files(paths):
        try:
            parsed = parse_file(path)
        except TranscriptSyntaxError as exc:
            yield exc
            continue
        for case in parsed.tests:
            yield path, case
