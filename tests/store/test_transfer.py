"""Area export/import: diffable, stable, lossless; and the CLI around it."""
import subprocess
import sys

from sandbox.engine.objects import Kind
from sandbox.engine.world import World
from sandbox.game import new_world
from sandbox.store.transfer import dumps, export_area, import_area, read_export
from tests.helpers import REPO


def test_round_trip_is_byte_identical():
    world = new_world(REPO)
    first = dumps(export_area(world, "Millbrook"))
    fresh = World()
    import_area(fresh, __import__("orjson").loads(first))
    assert dumps(export_area(fresh, "Millbrook")) == first


def test_export_is_sorted_and_indented():
    text = dumps(export_area(new_world(REPO), "Millbrook")).decode()
    assert text.startswith('{\n  "area": {')
    ids = [int(line.split(":")[1].strip(" ,")) for line in text.splitlines() if line.startswith('      "id":')]
    assert ids == sorted(ids)


def test_reimport_replaces_in_place_and_keeps_players():
    world = new_world(REPO)
    alice = world.create(Kind.CHARACTER, "Alice", location=world.get(2))
    data = export_area(world, "Millbrook")
    world.get(2).desc = "changed"
    import_area(world, data)
    assert world.get(2).desc != "changed"
    assert alice.location == 2 and alice.id in world.get(2).contents


def test_cli_export_import(tmp_path):
    game = tmp_path / "game"
    run = lambda *a: subprocess.run([sys.executable, "-m", "sandbox", *a], capture_output=True, text=True, cwd=tmp_path)  # noqa: E731
    assert run("init", str(game)).returncode == 0
    out = tmp_path / "mill.json"
    res = run("export", "--game", str(game), "Millbrook", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert read_export(out)["area"]["name"] == "Millbrook"
    res = run("import", "--game", str(game), str(out))
    assert res.returncode == 0 and "32 objects" in res.stdout
    bad = run("export", "--game", str(game), "Nowhere")
    assert bad.returncode == 1 and "no area named 'Nowhere'" in bad.stderr
