import json

from sandbox.api import Kind, PrototypeError, command

_FIELDS = (
    "key", "aliases", "desc", "kind", "attrs", "tags", "locks", "cmdsets", "behaviours",
    "prototype_parent", "prototype_desc", "prototype_tags",
)


def _show(value):
    return json.dumps(value, ensure_ascii=False)


def _resolved(ctx, key):
    """The resolved prototype, or None having told the caller why."""
    try:
        return ctx.resolve_prototype(key)
    except PrototypeError as exc:
        ctx.error(ctx.escape(exc.message))
        return None


def _save(ctx, data):
    """Check data (and that its inheritance resolves) and keep it in the world; False if refused."""
    try:
        ctx.save_prototype(data)
    except PrototypeError as exc:
        ctx.error(f"Not saved: {ctx.escape(exc.message)}")
        return False
    return True


def _file_owned(ctx, key):
    """Refuse to edit a prototype that a file defines (the file is its one source)."""
    proto = ctx.prototype(key)
    if proto is not None and proto.source != "world":
        ctx.error(
            f"{ctx.escape(key)} is defined in {ctx.escape(proto.source)}: edit that file (it is reloaded "
            "when saved), or make a world prototype with another key that inherits from it."
        )
        return True
    return False


@command("proto", aliases=["prototype"], perm="builder", category="building")
def proto(ctx):
    """Prototypes: named recipes for things and characters, with inheritance.

    Usage:
      proto/list                       every prototype, where it is defined, how many were spawned
      proto/show <key>                 its values with inheritance resolved, and where each came from
      proto/create <key> [= <json>]    a new world prototype, e.g.
                                       proto/create guard = {"prototype_parent": "npc", "key": "a guard"}
      proto/edit <key>/<field> = <value>   set one field (empty value: remove it); attrs.<name> for one attribute
      proto/edit <key> = <json>        set several fields at once (null removes one)
      proto/del <key>                  remove a world prototype (spawned objects stay)
      proto/update <key>               show what would change on every object spawned from it
      proto/update/force <key>         ... and change it
      proto/apply <key> = <object>     make an existing object (an exit, say) follow a prototype:
                                       it takes the prototype's values now and at every update

    Fields (Evennia's keys): prototype_key, prototype_parent (a key or a list: parents
    apply left to right, later ones win, then the prototype's own values), prototype_desc,
    key (the object's name), aliases, desc, attrs, tags, locks, plus ours: kind (thing,
    character, room), cmdsets, behaviours ({"wander": 30}). attrs, tags, locks and
    behaviours merge along the chain; the rest are replaced.
    Where we differ from Evennia: kind instead of typeclass; attrs is a dict, not a
    list of tuples; an unknown key is an error, not an attribute; no protfuncs ($random).
    Prototypes made here live in the world (saved with it; undo takes an edit back); the
    game's prototypes/*.toml files are edited in your editor and reloaded when saved.
    proto/update sets only what the prototype defines: attributes added to an object
    by hand are kept.
    """
    switches = ctx.switches
    if "list" in switches or (not switches and not ctx.args):
        return _list(ctx)
    if "create" in switches:
        return _create(ctx)
    if "edit" in switches:
        return _edit(ctx)
    if "del" in switches or "delete" in switches:
        return _delete(ctx)
    if "update" in switches:
        return _update(ctx, force="force" in switches)
    if "apply" in switches:
        return _apply(ctx)
    return _show_proto(ctx)


def _list(ctx):
    protos = ctx.prototypes()
    if not protos:
        ctx.reply("No prototypes yet. [help]proto/create[/help] makes one; so does a prototypes/*.toml file.")
        return
    counts = {}
    for obj in ctx.objects():
        if obj.prototype:
            counts[obj.prototype] = counts.get(obj.prototype, 0) + 1
    lines = ["[title]Prototypes[/title]"]
    for p in protos:
        parents = f" <- {', '.join(p.parents)}" if p.parents else ""
        desc = p.data.get("prototype_desc", "")
        lines.append(
            f"  {ctx.escape(p.key)}{ctx.escape(parents)} [dim]({ctx.escape(p.source)}; spawned {counts.get(p.key, 0)})[/dim]"
            + (f" {ctx.escape(desc)}" if desc else "")
        )
    ctx.reply("\n".join(lines))


