"""Write an area as an Evennia batch-code file (``batchcode NAME`` in Evennia).

Why batch code rather than a prototypes module: a prototype describes *kinds* of
objects for ``spawn``, not a particular map. An area is particular objects wired to each
other (exits to rooms, things in rooms) and needs those links resolved at load time and
kept when the file is run again; batch code can look objects up and update them, a
prototype cannot. (Our own prototypes, once objects carry one, travel as Evennia's
``from_prototype`` tag and as a stub in the report.)

Layout: a docstring with the report (what a coder must finish); one ``# HEADER`` with
the imports, tables the coder may edit (typeclasses, cmdsets, scripts) and ``place()``,
which creates or updates one object keyed by a ``sandbox_id`` tag; then one ``# CODE``
block per object, in load order, so ``batchcode/interactive`` steps object by object.
Every value is a Python literal, so :mod:`sandbox.evennia.reader` reads the file back
without running it.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sandbox.evennia.report import Report
from sandbox.evennia.translate import ObjectSpec

#: Written into every file; the reader refuses files without it.
FORMAT = "sandbox-evennia/1"

_HEADER = '''
# HEADER

from django.db import transaction
from evennia import create_object, create_script, search_tag

SANDBOX_FORMAT = {format}
AREA = {area}
AREA_DESC = {area_desc}

#: The tag category holding our object id: it is what makes a second run update
#: the objects of the first instead of making new ones.
ID_CATEGORY = "sandbox_id"
#: Every object of the area is tagged with the area's name in this category.
AREA_CATEGORY = "area"

#: The typeclass each of our kinds becomes: point them at your game's own classes.
TYPECLASSES = {{
    "room": "typeclasses.rooms.Room",
    "exit": "typeclasses.exits.Exit",
    "thing": "typeclasses.objects.Object",
    "character": "typeclasses.characters.Character",
}}

#: Object-bound command sets and timed behaviours (see the list at the top of this
#: file): once you have written one, put its Python path here and run the file again.
CMDSETS = {cmdsets}
SCRIPTS = {scripts}


def by_sandbox_id(sandbox_id):
    """The object this file made for one of our ids, or None."""
    found = search_tag(str(sandbox_id), category=ID_CATEGORY)
    return found[0] if found else None


def place(sandbox_id, kind, key, *, aliases=(), location=None, destination=None, desc="",
          attributes=None, tags=(), locks=None, permissions=(), cmdsets=(), behaviours=None,
          prototype=None, area=None, start=False, source=None):
    """Create or update one object, found again by its sandbox id.

    ``location`` and ``destination`` are sandbox ids of objects placed before it.
    ``source`` is the sandbox markup the texts were rendered from: Evennia ignores it,
    ``sandbox import --from evennia`` reads it back. One transaction per object: it
    arrives whole or not at all, and the database commits once instead of per field.
    """
    with transaction.atomic():
        return _place(sandbox_id, kind, key, aliases, location, destination, desc, attributes, tags,
                      locks, permissions, cmdsets, behaviours, prototype, area, start)


def _place(sandbox_id, kind, key, aliases, location, destination, desc, attributes, tags,
           locks, permissions, cmdsets, behaviours, prototype, area, start):
    typeclass = TYPECLASSES[kind]
    here = by_sandbox_id(location) if location is not None else None
    there = by_sandbox_id(destination) if destination is not None else None
    attributes = {{**(attributes or {{}}), "desc": desc}}
    if behaviours:
        attributes["behaviours"] = dict(behaviours)
    all_tags = [(str(sandbox_id), ID_CATEGORY), (area or AREA, AREA_CATEGORY), *((tag, None) for tag in tags)]
    if prototype:
        all_tags.append((prototype, "from_prototype"))
    if start:
        all_tags.append(("start_room", "sandbox"))
    lockstring = ";".join(f"{{access}}:{{lock}}" for access, lock in (locks or {{}}).items())
    obj = by_sandbox_id(sandbox_id)
    if obj is None:  # first run: everything in one create_object call
        obj = create_object(typeclass, key=key, location=here, destination=there, home=here,
                            aliases=list(aliases), tags=all_tags, attributes=list(attributes.items()),
                            locks=lockstring or None, permissions=list(permissions))
    else:  # a later run: change only what differs
        if obj.typeclass_path != typeclass:
            obj.swap_typeclass(typeclass, clean_attributes=False)
        if obj.key != key:
            obj.key = key
        if obj.location != here:
            obj.location = here
        if obj.destination != there:
            obj.destination = there
        if sorted(obj.aliases.all()) != sorted(aliases):
            obj.aliases.clear()
            obj.aliases.add(list(aliases))
        for name, value in attributes.items():
            if obj.attributes.get(name) != value:
                obj.attributes.add(name, value)
        have = set(obj.tags.all(return_key_and_category=True))
        wanted = {{(tag.lower(), category) for tag, category in all_tags}}
        for old, category in have - wanted:
            if category is None:  # plain tags are the file's; other categories may be Evennia's own
                obj.tags.remove(old)
        for tag, category in wanted - have:
            obj.tags.add(tag, category=category)
        if lockstring:
            obj.locks.add(lockstring)
        for permission in permissions:
            obj.permissions.add(permission)
    for name in cmdsets:
        path = CMDSETS.get(name)
        if path and not obj.cmdset.has(path):
            obj.cmdset.add(path, persistent=True)
    for name, interval in (behaviours or {{}}).items():
        path = SCRIPTS.get(name)
        if path and not obj.scripts.get(f"sandbox:{{name}}"):
            create_script(path, key=f"sandbox:{{name}}", obj=obj, interval=interval, persistent=True)
    return obj
'''

_FOOTER = '''
# CODE
# Where new characters start: Evennia reads it from settings, not from the world.
start = {start}
who = globals().get("caller")
if start is not None:
    note = (f"Area {{AREA!r}} loaded. Its start room, {{start.key}}, is {{start.dbref}}: set "
            f"START_LOCATION = {{start.dbref!r}} in server/conf/settings.py to start new characters there.")
else:
    note = f"Area {{AREA!r}} loaded."
if who is not None:
    who.msg(note)
else:
    print(note)
'''


def py(value: Any) -> str:
    """A Python literal for a JSON value: double-quoted strings, one line, readable."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(py(v) for v in value) + "]"
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def _docstring(title: str, body: str) -> str:
    text = f"{title}\n\n{body}".rstrip() + "\n"
    text = text.replace("\\", "\\\\").replace("'''", "\\'\\'\\'")
    # A line starting with `#` could read as a batch-code marker (# CODE, # INSERT).
    lines = [(" " + line if line.startswith("#") else line) for line in text.splitlines()]
    return "'''" + "\n".join(lines) + "\n'''\n"


