from sandbox.api import Kind, WorldError, command


@command("area", aliases=["areas"], perm="builder", category="building")
def area(ctx):
    """List areas and manage them.

    Usage:
      area                      list areas with their room counts
      area <name>               list the rooms of an area
      area/create <name>        make an empty area
      area/rename <old> = <new> rename an area (its rooms follow)
      area/move <room> = <area> move a room (here, #id) into an area
    Evennia has no areas command; this one is ours. Each area is saved in its own file.
    """
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
