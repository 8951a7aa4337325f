"""`sandbox test`, `sandbox build`, `sandbox play --record` and the pytest plugin, as a user runs them."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sandbox.game import init_game, open_game

REPO = Path(__file__).resolve().parents[2]
SANDBOX = [sys.executable, "-m", "sandbox"]


def sandbox(*args: str, cwd: Path = REPO, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SANDBOX, *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=60)


def test_sandbox_test_prints_a_line_per_test_and_a_summary(tmp_path: Path) -> None:
    (tmp_path / "good.mud").write_text("* looks\n> look\nVillage Green\n")
    (tmp_path / "bad.mud").write_text("* wrong\n> look\nMarket Square\n* right\n> west\nRiverbank\n")
    (tmp_path / "_fragment.mud").write_text("> look\nnot collected\n")
    done = sandbox("test", str(tmp_path))
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    assert "PASSED  " in out and "looks" in out
    assert "FAILED  " in out and "bad.mud:1  wrong" in out
    assert "bad.mud:3: check failed" in out and "expected: Market Square" in out and "| Village Green" in out
    assert out.strip().splitlines()[-1] == "2 passed, 1 failed"


def test_sandbox_test_exits_0_when_all_pass_and_1_on_a_syntax_error(tmp_path: Path) -> None:
    good = tmp_path / "good.mud"
    good.write_text("> look\nVillage Green\n")
    assert sandbox("test", str(good)).returncode == 0
    broken = tmp_path / "broken.mud"
    broken.write_text("* t\n{wait forever}\n")
    done = sandbox("test", str(broken))
    assert done.returncode == 1
    assert "broken.mud:2:" in done.stdout and "0 passed, 1 failed" in done.stdout


def test_sandbox_test_with_nothing_to_run_is_not_a_pass(tmp_path: Path) -> None:
    done = sandbox("test", str(tmp_path))
    assert done.returncode == 1 and "no transcript tests found" in done.stdout


def test_build_applies_commands_to_the_world_on_disk(tmp_path: Path) -> None:
    game = tmp_path / "game"
    init_game(game)
    script = tmp_path / "cellar.mud"
    script.write_text(
        "# checks are ignored by build\n> dig Wine Cellar = down;d, up;u\nthis check is ignored\n"
        "> down\n> desc here = Racks of dusty bottles.\n> create corkscrew\n> drop corkscrew\n"
    )
    done = sandbox("--game", str(game), "build", str(script))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Applied 5 command(s)" in done.stdout
    world = open_game(game, backup=False).world  # read back from disk
    (cellar,) = [o for o in world.objects.values() if o.name == "Wine Cellar"]
    assert cellar.desc == "Racks of dusty bottles."
    assert [o.name for o in world.contents(cellar) if o.kind == "thing"] == ["corkscrew"]


def test_build_reports_failing_commands_with_their_line(tmp_path: Path) -> None:
    game = tmp_path / "game"
    init_game(game)
    script = tmp_path / "oops.mud"
    script.write_text("> dig Attic2\n> desc nosuchthing = hello\n")
    done = sandbox("--game", str(game), "build", str(script))
    assert done.returncode == 1
    assert "oops.mud:2: tester> desc nosuchthing = hello" in done.stdout
    assert "You don't see 'nosuchthing' here." in done.stdout


def test_play_record_writes_a_transcript_that_replays(tmp_path: Path) -> None:
    game = tmp_path / "game"
    init_game(game)
    recording = tmp_path / "session.mud"
    played = sandbox("--game", str(game), "play", "--record", str(recording), stdin="look\nwest\npull lever\nsay #1 > all\n")
    assert played.returncode == 0, played.stderr
    text = recording.read_text()
    assert "> pull lever\nYou pull rusty lever. It clunks down.\n" in text
    assert '> say #1 > all\nYou say, "#1 > all"\n' in text
    replay = sandbox("test", str(recording))
    assert replay.returncode == 0, replay.stdout
    assert replay.stdout.strip().endswith("1 passed, 0 failed")
    # The checks are real: a changed world makes the same recording fail.
    recording.write_text(text.replace("It clunks down.", "It clunks sideways."))
    assert sandbox("test", str(recording)).returncode == 1


def test_pytest_collects_transcripts_and_reports_failures(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["sandbox.transcript.pytest_plugin"]\n')
    (tmp_path / "test_walk.mud").write_text("* ok\n> look\nVillage Green\n* not ok\n> west\nOld Mill\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rN", str(tmp_path)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1, done.stdout
    assert "1 failed, 1 passed" in done.stdout
    assert "test_walk.mud:6: check failed" in done.stdout
    assert "expected: Old Mill" in done.stdout and "| Riverbank (#7)" in done.stdout
