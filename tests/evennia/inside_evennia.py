"""Run inside `evennia shell` (Django set up, Python 3.12): load a batch-code file with
Evennia's own batch-code processor, then report what Evennia holds, as JSON.

It only observes; tests/evennia/test_handoff.py compares. Paths come from the
environment: SANDBOX_EV_BATCH (the batch file's Python path under world/),
SANDBOX_EV_OUT (where to write the JSON), SANDBOX_EV_TEXTS_FILE (a JSON list of Evennia
texts to strip with Evennia's ANSI parser), SANDBOX_EV_WALK (a JSON list of commands
a character types, from the start room; "@set ID=VALUE" sets that object's db.locked,
which is what the coder's port of the lever command does), SANDBOX_EV_LOADS and
SANDBOX_EV_OBSERVE (0: only load, for the benchmark).
"""
import json
import os
import time

from evennia import create_object, search_tag
from evennia.objects.models import ObjectDB
from evennia.server import initial_setup
from evennia.utils.ansi import strip_ansi
from evennia.utils.batchprocessors import BATCHCODE
from evennia.utils.dbserialize import deserialize

out = {"loads": [], "errors": []}

# A game that was migrated but never started has no Limbo (#2), Evennia's default home:
# make the objects its first start would make.
if not ObjectDB.objects.filter(id=2).exists():
    initial_setup.create_objects()


class Caller:
    """Stands in for the builder who types `batchcode`: collects what the file says."""

    def __init__(self):
        self.said = []

    def msg(self, text=None, **kwargs):
        self.said.append(text)


def load():
    caller = Caller()
    started = time.perf_counter()
    codes = BATCHCODE.parse_file(os.environ["SANDBOX_EV_BATCH"])
    for code in codes:
        err = BATCHCODE.code_exec(code, extra_environ={"caller": caller}, debug=False)
        if err:
            out["errors"].append(err)
            break
    out["loads"].append({
        "seconds": time.perf_counter() - started,
        "blocks": len(codes),
        "tagged": len(search_tag(category="sandbox_id")),
        "objects": ObjectDB.objects.count(),
        "said": caller.said,
    })


def sandbox_id(obj):
    if obj is None:
        return None
    ids = obj.tags.get(category="sandbox_id", return_list=True)
    return int(ids[0]) if ids else f"not ours: {obj.dbref}"


def observe(obj):
    return {
        "key": obj.key,
        "typeclass": obj.typeclass_path,
        "aliases": sorted(obj.aliases.all()),
        "desc_plain": strip_ansi(obj.db.desc or ""),
        "location": sandbox_id(obj.location),
        "destination": sandbox_id(obj.destination),
        "attributes": {a.key: deserialize(a.value) for a in obj.attributes.all() if a.key != "desc"},
        "tags": sorted([key, cat] for key, cat in obj.tags.all(return_key_and_category=True) if cat != "sandbox_id"),
        "locks": {access: obj.locks.get(access).split(":", 1)[1] for access in ("traverse", "get", "view", "call", "edit") if obj.locks.get(access)},
    }


for _ in range(int(os.environ.get("SANDBOX_EV_LOADS", "2"))):
    load()
    if out["errors"]:
        break

if os.environ.get("SANDBOX_EV_OBSERVE", "1") == "1":
    out["objects"] = {str(sandbox_id(o)): observe(o) for o in search_tag(category="sandbox_id")}
with open(os.environ["SANDBOX_EV_TEXTS_FILE"]) as fh:
    out["stripped"] = [strip_ansi(text) for text in json.load(fh)]

walk = json.loads(os.environ.get("SANDBOX_EV_WALK", "[]"))
if walk and not out["errors"]:
    start = search_tag("start_room", category="sandbox")[0]
    walker = create_object("typeclasses.characters.Character", key="Walker", location=start, home=start)
    heard = []
    walker.msg = lambda text=None, **kwargs: heard.append(text[0] if isinstance(text, tuple) else text)
    steps = []
    for command in walk:
        if command.startswith("@set "):  # what a coder's lever command would do: db.locked
            target, _, value = command[5:].partition("=")
            obj = search_tag(target.strip(), category="sandbox_id")[0]
            obj.db.locked = json.loads(value)
            steps.append({"command": command, "room": walker.location.key, "heard": []})
            continue
        heard.clear()
        walker.execute_cmd(command)
        steps.append({"command": command, "room": walker.location.key,
                      "heard": [strip_ansi(str(h)) for h in heard if h]})
    out["walk"] = steps

with open(os.environ["SANDBOX_EV_OUT"], "w") as fh:
    json.dump(out, fh, indent=1, default=repr)
