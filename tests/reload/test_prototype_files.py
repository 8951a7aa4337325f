"""Prototype files: TOML and JSON, errors with file:line, and hot reload that keeps the
old prototypes when an edit is broken."""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from sandbox.engine.prototypes import PrototypeError
from sandbox.reload.prototypes import load_directory, parse_json, parse_toml
from tests.reload.conftest import Live, save_by_rename, save_in_place

TOML = """\
# comment

[npc]
kind = "character"
tags = ["npc"]

[guard]
prototype_parent = "npc"
key = "a guard"
attrs = { hp = 10 }
"""


def test_toml_prototypes_are_named_by_their_table_and_know_their_line() -> None:
    protos = {p.key: p for p in parse_toml(TOML, "prototypes/x.toml")}
    assert protos["guard"].data == {"prototype_key": "guard", "prototype_parent": "npc", "key": "a guard", "attrs": {"hp": 10}}
    assert (protos["npc"].source, protos["guard"].source) == ("prototypes/x.toml:3", "prototypes/x.toml:7")


def test_toml_errors_name_the_line() -> None:
    with pytest.raises(PrototypeError) as syntax:
        parse_toml(TOML.replace('key = "a guard"', "key = a guard"), "p.toml")
    assert syntax.value.where.startswith("p.toml:9:")
    with pytest.raises(PrototypeError, match=r"p\.toml:7: unknown key 'colour'"):
        parse_toml(TOML.replace('key = "a guard"', 'colour = "red"'), "p.toml")


def test_json_files_hold_a_list_or_an_object_and_errors_name_the_line() -> None:
    text = '[\n  {"prototype_key": "a", "key": "A"},\n  {"prototype_key": "b", "kind": "dragon"}\n]\n'
    with pytest.raises(PrototypeError, match=r"p\.json:3: kind must be one of"):
        parse_json(text, "p.json")
    (proto,) = parse_json('{"lamp": {"key": "a lamp"}}', "p.json")
    assert proto.key == "lamp"
    with pytest.raises(PrototypeError) as bad:
        parse_json('[\n {"prototype_key": "a",,}\n]', "p.json")
    assert bad.value.where.startswith("p.json:2:")


def test_a_loop_across_files_refuses_the_whole_set(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[a]\nprototype_parent = "b"\n')
    (tmp_path / "b.json").write_text('[{"prototype_key": "b", "prototype_parent": "a"}]')
    loaded = load_directory(tmp_path, tmp_path)
    assert loaded.prototypes == {}
    assert any("inheritance loop: a -> b -> a" in str(e) and "a.toml:1" in str(e) for e in loaded.errors)


def test_a_key_defined_twice_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("[lamp]\n")
    (tmp_path / "b.toml").write_text("\n[lamp]\n")
    loaded = load_directory(tmp_path, tmp_path)
    assert [str(e) for e in loaded.errors] == ["b.toml:2: prototype 'lamp' is also defined at a.toml:1"]


def test_the_starter_prototypes_load() -> None:
    from tests.helpers import REPO

    loaded = load_directory(REPO / "prototypes", REPO)
    assert loaded.ok and {"npc", "merchant", "wandering_npc"} <= set(loaded.prototypes)


def test_an_edited_prototype_file_is_live_at_once_and_a_broken_one_keeps_the_old(live: Live) -> None:
    bea = live.h.login("Bea", "builder")
    engine = live.h.engine
    path = live.h.game.directory / "prototypes" / "shop.toml"
    save_by_rename(path, '[lamp]\nkey = "a brass lamp"\n')
    _wait_until(live, lambda: engine.prototypes.get(live.h.world, "lamp") is not None)
    assert "Prototypes reloaded" in bea.take()
    assert "Spawned a brass lamp" in live.h.call(bea, "spawn lamp")

    save_in_place(path, '[lamp]\nkey = "a brass lamp"\nprototype_parent = "nothing"\n')
    _wait_until(live, lambda: "not reloaded" in "".join(m.text for m in bea.inbox))
    notice = bea.take()
    assert "prototypes/shop.toml:1: prototype 'lamp' inherits from 'nothing', which does not exist" in notice
    assert "Spawned a brass lamp" in live.h.call(bea, "spawn lamp")  # the old set stays in use

    save_in_place(path, '[lamp]\nkey = "a copper lamp"\n')
    _wait_until(live, lambda: engine.prototypes.resolve(live.h.world, "lamp").values["key"] == "a copper lamp")


def _wait_until(live: Live, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        live.reloader.apply_pending()
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("the prototype files were not reloaded")
