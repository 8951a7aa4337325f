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


def _bad_imports():
    import copy
    base = export_area(new_world(REPO), "Millbrook")

    def variant(mutate):
        data = copy.deepcopy(base)
        mutate(data)
        return data

    objs = lambda d: d["objects"]  # noqa: E731
    return {
        "duplicate id": variant(lambda d: objs(d).append(dict(objs(d)[3]))),
        "unknown kind": variant(lambda d: objs(d)[3].update(kind="dragon")),
        "no name": variant(lambda d: objs(d)[3].pop("name")),
        "id not a number": variant(lambda d: objs(d)[3].update(id="abc")),
        "location loop": variant(lambda d: (objs(d)[3].update(location=objs(d)[4]["id"]),
                                            objs(d)[4].update(location=objs(d)[3]["id"]))),
        "missing location": variant(lambda d: objs(d)[5].update(location=99999)),
        "no area": variant(lambda d: d.pop("area")),
        "objects not a list": variant(lambda d: d.update(objects={"a": 1})),
        "object not a dict": variant(lambda d: objs(d).append(5)),
        "bad perm": variant(lambda d: objs(d)[3].update(perm="god")),
        "start room not a room": variant(lambda d: d.update(start_room=next(o["id"] for o in objs(d) if o["kind"] != "room"))),
    }


def test_bad_import_fails_cleanly_and_leaves_world_unchanged():
    from sandbox.store.transfer import TransferError

    for label, data in _bad_imports().items():
        world = new_world(REPO)
        before = dumps(export_area(world, "Millbrook"))
        try:
            import_area(world, data)
        except TransferError:
            pass
        else:
            raise AssertionError(f"{label}: accepted")
        assert dumps(export_area(world, "Millbrook")) == before, label


def test_cli_import_of_damaged_file_reports_it(tmp_path):
    import orjson

    game = tmp_path / "game"
    run = lambda *a: subprocess.run([sys.executable, "-m", "sandbox", *a], capture_output=True, text=True, cwd=tmp_path)  # noqa: E731
    assert run("init", str(game)).returncode == 0
    before = {p.name: p.read_bytes() for p in (game / "world").glob("*.db.json")}
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps(_bad_imports()["duplicate id"]))
    res = run("import", "--game", str(game), str(bad))
    assert res.returncode == 1 and "appears twice" in res.stderr and "Traceback" not in res.stderr
    assert {p.name: p.read_bytes() for p in (game / "world").glob("*.db.json")} == before
