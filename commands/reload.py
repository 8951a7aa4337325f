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
        # Hook for portal mode: the portal engineer turns this into
        # ctx.engine.request("cold-reload") once a portal can restart the engine.
        ctx.error("A cold reload needs portal mode, which is not running. Use plain 'reload'.")
        return
    reloader = ctx.engine.services.get("reloader")
    if reloader is None:
        ctx.error("Hot reload is not running in this front end.")
        return
    report = reloader.reload_all(trigger="command")
    ctx.reply(reloader.describe(report), "error" if report.errors else "text")
