from sandbox.api import Context, Kind, command


@command("dig", perm="builder", category="building")
def dig(ctx: Context) -> None:
    """Make a new room, with an exit to it and optionally one back.

    Usage: dig <room name>[;alias] [= <exit>[;alias], <back exit>[;alias]]
           dig/area <area> <room name> [= ...]     (quote an area of several words)
    Examples: dig Dusty Cellar = down;d, up;u
              dig/area "Dark Forest" Glade = north;n, south;s
    Without exits the room is made but not connected (teleport there with tel).
    The new room joins your current room's area, or the one /area names (which must
    exist: area/create makes one). An exit name or alias already used by an exit here
    is refused, and the exit that has it is named.
    Evennia: the same syntax, without :typeclass parts (there are no typeclasses here).
    """
    here = ctx.here
    area = here.area if here is not None else None
    args = ctx.args
    if "area" in ctx.switches:
        area, args = _area_and_rest(ctx, args)
        if not area:
            ctx.error('Usage: dig/area <area> <room name> [[= <exit>, <back exit>]   (quote a long area name: "Dark Forest")')
            return
        if area not in ctx.areas():
            ctx.error(f"There is no area {ctx.escape(area)}. Make it with [help]area/create[/help] {ctx.escape(area)}, or check the name (area lists them).")
            return
    left, sep, right = args.partition("=")
    name, aliases = ctx.parse_names(left)
    if not name:
        ctx.error("Usage: dig <room name> [[= <exit>, <back exit>]")
        return
    to_spec, _, back_spec = right.partition(",")
    if sep and right.strip():
        problem = ctx.exit_name_problem(ctx.spec_names(to_spec), here) or ctx.exit_name_problem(ctx.spec_names(back_spec))
        if problem:
            ctx.error(problem)
            return
    room = ctx.create(Kind.ROOM, name, aliases=aliases, area=area)
    report = [f"Dug {ctx.name(room)} [dim]({room.ref})[/dim] in area {ctx.escape(area or '(none)')}."]
    if sep and here is not None:
        if to_spec.strip():
            ex = ctx.make_exit(here, to_spec, room)
            report.append(f"Exit [exit]{ctx.escape(ex.name)}[/exit] leads there.")
        if back_spec.strip():
            back = ctx.make_exit(room, back_spec, here)
            report.append(f"Exit [exit]{ctx.escape(back.name)}[/exit] leads back.")
    ctx.reply(" ".join(report))


def _area_and_rest(ctx: Context, text: str) -> tuple[str, str]:
    """``"Dark Forest" Glade = n`` → ("Dark Forest", "Glade = n"); one word needs no quotes."""
    text = text.strip()
    if text[:1] in ('"', "'"):
        end = text.find(text[0], 1)
        if end < 0:
            return "", text
        return ctx.clean(text[1:end]), text[end + 1:].strip()
    area, _, rest = text.partition(" ")
    return ctx.clean(area), rest.strip()


@command("tunnel", aliases=["tun"], perm="builder", category="building")
def tunnel(ctx: Context) -> None:
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
    assert full is not None  # opposite() found it
    problem = ctx.exit_name_problem(ctx.spec_names(full), here)  # the same rule as dig and open
    if problem:
        ctx.error(problem)
        return
    name, aliases = ctx.parse_names(right or "Room")
    room = ctx.create(Kind.ROOM, name, aliases=aliases, area=here.area)
    ctx.make_exit(here, full, room)
    ctx.make_exit(room, back, here)
    ctx.reply(f"Tunnelled {full} to {ctx.name(room)} [dim]({room.ref})[/dim], with {back} back.")
