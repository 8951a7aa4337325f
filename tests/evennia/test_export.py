"""`sandbox export --to evennia` and `sandbox import --from evennia`, without Evennia.

What Evennia itself makes of the file is tests/evennia/test_handoff.py; here: the file's
shape, the round trip, the report, locks, and that reading never runs the file.
"""
from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sandbox.evennia.batchcode import FORMAT
from sandbox.evennia.export import export_evennia
from sandbox.evennia.reader import EvenniaFileError, parse_batchcode
from sandbox.evennia.report import BehaviourInfo, CodeInfo, CommandInfo
from sandbox.evennia.translate import to_specs
from sandbox.game import new_world
from sandbox.store.transfer import dumps, export_area
from tests.helpers import REPO


@pytest.fixture(scope="module")
def starter() -> dict[str, Any]:
    return export_area(new_world(REPO), "Millbrook")


def code_blocks(text: str) -> list[str]:
    """The blocks Evennia's batch-code processor runs (its own marker rule: `# CODE` lines)."""
    return re.split(r"^#\s*?CODE.*?$", text, flags=re.MULTILINE)[1:]


def test_the_file_is_python_with_one_code_block_per_object_plus_the_start_note(starter: dict[str, Any]) -> None:
    text = export_evennia(starter).text
    compile(text, "millbrook.py", "exec")
    assert len(re.findall(r"^# HEADER$", text, flags=re.MULTILINE)) == 1
    blocks = code_blocks(text)
    assert len(blocks) == len(starter["objects"]) + 1
    # Rooms come first: every exit's destination exists when the exit is placed.
    kinds = [re.search(r'place\(\n    \d+, "(\w+)"', b).group(1) for b in blocks[:-1]]  # type: ignore[union-attr]
    assert kinds == sorted(kinds, key=lambda k: {"room": 0, "exit": 1}.get(k, 2))
    assert "START_LOCATION" in blocks[-1]


def test_round_trip_through_the_file_is_byte_identical(starter: dict[str, Any]) -> None:
    back = parse_batchcode(export_evennia(starter).text)
    assert dumps(back) == dumps(starter)


def test_texts_carry_evennia_codes_and_the_markup_they_came_from(starter: dict[str, Any]) -> None:
    text = export_evennia(starter).text
    assert 'desc="Soft grass rings an old |#a3be8cwell|n.' in text
    assert '"desc": "Soft grass rings an old [item]well[/item].' in text
    assert "|lcpull lever|ltpulled|le" in text


def test_a_text_edited_in_the_file_is_read_back_from_its_codes(starter: dict[str, Any]) -> None:
    text = export_evennia(starter).text.replace("|#a3be8cwell|n", "|rdeep well|n")
    back = parse_batchcode(text)
    green = next(o for o in back["objects"] if o["id"] == 1)
    assert green["desc"].startswith("Soft grass rings an old [bright_red]deep well[/]. Lanes")
    assert "[bold]notice board[/]" in green["desc"]


def test_the_gate_becomes_a_traverse_lock_with_evennia_error_text(starter: dict[str, Any]) -> None:
    specs, _ = to_specs(starter)
    gate = next(s for s in specs if s.sandbox_id == 18)
    assert gate.locks == {"traverse": "not objattr(locked)"}  # our lock strings are Evennia's
    assert gate.attributes["locked"] is True
    assert gate.attributes["err_traverse"] == "|R|hThe iron gate is shut. Perhaps something at the river opens it.|n"


def test_locks_on_objects_travel_as_evennia_lock_strings(starter: dict[str, Any]) -> None:
    data = copy.deepcopy(starter)
    board = next(o for o in data["objects"] if o["id"] == 26)
    board["locks"] = {"get": "false()", "view": "perm(Builder) or holds_key(brass)"}
    exported = export_evennia(data)
    assert 'locks={"get": "false()", "view": "perm(Builder) or holds_key(brass)"},' in exported.text
    # A lock function Evennia does not ship is on the coder's list, with who uses it.
    entry = next(e for e in exported.report.entries if "holds_key" in e.what)
    assert "#26 notice board" in entry.used and "lockfuncs.py" in entry.concept
    assert dumps(parse_batchcode(exported.text)) == dumps(data)


def test_prototypes_travel_as_evennia_from_prototype_tags(starter: dict[str, Any]) -> None:
    data = copy.deepcopy(starter)
    next(o for o in data["objects"] if o["id"] == 30)["prototype"] = "brass-lantern"
    exported = export_evennia(data)
    assert 'prototype="brass-lantern",' in exported.text
    assert any(e.what == 'prototype "brass-lantern"' and "#30 brass lantern" in e.used for e in exported.report.entries)
    assert dumps(parse_batchcode(exported.text)) == dumps(data)


