from sandbox.api import Kind, command


@command("teleport", aliases=["tel"], perm="builder", category="building")
def teleport(ctx):
    """Go (or send something) straight to a room.

    Usage: tel <room or #id>   |   tel <thing> = <room or #id>
    """
    left, right = ctx.split("=")
    if right is None:
        mover, dest_query = ctx.caller, left
    else:
        mover, dest_query = ctx.find(left, where=("here", "inventory", "world") if left.startswith("#") else ("here", "inventory")), right
    if mover is None or not dest_query:
        if not dest_query:
            ctx.error("Usage: tel <room>")
        return
    dest = ctx.find(dest_query, where="world", kind=(Kind.ROOM, Kind.CHARACTER, Kind.THING))
    if dest is None:
        return
    if dest.kind == Kind.CHARACTER:  # teleporting to someone means to their room
        dest = ctx.world.room_of(dest) or dest
    if mover is not ctx.caller:
        ctx.reply(f"Sent {ctx.name(mover)} to {ctx.name(dest)}.")
    ctx.move(mover, dest)