def _call(spec: ObjectSpec) -> str:
    args = [f"    {spec.sandbox_id}, {py(spec.kind)}, {py(spec.key)},"]
    optional: list[tuple[str, Any]] = [
        ("aliases", spec.aliases),
        ("location", spec.location),
        ("destination", spec.destination),
        ("desc", spec.desc),
        ("attributes", spec.attributes),
        ("tags", spec.tags),
        ("locks", spec.locks),
        ("permissions", spec.permissions),
        ("cmdsets", spec.cmdsets),
        ("behaviours", spec.behaviours),
        ("prototype", spec.prototype),
        ("area", spec.area),
        ("start", spec.start),
        ("source", spec.source),
    ]
    args += [f"    {name}={py(value)}," for name, value in optional if value not in (None, "", [], {}, False)]
    return "place(\n" + "\n".join(args) + "\n)\n"


def write_batchcode(area: dict[str, Any], specs: Sequence[ObjectSpec], report: Report) -> str:
    """The whole batch-code file for an area."""
    name = area["name"]
    counts = {kind: sum(1 for s in specs if s.kind == kind) for kind in ("room", "exit", "thing", "character")}
    summary = ", ".join(f"{n} {kind}{'s' if n != 1 else ''}" for kind, n in counts.items() if n)
    intro = (
        f"Area {name!r} ({summary}), exported from sandbox for Evennia.\n\n"
        "Load it from your game's world/ folder with Evennia's batch-code processor:\n"
        f"    batchcode {module_name(name)}        (the file saved as world/{module_name(name)}.py)\n"
        "Running it again updates what the first run made (found by its sandbox_id tag):\n"
        "nothing is duplicated. See the sandbox's docs/evennia.md for the full mapping."
    )
    report_text = report.text()
    parts = [_docstring(intro, report_text or "Everything in this area carried over: nothing is left to code.")]
    parts.append(_HEADER.format(
        format=py(FORMAT), area=py(name), area_desc=py(area.get("desc", "")),
        cmdsets=py(report.cmdsets), scripts=py(report.scripts),
    ))  # fmt: skip
    for spec in specs:
        label = " ".join(spec.key.split())  # one line: a comment must not end early
        parts.append(f"\n# CODE\n# #{spec.sandbox_id} {label} ({spec.kind})\n{_call(spec)}")
    start = next((s.sandbox_id for s in specs if s.start), None)
    parts.append(_FOOTER.format(start=f"by_sandbox_id({start})" if start is not None else "None"))
    return "".join(parts)


def module_name(area: str) -> str:
    """A Python module name for the area (Evennia finds batch files by Python path)."""
    cleaned = "".join(c if c.isalnum() else "_" for c in area.lower()).strip("_") or "area"
    return cleaned if not cleaned[0].isdigit() else f"area_{cleaned}"
