from sandbox.api import Kind, TransferError, WorldError, command


@command("area", aliases=["areas"], perm="builder", category="building")
def area(ctx):
    """List areas and manage them.

    Usage:
      area                      list areas with their room counts
      area <name>               list the rooms of an area
      area/create <name>        make an empty area
      area/rename <old> = <new> rename an area (its rooms follow)
      area/move <room> = <area> move a room (here, #id) into an area
      area/resets [<area>]      what the area resets, how often, next time, and what the last pass did
      area/reset <area> = <proto> in <room> [max <n>]   keep up to n of a prototype in a room
                                (a character spawned so has the room as home and is walked back there)
      area/reset <area> = restore <object>   put the object's attributes back as they are now (a door
                                re-locked); for an object that follows a prototype, back to the prototype
      area/reset <area> = every <time> [when empty]   the timer (30s, 5m, 1h); "when empty": only with no players there
      area/reset <area> = never              no timer (reset <area> still runs a pass)
      area/reset/del <area> = <n>            remove rule n (see area/resets)
      area/import[/renumber] <file>   load an area exported with `sandbox export` (a path in the
                                game directory); /renumber gives ids taken here new ones (admin)
    Evennia has no areas command; this one is ours. Each area is saved in its own file,
    resets included (Diku/ROM builders: these are the area's #RESETS).
    """
    if "resets" in ctx.switches:
        _list_resets(ctx)
        return
    if "reset" in ctx.switches:
        _set_reset(ctx)
        return
    if "import" in ctx.switches:
        _import(ctx)
        return
    if "create" in ctx.switches:
        name = ctx.clean(ctx.args)
        if not name:
            ctx.error("Usage: area/create <name>")
        elif name in ctx.areas():
            ctx.error(f"Area {ctx.escape(name)} already exists.")
        else:
            ctx.add_area(name)
            ctx.reply(f"Created area {ctx.escape(name)}.")
        return
    if "rename" in ctx.switches:
        old, new = ctx.split("=")
        try:
            ctx.rename_area(old, ctx.clean(new or ""))
        except WorldError as exc:
            ctx.error(ctx.escape(str(exc)))
            return
        ctx.reply(f"Area {ctx.escape(old)} is now {ctx.escape(new)}.")
        return
    if "move" in ctx.switches:
        left, right = ctx.split("=")
        room = ctx.find_target(left, where=("here", "world"), kind=Kind.ROOM)
        if room is None or not right:
            return
        room.area = ctx.clean(right)  # records itself, and makes the area if it is new
        ctx.reply(f"{ctx.name(room)} is now in area {ctx.escape(right)}.")
        return
    if ctx.args:
        rooms = ctx.rooms_in(ctx.args)
        if ctx.args not in ctx.areas():
            ctx.error(f"No area named {ctx.escape(ctx.args)}.")
            return
        ctx.reply(f"[title]{ctx.escape(ctx.args)}[/title]: {len(rooms)} room(s)\n" + "\n".join(f"  {r.ref:>6} {ctx.name(r)}" for r in rooms))
        return
    counts = {}
    for room in ctx.objects(Kind.ROOM):
        counts[room.area] = counts.get(room.area, 0) + 1
    lines = ["[title]Areas[/title]"]
    for name in ctx.areas():
        lines.append(f"  {ctx.escape(name)}: {counts.get(name, 0)} room(s)")
    ctx.reply("\n".join(lines))


def _area_named(ctx, name):
    name = ctx.clean(name or "")
    if not name and ctx.here is not None and ctx.here.area:
        name = ctx.here.area
    area = ctx.area(name)
    if area is None:
        ctx.error(f"No area named {ctx.escape(name)}." if name else "Which area?")
    return area


def _list_resets(ctx):
    names = [ctx.clean(ctx.args)] if ctx.args else ctx.areas()
    lines = ["[title]Area resets[/title]"]
    for name in names:
        area = ctx.area(name)
        if area is None:
            ctx.error(f"No area named {ctx.escape(name)}.")
            return
        rules = area.resets.get("rules") or []
        if not rules and len(names) > 1:
            continue
        every = area.resets.get("every")
        due = ctx.next_reset(area)
        timing = f"every {ctx.format_duration(every)}" if every else "no timer"
        if area.resets.get("when") == "empty":
            timing += ", only when no player is there"
        if due is not None:
            timing += f"; next in {ctx.format_duration(due)}"
        lines.append(f"{ctx.escape(name)}: {ctx.escape(timing)}")
        for n, rule in enumerate(rules, 1):
            lines.append(f"  {n}. {ctx.escape(ctx.describe_reset(rule))}")
        if not rules:
            lines.append("  (no rules)")
        last = ctx.last_reset(area)
        if last is not None:
            lines.append(f"  last pass ({ctx.format_duration(max(0.0, ctx.now - last.at))} ago): {ctx.escape(last.summary())}")
    if len(lines) == 1:
        lines.append("No area has resets. [help]help area[/help] shows how to add them.")
    ctx.reply("\n".join(lines))


