from sandbox.api import Kind, command


@command("dig", perm="builder", category="building")
def dig(ctx):
    """Make a new room, with an exit to it and optionally one back.

    Usage: dig <room name>[;alias] [= <exit>[;alias], <back exit>[;alias]]
    Example: dig Dusty Cellar = down;d, up;u
    Without exits the room is made but not connected (teleport there with tel).
    The new room joins your current room's area.
    Evennia: the same syntax, without :typeclass parts (there are no typeclasses here).
    """
    left, right = ctx.split("=")
    name, aliases = ctx.parse_names(left)
    if not name:
        ctx.error("Usage: dig <room name> [[= <exit>, <back exit>]")
        return
    here = ctx.here
    if right:
        problem = ctx.exit_name_problem(ctx.spec_names(*right.split(",")))
        if problem:
            ctx.error(problem)
            return
    area = here.area if here is not None else None
    room = ctx.create(Kind.ROOM, name, aliases=aliases, area=area)
    report = [f"Dug {ctx.name(room)} [dim]({room.ref})[/dim] in area {ctx.escape(area or '(none)')}."]
    if right and here is not None:
        to_spec, _, back_spec = right.partition(",")
        if to_spec.strip():
            ex = ctx.make_exit(here, to_spec, room)
            report.append(f"Exit [exit]{ctx.escape(ex.name)}[/exit] leads there.")
        if back_spec.strip():
            back = ctx.make_exit(room, back_spec, here)
            report.append(f"Exit [exit]{ctx.escape(back.name)}[/exit] leads back.")
    ctx.reply(" ".join(report))


@command("tunnel", aliases=["tun"], perm="builder", category="building")
def tunnel(ctx):
    """Dig a room in a direction, with exits both ways.

    Usage: tunnel <direction> [= <room name>]
    Example: tunnel n = Windy Ledge   (makes exit north, and south back)
    Evennia: the same; the room name defaults to "Room", and in/out work as directions.
    """
    left, right = ctx.split("=")
    direction = left.strip().lower()
    back = ctx.opposite(direction)
    if back is None:
        ctx.error(f"'{ctx.escape(direction)}' is not a direction (n, s, e, w, ne, nw, se, sw, u, d, in, out).")
        return
    here = ctx.here
    if here is None:
        ctx.error("You are nowhere; teleport into a room first.")
        return
    full = ctx.direction_of(direction)
    if ctx.find_exit(here, full) is not None:
        ctx.error(f"There is already an exit {full} here.")
        return
    name, aliases = ctx.parse_names(right or "Room")
    room = ctx.create(Kind.ROOM, name, aliases=aliases, area=here.area)
    ctx.make_exit(here, full, room)
    ctx.make_exit(room, back, here)
    ctx.reply(f"Tunnelled {full} to {ctx.name(room)} [dim]({room.ref})[/dim], with {back} back.")
