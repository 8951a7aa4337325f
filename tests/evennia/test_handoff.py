"""The hand-off proven in a real Evennia: our export of the starter area, loaded twice with
Evennia's own batch-code processor, then read back through Evennia's API and walked.

Needs Python 3.12 (Evennia 6). Without it these tests skip and say why; with
SANDBOX_REQUIRE_EVENNIA=1 (set by .ci/run) they fail instead. The Evennia venv is cached
in the user's cache directory (tests/evennia/evennia_env.py); each run makes a new game.
"""
from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings

from sandbox.evennia.batchcode import module_name
from sandbox.evennia.export import export_evennia
from sandbox.game import new_world
from sandbox.markup import escape, plain
from sandbox.markup.evennia import render_evennia
from sandbox.store.transfer import export_area
from tests.evennia import evennia_env
from tests.helpers import REPO
from tests.markup.test_evennia import PLAIN_TEXT

TRANSCRIPT = REPO / "tests" / "transcripts" / "starter.mud"
#: The starter transcript's walk to the Old Mill; `pull lever` is a command module, which
#: Evennia gets as a stub: the walk does what the coder's port of it does (db.locked).
LEVER = "@set 18=false"


def sample_texts() -> list[str]:
    """Plain texts from the same Hypothesis strategy the unit tests use."""
    found: list[str] = []

    @settings(max_examples=200, database=None, deadline=None)
    @given(PLAIN_TEXT)
    def collect(text: str) -> None:
        if not render_evennia(escape(text)).problems:
            found.append(text)

    collect()
    return found + ["a | b", "{{x}}", "back\\slash", "|r not red", "||", "100% [[sure]"]


def transcript_walk() -> list[tuple[str, str | None]]:
    """(command, first line the transcript expects after it, if any) for the starter
    transcript's walk from the green to the Old Mill."""
    lines = TRANSCRIPT.read_text().splitlines()
    start = lines.index("* the lever at the riverbank opens the mill gate") + 1
    walk: list[tuple[str, str | None]] = []
    for line in lines[start:]:
        if line.startswith("#"):
            break  # "# Put the world back ...": the walk is over
        if line.startswith("> "):
            walk.append((line[2:], None))
        elif walk and walk[-1][1] is None and line and line[0] not in "!/*":
            walk[-1] = (walk[-1][0], line)
    return walk


@pytest.fixture(scope="module")
def evennia(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    try:
        venv = evennia_env.evennia_venv()
    except evennia_env.Unavailable as exc:
        if evennia_env.required():
            pytest.fail(f"SANDBOX_REQUIRE_EVENNIA is set but Evennia is unavailable: {exc}")
        pytest.skip(f"Evennia hand-off tests skipped: {exc}")
    data = export_area(new_world(REPO), "Millbrook")
    exported = export_evennia(data)
    game = evennia_env.new_game(venv, tmp_path_factory.mktemp("evennia"))
    texts = sample_texts()
    walk = [LEVER if command == "pull lever" else command for command, _ in transcript_walk()]
    observed = evennia_env.load_and_observe(
        venv, game, exported.text, module_name("Millbrook"),
        texts=[render_evennia(escape(t)).text for t in texts], walk=walk,
    )  # fmt: skip
    assert not observed["errors"], observed["errors"][0]
    return {"data": data, "observed": observed, "texts": texts}


def test_every_object_arrives_with_its_fields(evennia: dict[str, Any]) -> None:
    data, seen = evennia["data"], evennia["observed"]["objects"]
    assert sorted(map(int, seen)) == sorted(o["id"] for o in data["objects"])
    typeclasses = {"room": "typeclasses.rooms.Room", "exit": "typeclasses.exits.Exit",
                   "thing": "typeclasses.objects.Object", "character": "typeclasses.characters.Character"}  # fmt: skip
    for doc in data["objects"]:
        got = seen[str(doc["id"])]
        where = f"#{doc['id']} {doc['name']}"
        assert got["key"] == doc["name"], where
        assert got["typeclass"] == typeclasses[doc["kind"]], where
        assert got["aliases"] == sorted(doc.get("aliases", [])), where
        # Evennia's ANSI parser makes of our |-codes the same text our plain rendering does.
        assert got["desc_plain"] == plain(doc.get("desc", "")), where
        assert got["location"] == doc.get("location"), where
        assert got["destination"] == doc.get("destination"), where
        expected_tags = [[t, None] for t in doc.get("tags", [])] + [["millbrook", "area"]]
        if doc["id"] == data["start_room"]:
            expected_tags.append(["start_room", "sandbox"])
        assert sorted(got["tags"], key=str) == sorted(expected_tags, key=str), where
        attrs = dict(doc.get("attrs", {}))
        if "err_traverse" in attrs:
            message = attrs.pop("err_traverse")
            assert re.sub(r"\|[A-Za-z]", "", got["attributes"].pop("err_traverse")) == plain(message), where
        for access, expr in doc.get("locks", {}).items():  # Evennia adds defaults of its own
            assert got["locks"].get(access) == expr, where
        assert got["attributes"] == attrs, where


def test_loading_twice_updates_and_never_duplicates(evennia: dict[str, Any]) -> None:
    first, second = evennia["observed"]["loads"]
    assert first["tagged"] == second["tagged"] == len(evennia["data"]["objects"])
    assert first["objects"] == second["objects"]  # Evennia's whole object count, too
    assert "Its start room, Village Green, is #" in first["said"][-1]


def test_plain_text_survives_evennias_own_parser(evennia: dict[str, Any]) -> None:
    texts, stripped = evennia["texts"], evennia["observed"]["stripped"]
    assert len(texts) > 100
    mismatches = [(t, s) for t, s in zip(texts, stripped) if s != plain(escape(t))]
    assert mismatches == []


def test_walking_the_exported_world_in_evennia_matches_the_transcript(evennia: dict[str, Any]) -> None:
    steps = evennia["observed"]["walk"]
    expected = transcript_walk()
    assert [s["command"] for s in steps] == [LEVER if c == "pull lever" else c for c, _ in expected]
    checked = 0
    for step, (command, line) in zip(steps, expected):
        if line is None or command == "pull lever":
            continue
        heard = step["heard"][0].splitlines()[0] if step["heard"] else ""
        # The transcript's player is a builder, who sees room ids: "Old Mill (#6)".
        assert heard == re.sub(r" \(#\d+\)$", "", line) or heard.startswith(line), (command, heard, line)
        checked += 1
    assert checked >= 4
    assert [s["room"] for s in steps][-1] == "Old Mill"
    assert steps[1]["room"] == "Old Mill Lane"  # the shut gate held