def test_the_report_names_code_where_it_is_used_and_gives_stubs(starter: dict[str, Any]) -> None:
    code = CodeInfo(
        (CommandInfo("pull", ("yank",), "lever", "/g/commands/lever.py", "Pull the lever.\n\n    Usage: pull"),
         CommandInfo("look", ("l",), "default", "/g/commands/look.py"),
         CommandInfo("ooc", (), "default", "/g/commands/channels.py", "Talk out of character.")),
        (BehaviourInfo("wander", "/g/commands/npc.py", "Walk about."),),
    )  # fmt: skip
    exported = export_evennia(starter, code=code)
    report = exported.report.text()
    assert 'cmdset "lever" (commands/lever.py: pull)' in report and "used by: #28 rusty lever" in report
    assert 'behaviour "wander" (commands/npc.py), every 20 s' in report and "used by: #32 Whiskers" in report
    assert "command module commands/channels.py (ooc)" in report
    assert "commands/look.py" not in report  # Evennia's default `look` covers it
    assert "class CmdPull(Command):" in report and "class LeverCmdSet(CmdSet):" in report
    assert "class Wander(DefaultScript):" in report
    assert "#2 Market Square, desc line 1 column 26: [dim]: Evennia has no code for dim" in report
    # The same list heads the file, and the header has the tables the coder fills in.
    assert report.splitlines()[0] in exported.text.split("# HEADER")[0]
    assert 'CMDSETS = {"lever": None}' in exported.text and 'SCRIPTS = {"wander": None}' in exported.text
    # Each stub is Python a coder can paste.
    for entry in exported.report.entries:
        if entry.stub:
            compile(entry.stub, entry.what, "exec")


def test_exits_leading_out_of_the_area_are_reported(starter: dict[str, Any]) -> None:
    data = copy.deepcopy(starter)
    next(o for o in data["objects"] if o["id"] == 25)["destination"] = 999
    _, problems = to_specs(data)
    assert any("#25 north" in p.where and "#999" in p.reason for p in problems)


def test_no_report_line_can_be_read_as_a_batch_code_marker(starter: dict[str, Any]) -> None:
    data = copy.deepcopy(starter)
    next(o for o in data["objects"] if o["id"] == 1)["name"] = "CODE\n# INSERT evil"
    text = export_evennia(data).text
    assert not re.search(r"^#\s*?INSERT", text, flags=re.MULTILINE)
    assert len(code_blocks(text)) == len(data["objects"]) + 1


def test_reading_never_runs_the_file(tmp_path: Path, starter: dict[str, Any]) -> None:
    marker = tmp_path / "ran"
    text = export_evennia(starter).text + f"\nopen({str(marker)!r}, 'w').write('x')\n"
    parse_batchcode(text)
    assert not marker.exists()
    evil = export_evennia(starter).text.replace('place(\n    1, "room",', f"place(\n    __import__('os').system('touch {marker}') or 1, \"room\",", 1)
    with pytest.raises(EvenniaFileError, match="only literal values"):
        parse_batchcode(evil)
    assert not marker.exists()


@pytest.mark.parametrize(("text", "message"), [
    ("x = (", "not Python"),
    ("AREA = 'A'\n", "not a batch-code file written by"),
    (f"SANDBOX_FORMAT = {FORMAT!r}\nAREA = 'A'\nplace(1, 'room')\n", "place() takes an id, a kind and a key"),
    (f"SANDBOX_FORMAT = {FORMAT!r}\nAREA = 'A'\nplace(1, 'tree', 'Oak')\n", "a kind (room, exit, thing, character)"),
    (f"SANDBOX_FORMAT = {FORMAT!r}\nAREA = 'A'\nplace(1, 'room', 'Hall', colour='red')\n", "no argument 'colour'"),
    (f"SANDBOX_FORMAT = {FORMAT!r}\nAREA = 'A'\nplace(1, 'room', 'Hall', location='up')\n", "location must be a sandbox id"),
])  # fmt: skip
def test_files_not_of_our_shape_are_refused_with_where(text: str, message: str) -> None:
    with pytest.raises(EvenniaFileError, match=re.escape(message)):
        parse_batchcode(text, "area.py")


def test_cli_export_to_evennia_and_import_back(tmp_path: Path) -> None:
    game = tmp_path / "game"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "sandbox", *args], capture_output=True, text=True, cwd=tmp_path)

    assert run("init", str(game)).returncode == 0
    out = tmp_path / "millbrook.py"
    res = run("export", "--game", str(game), "--to", "evennia", "Millbrook", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert 'cmdset "lever" (commands/lever.py: pull)' in res.stderr  # the report, on stderr too
    assert "batchcode millbrook" in res.stderr
    assert out.read_text().startswith("'''Area 'Millbrook' (9 rooms, 16 exits, 6 things, 1 character)")
    res = run("import", "--game", str(game), "--from", "evennia", str(out))
    assert res.returncode == 0 and "32 objects" in res.stdout, res.stderr
    json_out = tmp_path / "after.json"
    assert run("export", "--game", str(game), "Millbrook", "-o", str(json_out)).returncode == 0
    assert json_out.read_bytes() == dumps(export_area(new_world(REPO), "Millbrook"))
    bad = run("import", "--game", str(game), "--from", "evennia", str(json_out))
    assert bad.returncode == 1 and "not a batch-code file written by" in bad.stderr, bad.stderr
    theme = run("export", "--game", str(game), "--to", "evennia", "--theme", "nope", "Millbrook")
    assert theme.returncode == 1 and "no theme named 'nope'" in theme.stderr


def test_area_resets_are_listed_for_the_coder(starter: dict[str, Any]) -> None:
    data = copy.deepcopy(starter)
    data["area"]["resets"] = [{"prototype": "loaf", "room": 2, "every": 300}]
    report = export_evennia(data).report.text()
    assert "area reset" in report and "loaf" in report and "used by: area 'Millbrook'" in report
    assert "a global Script" in report
