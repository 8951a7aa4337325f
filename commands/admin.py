from sandbox.api import Kind, Perm, command


@command("save", perm="admin", category="admin")
def save(ctx):
    """Write the whole world to disk now and keep a backup copy.

    Every acknowledged change is already saved; this rewrites all files and
    makes a rolling backup in world/backups.
    """
    where = ctx.save_world()
    ctx.reply(f"World saved ({len(ctx.objects())} objects)." + (f" Backup: {ctx.escape(where)}" if where else ""))


@command("perm", aliases=["grant"], perm="admin", category="admin")
def perm(ctx):
    """Show or change a character's permission.

    Usage: perm <character>   |   perm <character> = player|builder|admin
    """
    left, right = ctx.split("=")
    # By #id, or by a name only one character in the world answers to: when a name fits
    # several (a look-alike NPC, a renamed builder), the candidates are listed with ids.
    target = ctx.find_target(left, where=("here", "world"), kind=Kind.CHARACTER)
    if target is None:
        return
    if right:
        try:
            level = Perm.parse(right)
        except ValueError as exc:
            ctx.error(ctx.escape(str(exc)))
            return
        if target.id == ctx.caller.id and level < Perm.ADMIN:
            ctx.error("You cannot lower your own permission.")
            return
        target.perm = level
        ctx.msg(target, f"You are now a {level.label}.")
    ctx.reply(f"{ctx.who_is(target)} is a {target.perm.label}.")


@command("shutdown", perm="admin", category="admin")
def shutdown(ctx):
    """Save the world and stop the server."""
    ctx.save_world()
    ctx.announce_all("[info]The world is shutting down. Goodbye![/info]")
    ctx.request("shutdown")
