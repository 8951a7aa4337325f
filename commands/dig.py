from sandbox.api import Kind, command, make_exit, opposite, parse_names, spec_names


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
    name, aliases = parse_names(left)
    if not name:
        ctx.error("Usage: dig <room name> [[= <exit>, <back exit>]")
        return
    here = ctx.here
    if right:
        problem = ctx.exit_name_problem(spec_names(*right.split(",")))
        if problem:
            ctx.error(problem)
            return
    area = here.area if here is not None else None
    room = ctx.world.create(Kind.ROOM, name, aliases=aliases, area=area)
    report = [f"Dug {ctx.name(room)} [dim]({room.ref})[/dim] in area {ctx.escape(area or '(none)')}."]
    if right and here is not None:
        to_spec, _, back_spec = right.partition(",")
        if to_spec.strip():
            ex = make_exit(ctx.world, here, to_spec, room)
            report.append(f"Exit [exit]{ctx.escape(ex.name)}[/exit] leads there.")
        if back_spec.strip():
            back = make_exit(ctx.world, room, back_spec, here)
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
    back = opposite(direction)
    if back is None:
        ctx.error(f"'{ctx.escape(direction)}' is not a direction (n, s, e, w, ne, nw, se, sw, u, d, in, out).")
        return
    here = ctx.here
    if here is None:
        ctx.error("You are nowhere; teleport into a room first.")
        return
    from sandbox.api import direction_of, find_exit

    full = direction_of(direction)
    if find_exit(ctx.world, here, full) is not None:
        ctx.error(f"There is already an exit {full} here.")
        return
    name, aliases = parse_names(right or "Room")
    room = ctx.world.create(Kind.ROOM, name, aliases=aliases, area=here.area)
    make_exit(ctx.world, here, full, room)
    make_exit(ctx.world, room, back, here)
    ctx.reply(f"Tunnelled {full} to {ctx.name(room)} [dim]({room.ref})[/dim], with {back} back.")
