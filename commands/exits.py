from sandbox.api import Kind, command


@command("open", perm="builder", category="building")
def open_(ctx):
    """Make an exit from here to an existing room.

    Usage: open <exit>[;alias][, <back exit>[;alias]] = <room>
    Example: open east;e, west;w = #12
    Evennia: the same; a direction name (east) gets its short alias (e) automatically.
    """
    left, right = ctx.split("=")
    if not left or not right:
        ctx.error("Usage: open <exit>[[, <back exit>] = <room>")
        return
    to_spec, _, back_spec = left.partition(",")
    problem = ctx.exit_name_problem(ctx.spec_names(to_spec, back_spec))
    if problem:
        ctx.error(problem)
        return
    dest = ctx.find_target(right, where="world", kind=Kind.ROOM)
    here = ctx.here
    if dest is None or here is None:
        return
    ex = ctx.make_exit(here, to_spec, dest)
    msg = f"Opened [exit]{ctx.escape(ex.name)}[/exit] to {ctx.name(dest)}."
    if back_spec.strip():
        back = ctx.make_exit(dest, back_spec, here)
        msg += f" Back exit [exit]{ctx.escape(back.name)}[/exit]."
    ctx.reply(msg)


@command("link", perm="builder", category="building")
def link(ctx):
    """Point an exit here at another room.

    Usage: link <exit> = <room>
    """
    left, right = ctx.split("=")
    here = ctx.here
    if not left or not right or here is None:
        ctx.error("Usage: link <exit> = <room>")
        return
    ex = ctx.find_exit(here, left)
    if ex is None:
        ctx.error(f"No exit '{ctx.escape(left)}' here.")
        return
    dest = ctx.find_target(right, where="world", kind=Kind.ROOM)
    if dest is None:
        return
    ex.destination = dest.id
    ctx.reply(f"[exit]{ctx.escape(ex.name)}[/exit] now leads to {ctx.name(dest)}.")


@command("unlink", perm="builder", category="building")
def unlink(ctx):
    """Make an exit here lead nowhere (it stays, so you can link it again).

    Usage: unlink <exit>
    """
    here = ctx.here
    ex = ctx.find_exit(here, ctx.args) if here is not None and ctx.args else None
    if ex is None:
        ctx.error(f"No exit '{ctx.escape(ctx.args)}' here.")
        return
    ex.destination = None
    ctx.reply(f"[exit]{ctx.escape(ex.name)}[/exit] now leads nowhere.")
