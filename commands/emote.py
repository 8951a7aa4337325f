from sandbox.api import command


@command("emote", aliases=["pose", ":"], category="communication")
def emote(ctx):
    """Show everyone in the room what you do.

    Usage: emote <action>   (or :action)
    Example: emote waves.  →  Alice waves.
    """
    text = ctx.clean(ctx.args)
    if not text:
        ctx.error("Emote what?")
        return
    line = f"{ctx.name(ctx.caller)} [emote]{ctx.escape(text)}[/emote]"
    ctx.reply(line, "emote")
    ctx.room(line, kind="emote")
