"""The in-process runner: passes what holds, and fails (saying where and why) what doesn't."""
from __future__ import annotations

from pathlib import Path

from sandbox.transcript.playback import TestResult
from sandbox.transcript.runner import TranscriptRunner

REPO = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, text: str, name: str = "t.mud") -> list[TestResult]:
    path = tmp_path / name
    path.write_text(text)
    return TranscriptRunner(game_dir=REPO).run_file(path)


def only(results: list[TestResult]) -> TestResult:
    assert len(results) == 1
    return results[0]


def test_a_true_transcript_passes(tmp_path: Path) -> None:
    result = only(run(tmp_path, "* t\n> look\nVillage Green\n!Market Square\n{count=1} Village Green\n/Exits: north/\n"))
    assert result.passed, result.report()
    assert result.commands == 1


def test_wrong_expectation_fails_with_file_line_expected_and_actual(tmp_path: Path) -> None:
    result = only(run(tmp_path, "* look for the market\n> look\nMarket Square\n"))
    assert result.status == "failed"
    (failure,) = result.failures
    assert failure.where.line == 3
    report = result.report()
    assert "t.mud:3: check failed" in report
    assert "expected: Market Square" in report
    assert "| Village Green (#1)" in report  # the actual output, line by line
    assert "t.mud:2: tester> look" in report  # which command produced it


def test_negated_match_that_appears_fails(tmp_path: Path) -> None:
    (failure,) = only(run(tmp_path, "* t\n> look\n!Whiskers\n")).failures
    assert "must not appear" in failure.message
    assert failure.expected == "!Whiskers"
    assert failure.actual is not None and "Here: Whiskers" in failure.actual


def test_missing_count_fails(tmp_path: Path) -> None:
    (failure,) = only(run(tmp_path, "* t\n> look\n{count=2} Village Green\n")).failures
    assert "exactly 2 occurrence(s), found 1" in failure.message


def test_regex_that_does_not_match_fails(tmp_path: Path) -> None:
    (failure,) = only(run(tmp_path, "* t\n> look\n/^Exits: up$/\n")).failures
    assert failure.expected == "/^Exits: up$/"


def test_session_that_never_received_a_line_fails(tmp_path: Path) -> None:
    # Bob stands elsewhere (the wait empties what he had): Alice's say never reaches him.
    text = "% perm alice player\n% perm bob player\n* t\nbob> west\n{wait 1s}\nalice> say psst\nbob: Alice says\n"
    (failure,) = only(run(tmp_path, text)).failures
    assert failure.where.line == 7
    assert "bob received no output" in failure.message
    assert "actual:   (nothing)" in failure.format()


def test_a_session_that_received_nothing_at_all_fails(tmp_path: Path) -> None:
    (failure,) = only(run(tmp_path, "% perm bob player\n* t\nbob: Welcome\n")).failures
    assert "bob received no output" in failure.message


def test_a_session_named_only_in_checks_is_connected_from_the_start(tmp_path: Path) -> None:
    # What nearly everyone writes first: bob never types, yet hears alice.
    assert only(run(tmp_path, "* t\nalice> say hi\nbob: Alice says, \"hi\"\n")).passed
    # ...and he was there before alice's first command (her arrival is not news to him).
    (failure,) = only(run(tmp_path, "* t\n> look\nzed: hello\n")).failures
    assert failure.expected == "zed: hello" and "zed received no output" in failure.message


def test_capitalised_text_before_a_colon_stays_a_plain_check(tmp_path: Path) -> None:
    assert only(run(tmp_path, "% perm bob player\n* t\n> look\nExits: north\n")).passed


def test_a_capitalised_session_name_is_a_syntax_error(tmp_path: Path) -> None:
    import pytest

    from sandbox.transcript.model import TranscriptSyntaxError

    with pytest.raises(TranscriptSyntaxError, match="lowercase: write `alice>`"):
        run(tmp_path, "* t\nAlice> look\n")


def test_nothing_fails_when_output_arrived(tmp_path: Path) -> None:
    (failure,) = only(run(tmp_path, "% perm bob player\n* t\nbob> say hi\ntester: {nothing}\n")).failures
    assert "expected no output" in failure.message


def test_every_test_gets_a_fresh_world(tmp_path: Path) -> None:
    text = "* pull\n> west\n> pull lever\nclunks down\n* pull again\n> west\n> pull lever\nclunks down\n"
    assert [r.status for r in run(tmp_path, text)] == ["passed", "passed"]


def test_failed_checks_are_all_reported_and_the_test_goes_on(tmp_path: Path) -> None:
    result = only(run(tmp_path, "* t\n> look\nnope one\n> west\nnope two\nRiverbank\n"))
    assert [f.where.line for f in result.failures] == [3, 5]
    assert result.commands == 2


def test_wait_runs_timers_deterministically(tmp_path: Path) -> None:
    text = "% seed 0\n* t\n{wait 19s}\n{nothing}\n{wait 1s}\nWhiskers leaves\n"
    assert only(run(tmp_path, text)).passed
    # A different seed sends the cat elsewhere, so a transcript pins its seed.
    moves = set()
    for seed in range(6):
        result = only(run(tmp_path, f"% seed {seed}\n* t\n{{wait 20s}}\nWhiskers leaves south.\n"))
        moves.add(result.status)
    assert moves == {"passed", "failed"}


def test_characters_get_header_permissions(tmp_path: Path) -> None:
    text = "% perm alice builder\n* t\nalice> dig Loft\nDug Loft\nalice> perm alice\nadmin command\n> perm alice\nadmin command\n"
    assert only(run(tmp_path, text)).passed


def test_a_command_that_raises_fails_the_test(tmp_path: Path) -> None:
    game = tmp_path / "game"
    (game / "commands").mkdir(parents=True)
    (game / "commands" / "look.py").write_text(
        "from sandbox.api import command\n\n@command('look')\ndef look(ctx):\n    raise RuntimeError('kaboom')\n"
    )
    result = only(run(tmp_path, "% world game\n* t\n> say first\n> look\nSomething went wrong\n> say after\n"))
    assert result.status == "failed"
    (failure,) = result.failures
    # Reported at the command that raised, not at the test's `*` line.
    assert failure.where.line == 4, failure.format()
    assert "engine logged an error" in failure.message and "kaboom" in (failure.actual or "")


def test_a_start_header_puts_sessions_in_that_room(tmp_path: Path) -> None:
    assert only(run(tmp_path, "% start #5\n* t\n> look\nOld Mill Lane\nbob: !Village Green\n")).passed
    (failure,) = only(run(tmp_path, "% start #999\n* t\n> look\n")).failures
    assert "no such room" in failure.message


def test_a_broken_command_module_fails_every_test(tmp_path: Path) -> None:
    game = tmp_path / "game"
    (game / "commands").mkdir(parents=True)
    (game / "commands" / "bad.py").write_text("def oops(:\n")
    result = only(run(tmp_path, "% world game\n* t\n"))
    assert any("failed to load" in f.message and "bad.py" in f.message for f in result.failures)


def test_world_from_an_area_file(tmp_path: Path) -> None:
    area = tmp_path / "tiny.json"
    area.write_text(
        '{"format": "sandbox-area/1", "area": {"name": "Tiny"}, "start_room": 1, "objects": ['
        '{"id": 1, "kind": "room", "name": "Broom Cupboard", "area": "Tiny"}]}'
    )
    result = only(run(tmp_path, "% world tiny.json\n* t\n> look\nBroom Cupboard\n!Village\n"))
    assert result.passed, result.report()
