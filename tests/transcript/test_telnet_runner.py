"""The same transcripts over a real telnet connection, against a `sandbox serve` the test starts."""
from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.game import init_game
from sandbox.transcript.playback import TestResult
from sandbox.transcript.telnet import run_paths_over_telnet

REPO = Path(__file__).resolve().parents[2]
TRANSCRIPTS = REPO / "tests" / "transcripts"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    game = init_game(tmp_path_factory.mktemp("telnet") / "game")
    proc = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--game", str(game), "serve", "--telnet", "0", "--rate-limit", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until the listener is up (or the server died)
        match = re.search(r"Listening for telnet on ([\d.]+):(\d+)", line)
        assert match, f"server did not start: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        yield match.group(1), int(match.group(2))
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def results(paths: list[Path], server: tuple[str, int]) -> list[TestResult]:
    out = list(run_paths_over_telnet(paths, *server, timeout=5.0))
    assert all(isinstance(r, TestResult) for r in out)
    return out  # type: ignore[return-value]


def test_the_repository_transcripts_pass_over_telnet(server: tuple[str, int]) -> None:
    found = results([TRANSCRIPTS], server)
    by_status: dict[str, list[str]] = {}
    for r in found:
        by_status.setdefault(r.status, []).append(r.case.name)
    failed = [r.report() for r in found if r.status == "failed"]
    assert not failed, "\n".join(failed)
    # Only the tests that control time are left out, and they say so.
    skipped = [r for r in found if r.status == "skipped"]
    assert {r.path.name for r in skipped} == {"whiskers.mud", "resets.mud", "area_import.mud", "builders_guide.mud"}
    assert all("not runnable over telnet" in r.reason for r in skipped)
    assert all("{wait}" in r.reason or "% world" in r.reason for r in skipped)
    assert len(by_status["passed"]) >= 10


def test_failures_over_telnet_are_reported_like_in_process(server: tuple[str, int], tmp_path: Path) -> None:
    path = tmp_path / "wrong.mud"
    path.write_text("% perm bob player\n* t\n> look\nMarket Square\n!Village Green\nbob> west\ntester: Bob leaves east\n")
    (result,) = results([path], server)
    assert result.status == "failed"
    assert [f.where.line for f in result.failures] == [4, 5, 7]
    assert "| Village Green" in result.failures[0].format()
    assert "| Bob leaves west." in result.failures[2].format()  # a bystander's output arrived


def test_sandbox_test_telnet_cli(server: tuple[str, int], tmp_path: Path) -> None:
    path = tmp_path / "cli.mud"
    path.write_text("* ok\n> look\nVillage Green\n* timed\n{wait 5s}\n")
    done = subprocess.run(
        [sys.executable, "-m", "sandbox", "test", "--telnet", f"{server[0]}:{server[1]}", str(path)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SKIPPED" in done.stdout and "not runnable over telnet" in done.stdout
    assert done.stdout.strip().endswith("1 passed, 0 failed, 1 skipped")
