from sandbox.api import Kind, command


@command("teleport", aliases=["tel"], perm="builder", category="building")
def teleport(ctx):
    """Go (or send something) straight to a room.

    Usage: tel <room or #id>   |   tel <thing> = <room or #id>
    A destination that someone carries (their inventory, a bag they hold) must be
    one you may change: you cannot send things into a higher rank's pockets.
    """
    left, right = ctx.split("=")
    if right is None:
        mover, dest_query = ctx.caller, left
    else:
        mover, dest_query = ctx.find_target(left, where=("here", "inventory", "world") if left.startswith("#") else ("here", "inventory")), right
    if mover is None or not dest_query:
        if not dest_query:
            ctx.error("Usage: tel <room>")
        return
    # Rooms and exits are places, not travellers: a room moved into another would be
    # destroyed with it, an exit moved away leaves its room.
    if mover.kind not in (Kind.THING, Kind.CHARACTER):
        ctx.error(f"Only things and characters can be teleported, not {ctx.name(mover)}.")
        return
    if mover is not ctx.caller and not ctx.may_edit(mover):
        return
    dest = ctx.find_target(dest_query, where="world", kind=(Kind.ROOM, Kind.CHARACTER, Kind.THING))
    if dest is None:
        return
    if dest.kind == Kind.CHARACTER:  # teleporting to someone means to their room
        dest = ctx.room_of(dest) or dest
    if dest.kind != Kind.ROOM and not ctx.may_edit(dest):
        return  # into a higher rank's inventory or a container they carry
    if ctx.move_problem(mover, dest) is not None:
        ctx.error(f"{ctx.name(mover)} cannot go inside itself or something it holds.")
        return
    if mover is not ctx.caller:
        ctx.reply(f"Sent {ctx.name(mover)} to {ctx.name(dest)}.")
    ctx.move(mover, dest)