def _show_proto(ctx):
    key = ctx.clean(ctx.args)
    if not key:
        ctx.error("Usage: proto/show <key>")
        return
    proto_ = ctx.prototype(key)
    if proto_ is None:
        ctx.error(f"No prototype named {ctx.escape(key.lower())}. [help]proto/list[/help] shows them.")
        return
    resolved = _resolved(ctx, key)
    if resolved is None:
        return
    lines = [
        f"[title]Prototype {ctx.escape(resolved.key)}[/title] [dim]({ctx.escape(proto_.source)})[/dim]",
        f"Inherits: {ctx.escape(' -> '.join(resolved.chain))}",
    ]
    if proto_.data.get("prototype_desc"):
        lines.append(f"About: {ctx.escape(proto_.data['prototype_desc'])}")
    values, origins = resolved.values, resolved.origins
    for name in _FIELDS:
        if name not in values:
            continue
        if name in ("attrs", "locks", "behaviours"):
            for sub, value in sorted(values[name].items()):
                lines.append(f"  {ctx.escape(name)}.{ctx.escape(sub)} = {ctx.escape(_show(value))} [dim]from {ctx.escape(origins[name + '.' + sub])}[/dim]")
        elif name == "tags":
            tags = ", ".join(f"{t} (from {origins['tags.' + t]})" for t in values["tags"])
            lines.append(f"  tags = {ctx.escape(tags)}")
        else:
            lines.append(f"  {name} = {ctx.escape(_show(values[name]))} [dim]from {ctx.escape(origins[name])}[/dim]")
    if "kind" not in values:
        lines.append("  kind = \"thing\" [dim](the default)[/dim]")
    lines.append(f"Spawned: {len(ctx.spawned_from(resolved.key))} object(s)")
    ctx.reply("\n".join(lines))


def _create(ctx):
    left, right = ctx.split("=")
    key = ctx.clean(left).lower()
    if not key:
        ctx.error("Usage: proto/create <key> [= <json>]")
        return
    if "/" in key or "," in key:
        ctx.error("A prototype key cannot contain / or , (proto/edit key/field uses them).")
        return
    if ctx.prototype(key) is not None:
        ctx.error(f"A prototype {ctx.escape(key)} exists already: [help]proto/edit[/help] it.")
        return
    data = {}
    if right:
        data = ctx.parse_value(right)
        if not isinstance(data, dict):
            ctx.error('The prototype must be a JSON object: {"key": "a lamp", "desc": "..."}')
            return
    given = data.get("prototype_key")
    if given is not None and str(given).lower() != key:
        ctx.error(f"prototype_key {ctx.escape(str(given))} differs from {ctx.escape(key)}.")
        return
    if _save(ctx, {**data, "prototype_key": key}):
        ctx.reply(f"Created prototype {ctx.escape(key)}. [help]spawn {ctx.escape(key)}[/help] makes one.")


def _edit(ctx):
    left, right = ctx.split("=")
    if right is None:
        ctx.error("Usage: proto/edit <key>/<field> = <value>  or  proto/edit <key> = <json>")
        return
    key, _, field = left.partition("/")
    key = ctx.clean(key).lower()
    current = ctx.prototype(key)
    if current is None:
        ctx.error(f"No prototype named {ctx.escape(key)}. [help]proto/create[/help] makes one.")
        return
    if _file_owned(ctx, key):
        return
    data = dict(current.data)
    field = field.strip()
    if field:
        head, _, sub = field.partition(".")
        value = ctx.parse_value(right) if right else None
        if head not in _FIELDS:
            ctx.error(f"Unknown field {ctx.escape(head)}; one of: {', '.join(_FIELDS)}.")
            return
        if sub:
            if head not in ("attrs", "locks", "behaviours"):
                ctx.error(f"{ctx.escape(head)} has no parts; set it whole.")
                return
            table = dict(data.get(head) or {})
            if value is None:
                table.pop(sub, None)
            else:
                table[sub] = value
            data[head] = table
        elif value is None:
            data.pop(head, None)
        else:
            data[head] = value
    else:
        changes = ctx.parse_value(right)
        if not isinstance(changes, dict):
            ctx.error("Give the fields as a JSON object, e.g. {\"desc\": \"...\"}.")
            return
        for name, value in changes.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
    if _save(ctx, data):
        count = len(ctx.spawned_from(key))
        hint = f" {count} object(s) were spawned from it: [help]proto/update {ctx.escape(key)}[/help] shows what would change." if count else ""
        ctx.reply(f"Prototype {ctx.escape(key)} saved.{hint}")


