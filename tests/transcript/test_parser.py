"""The transcript format: every line kind parses to the step it should, errors say where."""
from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.transcript.model import Check, Command, Connect, TranscriptSyntaxError, Wait
from sandbox.transcript.parser import parse_file, parse_text


def steps(text: str) -> list:
    return parse_text(text).tests[0].steps


def test_commands_and_checks_with_their_lines() -> None:
    parsed = parse_text("# comment\n* first\n> look\nVillage Green\n\nalice> say hi\n", Path("x.mud"))
    (case,) = parsed.tests
    assert case.name == "first" and case.where.line == 2
    look, green, say = case.steps
    assert look == Command(look.where, "tester", "look") and look.where.line == 3
    assert isinstance(green, Check) and green.text == "Village Green" and green.session is None and green.where.line == 4
    assert say == Command(say.where, "alice", "say hi") and say.where.line == 6


def test_check_modifiers() -> None:
    text = "% perm bob player\n* t\n> look\n!Market\n{count=2} Green\n/^Exits: .*west$/\n/village/i\nbob: {nothing}\nbob: !{count=1} x\n"
    _, _, neg, count, regex, icase, nothing, both = steps(text)
    assert neg.negate and neg.text == "Market"
    assert count.count == 2 and count.text == "Green"
    assert regex.regex is not None and regex.regex.search("Exits: north, west")
    assert icase.regex is not None and icase.regex.search("VILLAGE")
    assert nothing.nothing and nothing.session == "bob"
    assert both.session == "bob" and both.negate and both.count == 1 and both.text == "x"


def test_name_colon_is_a_session_only_for_known_sessions() -> None:
    _, _, exits, said = steps("* t\nalice> look\n> look\nExits: north\nalice: hello\n")
    assert exits.session is None and exits.text == "Exits: north"
    assert said.session == "alice" and said.text == "hello"


def test_backslash_makes_a_check_literal() -> None:
    _, ref, prompt, bang = steps("* t\n> look\n\\#32\n\\> hi\n\\!wow\n")
    assert (ref.text, prompt.text, bang.text) == ("#32", "> hi", "!wow")
    assert not bang.negate


def test_waits_and_perm_headers() -> None:
    wait1, wait2, wait3, wait4, connect = steps("* t\n{wait 30s}\n{wait 500ms}\n{wait 2m}\n{wait 5}\n% perm alice builder\n")
    assert all(isinstance(w, Wait) for w in (wait1, wait2, wait3, wait4))
    assert [w.seconds for w in (wait1, wait2, wait3, wait4)] == [30, 0.5, 120, 5]
    assert connect == Connect(connect.where, "alice", "builder")


def test_prelude_runs_in_every_test_and_a_file_without_tests_is_one() -> None:
    parsed = parse_text("% seed 3\n> look\n* a\n> west\n* b\n> east\n")
    assert [len(t.steps) for t in parsed.tests] == [2, 2] and all(t.seed == 3 for t in parsed.tests)
    single = parse_text("> look\nVillage\n", Path("walk.mud"))
    assert [t.name for t in single.tests] == ["walk"]


def test_include_keeps_the_fragment_location(tmp_path: Path) -> None:
    (tmp_path / "_go.mud").write_text("> west\nRiverbank\n")
    (tmp_path / "main.mud").write_text("* t\n{include _go.mud}\n> pull lever\n")
    west, river, pull = parse_file(tmp_path / "main.mud").tests[0].steps
    assert west.where.path.name == "_go.mud" and west.where.line == 1
    assert west.where.via is not None and west.where.via.line == 2
    assert "_go.mud:2 (included from" in str(river.where)
    assert pull.where.line == 3


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("* t\n> look\n/unclosed [/\n", 3, "bad regex"),
        ("*\n", 1, "needs a name"),
        ("* t\n% perm alice wizard\n", 2, "unknown permission"),
        ("* t\n{wait soon}\n", 2, "duration"),
        ("* t\n{wiat 3s}\n", 2, "unknown directive"),
        ("* t\n{include nowhere.mud}\n", 2, "cannot include"),
        ("* t\n% colour red\n", 2, "unknown header"),
        ("* t\n> look\n% seed 4\n", 3, "before the test's first step"),
    ],
)
def test_syntax_errors_say_file_and_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = tmp_path / "bad.mud"
    path.write_text(text)
    with pytest.raises(TranscriptSyntaxError) as info:
        parse_file(path)
    assert info.value.where.line == line
    assert reason in info.value.reason
    assert f"bad.mud:{line}:" in str(info.value)


def test_an_include_loop_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "_a.mud").write_text("{include _b.mud}\n")
    (tmp_path / "_b.mud").write_text("{include _a.mud}\n")
    (tmp_path / "main.mud").write_text("* t\n{include _a.mud}\n")
    with pytest.raises(TranscriptSyntaxError, match="includes itself"):
        parse_file(tmp_path / "main.mud")
