from sandbox.api import Context, GameObject, Kind, command


@command("open", perm="builder", category="building")
def open_(ctx: Context) -> None:
    """Make an exit from here to an existing room.

    Usage: open <exit>[;alias][, <back exit>[;alias]] = <room>
    Example: open east;e, west;w = #12
    A name or alias that an exit of the same room already answers to is refused (the
    new exit could never be used), and the exit that has it is named.
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
    # Neither room may get a second exit answering to the same word.
    problem = ctx.exit_name_problem(ctx.spec_names(to_spec), here)
    if problem is None and back_spec.strip():
        problem = ctx.exit_name_problem(ctx.spec_names(back_spec), dest)
    if problem:
        ctx.error(problem)
        return
    ex = ctx.make_exit(here, to_spec, dest)
    msg = f"Opened [exit]{ctx.escape(ex.name)}[/exit] to {ctx.name(dest)}."
    if back_spec.strip():
        back = ctx.make_exit(dest, back_spec, here)
        msg += f" Back exit [exit]{ctx.escape(back.name)}[/exit]."
    ctx.reply(msg)


@command("link", perm="builder", category="building")
def link(ctx: Context) -> None:
    """Point an exit here at another room.

    Usage: link <exit> = <room>      (the exit by name, alias or #id)
    It never makes an exit (open does, refusing duplicate names). If two exits here
    answer to the name (made before duplicates were refused, or imported), it names
    both and asks for the #id instead of picking one.
    """
    left, right = ctx.split("=")
    here = ctx.here
    if not left or not right or here is None:
        ctx.error("Usage: link <exit> = <room>")
        return
    ex = _one_exit(ctx, here, left)
    if ex is None:
        return
    dest = ctx.find_target(right, where="world", kind=Kind.ROOM)
    if dest is None:
        return
    ex.destination = dest.id
    ctx.reply(f"[exit]{ctx.escape(ex.name)}[/exit] now leads to {ctx.name(dest)}.")


def _one_exit(ctx: Context, here: GameObject, query: str) -> GameObject | None:
    """The exit of this room that query names (name, alias or #id), or None (told why)."""
    if query.startswith("#"):
        ex = ctx.find_target(query, where="here", kind=Kind.EXIT)
        if ex is not None and ex.location != here.id:
            ctx.error(f"{ctx.name(ex)} {ex.ref} does not leave from here.")
            return None
        return ex
    low = query.lower()
    found = [e for e in ctx.exits(here) if low in (n.lower() for n in e.names())]
    if not found:
        ctx.error(f"No exit '{ctx.escape(query)}' here.")
        return None
    if len(found) > 1:
        which = ", ".join(f"{ctx.name(e)} [dim]{e.ref}[/dim]" for e in found)
        ctx.error(f"Several exits here answer to '{ctx.escape(query)}': {which}. Name one by its #id.")
        return None
    return found[0]


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