def _delete(ctx):
    key = ctx.clean(ctx.args).lower()
    if ctx.prototype(key) is None:
        ctx.error(f"No prototype named {ctx.escape(key)}.")
        return
    if _file_owned(ctx, key):
        return
    children = [p.key for p in ctx.prototypes() if key in p.parents]
    if children:
        ctx.error(f"{ctx.escape(', '.join(children))} inherit(s) from {ctx.escape(key)}; change those first.")
        return
    ctx.delete_prototype(key)
    ctx.reply(f"Removed prototype {ctx.escape(key)}; objects spawned from it stay as they are.")


def _update(ctx, *, force):
    key = ctx.clean(ctx.args).lower()
    resolved = _resolved(ctx, key) if key else None
    if resolved is None:
        if not key:
            ctx.error("Usage: proto/update[[/force] <key>")
        return
    plans = []
    for obj in sorted(ctx.spawned_from(key), key=lambda o: o.id):
        changes = ctx.prototype_changes(obj, key)
        if changes:
            plans.append((obj, changes))
    if not plans:
        ctx.reply(f"Every object spawned from {ctx.escape(key)} already matches it.")
        return
    lines = []
    for obj, changes in plans:
        lines.append(f"{ctx.name(obj)} [dim]{obj.ref}[/dim]:")
        for c in changes:
            lines.append(f"  {ctx.escape(c.field)}: {ctx.escape(_show(c.old))} -> {ctx.escape(_show(c.new))}")
    if not force:
        lines.append(f"{len(plans)} object(s) would change. [help]proto/update/force {ctx.escape(key)}[/help] applies it.")
        ctx.reply("\n".join(lines))
        return
    for obj, changes in plans:
        ctx.apply_changes(obj, changes)
    lines.append(f"Updated {len(plans)} object(s). [help]undo[/help] takes it back.")
    ctx.reply("\n".join(lines))


def _apply(ctx):
    left, right = ctx.split("=")
    key = ctx.clean(left).lower()
    if not key or not right:
        ctx.error("Usage: proto/apply <key> = <object>")
        return
    resolved = _resolved(ctx, key)
    if resolved is None:
        return
    target = ctx.find_target(right, where=("here", "inventory", "world") if right.startswith("#") else ("here", "inventory"))
    if target is None or not ctx.may_edit(target):
        return
    kind = resolved.values.get("kind", Kind.THING)
    if kind != target.kind:
        def a(word):
            return f"an {word}" if word[0] in "aeiou" else f"a {word}"

        ctx.error(f"{ctx.escape(key)} makes {a(kind)}; {ctx.name(target)} is {a(target.kind)} (an object's kind never changes).")
        return
    changes = ctx.prototype_changes(target, key)
    target.prototype = resolved.key
    ctx.apply_changes(target, changes)
    done = ", ".join(c.field for c in changes) or "nothing to change"
    ctx.reply(f"{ctx.name(target)} [dim]({target.ref})[/dim] now follows prototype {ctx.escape(key)} ({ctx.escape(done)}).")


@command("spawn", perm="builder", category="building")
def spawn_cmd(ctx):
    """Make an object from a prototype.

    Usage: spawn <prototype> [= <location>]
    The object appears here (or in the location: a room, a container, a character, or
    #id). It remembers its prototype, so proto/update can bring it up to date later.
    Evennia's spawn also takes a prototype dict inline; here make it with proto/create.
    """
    left, right = ctx.split("=")
    key = ctx.clean(left).lower()
    if not key:
        ctx.error("Usage: spawn <prototype> [= <location>]")
        return
    resolved = _resolved(ctx, key)
    if resolved is None:
        return
    location = ctx.here
    if right:
        location = ctx.find_target(right, where=("here", "inventory", "world"))
        if location is None:
            return
        if location.kind == Kind.EXIT:
            ctx.error("Nothing can be put inside an exit.")
            return
    if resolved.values.get("kind") == Kind.CHARACTER:
        problem = ctx.name_problem(None, [resolved.values.get("key") or key, *resolved.values.get("aliases", [])])
        if problem:
            ctx.error(problem)
            return
    try:
        obj = ctx.spawn(key, location)
    except PrototypeError as exc:
        ctx.error(ctx.escape(exc.message))
        return
    where = f" in {ctx.name(location)}" if obj.location is not None and location is not None else ""
    ctx.reply(f"Spawned {ctx.name(obj)} [dim]({obj.ref})[/dim] from {ctx.escape(key)}{where}.")
    if obj.kind != Kind.ROOM and location is not None and location.kind == Kind.ROOM:
        ctx.room(f"{ctx.name(obj)} appears.", exclude=[ctx.caller])