def _set_reset(ctx):
    left, right = ctx.split("=")
    area = _area_named(ctx, left)
    if area is None:
        return
    spec = ctx.clean(right or "")
    resets = dict(area.resets)
    rules = list(resets.get("rules") or [])
    words = spec.split()
    if "del" in ctx.switches:
        if not spec.isdigit() or not 1 <= int(spec) <= len(rules):
            ctx.error(f"Usage: area/reset/del {ctx.escape(area.name)} = <rule number, 1-{len(rules)}>")
            return
        gone = rules.pop(int(spec) - 1)
        what = f"Removed rule {spec}: {ctx.escape(ctx.describe_reset(gone))}."
    elif not words:
        ctx.error("Usage: area/reset <area> = <proto> in <room> [max <n>] | restore <object> | every <time> [when empty] | never")
        return
    elif words[0].lower() == "never":
        resets.pop("every", None)
        resets.pop("when", None)
        what = f"{ctx.escape(area.name)} has no reset timer now."
    elif words[0].lower() == "every":
        when_empty = [w.lower() for w in words[-2:]] == ["when", "empty"]
        text = " ".join(words[1:-2] if when_empty else words[1:])
        try:
            seconds = ctx.parse_duration(text)
        except ValueError as exc:
            ctx.error(ctx.escape(str(exc)))
            return
        if seconds < 1:
            ctx.error("A reset timer needs at least a second; use never for none.")
            return
        resets["every"] = int(seconds) if seconds == int(seconds) else seconds
        resets["when"] = "empty" if when_empty else "always"
        what = f"{ctx.escape(area.name)} resets every {ctx.format_duration(seconds)}" + (" when no player is there." if when_empty else ".")
    elif words[0].lower() == "restore":
        target = ctx.find_target(" ".join(words[1:]), where=("here", "inventory", "world"))
        if target is None:
            return
        if target.prototype:  # it follows a prototype: reset it to that, whatever it says then
            rule = {"restore": target.id, "prototype": True}
        else:
            rule = {"restore": target.id, "attrs": {k: v for k, v in target.attrs.items() if k != "behaviours"}}
            if target.locks:
                rule["locks"] = dict(target.locks)
        rules = [r for r in rules if r.get("restore") != target.id] + [rule]
        what = f"Each reset puts back {ctx.name(target)} [dim]({target.ref})[/dim] as it is now: {ctx.escape(ctx.describe_reset(rule))}."
    else:
        rule = _spawn_rule(ctx, spec)
        if rule is None:
            return
        rules.append(rule)
        what = f"Each reset keeps {ctx.escape(ctx.describe_reset(rule))}."
    resets["rules"] = rules
    try:
        ctx.set_resets(area, resets)
    except ValueError as exc:
        ctx.error(ctx.escape(str(exc)))
        return
    ctx.reply(what)


def _spawn_rule(ctx, spec):
    """``<proto> in <room> [max <n>]`` as a rule, or None having said why."""
    most = 1
    low = spec.lower()
    if " max " in f" {low} ":
        head, _, count = spec.rpartition(" max ")
        if not count.strip().isdigit() or int(count) < 1:
            ctx.error("max takes a whole number, at least 1.")
            return None
        spec, most = head, int(count)
    key, sep, room_name = spec.rpartition(" in ")
    if not sep or not key.strip() or not room_name.strip():
        ctx.error("Usage: area/reset <area> = <proto> in <room> [max <n>]  (room: here, #id or a room's name)")
        return None
    key = key.strip().lower()
    if ctx.prototype(key) is None:
        ctx.error(f"No prototype named {ctx.escape(key)} ([help]proto/list[/help] shows them).")
        return None
    room = ctx.find_target(room_name.strip(), where=("here", "world"), kind=Kind.ROOM)
    if room is None:
        return None
    return {"spawn": key, "room": room.id, "max": most}


def _import(ctx):
    if not ctx.is_admin:
        ctx.error("area/import is for admins: it can replace a whole area.")
        return
    if not ctx.args:
        ctx.error("Usage: area/import[[/renumber] <file>  (a path inside the game directory)")
        return
    try:
        name, objects, notes = ctx.import_area(ctx.args, renumber="renumber" in ctx.switches)
    except (TransferError, WorldError) as exc:  # raised before anything changes (anything else fails the turn)
        ctx.error(f"Not imported: {ctx.escape(str(exc))}")
        return
    lines = [f"Imported area {ctx.escape(name)}: {len(objects)} objects."]
    lines += [f"  {ctx.escape(note)}" for note in notes]
    ctx.reply("\n".join(lines))
