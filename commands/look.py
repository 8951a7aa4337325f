from sandbox.api import command


@command("look", aliases=["l"], category="general")
def look(ctx):
    """Look around, or at something.

    Usage: look [thing]
    """
    if not ctx.args:
        ctx.look()
        return
    target = ctx.find(ctx.args, where=("here", "inventory"))
    if target is not None:
        ctx.look(target)
