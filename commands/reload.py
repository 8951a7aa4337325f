"""`reload`: load every command module and theme again, now, and say what changed.

Saving a file already reloads it; this is for when you want to be sure, or to see the
current errors again. The reloader is lent to commands by the hosting process.
"""
from sandbox.api import command


@command("reload", perm="builder", category="building")
def reload_(ctx):
    """Reload all command modules and themes now and list what changed.

    Usage: reload          (hot: the world keeps running, nobody is disconnected)
           reload --cold   (restart the engine process; needs portal mode)
    """
    if "cold" in ctx.switches or ctx.args == "--cold":
        if not ctx.is_admin:
            ctx.error("A cold reload restarts the engine process: that is an admin command.")
            return
        if ctx.service("portal") is None:
            ctx.error("A cold reload needs portal mode (sandbox portal --engine), which is not running. Use plain 'reload'.")
            return
        ctx.save_world()
        ctx.reply("[info]World saved. Restarting the engine with all new code; stay connected.[/info]")
        ctx.request("cold-reload")
        return
    reloader = ctx.service("reloader")
    if reloader is None:
        ctx.error("Hot reload is not running in this front end.")
        return
    report = reloader.reload_all(trigger="command")
    ctx.reply(reloader.describe(report), "error" if report.errors else "text")
