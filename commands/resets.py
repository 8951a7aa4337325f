"""`reset <area>`: run an area's reset pass now, without waiting for its timer."""
from sandbox.api import command


@command("reset", perm="builder", category="building")
def reset(ctx):
    """Run an area's reset now: respawn what is missing, walk NPCs home, restore doors.

    Usage: reset [<area>]     (default: the area you are in)
    The rules and the timer are set with area/reset; area/resets lists them.
    A pass started here runs even if the area only resets "when empty".
    """
    name = ctx.clean(ctx.args) or (ctx.here.area if ctx.here is not None else None) or ""
    area = ctx.area(name)
    if area is None:
        ctx.error(f"No area named {ctx.escape(name)}." if name else "Which area? Usage: reset <area>")
        return
    report = ctx.reset_area(area)
    ctx.reply(f"Reset {ctx.escape(area.name)}: {ctx.escape(report.summary())}.")
