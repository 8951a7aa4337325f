"""docs/builders-guide.md is a transcript: its ```mud blocks, in order, must pass.

``tests/transcripts/builders_guide.mud`` is the same transcript written out (so
``sandbox test`` runs it too); it must equal what the page gives. After editing the
page, regenerate it with ``python -m tests.docs.test_builders_guide``.
"""
from __future__ import annotations

import re
from pathlib import Path

from sandbox.reload.prototypes import parse_toml
from sandbox.transcript import TranscriptRunner

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "builders-guide.md"
TRANSCRIPT = REPO / "tests" / "transcripts" / "builders_guide.mud"
HEADER = (
    "# Generated from docs/builders-guide.md by `python -m tests.docs.test_builders_guide`:\n"
    "# edit the page, not this file.\n"
)

_BLOCK = re.compile(r"^```([^\n]*)\n(.*?)^```\s*$", re.M | re.S)


def blocks(info: str) -> list[str]:
    return [body for kind, body in _BLOCK.findall(GUIDE.read_text()) if kind.strip() == info]


def transcript_text() -> str:
    return HEADER + "".join(blocks("mud"))


def test_the_transcript_file_is_the_guide() -> None:
    assert TRANSCRIPT.read_text() == transcript_text(), "run: python -m tests.docs.test_builders_guide"


def test_the_guide_plays_as_written(tmp_path: Path) -> None:
    path = tmp_path / "guide.mud"
    path.write_text(transcript_text())
    results = TranscriptRunner(game_dir=REPO).run_file(path)
    assert results, "the guide has no test"
    failed = [r.report() for r in results if r.status != "passed"]
    assert not failed, "\n".join(failed)
    assert sum(r.case.commands for r in results) >= 25


def test_the_guide_covers_the_worked_example() -> None:
    text = transcript_text()
    for needed in ("proto/create shopkeeper", "area/reset Tinker's Row = every 5m", "{wait 5m}", "alice> get key",
                   "> lock east = traverse:holds(brass key)"):
        assert needed in text


def test_the_guide_s_prototype_file_loads() -> None:
    (toml,) = blocks("toml")
    (proto,) = parse_toml(toml, "guide")
    assert proto.key == "shopkeeper" and proto.data["prototype_parent"] == "merchant"


if __name__ == "__main__":
    TRANSCRIPT.write_text(transcript_text())
    print(f"wrote {TRANSCRIPT}")
